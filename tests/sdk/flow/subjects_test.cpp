#include <doctest/doctest.h>

#include <set>
#include <string>
#include <utility>

#include "flow/subjects.hpp"
#include "internal/sms.hpp"

// The notification catalog (sdk/src/flow/messages.def), found by name.
namespace {

using medins::flow::detail::Action;
namespace detail = medins::flow::detail;

constexpr const char* kTypeNames[] = {"booking", "payment", "drug_protocol", "assistive_device_application",
                                      "complaint"};
constexpr Action kActions[] = {Action::kSendDocuments, Action::kRenewProtocol,    Action::kUseApproval,
                               Action::kAttend,        Action::kCompletePayment, Action::kSendInformation,
                               Action::kAwaitAnswer};

// Every (subject, key) the code renders: each type's title and states, each action.
std::set<std::pair<std::string, std::string>> needed_messages() {
  std::set<std::pair<std::string, std::string>> needed;
  for (const char* name : kTypeNames) {
    const detail::SubjectType* type = detail::find_type(name);
    REQUIRE(type != nullptr);
    needed.insert({name, "title"});
    for (std::string_view state : type->states) needed.insert({name, std::string(state)});
  }
  for (Action action : kActions) needed.insert({"action", std::string(detail::action_name(action))});
  return needed;
}

// The longest values a real notification carries (an NZOK protocol number is
// 9 characters, a drug or clinic name rarely 32), with the longest month
// names, and the values at the limits events allow.
detail::Vars realistic_vars(std::string_view lang) {
  detail::Vars v;
  v.id = "2026-000123-45678901";
  v.title = lang == "zh"   ? "阿达木单抗注射液（修美乐）40毫克"
            : lang == "ru" ? "Платное МРТ в поликлинике № 12"
            : lang == "bg" ? "Платен ЯМР в поликлиника № 12"
            : lang == "it" ? "Visita cardiologica di controllo"
                           : "Adalimumab 40 mg pen (Humira) x2";
  v.due = 1790553600;  // 28 September 2026
  v.now = *v.due - 25 * 86400;
  v.count = 12;
  v.amount = 9999999;
  return v;
}

// Whether every {title} of template `text` sits in a [section], so that the
// channels can drop it when even a cut title does not fit.
bool title_optional(std::string_view text) {
  bool in_section = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '[' || text[i] == ']') in_section = text[i] == '[';
    if (text.substr(i, 7) == "{title}" && !in_section) return false;
  }
  return true;
}

detail::Vars extreme_vars(std::string_view lang) {
  detail::Vars v = realistic_vars(lang);
  v.id = std::string(128, 'W');
  std::string title;
  while (title.size() < 200) title += lang == "en" ? "Ab😀 " : "ЖжW ";  // 4-byte and 2-byte characters
  v.title = title.substr(0, 200);
  v.count = 1000000;
  v.amount = 1000000000000000;
  v.due = 253402214400;  // 31 December 9999
  v.now = *v.due - 999 * 86400;
  return v;
}

}  // namespace

