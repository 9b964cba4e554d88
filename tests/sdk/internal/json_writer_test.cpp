#include "internal/json_writer.hpp"

#include <doctest/doctest.h>

#include <limits>

#include "internal/json_util.hpp"
#include "medins/call.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::read_json;

namespace {

std::string written(const std::string& s) {
  std::string out;
  medins::internal::JsonWriter w(out);
  w.value(std::string_view(s));
  return out;
}

}  // namespace

TEST_SUITE("json_writer") {
  TEST_CASE("strings and integers are written as nlohmann's dump writes them") {
    std::string every_ascii;
    for (int c = 1; c < 0x80; ++c) every_ascii.push_back(static_cast<char>(c));
    for (const std::string& s : {every_ascii, std::string("医保 ü 😀"), std::string(), std::string(1, '\0')}) {
      CAPTURE(s);
      CHECK(written(s) == json(s).dump());
    }
    for (std::int64_t n : {std::int64_t{0}, std::int64_t{-1}, std::numeric_limits<std::int64_t>::min(),
                           std::numeric_limits<std::int64_t>::max()}) {
      std::string out;
      medins::internal::JsonWriter(out).value(n);
      CHECK(out == json(n).dump());
    }
  }

  TEST_CASE("nesting and separators") {
    std::string out;
    medins::internal::JsonWriter w(out);
    w.begin_object();
    w.key("a");
    w.begin_array();
    w.value(std::int64_t{1});
    w.begin_object();
    w.end_object();
    w.null();
    w.begin_array();
    w.end_array();
    w.end_array();
    w.member("b", std::string_view("x"));
    w.end_object();
    CHECK(out == R"({"a":[1,{},null,[]],"b":"x"})");
  }

  TEST_CASE("the estimate op's text is what the DOM would serialize to, on every estimate vector") {
    int checked = 0;
    for (const char* file : {"tests/vectors/estimate/examples.json", "tests/vectors/estimate/rules.json",
                             "tests/vectors/estimate/limits.json"}) {
      for (const json& c : read_json(file)) {
        if (!c.contains("expected")) continue;
        const std::string text = medins::call_raw("estimate", c["input"].dump());
        CAPTURE(c["name"].get<std::string>());
        CHECK(text == medins::internal::dump_safe(json::parse(text)));
        ++checked;
      }
    }
    CHECK(checked >= 5);  // tests/sdk/estimate/property_test.cpp checks 3,000 generated ones
  }
}
