// The wasm host of the C ABI (medins/medins.h; the exports are wasm/exports.txt,
// the host-neutral part is sdk/src/call/c_abi.cpp).
#include <emscripten/stack.h>

#include "call/c_abi.hpp"
#include "internal/secret.hpp"

namespace medins::c_abi {
namespace {

// The link puts the stack first (cmake/MedinsWasm.cmake: -Wl,--stack-first):
// it spans [0, __global_base), below the static data, growing down towards 0.
// Emscripten 3.1.6's emscripten_stack_get_end() assumes a stack between the
// data and the heap, so the bounds come from the layout itself. The lowest 16
// bytes are left alone: address 0 is the null pointer, which memset may not
// be given, and a call reaching them is one frame away from the trap.
extern "C" char __global_base;
constexpr std::uintptr_t kStackFloor = 16;

// Zeroes the shadow stack below the caller's frame. The frames of the call
// that just returned are still there, and the host can read them: libsodium
// leaves BLAKE2b's output block (so Argon2id's result, the wrapping key) and
// Argon2's last two working blocks (whose XOR is its final block) on the
// stack. Unused stack is wiped like freed heap (wasm/wiping_free.cpp). Safe
// while it runs: return addresses are not in linear memory, and memset keeps
// nothing on the shadow stack.
void wipe_free_stack() {
  const std::uintptr_t current = emscripten_stack_get_current();
  static_assert(kStackFloor % 16 == 0);
  if (current <= kStackFloor || current > reinterpret_cast<std::uintptr_t>(&__global_base)) __builtin_trap();
  internal::wipe(reinterpret_cast<void*>(kStackFloor), current - kStackFloor);
}

}  // namespace

std::string host_call(std::string_view op, std::string_view input, Outcome* outcome) {
  std::string text = call_raw(op, input, outcome);
  wipe_free_stack();
  return text;
}

}  // namespace medins::c_abi
