// The bill's lines are read from the input text without a tree (TappedLines)
// when the estimate comes through call_raw, and from the tree through call:
// both readings must refuse and accept exactly the same bills.
#include <doctest/doctest.h>

#include <string>

#include "estimate_support.hpp"
#include "medins/call.hpp"

namespace {

using nlohmann::json;

json input_without_lines() {
  json in = {{"policy", medins::testing::base_policy()},
             {"accumulators", medins::testing::base_accumulators()},
             {"bill", medins::testing::base_bill()}};
  in["bill"]["lines"] = json::array();
  return in;
}

// The input text with bill.lines replaced by `lines_text` verbatim.
std::string text_with_lines(const std::string& lines_text) {
  std::string text = input_without_lines().dump();
  const std::string empty = "\"lines\":[]";
  return text.replace(text.find(empty), empty.size(), "\"lines\":" + lines_text);
}

}  // namespace

TEST_SUITE("estimate") {
  TEST_CASE("bill lines read from the text answer as the tree's reading does") {
    const std::string line = R"({"code":"X1","class":"A","unit_price_fen":1000,"quantity":2})";
    struct Case {
      const char* lines;
      const char* code;  // expected error code, "" for an estimate
    };
    const Case cases[] = {
        {"[]", ""},
        {"[LINE]", ""},
        {"[LINE,LINE]", ""},
        {R"([{"code":"X1","class":"A","unit_price_fen":1,"quantity":1,"note":{"a":[1,{"b":null}]},"extra":[[]]}])", ""},
        {R"([{"code":"X1","class":"B","unit_price_fen":1,"quantity":1,"b_self_pay_first_bp":null}])", ""},
        // Repeated keys anywhere in a line, read or not, refuse the text itself.
        {R"([{"code":"X1","code":"X2","class":"A","unit_price_fen":1,"quantity":1}])", "call.bad_input"},
        {R"([{"code":"X1","class":"A","unit_price_fen":1,"quantity":1,"n":1,"n":2}])", "call.bad_input"},
        {R"([{"code":"X1","class":"A","unit_price_fen":1,"quantity":1,"n":{"a":1,"a":2}}])", "call.bad_input"},
        {R"([{"code":"X1","class":"A","unit_price_fen":1,"quantity":1,"n":[{"a":1,"a":2}]}])", "call.bad_input"},
        {R"([{"code":"X1","class":"A","unit_price_fen":1,"quantity":1,"code":{}}])", "call.bad_input"},
        {R"([{"code":"X1",)", "call.bad_input"},
        {R"([{"code":"X1"}]])", "call.bad_input"},
        // After the first line that fails, later lines are still checked for repeated keys.
        {R"([1,{"a":1,"a":2}])", "call.bad_input"},
        {R"([{"code":"X1"},{"code":"X1","code":"X2"}])", "call.bad_input"},
        {R"([{"code":"X1"},[{"a":{"b":1,"b":1}}]])", "call.bad_input"},
        {"[{\"class\":\"A\"},5,LINE,{}]", "estimate.bad_input"},
        {"[LINE,LINE,7,{\"code\":1},LINE]", "estimate.bad_input"},
        // Lines that are not objects, and members of the wrong type.
        {"[1]", "estimate.bad_input"},
        {"[null]", "estimate.bad_input"},
        {"[[]]", "estimate.bad_input"},
        {"[[{\"a\":1}]]", "estimate.bad_input"},
        {"[\"line\"]", "estimate.bad_input"},
        {"[LINE,true]", "estimate.bad_input"},
        {R"([{"code":{"x":1},"class":"A","unit_price_fen":1,"quantity":1}])", "estimate.bad_input"},
        {R"([{"code":"X1","class":["A"],"unit_price_fen":1,"quantity":1}])", "estimate.bad_input"},
        {R"([{"code":"X1","class":"A","unit_price_fen":{},"quantity":1}])", "estimate.bad_input"},
        {R"([{"code":"X1","class":"A","unit_price_fen":"1","quantity":1}])", "estimate.bad_input"},
        {R"([{"code":"X1","class":"A","unit_price_fen":1.5,"quantity":1}])", "estimate.non_integer_amount"},
        {R"([{"code":"X1","class":"A","unit_price_fen":1,"quantity":-1}])", "estimate.negative_quantity"},
        {R"([{"code":"X1","class":"A","unit_price_fen":18446744073709551615,"quantity":1}])", "estimate.overflow"},
        {R"([{"code":"X1","class":"D","unit_price_fen":1,"quantity":1}])", "estimate.unknown_class"},
        {R"([{"class":"A","unit_price_fen":1,"quantity":1}])", "estimate.bad_input"},
        {R"([{"code":"X1","class":"A","unit_price_fen":1,"quantity":1,"b_self_pay_first_bp":[]}])", "estimate.bad_input"},
    };
    for (const Case& c : cases) {
      std::string lines = c.lines;
      for (auto at = lines.find("LINE"); at != std::string::npos; at = lines.find("LINE"))
        lines.replace(at, 4, line);
      const std::string text = text_with_lines(lines);
      const json tapped = json::parse(medins::call_raw("estimate", text));
      CAPTURE(lines);
      CHECK(medins::testing::error_code(tapped) == c.code);
      // The tree's reading of the same text, when nlohmann alone can read it.
      const json tree_input = json::parse(text, nullptr, /*allow_exceptions=*/false);
      if (std::string(c.code) != "call.bad_input") CHECK(medins::call("estimate", tree_input) == tapped);
    }
  }

  TEST_CASE("only bill.lines at the root is read from the text") {
    // The same member names deeper in the input are ordinary tree members.
    json in = input_without_lines();
    in["bill"]["lines"] = json::array({{{"code", "X1"}, {"class", "A"}, {"unit_price_fen", 100}, {"quantity", 1}}});
    in["accumulators"]["bill"] = {{"lines", {1, 2}}};
    in["note"] = {{"bill", {{"lines", json::array({json::object()})}}}};
    const json tapped = json::parse(medins::call_raw("estimate", in.dump()));
    CHECK(tapped == medins::call("estimate", in));
    CHECK(medins::testing::error_code(tapped).empty());
  }
}
