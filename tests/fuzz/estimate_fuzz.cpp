// Structure-aware fuzzing of `estimate`: the input bytes drive the same
// generator as the property test (tests/sdk/estimate/estimate_gen.hpp), so
// the fuzzer explores policies and bills that parse, and every estimate it
// gets must keep the spec's invariants. A violation, abort or sanitizer
// report is a bug. Raw bytes also go to estimate.compare and policy.validate.
#include <cstdint>
#include <string>

#include "../sdk/estimate/estimate_gen.hpp"
#include "medins/call.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  if (data[0] < 16) {
    // Unstructured: arbitrary text into the ops that read untrusted JSON.
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    static const char* kOps[] = {"estimate", "estimate.compare", "policy.validate", "policy.verify"};
    std::string out = medins::call_raw(kOps[data[0] % 4], text);
    if (out.empty() || out.front() != '{') __builtin_trap();
    return 0;
  }
  medins::testing::ByteSource source(data + 1, size - 1);
  medins::testing::EstimateGen<medins::testing::ByteSource> gen(source);
  const nlohmann::json in = gen.input();
  const nlohmann::json out = medins::call("estimate", in);
  if (out.contains("error")) return 0;
  if (!medins::testing::check_estimate_invariants(in, out).empty()) __builtin_trap();
  return 0;
}
