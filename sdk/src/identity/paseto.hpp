// PASETO v4 (https://github.com/paseto-standard/paseto-spec, Version4.md):
// v4.public (Ed25519) and v4.local (XChaCha20 + keyed BLAKE2b, encrypt-then-MAC).
// The internal API other modules call to sign and verify their own tokens
// (grants, policies, status events); it takes parsed keys, the ops take PASERK.
#ifndef MEDINS_SRC_IDENTITY_PASETO_HPP
#define MEDINS_SRC_IDENTITY_PASETO_HPP

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "keys/paserk.hpp"
#include "medins/env.hpp"
#include "medins/status.hpp"

namespace medins::identity::paseto {

inline constexpr std::string_view kPublicHeader = "v4.public.";
inline constexpr std::string_view kLocalHeader = "v4.local.";
inline constexpr std::size_t kNonceBytes = 32;
inline constexpr std::size_t kTagBytes = 32;
inline constexpr std::size_t kSignatureBytes = 64;

using Nonce = std::array<std::uint8_t, kNonceBytes>;

enum class Purpose { kLocal, kPublic };

// What a verified token carries; both are exact bytes (not necessarily UTF-8).
struct Opened {
  std::string payload;
  std::string footer;
};

// Returns PAE(pieces): LE64(count) || for each piece LE64(length) || piece.
std::string pae(std::initializer_list<std::string_view> pieces);

// Returns the v4.public token signing `payload` with `key`.
std::string sign(const keys::SecretKey& key, std::string_view payload, std::string_view footer,
                 std::string_view implicit);

// Returns the v4.public token's payload and footer, or token.invalid if the
// token is malformed, not v4.public, or its signature does not verify.
Result<Opened> verify(const keys::PublicKey& key, std::string_view token, std::string_view implicit);

// Returns the v4.local token encrypting `payload` under `key` with a fresh
// nonce from `random`; fails with token.no_entropy when `random` has none.
Result<std::string> encrypt(const keys::LocalKey& key, std::string_view payload,
                            std::string_view footer, std::string_view implicit, Random& random);

// The same with a caller-chosen nonce: for the official test vectors only,
// since a repeated nonce under one key reveals the XOR of two payloads.
std::string encrypt_with_nonce(const keys::LocalKey& key, const Nonce& nonce,
                               std::string_view payload, std::string_view footer,
                               std::string_view implicit);

// Returns the decrypted payload and footer, or token.invalid if the token is
// malformed, not v4.local, or its tag does not match (checked in constant time
// before anything is decrypted).
Result<Opened> decrypt(const keys::LocalKey& key, std::string_view token, std::string_view implicit);

// Returns the token's purpose, its footer bytes and (v4.public) its payload
// WITHOUT verifying anything: for choosing a key by `kid`, or for a device to
// read what it cannot verify. token.invalid if the token is not a well-formed
// v4 token. Nothing in the result may be trusted.
struct Unverified {
  Purpose purpose;
  std::string footer;
  std::string payload;  // v4.public: the body without its signature (empty if too short); v4.local: empty
};
Result<Unverified> peek(std::string_view token);

// True if `bytes` is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
bool is_utf8(std::string_view bytes);

}  // namespace medins::identity::paseto

#endif  // MEDINS_SRC_IDENTITY_PASETO_HPP
