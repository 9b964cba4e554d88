#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <iterator>

#include "medins/call.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::error_code;

namespace {

constexpr std::int64_t kT0 = 1767225600;

// A text in the five catalog languages (the tests only need them present).
json texts(const std::string& en) {
  return {{"en", en}, {"zh", en + " (zh)"}, {"ru", en + " (ru)"}, {"bg", en + " (bg)"}, {"it", en + " (it)"}};
}

json field(const std::string& name, const std::string& type, json rules = json::object()) {
  json f = {{"name", name}, {"type", type}, {"label", texts(name)}};
  f.update(rules);
  return f;
}

// patient (a form) → estimate, or → resident_details for resident insurance → estimate → done.
json forms_flow() {
  json patient = {
      {"step", "custom"},
      {"name", "patient"},
      {"title", texts("Your details")},
      {"help", texts("As on your ID card")},
      {"fields",
       json::array({field("full_name", "text", {{"required", true}, {"min_length", 2}, {"max_length", 8}}),
                    field("phone", "phone", {{"required", true}}),
                    field("weight_kg", "number", {{"decimals", 1}, {"min", "0.5"}, {"max", 300}}),
                    field("insurance", "choice",
                          {{"required", true},
                           {"options", json::array({{{"value", "employee"}, {"label", texts("Employee")}},
                                                    {{"value", "resident"}, {"label", texts("Resident")}}})}}),
                    field("campus", "choice", {{"catalogue", "campuses"}}),
                    field("visit_date", "date"),
                    field("agree", "consent", {{"required", true}, {"text", texts("I agree")}})})},
      {"branches", json::array({{{"field", "insurance"}, {"equals", "resident"}, {"to", "resident_details"}}})}};
  json resident = {{"step", "custom"},
                   {"name", "resident_details"},
                   {"title", texts("Resident insurance")},
                   {"fields", json::array({field("resident_id", "resident_id", {{"required", true}})})}};
  return {{"id", "t.forms"},
          {"version", 1},
          {"steps", json::array({patient,
                                 {{"step", "estimate"}, {"next", {"done"}}},
                                 resident,
                                 {{"step", "estimate"}, {"name", "resident_estimate"}},
                                 {{"step", "done"}}})}};
}

json good_patient() {
  return {{"full_name", "王小明"}, {"phone", "13800138000"}, {"weight_kg", "62.5"}, {"insurance", "employee"},
          {"agree", true}};
}

json advance_once(const json& def, const json& data) {
  json view = medins::call("flow.start", {{"definition", def}, {"now", kT0}});
  return medins::call("flow.advance", {{"definition", def}, {"state", view["state"]}, {"data", data}, {"now", kT0}});
}

// The code flow.advance gives the patient step when `name` is `value` in otherwise good data.
std::string problem(const std::string& name, const json& value) {
  json data = good_patient();
  if (value.is_null()) data.erase(name);
  else data[name] = value;
  return error_code(advance_once(forms_flow(), data));
}

std::string validate_code(const json& def) { return error_code(medins::call("flow.validate", {{"definition", def}})); }

}  // namespace

