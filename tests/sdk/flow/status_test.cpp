#include <doctest/doctest.h>

#include <limits>
#include <map>
#include <set>

#include "medins/call.hpp"
#include "medins/flow.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::error_code;
namespace flow = medins::flow;

namespace {

constexpr std::int64_t kT0 = 1767225600;  // 2026-01-01T00:00:00Z

flow::Event event(const std::string& type, const std::string& state, std::int64_t seq, json data = nullptr,
                  const std::string& subject = "P-1", const std::string& iss = "nzok.bg") {
  json payload = {{"iss", iss}, {"type", type}, {"subject", subject}, {"state", state}, {"seq", seq}, {"at", kT0 + seq * 3600}};
  if (!data.is_null()) payload["data"] = data;
  auto e = flow::parse_event(payload);
  REQUIRE_MESSAGE(e.ok(), e.status().message());
  return *e;
}

// Applies `states` in order as seq 1..n of one subject; returns the timelines.
json build(const std::string& type, const std::vector<std::string>& states) {
  json timelines = json::object();
  for (std::size_t i = 0; i < states.size(); ++i) {
    auto out = flow::apply_event(timelines, event(type, states[i], static_cast<std::int64_t>(i + 1)));
    REQUIRE_MESSAGE(out.ok(), out.status().message());
    timelines = out->timelines;
  }
  return timelines;
}

// Checks every (from, to) pair of a subject type against the transitions
// written out here, independently of the implementation's bit tables.
void check_machine(const std::string& type, const std::map<std::string, std::vector<std::string>>& path_to,
                   const std::set<std::string>& initial, const std::set<std::pair<std::string, std::string>>& edges) {
  // Loops name the pair's members instead of binding them: clang 14 cannot
  // capture a structured binding in CAPTURE's lambda.
  for (const auto& target : path_to) {
    const std::string& to = target.first;
    CAPTURE(to);
    auto first = flow::apply_event(json::object(), event(type, to, 1));
    CHECK(first.ok() == (initial.count(to) == 1));
  }
  for (const auto& source : path_to) {
    const std::string& from = source.first;
    const auto& path = source.second;
    json timelines = build(type, path);
    for (const auto& target : path_to) {
      const std::string& to = target.first;
      CAPTURE(from);
      CAPTURE(to);
      auto out = flow::apply_event(timelines, event(type, to, static_cast<std::int64_t>(path.size() + 1)));
      const bool expected = edges.count({from, to}) == 1;
      CHECK(out.ok() == expected);
      if (!expected) {
        CHECK(out.status().code() == medins::Code::StatusImpossibleTransition);
        CHECK(out.status().detail()["from"] == from);
      } else if (out.ok()) {
        CHECK(out->timelines[out->key]["state"] == to);
      }
    }
  }
}

json keypair(char seed_char) {
  return medins::call("keys.generate", {{"type", "public"}, {"seed", std::string(42, seed_char) + "A"}});
}

}  // namespace

