#include <doctest/doctest.h>

#include <string>

#include "medins/call.hpp"
#include "test_support.hpp"

using medins::Outcome;
using nlohmann::json;

TEST_SUITE("call") {
  TEST_CASE("unknown op is a usage error") {
    Outcome outcome;
    auto out = json::parse(medins::call_raw("no.such.op", "{}", &outcome));
    CHECK(out["error"]["code"] == "call.unknown_op");
    CHECK(outcome == Outcome::kUsage);
  }

  TEST_CASE("unknown op wins over bad input") {
    auto out = json::parse(medins::call_raw("nope", "{{{"));
    CHECK(out["error"]["code"] == "call.unknown_op");
  }

  TEST_CASE("unparsable input is call.bad_input") {
    for (const char* text : {"", "{", "nul", "{\"a\":}", "[1,2", "\"\xff\"", "{\"a\":1}x",
                             "{\"a\":\"\\ud800\"}", "{\"type\":\"public\",\"type\":\"local\"}"}) {
      Outcome outcome;
      auto out = json::parse(medins::call_raw("version", text, &outcome));
      CHECK_MESSAGE(out["error"]["code"] == "call.bad_input", text);
      CHECK(outcome == Outcome::kUsage);
    }
  }

  TEST_CASE("input that is not an object is call.bad_input") {
    for (const char* text : {"[]", "1", "\"x\"", "null", "true"}) {
      auto out = json::parse(medins::call_raw("version", text));
      CHECK_MESSAGE(out["error"]["code"] == "call.bad_input", text);
    }
  }

  TEST_CASE("nesting beyond the limit is refused before parsing") {
    std::string deep(1000000, '[');
    auto out = json::parse(medins::call_raw("version", deep));
    CHECK(out["error"]["code"] == "call.bad_input");
    std::string ok_depth = "{\"a\":" + std::string(62, '[') + std::string(62, ']') + "}";
    CHECK(medins::testing::error_code(json::parse(medins::call_raw("version", ok_depth))) == "");
  }

  TEST_CASE("brackets inside strings do not count as nesting") {
    std::string text = "{\"a\":\"" + std::string(500, '[') + "\"}";
    CHECK(medins::testing::error_code(json::parse(medins::call_raw("version", text))) == "");
  }

  TEST_CASE("input above 16 MiB is call.input_too_large") {
    std::string big = "{\"a\":\"" + std::string(medins::kMaxInputBytes, 'x') + "\"}";
    Outcome outcome;
    auto out = json::parse(medins::call_raw("version", big, &outcome));
    CHECK(out["error"]["code"] == "call.input_too_large");
    CHECK(outcome == Outcome::kUsage);
  }

  TEST_CASE("an input of exactly 16 MiB is accepted") {
    std::string text = "{\"a\":\"";
    text += std::string(medins::kMaxInputBytes - text.size() - 2, 'x');
    text += "\"}";
    REQUIRE(text.size() == medins::kMaxInputBytes);
    CHECK(medins::testing::error_code(json::parse(medins::call_raw("version", text))) == "");
  }

  TEST_CASE("version lists every op, itself first") {
    auto out = medins::call("version", json::object());
    REQUIRE(out["ops"].is_array());
    CHECK(out["ops"][0] == "version");
    CHECK(out["ops"].size() == medins::op_names().size());
    CHECK(out["version"] == std::string(medins::version_string()));
    CHECK(out["libsodium"] == "1.0.18");
  }

  TEST_CASE("op errors are outcome kError and carry code and message") {
    Outcome outcome;
    auto out = json::parse(medins::call_raw("keys.id", "{\"key\":\"k4.local.x\"}", &outcome));
    CHECK(outcome == Outcome::kError);
    CHECK(out["error"]["code"] == "keys.invalid_key");
    CHECK(out["error"]["message"].is_string());
  }

  TEST_CASE("missing field names the field") {
    auto out = medins::call("keys.id", json::object());
    CHECK(out["error"]["code"] == "keys.bad_input");
    CHECK(out["error"]["field"] == "key");
    CHECK(out["error"]["message"].get<std::string>().find("key") != std::string::npos);
  }

  TEST_CASE("unknown fields are ignored") {
    auto out = medins::call("version", json{{"whatever", 1}});
    CHECK(out.contains("ops"));
  }
}
