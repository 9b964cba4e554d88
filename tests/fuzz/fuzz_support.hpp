// What the fuzz targets that seal and sign share: randomness that repeats
// (a crash must replay from its input alone) and keys from fixed seeds.
#ifndef MEDINS_TESTS_FUZZ_SUPPORT_HPP
#define MEDINS_TESTS_FUZZ_SUPPORT_HPP

#include <cstdint>

#include "internal/sodium.hpp"
#include "keys/paserk.hpp"
#include "medins/env.hpp"

namespace medins::fuzzing {

class FuzzRandom final : public Random {
 public:
  bool fill(std::uint8_t* out, std::size_t len) override {
    for (std::size_t i = 0; i < len; ++i) out[i] = static_cast<std::uint8_t>(next_++ * 131u + 7u);
    return true;
  }

 private:
  std::uint32_t next_ = 0;
};

// The Ed25519 key whose seed is 32 bytes of `fill`.
inline keys::SecretKey key_of(std::uint8_t fill) {
  std::uint8_t seed[32], pk[32];
  for (auto& b : seed) b = fill;
  keys::SecretKey key;
  crypto_sign_seed_keypair(pk, key.bytes.data(), seed);
  return key;
}

}  // namespace medins::fuzzing

#endif  // MEDINS_TESTS_FUZZ_SUPPORT_HPP
