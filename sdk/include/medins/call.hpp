// The op table: every operation of medins is one named entry with a JSON input
// and a JSON output (docs/api.md). The C++ API, the native CLI and the wasm
// boundary all go through these two functions.
#ifndef MEDINS_CALL_HPP
#define MEDINS_CALL_HPP

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "medins/env.hpp"
#include "medins/status.hpp"

namespace medins {

// Largest input accepted by call_raw; larger is call.input_too_large.
inline constexpr std::size_t kMaxInputBytes = 16u * 1024u * 1024u;
// Deepest JSON nesting accepted anywhere; deeper is call.bad_input.
inline constexpr int kMaxJsonDepth = 64;

// How a call ended: ok, an error of the op, or a usage error of the boundary
// (unknown op, unparsable or oversized input) — the CLIs' exit codes 0/1/2.
enum class Outcome : int { kOk = 0, kError = 1, kUsage = 2 };

// Runs `op` on `in`. Returns the op's output object, or {"error": {...}}.
// Never throws.
nlohmann::json call(std::string_view op, const nlohmann::json& in, const Env& env = {});

// Runs `op` on the JSON text `input` and returns the serialized output (or
// error object); `outcome` receives how it ended. Never throws or aborts for
// any input bytes.
std::string call_raw(std::string_view op, std::string_view input, Outcome* outcome = nullptr,
                     const Env& env = {});

// Names of every op in the table, in table order.
std::vector<std::string> op_names();

// The SDK's semantic version.
std::string_view version_string();

}  // namespace medins

#endif  // MEDINS_CALL_HPP