TEST_SUITE("status") {
  TEST_CASE("NZOK drug protocol: every transition of the seed, and only those") {
    check_machine("drug_protocol",
                  {{"registered", {"registered"}},
                   {"documents_needed", {"registered", "documents_needed"}},
                   {"documents_received", {"registered", "documents_needed", "documents_received"}},
                   {"approved", {"registered", "approved"}},
                   {"refused", {"registered", "refused"}},
                   {"annulled", {"registered", "annulled"}},
                   {"terminated", {"registered", "approved", "terminated"}},
                   {"expired", {"registered", "approved", "expired"}}},
                  {"registered"},
                  {{"registered", "documents_needed"}, {"registered", "approved"}, {"registered", "refused"},
                   {"registered", "annulled"}, {"documents_needed", "documents_received"},
                   {"documents_needed", "refused"}, {"documents_needed", "annulled"},
                   {"documents_received", "documents_needed"}, {"documents_received", "approved"},
                   {"documents_received", "refused"}, {"documents_received", "annulled"},
                   {"approved", "annulled"}, {"approved", "terminated"}, {"approved", "expired"}});
  }

  TEST_CASE("NZOK assistive-device application: every transition of the seed, and only those") {
    check_machine("assistive_device_application",
                  {{"application_received", {"application_received"}},
                   {"repair_request_received", {"repair_request_received"}},
                   {"approved", {"application_received", "approved"}},
                   {"refused", {"repair_request_received", "refused"}},
                   {"annulled", {"application_received", "annulled"}},
                   {"expiry_reminder", {"application_received", "approved", "expiry_reminder"}}},
                  {"application_received", "repair_request_received"},
                  {{"application_received", "approved"}, {"application_received", "refused"},
                   {"application_received", "annulled"}, {"repair_request_received", "approved"},
                   {"repair_request_received", "refused"}, {"repair_request_received", "annulled"},
                   {"approved", "annulled"}, {"approved", "expiry_reminder"},
                   {"expiry_reminder", "expiry_reminder"}, {"expiry_reminder", "annulled"}});
  }

  TEST_CASE("booking and payment state machines") {
    check_machine("booking",
                  {{"requested", {"requested"}},
                   {"confirmed", {"confirmed"}},
                   {"rescheduled", {"confirmed", "rescheduled"}},
                   {"cancelled", {"requested", "cancelled"}},
                   {"attended", {"confirmed", "attended"}}},
                  {"requested", "confirmed"},
                  {{"requested", "confirmed"}, {"requested", "cancelled"}, {"confirmed", "rescheduled"},
                   {"confirmed", "cancelled"}, {"confirmed", "attended"}, {"rescheduled", "confirmed"},
                   {"rescheduled", "rescheduled"}, {"rescheduled", "cancelled"}, {"rescheduled", "attended"}});
    check_machine("payment",
                  {{"authorized", {"authorized"}},
                   {"settled", {"authorized", "settled"}},
                   {"refunded", {"authorized", "settled", "refunded"}},
                   {"failed", {"failed"}}},
                  {"authorized", "failed"},
                  {{"authorized", "settled"}, {"authorized", "failed"}, {"settled", "refunded"},
                   {"refunded", "refunded"}});
  }

  TEST_CASE("OMS complaint: every transition of the three-level model, and only those") {
    const std::vector<std::string> levels = {"level_1", "level_2", "level_3"};
    const std::vector<std::string> endings = {"upheld", "refunded", "rejected", "withdrawn"};
    std::set<std::pair<std::string, std::string>> edges = {
        {"submitted", "registered"}, {"submitted", "rejected"}, {"submitted", "withdrawn"},
        {"registered", "information_requested"}, {"registered", "withdrawn"}, {"level_1", "level_2"},
        {"level_2", "level_3"}, {"information_requested", "information_requested"},
        {"information_requested", "rejected"}, {"information_requested", "withdrawn"}, {"upheld", "refunded"}};
    for (const std::string& level : levels) {
      edges.insert({"registered", level});
      edges.insert({"information_requested", level});
      edges.insert({level, "information_requested"});
      for (const std::string& ending : endings) edges.insert({level, ending});
    }
    check_machine("complaint",
                  {{"submitted", {"submitted"}},
                   {"registered", {"registered"}},
                   {"level_1", {"submitted", "registered", "level_1"}},
                   {"level_2", {"registered", "level_1", "level_2"}},
                   {"level_3", {"registered", "level_3"}},
                   {"information_requested", {"registered", "level_2", "information_requested"}},
                   {"upheld", {"registered", "level_3", "upheld"}},
                   {"refunded", {"registered", "level_1", "refunded"}},
                   {"rejected", {"submitted", "rejected"}},
                   {"withdrawn", {"registered", "withdrawn"}}},
                  {"submitted", "registered"}, edges);
  }

  TEST_CASE("duplicates change nothing; a reused sequence number with other content is a conflict") {
    json timelines = build("drug_protocol", {"registered", "documents_needed"});
    auto again = flow::apply_event(timelines, event("drug_protocol", "documents_needed", 2));
    REQUIRE(again.ok());
    CHECK(again->duplicate);
    CHECK(again->applied.empty());
    CHECK(again->timelines == timelines);
    auto conflict = flow::apply_event(timelines, event("drug_protocol", "approved", 2));
    CHECK(conflict.status().code() == medins::Code::StatusSequenceConflict);
    // The same holds for an event still waiting for its predecessors.
    auto early = flow::apply_event(timelines, event("drug_protocol", "approved", 4));
    REQUIRE(early.ok());
    auto early_again = flow::apply_event(early->timelines, event("drug_protocol", "approved", 4));
    REQUIRE(early_again.ok());
    CHECK(early_again->duplicate);
    CHECK(flow::apply_event(early->timelines, event("drug_protocol", "refused", 4)).status().code() ==
          medins::Code::StatusSequenceConflict);
  }

  TEST_CASE("events arriving out of order are held, then applied in sequence") {
    json timelines = json::object();
    auto third = flow::apply_event(timelines, event("drug_protocol", "approved", 3));
    REQUIRE(third.ok());
    CHECK(third->applied.empty());
    CHECK(third->pending == std::vector<std::int64_t>{3});
    auto second = flow::apply_event(third->timelines, event("drug_protocol", "documents_received", 2));
    REQUIRE(second.ok());
    CHECK(second->pending == std::vector<std::int64_t>{2, 3});
    CHECK(!second->timelines[second->key].contains("state"));
    auto first = flow::apply_event(second->timelines, event("drug_protocol", "registered", 1));
    REQUIRE(first.ok());
    // registered -> documents_received is impossible: seq 2 is refused and
    // dropped, seq 3 waits for a corrected seq 2.
    CHECK(first->applied == std::vector<std::int64_t>{1});
    REQUIRE(first->refused.size() == 1);
    CHECK(first->refused[0]["seq"] == 2);
    CHECK(first->pending == std::vector<std::int64_t>{3});
    auto fixed = flow::apply_event(first->timelines, event("drug_protocol", "documents_needed", 2));
    REQUIRE(fixed.ok());
    CHECK(fixed->applied == std::vector<std::int64_t>{2});
    // documents_needed -> approved is impossible too: seq 3 goes the same way.
    CHECK(fixed->pending.empty());
    REQUIRE(fixed->refused.size() == 1);
    CHECK(fixed->refused[0]["seq"] == 3);
    auto in_order = build("drug_protocol", {"registered", "documents_needed", "documents_received", "approved"});
    json shuffled = json::object();
    for (int seq : {4, 2, 3, 1}) {
      const char* states[] = {"", "registered", "documents_needed", "documents_received", "approved"};
      auto out = flow::apply_event(shuffled, event("drug_protocol", states[seq], seq));
      REQUIRE(out.ok());
      shuffled = out->timelines;
    }
    CHECK(shuffled == in_order);
  }

  TEST_CASE("timelines of different subjects and issuers stay apart") {
    json timelines = build("drug_protocol", {"registered"});
    auto other = flow::apply_event(timelines, event("drug_protocol", "registered", 1, nullptr, "P-2"));
    REQUIRE(other.ok());
    auto hospital = flow::apply_event(other->timelines, event("booking", "confirmed", 1, nullptr, "P-1", "tongren"));
    REQUIRE(hospital.ok());
    CHECK(hospital->timelines.size() == 3);
    CHECK(hospital->key == "booking:tongren:P-1");
  }

  TEST_CASE("a tampered timeline is refused, not trusted") {
    json timelines = build("drug_protocol", {"registered", "approved"});
    json bad = timelines;
    bad["drug_protocol:nzok.bg:P-1"]["seq"] = 1;
    CHECK(flow::apply_event(bad, event("drug_protocol", "expired", 3)).status().code() ==
          medins::Code::StatusBadTimeline);
    bad = timelines;
    bad["drug_protocol:nzok.bg:P-1"]["events"][1]["state"] = "teleported";
    CHECK(flow::apply_event(bad, event("drug_protocol", "expired", 3)).status().code() ==
          medins::Code::StatusBadTimeline);
    bad = timelines;
    bad["drug_protocol:nzok.bg:P-1"]["subject"] = "P-9";
    CHECK(flow::apply_event(bad, event("drug_protocol", "expired", 3)).status().code() ==
          medins::Code::StatusBadTimeline);
  }

  TEST_CASE("notifications render in zh, en, ru, bg and it, plural- and date-aware") {
    json data = {{"title", "Humira"}, {"count", 2}, {"due", kT0 + 14 * 86400}};
    json tl = build("drug_protocol", {"registered"})["drug_protocol:nzok.bg:P-1"];
    auto out = flow::apply_event(json{{"drug_protocol:nzok.bg:P-1", tl}}, event("drug_protocol", "documents_needed", 2, data));
    REQUIRE(out.ok());
    const json timeline = out->timelines[out->key];
    auto body = [&](const std::string& lang, json d = nullptr) {
      json t = timeline;
      if (!d.is_null()) t["events"][1]["data"] = d;
      auto n = flow::notification(t, {lang, kT0, 0});
      REQUIRE(n.ok());
      return (*n)["body"].get<std::string>();
    };
    CHECK(body("en") == "Protocol P-1 (Humira) needs additional documents (2 documents) by 15 January 2026.");
    CHECK(body("zh-CN") == "药品协议P-1（Humira）需要补充材料（2份），请于2026年1月15日前提交。");
    CHECK(body("ru") == "По протоколу P-1 (Humira) нужны дополнительные документы (2 документа) до 15 января 2026 г.");
    CHECK(body("bg") == "По протокол P-1 (Humira) са необходими допълнителни документи (2 документа) до 15 януари 2026 г.");
    CHECK(body("it") == "Per il protocollo P-1 (Humira) servono documenti aggiuntivi (2 documenti) entro il 15 gennaio 2026.");
    CHECK(body("ru", {{"count", 1}}) == "По протоколу P-1 нужны дополнительные документы (1 документ).");
    CHECK(body("ru", {{"count", 5}}) == "По протоколу P-1 нужны дополнительные документы (5 документов).");
    CHECK(body("ru", {{"count", 22}}) == "По протоколу P-1 нужны дополнительные документы (22 документа).");
    CHECK(body("ru", {{"count", 11}}) == "По протоколу P-1 нужны дополнительные документы (11 документов).");
    CHECK(body("bg", {{"count", 1}}) == "По протокол P-1 са необходими допълнителни документи (1 документ).");
    CHECK(body("en", {{"count", 1}}) == "Protocol P-1 needs additional documents (1 document).");
    CHECK(body("it", json::object()) == "Per il protocollo P-1 servono documenti aggiuntivi.");
    CHECK(body("xx") == body("en"));
    CHECK(body("") == body("en"));
    auto n = flow::notification(timeline, {"bg", kT0, 0});
    REQUIRE(n.ok());
    CHECK((*n)["title"] == "Протокол за лекарства");
    CHECK((*n)["action"] == "send_documents");
    CHECK((*n)["lang"] == "bg");
    // Dates follow the reader's time zone: 23:30 UTC is the next day in Beijing.
    json late = timeline;
    late["events"][1]["data"] = {{"due", kT0 + 14 * 86400 - 1800}};
    CHECK((*flow::notification(late, {"en", kT0, 0}))["body"] == "Protocol P-1 needs additional documents by 14 January 2026.");
    CHECK((*flow::notification(late, {"en", kT0, 480}))["body"] == "Protocol P-1 needs additional documents by 15 January 2026.");
  }

  TEST_CASE("every state of every type renders in every language with its fields filled in") {
    const std::map<std::string, std::vector<std::string>> paths = {
        {"booking", {"requested", "confirmed", "rescheduled", "attended"}},
        {"payment", {"authorized", "settled", "refunded"}},
        {"drug_protocol", {"registered", "documents_needed", "documents_received", "approved", "expired"}},
        {"assistive_device_application", {"repair_request_received", "approved", "expiry_reminder", "annulled"}},
        {"complaint", {"submitted", "registered", "level_1", "level_2", "level_3", "upheld", "refunded"}}};
    json data = {{"title", "TITLE"}, {"due", kT0 + 3 * 86400 + 9 * 3600 + 30 * 60}, {"count", 3}, {"amount", 12345}};
    std::set<std::string> bodies;
    for (const auto& [type, states] : paths)
      for (std::size_t i = 0; i < states.size(); ++i) {
        json timelines = build(type, std::vector<std::string>(states.begin(), states.begin() + static_cast<long>(i)));
        auto out = flow::apply_event(timelines, event(type, states[i], static_cast<std::int64_t>(i + 1), data));
        REQUIRE(out.ok());
        for (const char* lang : {"zh", "en", "ru", "bg", "it"}) {
          auto n = flow::notification(out->timelines[out->key], {lang, kT0, 0});
          REQUIRE(n.ok());
          const std::string text = (*n)["body"];
          CAPTURE(text);
          CHECK(text.find('{') == std::string::npos);
          CHECK(text.find('[') == std::string::npos);
          CHECK(bodies.insert(text).second);  // no two states share a message
          if (type == "payment") CHECK(text.find("123") != std::string::npos);
          else CHECK(text.find("TITLE") != std::string::npos);
        }
      }
    auto n = flow::notification(build("payment", {"authorized"})["payment:nzok.bg:P-1"], {"it", kT0, 0});
    CHECK((*n)["body"] == "Pagamento autorizzato.");
    json paid = build("payment", {"authorized"});
    auto settled = flow::apply_event(paid, event("payment", "settled", 2, {{"amount", 250005}}));
    CHECK((*flow::notification(settled->timelines[settled->key], {"en", kT0, 0}))["body"] == "Payment of ¥2500.05 settled.");
    CHECK((*flow::notification(settled->timelines[settled->key], {"ru", kT0, 0}))["body"] == "Платёж на 2500,05 ¥ проведён.");
  }

  TEST_CASE("status.due lists what needs action within N days, soonest first") {
    json timelines = build("drug_protocol", {"registered", "documents_needed"});  // no deadline: always listed
    auto add = [&](const std::string& type, const std::vector<std::string>& states, json data, const std::string& subject) {
      for (std::size_t i = 0; i < states.size(); ++i) {
        auto out = flow::apply_event(timelines, event(type, states[i], static_cast<std::int64_t>(i + 1),
                                                      i + 1 == states.size() ? data : json(nullptr), subject));
        REQUIRE(out.ok());
        timelines = out->timelines;
      }
    };
    add("drug_protocol", {"registered", "approved"}, {{"title", "Humira"}, {"due", kT0 + 20 * 86400}}, "P-2");
    add("assistive_device_application", {"application_received", "approved", "expiry_reminder"},
        {{"title", "wheelchair"}, {"due", kT0 + 5 * 86400}}, "A-7");
    add("booking", {"confirmed"}, {{"title", "Dr. Wang"}, {"due", kT0 - 86400}}, "B-1");
    add("drug_protocol", {"registered", "refused"}, nullptr, "P-3");  // nothing to do
    auto due = flow::due(timelines, 7, {"en", kT0, 0});
    REQUIRE(due.ok());
    json items = (*due)["items"];
    REQUIRE(items.size() == 3);
    CHECK(items[0]["subject"] == "booking:nzok.bg:B-1");
    CHECK(items[0]["overdue"] == true);
    CHECK(items[1]["action"] == "use_approval");
    CHECK(items[1]["message"] == "Approval A-7 (wheelchair) expires on 6 January 2026 (5 days left).");
    CHECK(items[2]["action"] == "send_documents");
    CHECK(items[2]["due"].is_null());
    auto month = flow::due(timelines, 30, {"bg", kT0, 0});
    REQUIRE(month.ok());
    REQUIRE((*month)["items"].size() == 4);
    CHECK((*month)["items"][2]["message"] ==
          "Протокол P-2 (Humira) изтича на 21 януари 2026 г.: посетете специалист за нов протокол (остават 20 дни).");
    auto one_day = flow::due(timelines, 30, {"ru", kT0 + 19 * 86400, 0});
    CHECK((*one_day)["items"][2]["message"] ==
          "Протокол P-2 (Humira) истекает 21 января 2026 г.: обратитесь к специалисту за новым (остался 1 день).");
  }

  TEST_CASE("status.due lists the insurer's answer deadline and the patient's own when information is requested") {
    json timelines = json::object();
    auto add = [&](const std::vector<std::string>& states, json data, const std::string& subject) {
      for (std::size_t i = 0; i < states.size(); ++i) {
        auto out = flow::apply_event(timelines, event("complaint", states[i], static_cast<std::int64_t>(i + 1),
                                                      i + 1 == states.size() ? data : json(nullptr), subject));
        REQUIRE(out.ok());
        timelines = out->timelines;
      }
    };
    add({"registered", "level_1", "level_2", "level_3"}, {{"title", "MRI"}, {"due", kT0 + 9 * 86400}}, "C-1");
    add({"registered", "level_1", "information_requested"}, {{"count", 2}, {"due", kT0 + 2 * 86400}}, "C-2");
    add({"registered", "level_1", "upheld"}, {{"amount", 320000}}, "C-3");        // nothing left to do
    add({"registered", "level_2"}, nullptr, "C-4");                                 // no answer deadline given
    auto due = flow::due(timelines, 30, {"en", kT0, 0});
    REQUIRE(due.ok());
    json items = (*due)["items"];
    REQUIRE(items.size() == 2);
    CHECK(items[0]["action"] == "send_information");
    CHECK(items[0]["message"] == "Send the information requested for complaint C-2 by 3 January 2026 (2 days left).");
    CHECK(items[1]["action"] == "await_answer");
    CHECK(items[1]["message"] == "Your insurer's answer to complaint C-1 (MRI) is due by 10 January 2026 (9 days left).");
    // Information asked for without a deadline is listed all the same, and a late answer as overdue.
    add({"registered", "information_requested"}, nullptr, "C-5");
    auto late = flow::due(timelines, 0, {"ru", kT0 + 10 * 86400, 0});
    REQUIRE(late.ok());
    REQUIRE((*late)["items"].size() == 3);
    CHECK((*late)["items"][0]["overdue"] == true);
    CHECK((*late)["items"][1]["message"] ==
          "Ответ страховой компании по жалобе C-1 (MRI) ожидается до 10 января 2026 г.");
    CHECK((*late)["items"][2]["due"].is_null());
  }

  TEST_CASE("channels: sms and viber add the text to send; the app's output is today's") {
    json timelines = build("drug_protocol", {"registered"});
    auto out = flow::apply_event(timelines, event("drug_protocol", "documents_needed", 2,
                                                  {{"title", "Humira"}, {"count", 2}, {"due", kT0 + 14 * 86400}}));
    REQUIRE(out.ok());
    const json& tl = out->timelines[out->key];
    json app = *flow::notification(tl, {"bg", kT0, 0});
    CHECK(*flow::notification(tl, {"bg", kT0, 0, "app"}) == app);
    CHECK(!app.contains("channel"));
    json sms = *flow::notification(tl, {"bg", kT0, 0, "sms"});
    CHECK(sms["body"] == app["body"]);
    CHECK(sms["text"] == "Протокол P-1 (Humira): нужни са документи (2 бр.) до 15 януари 2026 г.");
    CHECK(sms["encoding"] == "ucs2");
    CHECK(sms["segments"] == 1);  // exactly 70 UCS-2 characters
    CHECK(sms["shortened"] == false);
    json en = *flow::notification(tl, {"en", kT0, 0, "sms"});
    CHECK(en["text"] == en["body"]);
    CHECK(en["encoding"] == "gsm7");
    CHECK(en["segments"] == 1);
    json viber = *flow::notification(tl, {"ru", kT0, 0, "viber"});
    CHECK(viber["text"] == viber["title"].get<std::string>() + "\n" + viber["body"].get<std::string>());
    CHECK(!viber.contains("encoding"));
    auto bad = flow::notification(tl, {"en", kT0, 0, "SMS"});
    CHECK(bad.status().code() == medins::Code::StatusBadInput);
    CHECK(bad.status().detail()["field"] == "channel");
    CHECK(flow::due(out->timelines, 30, {"en", kT0, 0, "telegram"}).status().code() == medins::Code::StatusBadInput);
  }

  TEST_CASE("signed events through the ops: verify, apply, duplicate, reorder, forgeries refused") {
    json nzok = keypair('N');
    json hospital = keypair('H');
    auto sign = [&](const json& key, json payload) {
      json out = medins::call("status.sign", {{"event", payload}, {"key", key["secret"]}});
      REQUIRE_MESSAGE(out.contains("token"), out.dump());
      return out["token"].get<std::string>();
    };
    auto payload = [](const std::string& state, int seq) {
      return json{{"iss", "nzok.bg"}, {"type", "drug_protocol"}, {"subject", "2024-0001"},
                  {"state", state}, {"seq", seq}, {"at", kT0 + seq}};
    };
    json keys = json::array({json{{"key", nzok["public"]}, {"iss", "nzok.bg"}}, hospital["public"]});
    json timelines = json::object();
    auto apply = [&](const std::string& token) {
      json out = medins::call("status.apply", {{"event", token}, {"keys", keys}, {"timelines", timelines},
                                               {"lang", "bg"}, {"now", kT0}});
      if (!out.contains("error")) timelines = out["timelines"];
      return out;
    };
    std::string t1 = sign(nzok, payload("registered", 1));
    std::string t2 = sign(nzok, payload("documents_needed", 2));
    std::string t3 = sign(nzok, payload("documents_received", 3));
    json out = apply(t1);
    REQUIRE_MESSAGE(!out.contains("error"), out.dump());
    CHECK(out["notification"]["body"] == "Регистриран е нов протокол 2024-0001.");
    CHECK(out["kid"] == medins::call("keys.id", {{"key", nzok["public"]}})["id"]);
    out = apply(t3);
    CHECK(out["pending"] == json::array({3}));
    CHECK(out["notification"].is_null());
    out = apply(t2);
    CHECK(out["applied"] == json::array({2, 3}));
    CHECK(out["notification"]["state"] == "documents_received");
    json before = timelines;
    out = apply(t2);
    CHECK(out["duplicate"] == true);
    CHECK(timelines == before);

    // Forgeries: another key, an altered token, a key trusted only for
    // another issuer, a flow token replayed as an event.
    json mallory = keypair('M');
    CHECK(error_code(apply(sign(mallory, payload("approved", 4)))) == "status.invalid");
    std::string altered = t3;
    altered[20] = altered[20] == 'A' ? 'B' : 'A';
    CHECK(error_code(apply(altered)) == "status.invalid");
    CHECK(error_code(apply(sign(hospital, payload("approved", 4)))) == "");  // hospital key: any issuer
    keys = json::array({json{{"key", nzok["public"]}, {"iss", "nzok.bg"}}, json{{"key", hospital["public"]}, {"iss", "tongren"}}});
    CHECK(error_code(apply(sign(hospital, payload("expired", 5)))) == "status.invalid");
    json flow_token = medins::call("flow.sign", {{"definition", medins::testing::read_json("examples/flows/registration.json")},
                                                 {"key", nzok["secret"]}});
    CHECK(error_code(apply(flow_token["token"])) == "status.invalid");
    CHECK(error_code(apply("v4.public.garbage")) == "status.invalid");
    CHECK(error_code(apply(sign(nzok, payload("registered", 5)))) == "status.impossible_transition");
  }

  TEST_CASE("signed flow definitions verify against the hospital's keys only") {
    json tongren = keypair('T');
    json other = keypair('O');
    json def = medins::testing::read_json("examples/flows/registration.json");
    json signed_def = medins::call("flow.sign", {{"definition", def}, {"key", tongren["secret"]}});
    REQUIRE(signed_def.contains("token"));
    json start = medins::call("flow.start", {{"definition", signed_def["token"]}, {"keys", {tongren["public"]}}, {"now", kT0}});
    REQUIRE_MESSAGE(!start.contains("error"), start.dump());
    // The same digest as the raw definition: a state resumes whichever form the app loaded.
    json raw = medins::call("flow.validate", {{"definition", def}});
    CHECK(start["state"]["digest"] == raw["digest"]);
    CHECK(error_code(medins::call("flow.start", {{"definition", signed_def["token"]}, {"keys", {other["public"]}}})) ==
          "flow.invalid");
    CHECK(error_code(medins::call("flow.start", {{"definition", signed_def["token"]}})) == "flow.bad_input");
    CHECK(error_code(medins::call("flow.start", {{"definition", signed_def["token"]}, {"keys", {"k4.public.nope"}}})) ==
          "flow.bad_input");
    json event_token = medins::call(
        "status.sign", {{"event", {{"iss", "tongren"}, {"type", "booking"}, {"subject", "B"}, {"state", "confirmed"}, {"seq", 1}, {"at", 0}}},
                        {"key", tongren["secret"]}});
    CHECK(error_code(medins::call("flow.validate", {{"definition", event_token["token"]}, {"keys", {tongren["public"]}}})) ==
          "flow.invalid");
    json broken = def;
    broken["steps"][0]["next"] = {"nowhere"};
    CHECK(error_code(medins::call("flow.sign", {{"definition", broken}, {"key", tongren["secret"]}})) == "flow.unknown_step");
    CHECK(error_code(medins::call("flow.sign", {{"definition", def}, {"key", tongren["public"]}})) == "keys.wrong_key_type");
  }

  TEST_CASE("stored times and now outside 1970-9999 are refused, not formatted or overflowed") {
    constexpr std::int64_t kI64Max = std::numeric_limits<std::int64_t>::max();
    json timelines = build("booking", {"confirmed"});
    const std::string key = "booking:nzok.bg:P-1";
    json good = timelines;
    good[key]["events"][0]["data"] = {{"title", "Dr. Wang"}, {"due", kT0 + 86400}};

    // A due the issuer could never have signed, edited into app storage: it
    // was formatted as "27 January -292277022657".
    for (json due : {json(std::numeric_limits<std::int64_t>::min() + 1), json(-1), json(253402300800)}) {
      CAPTURE(due);
      json edited = good;
      edited[key]["events"][0]["data"]["due"] = due;
      auto rendered = flow::notification(edited[key], {"en", kT0, 0});
      CHECK(rendered.status().code() == medins::Code::StatusBadTimeline);
      CHECK(flow::due(edited, 30, {"en", kT0, 0}).status().code() == medins::Code::StatusBadTimeline);
      CHECK(error_code(medins::call("status.render", {{"timeline", edited[key]}, {"now", kT0}})) == "status.bad_timeline");
    }
    json edited = good;
    edited[key]["events"][0]["at"] = -1;
    CHECK(flow::notification(edited[key], {"en", kT0, 0}).status().code() == medins::Code::StatusBadTimeline);
    edited = good;
    edited[key]["events"][0]["data"]["amount"] = kI64Max;
    CHECK(flow::notification(edited[key], {"en", kT0, 0}).status().code() == medins::Code::StatusBadTimeline);

    // now + days overflowed to a horizon in the past: every dated reminder
    // silently disappeared.
    REQUIRE((*flow::due(good, 30, {"en", kT0, 0}))["items"].size() == 1);
    for (std::int64_t now : {kI64Max - 100, std::int64_t{-1}}) {
      CAPTURE(now);
      CHECK(flow::due(good, 30, {"en", now, 0}).status().code() == medins::Code::StatusBadInput);
      CHECK(flow::notification(good[key], {"en", now, 0}).status().code() == medins::Code::StatusBadInput);
      CHECK(error_code(medins::call("status.due", {{"timelines", good}, {"days", 30}, {"now", now}})) == "status.bad_input");
      CHECK(error_code(medins::call("status.render", {{"timeline", good[key]}, {"now", now}})) == "status.bad_input");
    }
    CHECK(flow::due(good, 3661, {"en", kT0, 0}).status().code() == medins::Code::StatusBadInput);
    CHECK(flow::notification(good[key], {"en", kT0, 1000000}).status().code() == medins::Code::StatusBadInput);

    // The event itself: `at` and `due` are times when they are signed, too.
    json payload = {{"iss", "nzok.bg"}, {"type", "booking"}, {"subject", "P-1"}, {"state", "confirmed"}, {"seq", 1}, {"at", kT0}};
    payload["at"] = kI64Max;
    CHECK(flow::parse_event(payload).status().code() == medins::Code::StatusBadEvent);
    payload["at"] = kT0;
    payload["data"] = {{"due", 253402300800}};
    CHECK(flow::parse_event(payload).status().code() == medins::Code::StatusBadEvent);
  }
}
