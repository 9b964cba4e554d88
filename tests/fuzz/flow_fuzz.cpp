// Feeds arbitrary bytes to the flow ops as a definition and as a persisted
// state: the first byte picks the op, the rest is parsed strictly and used as
// the definition (validate/start) or as the state of a reference flow
// (advance/back). Any abort, trap, leak or sanitizer report is a bug.
#include <cstdint>
#include <string_view>

#include "internal/json_util.hpp"
#include "medins/call.hpp"

namespace {

// The Beijing outpatient flow, inlined so the target needs no files.
const char* const kReference = R"({"id":"beijing.outpatient-payment","version":1,"steps":[
 {"step":"select_site"},{"step":"select_prescription","optional":true},{"step":"estimate"},
 {"step":"authorize","guards":[{"requires":"estimate","max_age_s":900}]},
 {"step":"pay","guards":[{"requires":"authorize","fact":"grant_verified"}]},{"step":"done"}]})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  auto parsed = medins::internal::parse_strict(rest, medins::Code::CallBadInput, {64, 1u << 20});
  if (!parsed.ok()) return 0;
  static const nlohmann::json reference = nlohmann::json::parse(kReference);
  nlohmann::json in;
  const char* op;
  switch (data[0] % 4) {
    case 0: op = "flow.validate", in = {{"definition", *parsed}}; break;
    case 1: op = "flow.start", in = {{"definition", *parsed}, {"now", 1}}; break;
    case 2: op = "flow.advance", in = {{"definition", reference}, {"state", *parsed}, {"now", 2}}; break;
    default: op = "flow.back", in = {{"definition", reference}, {"state", *parsed}}; break;
  }
  if (parsed->is_object() && data[0] & 4) in.update(*parsed);  // also fuzz to/data/keys
  nlohmann::json out = medins::call(op, in);
  if (!out.is_object()) __builtin_trap();
  return 0;
}
