// What the C ABI (medins/medins.h) needs from its host, the wasm module
// (wasm/abi.cpp) or the native shared library (call/c_abi_native.cpp); the
// rest of the ABI is host-neutral (call/c_abi.cpp).
#ifndef MEDINS_CALL_C_ABI_HPP
#define MEDINS_CALL_C_ABI_HPP

#include <string>
#include <string_view>

#include "medins/call.hpp"

namespace medins::c_abi {

// Runs one call_raw the way the host must: natively one at a time, in wasm
// wiping the stack the call used.
std::string host_call(std::string_view op, std::string_view input, Outcome* outcome);

}  // namespace medins::c_abi

#endif  // MEDINS_CALL_C_ABI_HPP
