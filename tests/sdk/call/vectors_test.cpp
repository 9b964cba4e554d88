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
// A case of steps runs several ops on one instance of the core (a session of
// device.unlock lives there): {"name", "now"?, "steps": [{"op", "input",
// "expected" | "error", "now"?, "save"?}]}. `save: "x"` keeps the output's
// field x (`save: {"y": "x"}` keeps it as y); the string "$x" in a later
// input or expected stands for it. The CLIs
// skip these: a session cannot outlive the process of one CLI call.
namespace {

using nlohmann::json;

json substitute(const json& value, const json& saved) {
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (s.size() > 1 && s[0] == '$' && saved.contains(s.substr(1))) return saved[s.substr(1)];
    return value;
  }
  json out = value;
  if (value.is_structured())
    for (auto it = out.begin(); it != out.end(); ++it) *it = substitute(*it, saved);
  return out;
}

void check_output(const json& out, const json& c, const json& saved, const std::string& label) {
  if (c.contains("error")) {
    CHECK_MESSAGE(medins::testing::error_code(out) == c["error"].get<std::string>(), label << " got " << out.dump());
  } else {
    CHECK_MESSAGE(out == substitute(c["expected"], saved), label << " got " << out.dump());
  }
}

void run_steps(const json& c, const std::string& label) {
  json saved = json::object();
  int n = 0;
  for (const json& step : c["steps"]) {
    medins::testing::FixedClock clock(step.value("now", c.value("now", 1767225600)));
    medins::Env env;
    env.clock = &clock;
    json out = medins::call(step["op"].get<std::string>(), substitute(step["input"], saved), env);
    if (step.contains("save")) {
      // "save": "x" keeps field x as $x; {"y": "x"} keeps field x as $y.
      json names = step["save"];
      if (names.is_string()) {
        const std::string field = names.get<std::string>();
        names = json::object();
        names[field] = field;
      }
      for (auto it = names.begin(); it != names.end(); ++it) {
        REQUIRE_MESSAGE(out.contains(it.value()), label << " step " << n << " got " << out.dump());
        saved[it.key()] = out[it.value().get<std::string>()];
      }
    }
    check_output(out, step, saved, label + " step " + std::to_string(n++));
  }
}

}  // namespace

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
        auto list = doc.is_array() ? doc : json::array({doc});
        for (const auto& c : list) {
          std::string label = op + " " + file.path().filename().string() + " " + c.value("name", "");
          ++cases;
          if (c.contains("steps")) {
            run_steps(c, label);
            continue;
          }
          medins::testing::FixedClock clock(c.value("now", 1767225600));
          medins::Env env;
          env.clock = &clock;
          json expectation = c;
          if (c.value("test_knobs", false) && !medins::internal::kTestKnobs) expectation["error"] = "call.test_only_field";
          check_output(medins::call(op, c["input"], env), expectation, json::object(), label);
        }
      }
    }
    CHECK(cases > 0);
  }
}
