#include <doctest/doctest.h>

#include <filesystem>

#include "medins/call.hpp"
#include "test_support.hpp"

// JSONTestSuite (tests/vectors/official/jsontestsuite, MIT) through the one
// parser every op input, token payload and stored document goes through: each
// file as a whole op input ("raw") and as the value of a field ("wrapped").
// y_ files must be accepted, n_ files refused with call.bad_input, and i_ files
// must keep the outcome recorded in implementation-defined.json. The JS API and
// both CLIs run the same files (tests/glue/jsontestsuite.test.mjs).
//
// One deliberate exception: the two y_ files with a duplicate key are refused.
// RFC 8259 leaves duplicates' meaning to the reader, and two readers of one
// signed document (nlohmann keeps the last value, others the first) must never
// see different claims (docs/decisions/0002-errors-secrets-and-limits.md).
namespace {

// An op input must be an object, so a raw file that parses as an array or a
// scalar is refused after parsing, with its own message: that counts as
// accepted by the parser.
std::string outcome_of(std::string_view input) {
  auto out = nlohmann::json::parse(medins::call_raw("version", input));
  if (!out.contains("error")) return "accepted";
  const std::string code = out["error"]["code"].get<std::string>();
  if (code != "call.bad_input") return "error " + code;
  return out["error"]["message"] == "input must be a JSON object" ? "accepted" : "refused";
}

}  // namespace

TEST_SUITE("call") {
  TEST_CASE("JSONTestSuite: y_ accepted, n_ refused, i_ as recorded, raw and wrapped") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(MEDINS_SOURCE_DIR) / "tests/vectors/official/jsontestsuite";
    const auto recorded = medins::testing::read_json("tests/vectors/official/jsontestsuite/implementation-defined.json");
    int files = 0;
    for (const auto& entry : fs::directory_iterator(dir / "test_parsing")) {
      const std::string name = entry.path().filename().string();
      const std::string text = medins::testing::read_file(entry.path().string());
      const std::string raw = outcome_of(text);
      const std::string wrapped = outcome_of("{\"value\":" + text + "}");
      CAPTURE(name);
      const bool duplicate_key = name.rfind("y_object_duplicated_key", 0) == 0;
      switch (duplicate_key ? 'n' : name[0]) {
        case 'y':
          CHECK(raw == "accepted");
          CHECK(wrapped == "accepted");
          break;
        case 'n':
          CHECK(raw == "refused");
          CHECK(wrapped == "refused");
          break;
        default:
          REQUIRE(recorded.contains(name));
          CHECK(raw == recorded[name]["raw"].get<std::string>());
          CHECK(wrapped == recorded[name]["wrapped"].get<std::string>());
      }
      ++files;
    }
    CHECK(files == 318);
  }
}
