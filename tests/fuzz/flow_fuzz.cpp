// Feeds arbitrary bytes to the flow ops as a definition, as a persisted
// state and as the data a patient submits on a form: the first byte picks the
// op (bit 3 set: form data; else its value mod 4), the rest is parsed strictly
// and used as the definition (validate/start), the state of a reference flow
// (advance/back), or the data completing a step whose page holds every field
// type (advance). Any abort, trap, leak or sanitizer report is a bug.
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

// One field of every type, every rule, and a branch on the choice.
const char* const kForm = R"({"id":"f","version":1,"steps":[{"step":"custom","name":"p",
 "title":{"en":"t","zh":"t","ru":"t","bg":"t","it":"t"},
 "fields":[{"name":"a","type":"text","required":true,"min_length":2,"max_length":8,"label":{"en":"l","zh":"l","ru":"l","bg":"l","it":"l"}},
 {"name":"b","type":"number","decimals":2,"min":"-1.5","max":1000,"label":{"en":"l","zh":"l","ru":"l","bg":"l","it":"l"}},
 {"name":"c","type":"choice","options":[{"value":"x","label":{"en":"l","zh":"l","ru":"l","bg":"l","it":"l"}}],"label":{"en":"l","zh":"l","ru":"l","bg":"l","it":"l"}},
 {"name":"d","type":"choice","catalogue":"k","label":{"en":"l","zh":"l","ru":"l","bg":"l","it":"l"}},
 {"name":"e","type":"date","label":{"en":"l","zh":"l","ru":"l","bg":"l","it":"l"}},
 {"name":"f","type":"phone","label":{"en":"l","zh":"l","ru":"l","bg":"l","it":"l"}},
 {"name":"g","type":"resident_id","label":{"en":"l","zh":"l","ru":"l","bg":"l","it":"l"}},
 {"name":"h","type":"consent","required":true,"text":{"en":"c","zh":"c","ru":"c","bg":"c","it":"c"},"label":{"en":"l","zh":"l","ru":"l","bg":"l","it":"l"}}],
 "branches":[{"field":"c","equals":"x","to":"done"}]},{"step":"confirm"},{"step":"done"}]})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  auto parsed = medins::internal::parse_strict(rest, medins::Code::CallBadInput, {64, 1u << 20});
  if (!parsed.ok()) return 0;
  static const nlohmann::json reference = nlohmann::json::parse(kReference);
  static const nlohmann::json form = nlohmann::json::parse(kForm);
  static const nlohmann::json form_state = medins::call("flow.start", {{"definition", form}, {"now", 1}})["state"];
  nlohmann::json in;
  const char* op;
  switch (data[0] & 8 ? 4 : data[0] % 4) {
    case 0: op = "flow.validate", in = {{"definition", *parsed}}; break;
    case 1: op = "flow.start", in = {{"definition", *parsed}, {"now", 1}}; break;
    case 2: op = "flow.advance", in = {{"definition", reference}, {"state", *parsed}, {"now", 2}}; break;
    case 4: op = "flow.advance", in = {{"definition", form}, {"state", form_state}, {"data", *parsed}, {"now", 2}}; break;
    default: op = "flow.back", in = {{"definition", reference}, {"state", *parsed}}; break;
  }
  if (parsed->is_object() && data[0] & 4) in.update(*parsed);  // also fuzz to/data/keys
  nlohmann::json out = medins::call(op, in);
  if (!out.is_object()) __builtin_trap();
  return 0;
}
