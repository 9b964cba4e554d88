// The host-neutral part of the C ABI (medins/medins.h), compiled into the wasm
// module and the native shared library alike.
#include "call/c_abi.hpp"

#include <cstdlib>
#include <new>

#include "internal/secret.hpp"
#include "medins/medins.h"

struct medins_result {
  std::string text;
  medins::Outcome outcome;
};

extern "C" {

void* medins_alloc(size_t len) { return std::malloc(len == 0 ? 1 : len); }

void medins_free(void* ptr, size_t len) {
  if (ptr == nullptr) return;
  medins::internal::wipe(ptr, len);
  std::free(ptr);
}

medins_result* medins_call(const char* op, size_t op_len, const char* in, size_t in_len) {
  medins::Outcome outcome{};
  // The block is allocated first (C++17) and the text built in it: no copy
  // or move of a text that may hold secrets; without a block, no call.
  return new (std::nothrow) medins_result{
      medins::c_abi::host_call(std::string_view(op, op_len), std::string_view(in, in_len), &outcome),
      outcome};
}

const char* medins_result_ptr(const medins_result* result) { return result->text.c_str(); }

size_t medins_result_len(const medins_result* result) { return result->text.size(); }

int32_t medins_result_outcome(const medins_result* result) {
  return static_cast<int32_t>(result->outcome);
}

void medins_result_free(medins_result* result) {
  if (result == nullptr) return;
  medins::internal::wipe(result->text);
  delete result;
}

}  // extern "C"
