#include <doctest/doctest.h>

#include <filesystem>

#include "internal/test_knobs.hpp"
#include "medins/call.hpp"
#include "test_support.hpp"

// Runs every tests/vectors/<op>/*.json case through the C++ API. The same files
// feed the native CLI, the wasm CLI and the JS API (tests/glue/vectors.test.mjs).
// A case: {"name", "input", "expected" | "error", "now"?, "test_knobs"?}. `expected`
// must equal the whole output; `error` is the expected code. A case marked
// "test_knobs" passes a test-only input (a chosen nonce or seed): a build
// without MEDINS_TEST_KNOBS must refuse it with call.test_only_field instead.
TEST_SUITE("call") {
  TEST_CASE("shared vectors pass through the C++ API") {
    namespace fs = std::filesystem;
    fs::path root = fs::path(MEDINS_SOURCE_DIR) / "tests" / "vectors";
    int cases = 0;
    for (const auto& dir : fs::directory_iterator(root)) {
      if (!dir.is_directory() || dir.path().filename() == "official") continue;
      const std::string op = dir.path().filename().string();
      for (const auto& file : fs::directory_iterator(dir.path())) {
        if (file.path().extension() != ".json") continue;
        auto doc = medins::testing::read_json(fs::relative(file.path(), MEDINS_SOURCE_DIR).string());
        auto list = doc.is_array() ? doc : nlohmann::json::array({doc});
        for (const auto& c : list) {
          medins::testing::FixedClock clock(c.value("now", 1767225600));
          medins::Env env;
          env.clock = &clock;
          auto out = medins::call(op, c["input"], env);
          std::string label = op + " " + file.path().filename().string() + " " + c.value("name", "");
          if (c.value("test_knobs", false) && !medins::internal::kTestKnobs) {
            CHECK_MESSAGE(medins::testing::error_code(out) == "call.test_only_field", label << " got " << out.dump());
          } else if (c.contains("error")) {
            CHECK_MESSAGE(medins::testing::error_code(out) == c["error"].get<std::string>(), label << " got " << out.dump());
          } else {
            CHECK_MESSAGE(out == c["expected"], label << " got " << out.dump());
          }
          ++cases;
        }
      }
    }
    CHECK(cases > 0);
  }
}
