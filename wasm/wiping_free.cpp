// In the wasm build every heap block is zeroed when it is freed, whoever
// frees it: the core's operator delete, libsodium (Argon2id frees its whole
// working memory without wiping it unless asked to, and from its last block
// the wrapping key and the device seed follow without the PIN) and libc.
// The host can read all of linear memory at any time, so "no secret outlives
// its call" needs the allocator itself, not each caller. Emscripten's
// dlmalloc exports free/realloc as weak symbols for exactly this kind of
// override and keeps emscripten_builtin_free as the real one.
#include <cstddef>
#include <cstring>
#include <malloc.h>

#include "internal/secret.hpp"

extern "C" {

void emscripten_builtin_free(void* block);

void free(void* block) {
  if (block == nullptr) return;
  medins::internal::wipe(block, malloc_usable_size(block));
  emscripten_builtin_free(block);
}

// dlmalloc's own realloc moves or trims a block without calling free, so the
// old copy would survive: grow by copying and freeing through free above,
// and never shrink (the tail stays inside the block until it is freed).
void* realloc(void* block, std::size_t size) {
  if (block == nullptr) return malloc(size);
  if (size == 0) {
    free(block);
    return nullptr;
  }
  const std::size_t usable = malloc_usable_size(block);
  if (size <= usable) return block;
  void* moved = malloc(size);
  if (moved == nullptr) return nullptr;
  std::memcpy(moved, block, usable);
  free(block);
  return moved;
}

}  // extern "C"
