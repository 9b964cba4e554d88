// Structure-aware fuzzing of `estimate`: the input bytes drive the same
// generator as the property test (tests/sdk/estimate/estimate_gen.hpp), so
// the fuzzer explores policies and bills that parse, and every estimate it
// gets must keep the spec's invariants. A violation, abort or sanitizer
// report is a bug, and so is a prepared policy (policy.prepare) answering
// otherwise than the policy itself, or the text path (bill lines read without
// a tree) otherwise than the tree path. Raw bytes also go to the other policy ops.
#include <cstdint>
#include <string>

#include "../sdk/estimate/estimate_gen.hpp"
#include "medins/call.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  if (data[0] < 16) {
    // Unstructured: arbitrary text into the ops that read untrusted JSON.
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    static const char* kOps[] = {"estimate",       "estimate.compare", "policy.validate",
                                 "policy.verify",  "policy.prepare",   "policy.release"};
    std::string out = medins::call_raw(kOps[data[0] % 6], text);
    if (out.empty() || out.front() != '{') __builtin_trap();
    return 0;
  }
  medins::testing::ByteSource source(data + 1, size - 1);
  medins::testing::EstimateGen<medins::testing::ByteSource> gen(source);
  const nlohmann::json in = gen.input();
  const nlohmann::json out = medins::call("estimate", in);
  // call_raw reads the bill's lines from the text (no tree): it must answer as call does.
  if (nlohmann::json::parse(medins::call_raw("estimate", in.dump())) != out) __builtin_trap();
  // The same policy prepared once must answer exactly the same, error or not.
  nlohmann::json prepared = medins::call("policy.prepare", {{"policy", in["policy"]}});
  if (!prepared.contains("error")) {
    nlohmann::json by_handle = in;
    by_handle.erase("policy");
    by_handle["policy_handle"] = prepared["policy_handle"];
    if (medins::call("estimate", by_handle) != out) __builtin_trap();
    medins::call("policy.release", {{"policy_handle", prepared["policy_handle"]}});
  }
  if (out.contains("error")) return 0;
  if (!medins::testing::check_estimate_invariants(in, out).empty()) __builtin_trap();
  return 0;
}