TEST_SUITE("flow") {
  TEST_CASE("a step's page comes with its view; data passing its rules advances") {
    json def = forms_flow();
    json start = medins::call("flow.start", {{"definition", def}, {"now", kT0}});
    REQUIRE_MESSAGE(!start.contains("error"), start.dump());
    CHECK(start["page"]["title"]["zh"] == "Your details (zh)");
    CHECK(start["page"]["fields"].size() == 7);
    CHECK(start["allowed"] == json::array({"estimate", "resident_details"}));
    json out = advance_once(def, good_patient());
    REQUIRE_MESSAGE(out["current"] == "estimate", out.dump());
    CHECK(!out.contains("page"));  // a step without a page: its view is as before
    CHECK(out["state"]["history"][0]["data"]["weight_kg"] == "62.5");
  }

  TEST_CASE("a branch reading a collected field chooses the next step, and only a matching branch reaches it") {
    json def = forms_flow();
    json data = good_patient();
    data["insurance"] = "resident";
    CHECK(advance_once(def, data)["current"] == "resident_details");
    json start = medins::call("flow.start", {{"definition", def}, {"now", kT0}});
    json in = {{"definition", def}, {"state", start["state"]}, {"data", good_patient()}, {"to", "resident_details"}};
    json refused = medins::call("flow.advance", in);
    CHECK(error_code(refused) == "flow.invalid_transition");
    CHECK(refused["error"]["allowed"] == json::array({"estimate"}));
    in["data"] = data;
    in["to"] = "estimate";
    CHECK(medins::call("flow.advance", in)["error"]["allowed"] == json::array({"resident_details"}));
  }

  TEST_CASE("skipping an optional step with branches never reaches a branch-only target") {
    // a → b (optional; returning patients branch to resident_details) → patient …
    json def = forms_flow();
    json a = {{"step", "custom"}, {"name", "a"}};
    json b = {{"step", "custom"},
              {"name", "b"},
              {"optional", true},
              {"branches", json::array({{{"field", "returning"}, {"equals", true}, {"to", "resident_details"}}})}};
    def["steps"].insert(def["steps"].begin(), {a, b});
    json start = medins::call("flow.start", {{"definition", def}, {"now", kT0}});
    REQUIRE_MESSAGE(!start.contains("error"), start.dump());
    CHECK(start["allowed"] == json::array({"b", "patient"}));
    json in = {{"definition", def}, {"state", start["state"]}, {"to", "resident_details"}, {"now", kT0}};
    CHECK(error_code(medins::call("flow.advance", in)) == "flow.invalid_transition");
    in["to"] = "b";
    json at_b = medins::call("flow.advance", in);
    in = {{"definition", def}, {"state", at_b["state"]}, {"data", {{"returning", true}}}, {"now", kT0}};
    CHECK(medins::call("flow.advance", in)["current"] == "resident_details");
  }

  TEST_CASE("each field problem has its own code, pointing at the field") {
    CHECK(problem("full_name", nullptr) == "flow.field_required");
    CHECK(problem("full_name", "") == "flow.field_required");
    CHECK(problem("full_name", 7) == "flow.field_wrong_type");
    CHECK(problem("full_name", "王") == "flow.field_too_short");
    CHECK(problem("full_name", "王小明王小明王小明") == "flow.field_too_long");  // 9 characters, 27 bytes
    CHECK(problem("full_name", "王小明王小明王小") == "");                     // 8 characters
    CHECK(problem("phone", "12800138000") == "flow.field_bad_phone");
    CHECK(problem("phone", "1380013800") == "flow.field_bad_phone");
    CHECK(problem("phone", "+8613800138000") == "");
    CHECK(problem("weight_kg", "0.4") == "flow.field_below_min");
    CHECK(problem("weight_kg", "0.5") == "");
    CHECK(problem("weight_kg", 300) == "");
    CHECK(problem("weight_kg", "300.1") == "flow.field_above_max");
    CHECK(problem("weight_kg", "62.55") == "flow.field_bad_number");  // one decimal allowed
    CHECK(problem("weight_kg", "1e2") == "flow.field_bad_number");
    CHECK(problem("weight_kg", "-") == "flow.field_bad_number");
    CHECK(problem("weight_kg", 62.5) == "flow.field_wrong_type");  // no binary floating point
    CHECK(problem("insurance", "gold") == "flow.field_not_an_option");
    CHECK(problem("campus", "east-2") == "");  // a catalogue's values are the backend's to check
    CHECK(problem("visit_date", "2026-02-29") == "flow.field_bad_date");
    CHECK(problem("visit_date", "2028-02-29") == "");
    CHECK(problem("agree", false) == "flow.consent_not_given");
    CHECK(problem("agree", nullptr) == "flow.consent_not_given");
    CHECK(problem("agree", "yes") == "flow.field_wrong_type");
    json data = good_patient();
    data.erase("phone");
    data["weight_kg"] = "x";
    json err = advance_once(forms_flow(), data)["error"];
    CHECK(err["code"] == "flow.field_required");
    CHECK(err["step"] == "patient");
    CHECK(err["field"] == "phone");
    CHECK(err["problems"] == json::array({{{"field", "phone"}, {"code", "flow.field_required"}},
                                          {{"field", "weight_kg"}, {"code", "flow.field_bad_number"}}}));
  }

  TEST_CASE("a resident ID is checked by its birth date and its GB 11643 check digit") {
    json def = forms_flow();
    json data = good_patient();
    data["insurance"] = "resident";
    json at_resident = advance_once(def, data);
    auto submit = [&](const std::string& id) {
      return error_code(medins::call("flow.advance", {{"definition", def},
                                                      {"state", at_resident["state"]},
                                                      {"data", {{"resident_id", id}}},
                                                      {"now", kT0}}));
    };
    CHECK(submit("11010519491231002X") == "");  // the standard's own example
    CHECK(submit("11010519491231002x") == "");
    CHECK(submit("110105194912310021") == "flow.field_resident_id_check_digit");
    CHECK(submit("110105194913310028") == "flow.field_bad_resident_id");  // month 13
    CHECK(submit("11010519491231002") == "flow.field_bad_resident_id");
    CHECK(submit("1101051949123100YX") == "flow.field_bad_resident_id");
  }

  TEST_CASE("flow.validate checks the pages and branches, pointing at the step and field") {
    auto with = [](const std::function<void(json&)>& edit) {
      json def = forms_flow();
      edit(def["steps"][0]);
      return medins::call("flow.validate", {{"definition", def}});
    };
    json out = with([](json& s) { s["fields"][1]["type"] = "email"; });
    CHECK(out["error"]["code"] == "flow.unknown_field_type");
    CHECK(out["error"]["step"] == "patient");
    CHECK(out["error"]["field"] == "phone");
    CHECK(out["error"]["path"] == "steps[0].fields[1].type");
    out = with([](json& s) { s["fields"][6].erase("text"); });
    CHECK(out["error"]["code"] == "flow.consent_without_text");
    CHECK(out["error"]["field"] == "agree");
    out = with([](json& s) { s["title"].erase("bg"); });
    CHECK(out["error"]["code"] == "flow.untranslated");
    CHECK(out["error"]["missing"] == json::array({"bg"}));
    CHECK(out["error"]["path"] == "steps[0].title");
    CHECK(error_code(with([](json& s) { s.erase("title"); })) == "flow.untranslated");
    CHECK(error_code(with([](json& s) { s["fields"][3]["options"][1]["label"].erase("it"); })) == "flow.untranslated");
    CHECK(error_code(with([](json& s) { s["fields"][0]["label"].erase("zh"); })) == "flow.untranslated");
    out = with([](json& s) { s["branches"][0]["to"] = "nowhere"; });
    CHECK(out["error"]["code"] == "flow.unknown_step");
    CHECK(out["error"]["path"] == "steps[0].branches[0].to");
    CHECK(error_code(with([](json& s) { s["branches"][0]["field"] = "colour"; })) == "flow.unknown_field");
    CHECK(error_code(with([](json& s) { s["branches"][0]["equals"] = 1.5; })) == "flow.bad_definition");
    CHECK(error_code(with([](json& s) { s["fields"][0]["min"] = 1; })) == "flow.bad_definition");
    CHECK(error_code(with([](json& s) { s["fields"][2]["min"] = "400"; })) == "flow.bad_definition");
    CHECK(error_code(with([](json& s) { s["fields"][2]["max"] = "1.2.3"; })) == "flow.bad_definition");
    CHECK(error_code(with([](json& s) { s["fields"][0]["max_length"] = 0; })) == "flow.bad_definition");
    CHECK(error_code(with([](json& s) { s["fields"][1]["name"] = "full_name"; })) == "flow.bad_definition");
    CHECK(error_code(with([](json& s) { s["fields"][3]["catalogue"] = "x"; })) == "flow.bad_definition");
    CHECK(error_code(with([](json& s) { s["fields"][3]["options"] = json::array(); })) == "flow.bad_definition");
    CHECK(error_code(with([](json& s) { s["fields"] = json::array(); })) == "flow.bad_definition");
    // Branches alone do not make a way on: a last step needs a plain next.
    json def = {{"id", "t"},
                {"version", 1},
                {"start", "a"},
                {"steps", json::array({{{"step", "done"}},
                                       {{"step", "custom"},
                                        {"name", "a"},
                                        {"branches", json::array({{{"field", "x"}, {"equals", true}, {"to", "done"}}})}}})}};
    CHECK(validate_code(def) == "flow.dead_end");
  }

  TEST_CASE("the documented example flow validates and walks both branches of its insurance step") {
    std::ifstream doc(std::string(MEDINS_SOURCE_DIR) + "/docs/flows.md");
    std::string text((std::istreambuf_iterator<char>(doc)), std::istreambuf_iterator<char>());
    const std::size_t at = text.find("```json", text.find("### A complete example"));
    REQUIRE(at != std::string::npos);
    const std::size_t from = at + 7;
    json abridged = json::parse(text.substr(from, text.find("```", from) - from));
    CHECK(validate_code(abridged) == "");
    json def = medins::testing::read_json("examples/flows/registration-with-pages.json");
    json view = medins::call("flow.start", {{"definition", def}, {"now", kT0}});
    auto step = [&](const json& data) {
      json out = medins::call("flow.advance", {{"definition", def}, {"state", view["state"]}, {"data", data}, {"now", kT0}});
      if (out.contains("error")) return out["error"]["code"];
      view = out;
      return out["current"];
    };
    CHECK(step(json::object()) == "select_site");
    CHECK(step(json::object()) == "visit_details");
    CHECK(view["page"]["title"]["ru"] == "Перед приёмом");
    CHECK(step({{"campus", "east"}, {"reason", "咳嗽"}, {"fasting", "maybe"}}) == "flow.field_not_an_option");
    CHECK(step({{"campus", "east"}, {"reason", "咳嗽"}, {"fasting", "yes"}, {"weight_kg", "61.5"}}) == "select_department");
    for (const char* next : {"select_doctor", "select_slot", "confirm", "insurance"}) CHECK(step(json::object()) == next);
    const json at_insurance = view;
    CHECK(step({{"insurance_type", "employee"}, {"phone", "13800138000"}}) == "estimate");
    view = at_insurance;
    CHECK(step({{"insurance_type", "resident"}, {"phone", "13800138000"}}) == "resident_details");
    CHECK(step({{"resident_id", "110105194912310021"}}) == "flow.field_resident_id_check_digit");
    CHECK(step({{"resident_id", "11010519491231002X"}}) == "estimate");
    CHECK(step(json::object()) == "consent");
    CHECK(step({{"agree", false}}) == "flow.consent_not_given");
    CHECK(step({{"agree", true}}) == "authorize");
  }
}
