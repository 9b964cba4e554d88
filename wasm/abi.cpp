#include "medins_abi.h"

#include <emscripten/stack.h>

#include <cstdlib>
#include <new>
#include <string>

#include "internal/secret.hpp"
#include "medins/call.hpp"

namespace {

struct CallResult {
  std::string text;
  medins::Outcome outcome;
};

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
  medins::internal::wipe(reinterpret_cast<void*>(end), current - end);
}

CallResult* from_handle(std::uint32_t handle) {
  return reinterpret_cast<CallResult*>(static_cast<std::uintptr_t>(handle));
}

}  // namespace

extern "C" {

__attribute__((export_name("medins_alloc"))) void* medins_alloc(std::uint32_t len) {
  return std::malloc(len == 0 ? 1 : len);
}

__attribute__((export_name("medins_free"))) void medins_free(void* ptr, std::uint32_t len) {
  if (ptr == nullptr) return;
  medins::internal::wipe(ptr, len);
  std::free(ptr);
}

__attribute__((export_name("medins_call"))) std::uint32_t medins_call(const char* op,
                                                                      std::uint32_t op_len,
                                                                      const char* in,
                                                                      std::uint32_t in_len) {
  auto* result = new (std::nothrow) CallResult();
  if (result == nullptr) return 0;
  result->text = medins::call_raw(std::string_view(op, op_len), std::string_view(in, in_len),
                                  &result->outcome);
  wipe_free_stack();
  return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(result));
}

__attribute__((export_name("medins_result_ptr"))) const char* medins_result_ptr(std::uint32_t handle) {
  return from_handle(handle)->text.data();
}

__attribute__((export_name("medins_result_len"))) std::uint32_t medins_result_len(std::uint32_t handle) {
  return static_cast<std::uint32_t>(from_handle(handle)->text.size());
}

__attribute__((export_name("medins_result_outcome"))) std::int32_t medins_result_outcome(
    std::uint32_t handle) {
  return static_cast<std::int32_t>(from_handle(handle)->outcome);
}

__attribute__((export_name("medins_result_free"))) void medins_result_free(std::uint32_t handle) {
  CallResult* result = from_handle(handle);
  if (result == nullptr) return;
  medins::internal::wipe(result->text);
  delete result;
}

}  // extern "C"
