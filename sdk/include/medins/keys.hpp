// Keys as PASERK k4 strings (k4.local, k4.public, k4.secret) and their ids
// (k4.lid, k4.pid, k4.sid). https://github.com/paseto-standard/paserk
#ifndef MEDINS_KEYS_HPP
#define MEDINS_KEYS_HPP

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "medins/env.hpp"
#include "medins/status.hpp"

namespace medins::keys {

inline constexpr std::size_t kLocalKeyBytes = 32;
inline constexpr std::size_t kPublicKeyBytes = 32;
inline constexpr std::size_t kSecretKeyBytes = 64;  // Ed25519 seed || public key
inline constexpr std::size_t kSeedBytes = 32;
inline constexpr std::size_t kIdHashBytes = 33;  // PASERK ids hash to 264 bits

enum class KeyType { kLocal, kPublic, kSecret };

struct KeyPair {
  std::string secret;      // "k4.secret.…"
  std::string public_key;  // "k4.public.…"
};

// Generates an Ed25519 key pair from `random`, or from `seed` (32 bytes) when
// given. Fails with keys.no_entropy when `random` has no entropy.
Result<KeyPair> generate_public(Random& random,
                                const std::optional<std::array<std::uint8_t, kSeedBytes>>& seed);

// Generates a 256-bit symmetric key. Fails with keys.no_entropy.
Result<std::string> generate_local(Random& random);

// Returns the PASERK id of a k4.local/k4.public/k4.secret string; fails with
// keys.invalid_key when the string is not a valid k4 key.
Result<std::string> key_id(std::string_view paserk);

// Returns the type of a PASERK key string, or keys.invalid_key.
Result<KeyType> key_type(std::string_view paserk);

}  // namespace medins::keys

#endif  // MEDINS_KEYS_HPP
