// The wasm host of the C ABI (medins/medins.h; the exports are wasm/exports.txt,
// the host-neutral part is sdk/src/call/c_abi.cpp).
#include <emscripten/stack.h>

#include "call/c_abi.hpp"
#include "internal/secret.hpp"

namespace medins::c_abi {
namespace {

// Zeroes the shadow stack below the caller's frame. The frames of the call
// that just returned are still there, and the host can read them: libsodium
// leaves BLAKE2b's output block (so Argon2id's result, the wrapping key) and
// Argon2's last two working blocks (whose XOR is its final block) on the
// stack. Unused stack is wiped like freed heap (wasm/wiping_free.cpp). Safe
// while it runs: return addresses are not in linear memory, and memset keeps
// nothing on the shadow stack.
void wipe_free_stack() {
  const std::uintptr_t end = emscripten_stack_get_end();
  const std::uintptr_t current = emscripten_stack_get_current();
  internal::wipe(reinterpret_cast<void*>(end), current - end);
}

}  // namespace

std::string host_call(std::string_view op, std::string_view input, Outcome* outcome) {
  std::string text = call_raw(op, input, outcome);
  wipe_free_stack();
  return text;
}

}  // namespace medins::c_abi