TEST_SUITE("status") {
  TEST_CASE("messages: every title, state and action has a text in every language, and nothing else") {
    const auto needed = needed_messages();
    std::size_t short_forms = 0;
    for (const auto& entry : needed)
      if (detail::message("en", entry.first, "sms:" + entry.second)) ++short_forms;
    // No row the code never asks for: SMS short forms only of texts that exist.
    CHECK(detail::message_count() == needed.size() + short_forms);
    for (const auto& entry : needed)  // not a structured binding: clang 14 cannot capture one in INFO
      for (std::string_view lang : detail::languages()) {
        const std::string& subject = entry.first;
        const std::string& key = entry.second;
        INFO(subject << "/" << key << " in " << lang);
        auto text = detail::message(lang, subject, key);
        REQUIRE(text.has_value());
        CHECK(!text->empty());
        // Each language has its own text, except where a title is a proper name.
        if (lang != "en" && key != "title") CHECK(*text != *detail::message("en", subject, key));
      }
    CHECK(!detail::message("en", "booking", "no_such_state").has_value());
    CHECK(detail::message("xx", "booking", "title") == detail::message("en", "booking", "title"));
  }

  TEST_CASE("messages: templates render by name") {
    detail::Vars v;
    v.id = "P-1";
    CHECK(detail::render("en", "drug_protocol", "refused", v) == "Protocol P-1 has been refused.");
    CHECK(detail::render("en", "payment", "title", v) == "Payment");
    v.due = 1767225600;  // 2026-01-01
    v.now = v.due.value() - 2 * 86400;
    CHECK(detail::render("en", "action", "send_documents", v) ==
          "Send the additional documents for protocol P-1 by 1 January 2026 (2 days left).");
  }

  TEST_CASE("channels: every title, state and action in every language fits an SMS and a Viber message") {
    using detail::Channel;
    using medins::internal::SmsEncoding;
    for (const auto& entry : needed_messages())
      for (std::string_view lang : detail::languages()) {
        const std::string& subject = entry.first;
        const std::string& key = entry.second;
        CHECK(title_optional(detail::message(lang, subject, key).value_or("")));
        CHECK(title_optional(detail::message(lang, subject, "sms:" + key).value_or("")));
        // Realistic values fit whole; Latin-script texts stay GSM-7 (160
        // characters a segment rather than 70).
        const detail::Vars real = realistic_vars(lang);
        detail::ChannelText sms = detail::render_for(Channel::kSms, lang, subject, key, real);
        INFO(subject << "/" << key << " in " << lang << ": " << sms.text << " (" << sms.sms.units << ")");
        CHECK(sms.sms.segments <= detail::kSmsMaxSegments);
        CHECK(!sms.shortened);
        CHECK((sms.sms.encoding == SmsEncoding::kGsm7) == (lang == "en" || lang == "it"));
        detail::Vars first = real;
        first.due = 1788220800;  // 1 September 2026: Italian writes "1º" in the app, "1" by SMS
        CHECK(detail::render_for(Channel::kSms, lang, subject, key, first).sms.encoding == sms.sms.encoding);
        detail::ChannelText viber = detail::render_for(Channel::kViber, lang, subject, key, real);
        CHECK(!viber.shortened);
        // The longest values events allow are shortened to fit, never beyond.
        const detail::Vars extreme = extreme_vars(lang);
        detail::ChannelText long_sms = detail::render_for(Channel::kSms, lang, subject, key, extreme);
        CHECK(medins::internal::sms_size(long_sms.text).segments <= detail::kSmsMaxSegments);
        CHECK(long_sms.sms.segments <= detail::kSmsMaxSegments);
        detail::ChannelText long_viber = detail::render_for(Channel::kViber, lang, subject, key, extreme);
        CHECK(medins::internal::utf16_length(long_viber.text) <= detail::kViberMaxLength);
      }
  }

  TEST_CASE("channels: a long title is cut to the longest prefix that fits, then dropped, then the id is cut") {
    using detail::Channel;
    detail::Vars v;
    v.id = "C-1";
    v.title = std::string(400, 'x');
    auto t = detail::render_for(Channel::kSms, "en", "complaint", "withdrawn", v);
    CHECK(t.shortened);
    CHECK(t.sms.segments == 2);
    CHECK(t.text.find("(xxx") != std::string::npos);
    CHECK(t.text.find("...)") != std::string::npos);
    CHECK(t.sms.units > 300);  // the longest prefix, not any prefix
    v.id = std::string(400, 'y');
    t = detail::render_for(Channel::kSms, "en", "complaint", "withdrawn", v);
    CHECK(t.shortened);
    CHECK(t.text.find('x') == std::string::npos);  // the title and its section are gone
    CHECK(t.text.find("y...") != std::string::npos);
    CHECK(t.sms.segments == 2);
    v.id = "C-1";
    v.title = "Humira";
    t = detail::render_for(Channel::kSms, "en", "complaint", "withdrawn", v);
    CHECK(!t.shortened);
    CHECK(t.text == detail::render("en", "complaint", "withdrawn", v));
    t = detail::render_for(Channel::kViber, "en", "complaint", "withdrawn", v);
    CHECK(t.text == "Complaint\n" + detail::render("en", "complaint", "withdrawn", v));
  }
}
