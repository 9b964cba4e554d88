#include <doctest/doctest.h>

#include <limits>

#include "medins/call.hpp"
#include "medins/flow.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::error_code;
using medins::testing::read_json;

namespace {

constexpr std::int64_t kT0 = 1767225600;

// Drives a flow through the op table the way a mini-program does: every
// output's state is serialized to text (app storage) and read back.
struct Driver {
  json definition;
  std::string stored = {};  // what the app persisted
  std::int64_t now = kT0;

  json call(const std::string& op, json in) {
    in["definition"] = definition;
    in["now"] = now;
    if (op != "flow.start") in["state"] = json::parse(stored);
    json out = medins::call(op, in);
    if (!out.contains("error")) stored = out["state"].dump();
    return out;
  }
  json start() { return call("flow.start", json::object()); }
  json advance(json extra = json::object()) { return call("flow.advance", std::move(extra)); }
  json back(json extra = json::object()) { return call("flow.back", std::move(extra)); }
};

json steps_of(std::initializer_list<json> steps) { return json{{"id", "t"}, {"version", 1}, {"steps", steps}}; }

std::string validate_code(const json& def) { return error_code(medins::call("flow.validate", {{"definition", def}})); }

}  // namespace

TEST_SUITE("flow") {
  TEST_CASE("the Beijing registration flow runs end to end, resuming from storage") {
    Driver d{read_json("examples/flows/registration.json")};
    json out = d.start();
    REQUIRE(out["current"] == "verify_identity");
    CHECK(out["allowed"] == json::array({"select_site"}));
    for (auto step : {"select_site", "select_department", "select_doctor", "select_slot", "confirm",
                      "choose_insurance", "estimate"}) {
      out = d.advance();
      REQUIRE_MESSAGE(out["current"] == step, out.dump());
    }
    d.now += 60;
    out = d.advance();  // estimate done a minute ago: fresh enough for authorize
    REQUIRE(out["current"] == "authorize");
    d.now += 30;
    out = d.advance({{"data", {{"grant_verified", true}, {"grant", "g-1"}}}});
    REQUIRE(out["current"] == "pay");
    out = d.advance({{"data", {{"paid_fen", 2500}}}});
    CHECK(out["current"] == "done");
    CHECK(out["finished"] == true);
    CHECK(out["allowed"] == json::array());
    const json history = out["state"]["history"];
    REQUIRE(history.size() == 10);
    CHECK(history[8]["data"]["grant"] == "g-1");
    CHECK(history[9]["at"] == kT0 + 90);
    json again = d.advance();
    CHECK(error_code(again) == "flow.invalid_transition");
    CHECK(again["error"]["allowed"] == json::array());
  }

  TEST_CASE("the outpatient payment flow refuses skipping a required step and lists the allowed ones") {
    Driver d{read_json("examples/flows/outpatient-payment.json")};
    d.start();
    json out = d.advance({{"to", "estimate"}});
    CHECK(error_code(out) == "flow.invalid_transition");
    CHECK(out["error"]["allowed"] == json::array({"select_prescription"}));
    CHECK(out["error"]["current"] == "select_site");
    CHECK(d.advance()["current"] == "select_prescription");
    CHECK(error_code(d.advance({{"to", "pay"}})) == "flow.invalid_transition");
    CHECK(error_code(d.advance({{"to", "no_such_step"}})) == "flow.invalid_transition");
    CHECK(d.advance()["current"] == "estimate");
    CHECK(d.advance()["current"] == "authorize");
    // Completing authorize without recording a verified grant leaves pay's guard unmet.
    json unmet = d.advance();
    CHECK(error_code(unmet) == "flow.guard_failed");
    CHECK(unmet["error"]["reason"] == "fact");
    CHECK(unmet["error"]["requires"] == "authorize");
    CHECK(d.advance({{"data", {{"grant_verified", false}}}})["error"]["reason"] == "fact");
    CHECK(d.advance({{"data", {{"grant_verified", true}}}})["current"] == "pay");
    CHECK(d.advance()["finished"] == true);
  }

  TEST_CASE("a stale estimate blocks authorize until the estimate is redone") {
    Driver d{read_json("examples/flows/outpatient-payment.json")};
    d.start();
    d.advance();
    d.advance();
    d.advance();  // estimate completed at kT0
    REQUIRE(json::parse(d.stored)["current"] == "authorize");
    d.now = kT0 + 901;
    json stale = d.advance({{"data", {{"grant_verified", true}}}});
    CHECK(error_code(stale) == "flow.guard_failed");
    CHECK(stale["error"]["reason"] == "stale");
    CHECK(stale["error"]["step"] == "authorize");
    json back = d.back({{"to", "estimate"}});
    REQUIRE(back["current"] == "estimate");
    CHECK(back["state"]["history"].size() == 2);
    CHECK(d.advance()["current"] == "authorize");
    CHECK(d.advance({{"data", {{"grant_verified", true}}}})["current"] == "pay");
  }

  TEST_CASE("back goes to the last completed step, or to a named earlier one, and nowhere else") {
    Driver d{read_json("examples/flows/registration.json")};
    CHECK(error_code(d.start()) == "");
    json first = d.back();
    CHECK(error_code(first) == "flow.invalid_transition");
    CHECK(first["error"]["allowed"] == json::array());
    d.advance();
    d.advance();
    d.advance();
    CHECK(d.back()["current"] == "select_department");
    json wrong = d.back({{"to", "select_slot"}});
    CHECK(error_code(wrong) == "flow.invalid_transition");
    CHECK(wrong["error"]["allowed"] == json::array({"select_site", "verify_identity"}));
    json to_start = d.back({{"to", "verify_identity"}});
    CHECK(to_start["current"] == "verify_identity");
    CHECK(to_start["state"]["history"] == json::array());
  }

  TEST_CASE("optional steps can be skipped; required ones cannot") {
    json def = steps_of({{{"step", "verify_identity"}},
                         {{"step", "select_site"}, {"optional", true}},
                         {{"step", "select_department"}},
                         {{"step", "done"}}});
    Driver d{def};
    json out = d.start();
    CHECK(out["allowed"] == json::array({"select_site", "select_department"}));
    out = d.advance({{"to", "select_department"}});
    REQUIRE(out["current"] == "select_department");
    CHECK(out["state"]["history"][1] == json{{"step", "select_site"}, {"at", kT0}, {"skipped", true}});
    CHECK(out["allowed"] == json::array({"done"}));
    // Back skips over the skipped step to the one actually completed.
    CHECK(d.back()["current"] == "verify_identity");
  }

  TEST_CASE("custom steps, branches and a cycle with an exit") {
    // A hospital variant: identity first, a deposit for some departments, and
    // the patient may loop back from confirm to pick another slot.
    json def = steps_of({{{"step", "verify_identity"}},
                         {{"step", "select_department"}, {"next", {"select_slot", "deposit"}}},
                         {{"step", "custom"}, {"name", "deposit"}},
                         {{"step", "select_slot"}},
                         {{"step", "confirm"}, {"next", {"pay", "select_slot"}}},
                         {{"step", "pay"}, {"guards", {{{"requires", "select_slot"}}}}},
                         {{"step", "done"}}});
    json valid = medins::call("flow.validate", {{"definition", def}});
    REQUIRE_MESSAGE(!valid.contains("error"), valid.dump());
    CHECK(valid["steps"][2] == json{{"id", "deposit"}, {"step", "custom"}, {"optional", false}});
    Driver d{def};
    d.start();
    CHECK(d.advance()["allowed"] == json::array({"select_slot", "deposit"}));
    json out = d.advance({{"to", "deposit"}});
    CHECK(out["current"] == "deposit");
    CHECK(out["step"] == "custom");
    CHECK(d.advance()["current"] == "select_slot");
    CHECK(d.advance()["current"] == "confirm");
    CHECK(d.advance({{"to", "select_slot"}})["current"] == "select_slot");
    CHECK(d.advance()["current"] == "confirm");
    CHECK(d.advance()["current"] == "pay");
    CHECK(d.advance()["finished"] == true);
  }

  TEST_CASE("a loop taken too often ends in flow.history_full") {
    json def = steps_of({{{"step", "select_slot"}},
                         {{"step", "confirm"}, {"next", {"done", "select_slot"}}},
                         {{"step", "done"}}});
    Driver d{def};
    d.start();
    std::string last;
    for (int i = 0; i < 300 && last.empty(); ++i) last = error_code(d.advance({{"to", i % 2 ? "select_slot" : "confirm"}}));
    CHECK(last == "flow.history_full");
    CHECK(json::parse(d.stored)["history"].size() == 256);
  }

  TEST_CASE("a persisted state is checked against the definition before use") {
    Driver d{read_json("examples/flows/registration.json")};
    d.start();
    d.advance();
    json state = json::parse(d.stored);
    json in = {{"definition", d.definition}, {"now", kT0}};

    json skipped = state;  // an edited state that pretends select_site and more were done
    skipped["current"] = "pay";
    in["state"] = skipped;
    CHECK(error_code(medins::call("flow.advance", in)) == "flow.bad_state");

    json marked = state;  // a required step marked as skipped
    marked["history"][0]["skipped"] = true;
    in["state"] = marked;
    CHECK(error_code(medins::call("flow.advance", in)) == "flow.bad_state");

    json wrong_start = state;
    wrong_start["history"][0]["step"] = "select_site";
    in["state"] = wrong_start;
    CHECK(error_code(medins::call("flow.advance", in)) == "flow.bad_state");

    json ill_typed = state;
    ill_typed["history"][0]["at"] = "yesterday";
    in["state"] = ill_typed;
    json out = medins::call("flow.advance", in);
    CHECK(error_code(out) == "flow.bad_state");
    CHECK(out["error"]["field"] == "state.history[0].at");

    json changed = d.definition;
    changed["steps"][0]["optional"] = true;  // same id and version, new content
    in["definition"] = changed;
    in["state"] = state;
    CHECK(error_code(medins::call("flow.advance", in)) == "flow.definition_changed");
    changed = d.definition;
    changed["version"] = 2;
    in["definition"] = changed;
    CHECK(error_code(medins::call("flow.advance", in)) == "flow.definition_changed");
  }

  TEST_CASE("flow.validate gives each defect its own code") {
    CHECK(validate_code(steps_of({{{"step", "select_site"}, {"next", {"done"}}},
                                  {{"step", "select_doctor"}},
                                  {{"step", "done"}}})) == "flow.unreachable_step");
    CHECK(validate_code(steps_of({{{"step", "select_site"}},
                                  {{"step", "select_doctor"}, {"next", {"select_slot"}}},
                                  {{"step", "select_slot"}, {"next", {"select_doctor"}}},
                                  {{"step", "done"}}})) == "flow.unreachable_step");
    CHECK(validate_code(steps_of({{{"step", "select_site"}, {"next", {"select_doctor", "done"}}},
                                  {{"step", "select_doctor"}, {"next", {"select_slot"}}},
                                  {{"step", "select_slot"}, {"next", {"select_doctor"}}},
                                  {{"step", "done"}}})) == "flow.cycle_without_exit");
    CHECK(validate_code(steps_of({{{"step", "select_site"}}, {{"step", "pay"}}})) == "flow.dead_end");
    CHECK(validate_code(steps_of({{{"step", "select_site"}, {"next", {"nowhere"}}}, {{"step", "done"}}})) ==
          "flow.unknown_step");
    CHECK(validate_code(steps_of({{{"step", "authorize"}, {"guards", {{{"requires", "estimate"}}}}},
                                  {{"step", "done"}}})) == "flow.unknown_guard_step");
    CHECK(validate_code(steps_of({{{"step", "authorize"}, {"guards", {{{"requires", "estimate"}}}}},
                                  {{"step", "estimate"}},
                                  {{"step", "done"}}})) == "flow.guard_order");
    CHECK(validate_code(steps_of({{{"step", "custom"}}, {{"step", "done"}}})) == "flow.bad_definition");
    CHECK(validate_code(steps_of({{{"step", "teleport"}}, {{"step", "done"}}})) == "flow.bad_definition");
    CHECK(validate_code(steps_of({{{"step", "pay"}}, {{"step", "pay"}}, {{"step", "done"}}})) ==
          "flow.bad_definition");
    CHECK(validate_code(steps_of({{{"step", "done"}, {"optional", true}}})) == "flow.bad_definition");
    json cycle = medins::call("flow.validate", {{"definition", steps_of({{{"step", "select_site"}, {"next", {"select_doctor", "done"}}},
                                                                         {{"step", "select_doctor"}, {"next", {"select_slot"}}},
                                                                         {{"step", "select_slot"}, {"next", {"select_doctor"}}},
                                                                         {{"step", "done"}}})}});
    CHECK(cycle["error"]["steps"] == json::array({"select_doctor", "select_slot"}));
  }

  TEST_CASE("the typed API gives the same answers as the ops") {
    auto def = medins::flow::parse_definition(read_json("examples/flows/outpatient-payment.json"));
    REQUIRE(def.ok());
    auto inst = medins::flow::start(*def, kT0);
    REQUIRE(inst.ok());
    CHECK(medins::flow::allowed_next(*def, *inst) == std::vector<std::string>{"select_prescription"});
    auto moved = medins::flow::advance(*def, *inst, std::nullopt, json{{"site", "tongren-east"}}, kT0 + 5);
    REQUIRE(moved.ok());
    auto reread = medins::flow::instance_from_json(*def, medins::flow::instance_to_json(*moved));
    REQUIRE(reread.ok());
    CHECK(reread->current == "select_prescription");
    CHECK(reread->history.at(0).data["site"] == "tongren-east");
    auto refused = medins::flow::back(*def, *reread, std::string("pay"));
    CHECK(refused.status().code() == medins::Code::FlowInvalidTransition);
  }

  TEST_CASE("times outside 1970-9999 are refused, never subtracted: stored `at`, `started_at`, and now") {
    Driver d{read_json("examples/flows/outpatient-payment.json")};
    d.start();
    d.advance();
    d.advance();
    d.advance();  // estimate completed; authorize guards it with max_age_s 900
    const json state = json::parse(d.stored);
    json in = {{"definition", d.definition}, {"now", kT0}, {"data", {{"grant_verified", true}}}};

    // now - at with at near INT64_MIN overflowed: the guard read a huge age
    // as negative and let a stale estimate through.
    json corrupt = state;
    corrupt["history"][2]["at"] = std::numeric_limits<std::int64_t>::min() + 1;
    in["state"] = corrupt;
    json out = medins::call("flow.advance", in);
    CHECK(error_code(out) == "flow.bad_state");
    CHECK(out["error"]["field"] == "state.history[2].at");
    corrupt = state;
    corrupt["started_at"] = 253402300800;  // 10000-01-01
    in["state"] = corrupt;
    CHECK(error_code(medins::call("flow.advance", in)) == "flow.bad_state");

    in["state"] = state;
    for (std::int64_t now : {std::numeric_limits<std::int64_t>::max() - 100, std::int64_t{-1}}) {
      CAPTURE(now);
      in["now"] = now;
      CHECK(error_code(medins::call("flow.advance", in)) == "flow.bad_input");
      CHECK(error_code(medins::call("flow.start", {{"definition", d.definition}, {"now", now}})) == "flow.bad_input");
    }

    auto def = medins::flow::parse_definition(d.definition);
    REQUIRE(def.ok());
    CHECK(medins::flow::start(*def, std::numeric_limits<std::int64_t>::max()).status().code() ==
          medins::Code::FlowBadInput);
  }
}
