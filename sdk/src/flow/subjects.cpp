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

constexpr SubjectType kTypes[] = {
    {"booking", kBooking, 0b11, kBookingNext},
    {"payment", kPayment, 0b1001, kPaymentNext},
    {"drug_protocol", kProtocol, 0b1, kProtocolNext},
    {"assistive_device_application", kDevice, 0b11, kDeviceNext},
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

std::string format_date(std::string_view lang, std::int64_t unix_s, std::int64_t tz_min) {
  const internal::CivilDate date = internal::civil_from_days(local_day(unix_s, tz_min));
  const std::int64_t y = date.year;
  const unsigned m = date.month, d = date.day;
  if (lang == "zh") return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
  std::string out = std::to_string(d);
  if (lang == "it" && d == 1) out += "º";
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
    out += name == "date" ? format_date(lang, *v.due, v.tz_offset_min) : format_time(*v.due, v.tz_offset_min);
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
  }
  return Action::kNone;
}

std::string_view action_name(Action action) {
  constexpr std::string_view kNames[] = {"", "send_documents", "renew_protocol", "use_approval", "attend",
                                         "complete_payment"};
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

}  // namespace medins::flow::detail
