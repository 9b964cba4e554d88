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

// ---- Key wrapping (PASERK k4.seal, k4.local-pw / k4.secret-pw, *-wrap.pie) ----

inline constexpr std::string_view kSealPrefix = "k4.seal.";
inline constexpr std::string_view kLocalPwPrefix = "k4.local-pw.";
inline constexpr std::string_view kSecretPwPrefix = "k4.secret-pw.";
inline constexpr std::string_view kLocalWrapPiePrefix = "k4.local-wrap.pie.";
inline constexpr std::string_view kSecretWrapPiePrefix = "k4.secret-wrap.pie.";

// Argon2id cost. libsodium implements parallelism 1 only; memlimit is bytes.
struct PwParams {
  std::uint64_t memlimit = 0;
  std::uint32_t opslimit = 0;
  std::uint32_t parallelism = 1;
};
// OWASP's Argon2id recommendation (19 MiB, t=2, p=1): affordable on a phone
// inside wasm, where every byte of the Argon2 matrix is linear memory.
inline constexpr PwParams kDefaultPwParams{19u * 1024u * 1024u, 2, 1};
// Below the floor a wrap would be stretching in name only. The ceiling holds
// for costs read from stored bytes too (device blobs, k4.*-pw strings): a
// planted blob must not make a phone run Argon2id for seconds or grow wasm
// memory, which never shrinks, by more than 64 MiB; it is also the most that
// device.create and keys.wrap_password may record, so every wrap still opens.
inline constexpr std::uint64_t kMinPwMemlimit = 1u * 1024u * 1024u;
inline constexpr std::uint64_t kMaxPwMemlimit = 64u * 1024u * 1024u;
inline constexpr std::uint32_t kMinPwOpslimit = 1;
inline constexpr std::uint32_t kMaxPwOpslimit = 4;

// Returns keys.unsupported_parameters unless `params` lies within the floor
// and ceiling above and parallelism is 1.
Status check_pw_params(const PwParams& params);

// Returns the k4.seal of `key` to the Ed25519 public key `to` (an ephemeral
// X25519 key from `random`); keys.no_entropy, keys.invalid_key for a public
// key with no X25519 equivalent.
Result<std::string> seal(const LocalKey& key, const PublicKey& to, Random& random);
// Returns the local key sealed in `paserk` for `key`; keys.invalid_key when
// malformed, keys.unwrap_failed when it was not sealed to `key` or was altered.
Result<LocalKey> unseal(std::string_view paserk, const SecretKey& key);

// Returns k4.local-pw / k4.secret-pw wrapping the key under `password`;
// keys.unsupported_parameters, keys.no_entropy.
Result<std::string> wrap_local_pw(const LocalKey& key, std::string_view password,
                                  const PwParams& params, Random& random);
Result<std::string> wrap_secret_pw(const SecretKey& key, std::string_view password,
                                   const PwParams& params, Random& random);
// Returns the unwrapped key; keys.invalid_key when malformed,
// keys.unsupported_parameters for costs outside the limits, keys.unwrap_failed
// for a wrong password or an altered string (indistinguishable by design).
Result<LocalKey> unwrap_local_pw(std::string_view paserk, std::string_view password);
Result<SecretKey> unwrap_secret_pw(std::string_view paserk, std::string_view password);

// Returns k4.local-wrap.pie / k4.secret-wrap.pie under the symmetric
// `wrapping` key (nonce from `random`); keys.no_entropy.
Result<std::string> wrap_local_pie(const LocalKey& key, const LocalKey& wrapping, Random& random);
Result<std::string> wrap_secret_pie(const SecretKey& key, const LocalKey& wrapping, Random& random);
// Returns the unwrapped key; keys.invalid_key when malformed,
// keys.unwrap_failed for another wrapping key or an altered string.
Result<LocalKey> unwrap_local_pie(std::string_view paserk, const LocalKey& wrapping);
Result<SecretKey> unwrap_secret_pie(std::string_view paserk, const LocalKey& wrapping);

}  // namespace medins::keys

#endif  // MEDINS_SRC_KEYS_PASERK_HPP
