#include <doctest/doctest.h>

#include <cstdlib>
#include <map>
#include <string>

#include "estimate/estimate_gen.hpp"
#include "internal/json_util.hpp"
#include "medins/call.hpp"
#include "test_support.hpp"

// Seeded random policies, accumulators and bills checked against every
// invariant of docs/estimate.md. CI runs the default count with a fixed seed;
// MEDINS_PROPERTY_RUNS=<n> (and MEDINS_PROPERTY_SEED=<n>) run more offline.
namespace {

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  return std::strtoull(text, nullptr, 10);
}

}  // namespace

TEST_SUITE("estimate") {
  TEST_CASE("property: random estimates keep every invariant of the spec") {
    const std::uint64_t runs = env_number("MEDINS_PROPERTY_RUNS", 3000);
    const std::uint64_t seed = env_number("MEDINS_PROPERTY_SEED", 20250630);
    medins::testing::SplitMix rng(seed);
    medins::testing::EstimateGen<medins::testing::SplitMix> gen(rng);
    std::map<std::string, int> outcomes;
    for (std::uint64_t run = 0; run < runs; ++run) {
      const nlohmann::json in = gen.input();
      // Through the text boundary, as the CLIs and wasm see it; twice, to pin determinism.
      const std::string text = in.dump();
      const std::string first = medins::call_raw("estimate", text);
      const std::string second = medins::call_raw("estimate", text);
      REQUIRE_MESSAGE(first == second, "run " << run);
      const nlohmann::json out = nlohmann::json::parse(first);
      // The op writes its text without a DOM: it must be what the DOM serializes to.
      REQUIRE_MESSAGE(first == medins::internal::dump_safe(out), "run " << run);
      // call_raw reads the bill's lines from the text, call from the tree: the same answer.
      REQUIRE_MESSAGE(out == medins::call("estimate", in), "run " << run << "\ninput: " << text);
      const std::string code = medins::testing::error_code(out);
      ++outcomes[code.empty() ? "ok" : code];
      if (!code.empty()) {
        // Only outcomes the generator can legitimately cause.
        const bool expected = code == "estimate.overflow" || code == "estimate.no_policy_version" ||
                              code == "estimate.no_pool_for_visit_type" || code == "estimate.chronic_not_registered" ||
                              code == "estimate.no_bands_for_level" || code == "estimate.bad_input";
        REQUIRE_MESSAGE(expected, "run " << run << ": " << first << "\ninput: " << text);
        if (code == "estimate.bad_input")  // a class B line with no ratio anywhere
          REQUIRE_MESSAGE(out["error"]["field"].get<std::string>().find("b_self_pay_first_bp") != std::string::npos,
                          first);
        continue;
      }
      const std::string violation = medins::testing::check_estimate_invariants(in, out);
      REQUIRE_MESSAGE(violation.empty(), "run " << run << ": " << violation << "\ninput: " << text
                                                << "\noutput: " << first);
    }
    std::string summary;
    for (const auto& [outcome, count] : outcomes) summary += outcome + "=" + std::to_string(count) + " ";
    MESSAGE("property runs: " << runs << " seed " << seed << ": " << summary);
    // The generator must mostly produce estimates, or the invariants go untested.
    CHECK(outcomes["ok"] * 2 > static_cast<int>(runs));
  }
}
