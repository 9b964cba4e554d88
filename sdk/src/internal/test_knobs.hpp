// Inputs that exist only so the official vectors can be reproduced: a
// caller-chosen v4.local nonce (token.issue) and Ed25519 seed (keys.generate).
// A nonce chosen twice breaks v4.local, so the builds apps ship (the wasm
// module) are compiled without MEDINS_TEST_KNOBS and refuse these fields.
#ifndef MEDINS_SRC_INTERNAL_TEST_KNOBS_HPP
#define MEDINS_SRC_INTERNAL_TEST_KNOBS_HPP

#include <optional>
#include <string>
#include <string_view>

#include "internal/json_util.hpp"

namespace medins::internal {

#ifdef MEDINS_TEST_KNOBS
inline constexpr bool kTestKnobs = true;
#else
inline constexpr bool kTestKnobs = false;
#endif

// The optional string field `name` when knobs are `enabled` (the build's
// setting; a parameter only so one test binary checks both answers). Without
// them, its mere presence (whatever its type) is call.test_only_field, so a
// shipped module can never be talked into a chosen nonce or seed.
inline Result<std::optional<std::string>> test_knob(const Fields& fields, std::string_view name,
                                                    bool enabled = kTestKnobs) {
  if (enabled || !fields.has(name)) return fields.optional_string(name);
  return Status(Code::CallTestOnlyField,
                std::string(name) + ": accepted only by test builds (MEDINS_TEST_KNOBS), never by the shipped module",
                json{{"field", std::string(name)}});
}

}  // namespace medins::internal

#endif  // MEDINS_SRC_INTERNAL_TEST_KNOBS_HPP
