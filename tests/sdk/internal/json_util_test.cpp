#include <doctest/doctest.h>

#include "internal/json_util.hpp"

using namespace medins::internal;
using medins::Code;

TEST_SUITE("internal") {
  TEST_CASE("parse_strict refuses duplicates at any depth") {
    CHECK(parse_strict(R"({"a":1,"b":{"c":1,"d":2}})", Code::CallBadInput).ok());
    CHECK_FALSE(parse_strict(R"({"a":1,"a":2})", Code::CallBadInput).ok());
    CHECK_FALSE(parse_strict(R"({"x":[{"a":1,"a":1}]})", Code::CallBadInput).ok());
    // The same key in sibling objects is fine.
    CHECK(parse_strict(R"([{"a":1},{"a":2}])", Code::CallBadInput).ok());
    CHECK(parse_strict(R"({"a":1,"a":2})", Code::CallBadInput).status().message() == "JSON object has a duplicate key");
  }

  TEST_CASE("parse_strict builds the same document as nlohmann's parser") {
    const std::string text =
        R"({"n":null,"t":true,"f":false,"i":-5,"u":18446744073709551615,"d":1.5,"s":"é\u0000",)"
        R"("a":[[],{},[1,{"k":[2]}]],"o":{"z":{"y":"x"}},"e":""})";
    auto parsed = parse_strict(text, Code::CallBadInput);
    REQUIRE_MESSAGE(parsed.ok(), parsed.status().message());
    CHECK(*parsed == nlohmann::json::parse(text));
    CHECK(parse_strict("7", Code::CallBadInput).value() == 7);
    CHECK(parse_strict(R"("top")", Code::CallBadInput).value() == "top");
    for (const char* bad : {"", " ", "[1,]", "{\"a\"}", "{\"a\":1", "[1] [2]", "nul", "{\"a\":1,}", "\"\\x\""}) {
      const std::string input = bad;
      CAPTURE(input);
      auto out = parse_strict(input, Code::CallBadInput);
      CHECK_FALSE(out.ok());
      if (!out.ok()) CHECK(out.status().message() == "input is not valid JSON");
    }
    // Arrays of many objects (a bill's lines) parse in one pass.
    std::string lines = "[";
    for (int i = 0; i < 20000; ++i) lines += std::string(i ? "," : "") + R"({"code":"L","quantity":1})";
    lines += "]";
    CHECK(parse_strict(lines, Code::CallBadInput).value().size() == 20000);
  }

  TEST_CASE("parse_strict consumes the whole text: a NUL byte ends nothing") {
    using namespace std::string_literals;
    // nlohmann's lexer reads NUL as the end of input; each of these parsed as its
    // first value before, so two different texts named one document.
    for (const std::string& bad : {"{}\0garbage"s, "{\"a\":1}\0{\"b\":2}"s, "123\0"s, "[\0]"s, "\0"s,
                                   "{\"a\":\"x\0\"}"s, "{}\0"s, "{} \0 "s}) {
      CAPTURE(bad);
      auto out = parse_strict(bad, Code::OrderMalformed);
      REQUIRE_FALSE(out.ok());
      CHECK(out.status().code() == Code::OrderMalformed);
    }
    // An escaped NUL inside a string is valid JSON and stays accepted.
    auto escaped = parse_strict(R"({"a":"x\u0000y"})", Code::CallBadInput);
    REQUIRE(escaped.ok());
    CHECK(escaped->at("a").get<std::string>() == "x\0y"s);
    CHECK_FALSE(parse_strict("{} x", Code::CallBadInput).ok());
    CHECK(parse_strict(" \t\r\n{}\n\r\t ", Code::CallBadInput).ok());
    for (const std::string& not_json_space : {"\f{}"s, "{}\v"s, "\xC2\xA0{}"s, "{}\f"s}) {
      CAPTURE(not_json_space);
      CHECK_FALSE(parse_strict(not_json_space, Code::CallBadInput).ok());
    }
  }

  TEST_CASE("parse_strict limits depth and size") {
    CHECK(parse_strict("[[[]]]", Code::CallBadInput, {3, 100}).ok());
    CHECK_FALSE(parse_strict("[[[[]]]]", Code::CallBadInput, {3, 100}).ok());
    CHECK_FALSE(parse_strict("[1,2,3]", Code::CallBadInput, {3, 4}).ok());
    auto bad = parse_strict("{", Code::KeysBadInput);
    CHECK(bad.status().code() == Code::KeysBadInput);
  }

  TEST_CASE("Fields reads typed values and names the failing field") {
    auto in = nlohmann::json::parse(R"({"s":"x","i":-5,"u":18446744073709551615,"f":1.5,"b":true,"o":{},"a":[],"n":null})");
    Fields f(in, Code::KeysBadInput);
    CHECK(f.string("s").value() == "x");
    CHECK(f.integer("i").value() == -5);
    CHECK(f.integer("u").status().code() == Code::KeysBadInput);
    CHECK(f.integer("f").status().code() == Code::KeysBadInput);
    CHECK(f.boolean("b").value());
    CHECK(f.object("o").ok());
    CHECK(f.array("a").ok());
    CHECK(f.optional_string("n").value() == std::nullopt);   // null counts as absent
    CHECK(f.string("n").status().detail()["field"] == "n");
    CHECK(f.string("i").status().message().find("i:") == 0);
    Fields nested(in, Code::KeysBadInput, "bill.");
    CHECK(nested.string("zz").status().detail()["field"] == "bill.zz");
  }

  TEST_CASE("wipe_strings zeroes keys and values") {
    auto value = nlohmann::json::parse(R"({"secret":["pin-1234",{"k":"v"}]})");
    wipe_strings(value);
    std::string dumped = value.dump();
    CHECK(dumped.find("pin") == std::string::npos);
    CHECK(dumped.find("secret") == std::string::npos);
  }

  TEST_CASE("dump_safe never throws on invalid UTF-8") {
    nlohmann::json value = std::string("\xff\xfe");
    CHECK(!dump_safe(value).empty());
  }
}
