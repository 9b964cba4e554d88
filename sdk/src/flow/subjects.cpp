// Subject types, their state machines, and the notification catalog.
//
// Templates are data, not code: {id} {title} {date} {time} {amount} fill in
// fields; {count:a|b|c} and {days:a|b|c} pick a plural form by the language's
// rule and put the number where '#' is; [ … ] is dropped when a field inside
// it is missing, so one sentence serves events with and without each field.
#include <array>

#include "flow/subjects.hpp"
#include "internal/calendar.hpp"
#include "internal/checked_time.hpp"

namespace medins::flow::detail {
namespace {

constexpr std::string_view kBooking[] = {"requested", "confirmed", "rescheduled", "cancelled", "attended"};
constexpr std::uint16_t kBookingNext[] = {
    0b01010,  // requested -> confirmed, cancelled
    0b11100,  // confirmed -> rescheduled, cancelled, attended
    0b11110,  // rescheduled -> confirmed, rescheduled, cancelled, attended
    0, 0};
constexpr std::string_view kPayment[] = {"authorized", "settled", "refunded", "failed"};
constexpr std::uint16_t kPaymentNext[] = {
    0b1010,  // authorized -> settled, failed
    0b0100,  // settled -> refunded
    0b0100,  // refunded -> refunded (a further partial refund)
    0};
constexpr std::string_view kProtocol[] = {"registered", "documents_needed", "documents_received", "approved",
                                          "refused",    "annulled",         "terminated",         "expired"};
constexpr std::uint16_t kProtocolNext[] = {
    0b00111010,  // registered -> documents_needed, approved, refused, annulled
    0b00110100,  // documents_needed -> documents_received, refused, annulled
    0b00111010,  // documents_received -> documents_needed, approved, refused, annulled
    0b11100000,  // approved -> annulled, terminated, expired
    0, 0, 0, 0};
constexpr std::string_view kDevice[] = {"application_received", "repair_request_received", "approved",
                                        "refused", "annulled", "expiry_reminder"};
constexpr std::uint16_t kDeviceNext[] = {
    0b011100,  // application_received -> approved, refused, annulled
    0b011100,  // repair_request_received -> approved, refused, annulled
    0b110000,  // approved -> annulled, expiry_reminder
    0, 0,
    0b110000,  // expiry_reminder -> annulled, expiry_reminder (a later reminder)
};

// The three levels of Russia's OMS insurers: the contact centre, insurance
// representatives, and medical experts who defend the patient's rights.
constexpr std::string_view kComplaint[] = {"submitted", "registered", "level_1",  "level_2",  "level_3",
                                           "information_requested", "upheld", "refunded", "rejected", "withdrawn"};
constexpr std::uint16_t kComplaintNext[] = {
    0b1100000010,  // submitted -> registered, rejected, withdrawn
    0b1000111100,  // registered -> level_1, level_2, level_3, information_requested, withdrawn
    0b1111101000,  // level_1 -> level_2, information_requested, upheld, refunded, rejected, withdrawn
    0b1111110000,  // level_2 -> level_3, information_requested, upheld, refunded, rejected, withdrawn
    0b1111100000,  // level_3 -> information_requested, upheld, refunded, rejected, withdrawn
    0b1100111100,  // information_requested -> level_1..3, information_requested, rejected, withdrawn
    0b0010000000,  // upheld -> refunded
    0, 0, 0};

constexpr SubjectType kTypes[] = {
    {"booking", kBooking, 0b11, kBookingNext},
    {"payment", kPayment, 0b1001, kPaymentNext},
    {"drug_protocol", kProtocol, 0b1, kProtocolNext},
    {"assistive_device_application", kDevice, 0b11, kDeviceNext},
    {"complaint", kComplaint, 0b11, kComplaintNext},
};

struct Language {
  std::string_view tag;
  const char* months;  // 12 names, '|'-separated; empty for numeric months
};

// The catalog languages, in the order of the texts in each row of
// messages.def (the MESSAGE parameters below).
constexpr Language kLanguages[] = {
    {"en", "January|February|March|April|May|June|July|August|September|October|November|December"},
    {"zh", ""},
    {"ru", "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"},
    {"bg", "януари|февруари|март|април|май|юни|юли|август|септември|октомври|ноември|декември"},
    {"it", "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre"},
};
constexpr std::size_t kLanguageCount = std::size(kLanguages);

constexpr auto kLanguageTags = [] {
  std::array<std::string_view, kLanguageCount> tags{};
  for (std::size_t i = 0; i < kLanguageCount; ++i) tags[i] = kLanguages[i].tag;
  return tags;
}();

struct Message {
  std::string_view subject, key;
  std::array<std::string_view, kLanguageCount> text;
};

constexpr Message kCatalog[] = {
#define MESSAGE(subject, key, en, zh, ru, bg, it) {subject, key, {en, zh, ru, bg, it}},
#include "flow/messages.def"
#undef MESSAGE
};

const Language& language(std::string_view lang) {
  for (const auto& l : kLanguages)
    if (l.tag == lang) return l;
  return kLanguages[0];
}

// CLDR cardinal categories, as the index of the form to use: en/it/bg have
// one|other, ru one|few|many, zh a single form.
std::size_t plural_form(std::string_view lang, std::int64_t n) {
  if (lang == "zh") return 0;
  if (lang == "ru") {
    std::int64_t d = n % 10, h = n % 100;
    if (d == 1 && h != 11) return 0;
    if (d >= 2 && d <= 4 && (h < 12 || h > 14)) return 1;
    return 2;
  }
  return n == 1 ? 0 : 1;
}

std::string_view nth_field(std::string_view list, std::size_t n) {
  for (; n > 0; --n) {
    auto bar = list.find('|');
    if (bar == std::string_view::npos) return list;  // fewer forms than the rule: keep the last
    list.remove_prefix(bar + 1);
  }
  return list.substr(0, list.find('|'));
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Times and offsets are range-checked where they are read (check_locale, the
// timeline's data); add_sat keeps a wrong caller from signed overflow.
std::int64_t local_seconds(std::int64_t unix_s, std::int64_t tz_min) { return internal::add_sat(unix_s, tz_min * 60); }

std::int64_t local_day(std::int64_t unix_s, std::int64_t tz_min) { return floor_div(local_seconds(unix_s, tz_min), 86400); }

std::string format_date(std::string_view lang, std::int64_t unix_s, std::int64_t tz_min, bool sms) {
  const internal::CivilDate date = internal::civil_from_days(local_day(unix_s, tz_min));
  const std::int64_t y = date.year;
  const unsigned m = date.month, d = date.day;
  if (lang == "zh") return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
  std::string out = std::to_string(d);
  if (lang == "it" && d == 1 && !sms) out += "º";  // not in GSM-7: one "º" would make the SMS UCS-2
  out.append(" ").append(nth_field(language(lang).months, m - 1)).append(" ").append(std::to_string(y));
  if (lang == "ru" || lang == "bg") out += " г.";
  return out;
}

std::string format_time(std::int64_t unix_s, std::int64_t tz_min) {
  std::int64_t secs = local_seconds(unix_s, tz_min) - local_day(unix_s, tz_min) * 86400;
  char buf[6] = {static_cast<char>('0' + secs / 36000), static_cast<char>('0' + secs / 3600 % 10), ':',
                 static_cast<char>('0' + secs / 600 % 6), static_cast<char>('0' + secs / 60 % 10), 0};
  return buf;
}

// Fen as yuan; zh/en write the symbol first with a decimal point, the
// European languages after the number with a decimal comma.
std::string format_amount(std::string_view lang, std::int64_t fen) {
  std::string cents = std::to_string(fen % 100);
  std::string number = std::to_string(fen / 100) + (lang == "zh" || lang == "en" ? "." : ",") +
                       (cents.size() == 1 ? "0" : "") + cents;
  return lang == "zh" || lang == "en" ? "¥" + number : number + " ¥";
}

// The days from today to the due date's day in the reader's time zone; only
// a future date makes a count ("in 3 days"); today or overdue leave it out.
std::optional<std::int64_t> days_left(const Vars& v) {
  if (!v.due) return std::nullopt;
  std::int64_t n = local_day(*v.due, v.tz_offset_min) - local_day(v.now, v.tz_offset_min);
  return n >= 1 ? std::optional<std::int64_t>(n) : std::nullopt;
}

// Appends placeholder `name` (with plural `forms`) to `out`; false if its value is missing.
bool fill(std::string_view lang, std::string_view name, std::string_view forms, const Vars& v, std::string& out) {
  if (name == "id") {
    out += v.id;
    return true;
  }
  if (name == "title") {
    if (!v.title) return false;
    out += *v.title;
    return true;
  }
  if (name == "date" || name == "time") {
    if (!v.due) return false;
    out += name == "date" ? format_date(lang, *v.due, v.tz_offset_min, v.sms) : format_time(*v.due, v.tz_offset_min);
    return true;
  }
  if (name == "amount") {
    if (!v.amount) return false;
    out += format_amount(lang, *v.amount);
    return true;
  }
  std::optional<std::int64_t> n = name == "count" ? v.count : name == "days" ? days_left(v) : std::nullopt;
  if (!n) return false;
  std::string_view form = nth_field(forms, plural_form(lang, *n));
  for (char c : form) {
    if (c == '#') out += std::to_string(*n);
    else out.push_back(c);
  }
  return true;
}

}  // namespace

const SubjectType* find_type(std::string_view name) {
  for (const auto& t : kTypes)
    if (t.name == name) return &t;
  return nullptr;
}

int state_index(const SubjectType& type, std::string_view state) {
  for (std::size_t i = 0; i < type.states.size(); ++i)
    if (type.states[i] == state) return static_cast<int>(i);
  return -1;
}

Action action_of(const SubjectType& type, std::string_view state, bool* without_date) {
  *without_date = false;
  if (type.name == "drug_protocol") {
    if (state == "documents_needed") {
      *without_date = true;
      return Action::kSendDocuments;
    }
    if (state == "approved") return Action::kRenewProtocol;
  } else if (type.name == "assistive_device_application") {
    if (state == "approved" || state == "expiry_reminder") return Action::kUseApproval;
  } else if (type.name == "booking") {
    if (state == "confirmed" || state == "rescheduled") return Action::kAttend;
  } else if (type.name == "payment" && state == "authorized") {
    return Action::kCompletePayment;
  } else if (type.name == "complaint") {
    if (state == "information_requested") {
      *without_date = true;
      return Action::kSendInformation;
    }
    // The insurer's answer is due: listed so that a late one can be escalated.
    if (state == "registered" || state.starts_with("level_")) return Action::kAwaitAnswer;
  }
  return Action::kNone;
}

std::string_view action_name(Action action) {
  constexpr std::string_view kNames[] = {"", "send_documents", "renew_protocol", "use_approval", "attend",
                                         "complete_payment", "send_information", "await_answer"};
  return kNames[static_cast<int>(action)];
}

std::optional<std::string_view> message(std::string_view lang, std::string_view subject, std::string_view key) {
  for (const Message& m : kCatalog)
    if (m.subject == subject && m.key == key) return m.text[&language(lang) - kLanguages];
  return std::nullopt;
}

std::size_t message_count() { return std::size(kCatalog); }

std::span<const std::string_view> languages() { return kLanguageTags; }

std::string_view resolve_lang(std::string_view tag) {
  std::string primary;
  for (char c : tag.substr(0, tag.find_first_of("-_"))) primary.push_back(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return language(primary).tag;
}

std::string render(std::string_view lang, std::string_view subject, std::string_view key, const Vars& vars) {
  // Every (subject, key) the callers name has a row (subjects_test.cpp).
  const std::string_view tpl = message(lang, subject, key).value_or("");
  std::string out, section;
  bool in_section = false, section_ok = true;
  for (std::size_t i = 0; i < tpl.size(); ++i) {
    std::string& target = in_section ? section : out;
    char c = tpl[i];
    if (c == '[') {
      in_section = true, section_ok = true, section.clear();
    } else if (c == ']') {
      if (section_ok) out += section;
      in_section = false;
    } else if (c == '{') {
      std::size_t close = tpl.find('}', i);
      std::string_view spec = tpl.substr(i + 1, close - i - 1);
      std::size_t colon = spec.find(':');
      std::string_view forms = colon == std::string_view::npos ? "" : spec.substr(colon + 1);
      bool ok = fill(lang, spec.substr(0, colon), forms, vars, target);
      if (!ok) section_ok = false;
      i = close;
    } else if (!(c == '.' && !target.empty() && target.back() == '.')) {
      // A date ending in "г." closes the sentence itself: no second full stop.
      target.push_back(c);
    }
  }
  return out;
}

namespace {

bool fits(Channel channel, std::string_view text, internal::SmsSize* size) {
  if (channel == Channel::kViber) return internal::utf16_length(text) <= kViberMaxLength;
  *size = internal::sms_size(text);
  return size->segments <= kSmsMaxSegments;
}

}  // namespace

std::optional<Channel> channel_named(std::string_view name) {
  if (name == "app") return Channel::kApp;
  if (name == "sms") return Channel::kSms;
  if (name == "viber") return Channel::kViber;
  return std::nullopt;
}

ChannelText render_for(Channel channel, std::string_view lang, std::string_view subject, std::string_view key,
                       Vars vars) {
  vars.sms = channel == Channel::kSms;
  const std::string sms_key = "sms:" + std::string(key);
  const bool short_form = vars.sms && !message(lang, subject, sms_key).value_or("").empty();
  const bool titled = channel == Channel::kViber && message(lang, subject, "title");
  auto make = [&](const Vars& v) {
    std::string body = render(lang, subject, short_form ? std::string_view(sms_key) : key, v);
    return titled ? render(lang, subject, "title", v) + "\n" + body : body;
  };
  ChannelText out;
  out.text = make(vars);
  if (fits(channel, out.text, &out.sms)) return out;
  out.shortened = true;
  // The title first (the app shows it whole), then the id: the longest
  // prefix in code points that fits, found by bisection since a longer prefix
  // never makes a shorter text.
  for (int pass = 0; pass < 2; ++pass) {
    const std::string full = pass == 0 ? vars.title.value_or("") : vars.id;
    if (full.empty()) continue;
    auto with_prefix = [&](std::size_t n) {
      Vars v = vars;
      std::string cut = full.substr(0, internal::utf8_prefix(full, n)) + "...";
      (pass == 0 ? *v.title : v.id) = std::move(cut);
      return v;
    };
    // lo fits (or is 0); hi, at least the code points of the whole value, does not.
    std::size_t lo = 0, hi = internal::utf16_length(full);
    while (hi - lo > 1) {
      std::size_t mid = lo + (hi - lo) / 2;
      internal::SmsSize size;
      if (fits(channel, make(with_prefix(mid)), &size)) lo = mid;
      else hi = mid;
    }
    if (lo > 0) {
      vars = with_prefix(lo);
    } else if (pass == 0) {
      vars.title.reset();
    } else {
      vars = with_prefix(0);
    }
    out.text = make(vars);
    if (fits(channel, out.text, &out.sms)) return out;
  }
  return out;
}

}  // namespace medins::flow::detail
