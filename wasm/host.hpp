// The two functions the host (the JS glue) gives the module, imported from
// module "medins". Only i32/f64 cross: no BigInt on iOS WeChat.
#ifndef MEDINS_WASM_HOST_HPP
#define MEDINS_WASM_HOST_HPP

#include <cstdint>

extern "C" {
// Copies `len` bytes of CSPRNG output to `out`. Returns 0 when done, anything
// else when the host's entropy pool cannot supply them.
__attribute__((import_module("medins"), import_name("random_fill"))) std::int32_t
medins_host_random_fill(std::uint8_t* out, std::uint32_t len);

// Current time in Unix milliseconds (an f64, exact up to 2^53).
__attribute__((import_module("medins"), import_name("now_ms"))) double medins_host_now_ms();
}

#endif  // MEDINS_WASM_HOST_HPP
