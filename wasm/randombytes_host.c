/* libsodium's randombytes backed by the host import. The core never relies on
 * this path for keys or nonces (it draws through medins::Random, which can
 * report an empty pool); libsodium itself uses it only for sodium_init's
 * canary. With no way to report failure here, an empty pool traps: never
 * predictable bytes. */
#include <stddef.h>
#include <stdint.h>

#include "randombytes.h"

__attribute__((import_module("medins"), import_name("random_fill"))) int32_t
medins_host_random_fill(uint8_t* out, uint32_t len);

static const char* host_name(void) { return "medins_host"; }

static void host_buf(void* const buf, const size_t size) {
  uint8_t* out = (uint8_t*)buf;
  size_t done = 0;
  while (done < size) {
    size_t n = size - done < 65536 ? size - done : 65536;
    if (medins_host_random_fill(out + done, (uint32_t)n) != 0) __builtin_trap();
    done += n;
  }
}

static uint32_t host_random(void) {
  uint32_t value;
  host_buf(&value, sizeof value);
  return value;
}

struct randombytes_implementation medins_host_randombytes = {
    host_name, host_random, NULL /* stir */, NULL /* uniform: libsodium's own */, host_buf,
    NULL /* close */};
