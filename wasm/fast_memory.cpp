// memset, memcpy and memmove eight bytes at a time. Emscripten links the
// byte-at-a-time versions into an -Oz build (system/lib/libc/emscripten_mem*.c
// under EMSCRIPTEN_OPTIMIZE_FOR_OZ), and without the bulk-memory feature
// (iOS WeChat's engine must accept the module: MVP + mutable-globals) there
// is no memory.fill to fall back on. Interpreted (JavaScriptCore without JIT,
// the iPhone's engine), a byte loop made the 256 KiB stack wipe after every
// call cost ≈ 10 ms, and every Argon2id block copy and freed-block wipe paid
// the same per byte. wasm loads and stores need no alignment, so the words
// are read and written wherever the bytes are.
//
// Built without LTO (libcalls must be resolved by the linker like any
// object's, as for wiping_free.cpp), with -fno-builtin, so that the loops
// below are not recognized as memset/memcpy and turned into calls to
// themselves, and at -Os with the word helpers inlined: at -Oz each word's load and store was a call
// (measured: device.unlock 1.8x slower in V8 than the byte loops).
#include <cstddef>
#include <cstdint>

namespace {

using Word = std::uint64_t;
typedef Word __attribute__((aligned(1), may_alias)) UnalignedWord;

__attribute__((always_inline)) inline Word load(const unsigned char* p) { return *reinterpret_cast<const UnalignedWord*>(p); }
__attribute__((always_inline)) inline void store(unsigned char* p, Word w) { *reinterpret_cast<UnalignedWord*>(p) = w; }

}  // namespace

extern "C" {

void* memset(void* dest, int c, std::size_t n) {
  unsigned char* d = static_cast<unsigned char*>(dest);
  const Word w = static_cast<Word>(static_cast<unsigned char>(c)) * 0x0101010101010101ULL;
  for (; n >= 32; n -= 32, d += 32) {
    store(d, w);
    store(d + 8, w);
    store(d + 16, w);
    store(d + 24, w);
  }
  for (; n >= 8; n -= 8, d += 8) store(d, w);
  for (; n > 0; --n) *d++ = static_cast<unsigned char>(c);
  return dest;
}

// Forward, a word read before it is written: right for any dest below src,
// overlapping or not (memmove), and for disjoint ranges (memcpy).
static void copy_forward(unsigned char* d, const unsigned char* s, std::size_t n) {
  for (; n >= 32; n -= 32, d += 32, s += 32) {
    const Word a = load(s), b = load(s + 8), c = load(s + 16), e = load(s + 24);
    store(d, a);
    store(d + 8, b);
    store(d + 16, c);
    store(d + 24, e);
  }
  for (; n >= 8; n -= 8, d += 8, s += 8) store(d, load(s));
  for (; n > 0; --n) *d++ = *s++;
}

void* memcpy(void* __restrict dest, const void* __restrict src, std::size_t n) {
  copy_forward(static_cast<unsigned char*>(dest), static_cast<const unsigned char*>(src), n);
  return dest;
}

void* memmove(void* dest, const void* src, std::size_t n) {
  unsigned char* d = static_cast<unsigned char*>(dest);
  const unsigned char* s = static_cast<const unsigned char*>(src);
  if (d <= s || d >= s + n) {
    copy_forward(d, s, n);
    return dest;
  }
  // dest above an overlapping src: from the end down, each word read before
  // the store that could overwrite it.
  d += n;
  s += n;
  for (; n >= 8; n -= 8) {
    d -= 8;
    s -= 8;
    store(d, load(s));
  }
  while (n-- > 0) *--d = *--s;
  return dest;
}

}  // extern "C"
