// Replaces the global operator new/delete so that every heap block the C++
// core frees is zeroed first. Secrets pass through std::string and JSON trees
// (PASERK strings, PINs, plaintext receipts) whose copies cannot all be wiped
// by hand; wiping on free makes "no secret outlives its call" hold for all of
// them. Cost: one memset per freed block, measured in bench/.
#include <cstdlib>
#include <malloc.h>
#include <new>

#include "internal/secret.hpp"

namespace {

void* allocate(std::size_t size) {
  void* block = std::malloc(size == 0 ? 1 : size);
  if (block == nullptr) {
#if defined(__cpp_exceptions)
    throw std::bad_alloc();
#else
    std::abort();
#endif
  }
  return block;
}

void release(void* block) noexcept {
  if (block == nullptr) return;
  medins::internal::wipe(block, malloc_usable_size(block));
  std::free(block);
}

}  // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  void* block = std::malloc(size == 0 ? 1 : size);
  return block;
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return std::malloc(size == 0 ? 1 : size);
}
void operator delete(void* block) noexcept { release(block); }
void operator delete[](void* block) noexcept { release(block); }
void operator delete(void* block, std::size_t) noexcept { release(block); }
void operator delete[](void* block, std::size_t) noexcept { release(block); }
void operator delete(void* block, const std::nothrow_t&) noexcept { release(block); }
void operator delete[](void* block, const std::nothrow_t&) noexcept { release(block); }
