// The registry behind medins::call: each module contributes a list of ops.
#ifndef MEDINS_SRC_CALL_OP_TABLE_HPP
#define MEDINS_SRC_CALL_OP_TABLE_HPP

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "internal/json_util.hpp"
#include "medins/env.hpp"
#include "medins/status.hpp"

namespace medins {

// What an op sees of the world for one call; every member is usable.
struct Context {
  Clock& clock;
  Random& random;
  ReplayStore& replay;

  // The op's time in Unix seconds: input `field` when given, else the clock.
  // Fails with the module's bad-input code (through `fields`) unless it is
  // within internal::kMinTime..kMaxTime, so no op does arithmetic on a time
  // it has not range-checked.
  Result<std::int64_t> now(const internal::Fields& fields, std::string_view field = "now");

  // The clock alone, for times a caller must not choose (a device session's
  // expiry), held within internal::kMinTime..kMaxTime so adding a TTL cannot
  // overflow.
  std::int64_t now_unix_s() const;
};

using json = nlohmann::json;
using OpFn = Result<json> (*)(const json& input, Context& ctx);
// An op that writes its output as JSON text itself (a large output: no DOM).
using OpTextFn = Result<std::string> (*)(const json& input, Context& ctx);

// An op that reads its input text itself, to tap a large array of it
// (internal::ArrayTap) rather than build its tree; it parses with
// parse_call_input, so its input is refused as call_raw would refuse it.
using OpRawFn = Result<std::string> (*)(std::string_view input, Context& ctx);

struct OpDef {
  std::string_view name;
  OpFn fn;
  OpTextFn text = nullptr;  // when set, call_raw uses it and `fn` is dom_of<text>
  OpRawFn raw = nullptr;    // when set, call_raw uses it instead of `text`
};

// call_raw's reading of an input text, with `tap`: call.bad_input unless it is
// one strict JSON object within kMaxJsonDepth.
Result<json> parse_call_input(std::string_view input, internal::ArrayTap tap);

// The DOM form of a text op, for medins::call: its text read back.
template <OpTextFn text>
Result<json> dom_of(const json& input, Context& ctx) {
  MEDINS_ASSIGN_OR_RETURN(std::string out, text(input, ctx));
  return internal::parse_strict(out, Code::InternalError);
}

// Each module's list of ops, defined in sdk/src/<module>/*_ops.cpp.
std::span<const OpDef> version_ops();
std::span<const OpDef> keys_ops();
std::span<const OpDef> identity_ops();
std::span<const OpDef> authorization_ops();
std::span<const OpDef> estimate_ops();
std::span<const OpDef> receipt_ops();
std::span<const OpDef> flow_ops();
std::span<const OpDef> complaint_ops();

// Returns the op named `name`, or nullptr.
const OpDef* find_op(std::string_view name);

// Every op, in table order.
std::span<const OpDef* const> all_ops();

}  // namespace medins

#endif  // MEDINS_SRC_CALL_OP_TABLE_HPP
