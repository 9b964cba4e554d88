#include <doctest/doctest.h>

#include <set>
#include <string>
#include <utility>

#include "flow/subjects.hpp"

// The notification catalog (sdk/src/flow/messages.def), found by name.
namespace {

using medins::flow::detail::Action;
namespace detail = medins::flow::detail;

constexpr const char* kTypeNames[] = {"booking", "payment", "drug_protocol", "assistive_device_application"};
constexpr Action kActions[] = {Action::kSendDocuments, Action::kRenewProtocol, Action::kUseApproval, Action::kAttend,
                               Action::kCompletePayment};

}  // namespace

TEST_SUITE("status") {
  TEST_CASE("messages: every title, state and action has a text in every language, and nothing else") {
    std::set<std::pair<std::string, std::string>> needed;
    for (const char* name : kTypeNames) {
      const detail::SubjectType* type = detail::find_type(name);
      REQUIRE(type != nullptr);
      needed.insert({name, "title"});
      for (std::string_view state : type->states) needed.insert({name, std::string(state)});
    }
    for (Action action : kActions) needed.insert({"action", std::string(detail::action_name(action))});
    CHECK(detail::message_count() == needed.size());  // no row the code never asks for
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
}
