// Parsing and serializing PASERK k4 key strings into wiping buffers.
#ifndef MEDINS_SRC_KEYS_PASERK_HPP
#define MEDINS_SRC_KEYS_PASERK_HPP

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "internal/secret.hpp"
#include "medins/keys.hpp"
#include "medins/status.hpp"

namespace medins::keys {

inline constexpr std::string_view kLocalPrefix = "k4.local.";
inline constexpr std::string_view kPublicPrefix = "k4.public.";
inline constexpr std::string_view kSecretPrefix = "k4.secret.";
inline constexpr std::string_view kLidPrefix = "k4.lid.";
inline constexpr std::string_view kPidPrefix = "k4.pid.";
inline constexpr std::string_view kSidPrefix = "k4.sid.";

struct LocalKey {
  internal::SecretBytes bytes{kLocalKeyBytes};
};
struct PublicKey {
  std::array<std::uint8_t, kPublicKeyBytes> bytes{};
};
struct SecretKey {
  internal::SecretBytes bytes{kSecretKeyBytes};  // seed || public key
  PublicKey public_key() const;
};

// Each parser fails with `error` (the caller's module code) for anything but
// a well-formed k4 key of that exact type. A k4.secret whose public half does
// not match its seed is refused.
Result<LocalKey> parse_local(std::string_view paserk, Code error);
Result<PublicKey> parse_public(std::string_view paserk, Code error);
Result<SecretKey> parse_secret(std::string_view paserk, Code error);

std::string encode_local(std::span<const std::uint8_t> key);
std::string encode_public(std::span<const std::uint8_t> key);
std::string encode_secret(std::span<const std::uint8_t> key);

// Parse a key argument of an op that needs exactly that type: keys.invalid_key
// when the string is no valid k4 key, keys.wrong_key_type when it is a valid
// key of another type (a k4.public where a k4.secret is needed).
Result<LocalKey> require_local(std::string_view paserk);
Result<PublicKey> require_public(std::string_view paserk);
Result<SecretKey> require_secret(std::string_view paserk);

// k4.lid / k4.pid / k4.sid of an already-valid key string:
// prefix || base64url(BLAKE2b-264(prefix || paserk)).
std::string id_of(std::string_view id_prefix, std::string_view paserk);
inline std::string pid_of(const PublicKey& key) { return id_of(kPidPrefix, encode_public(key.bytes)); }

}  // namespace medins::keys

#endif  // MEDINS_SRC_KEYS_PASERK_HPP
