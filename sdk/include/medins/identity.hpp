// Identity: PASETO v4 tokens over PASERK k4 keys, identity tokens with
// claims checked against an issuer keyset, and device keys that prove
// possession per request. Every function mirrors an op of the table
// (token.*, identity.*, device.*) and reports failures by value.
#ifndef MEDINS_IDENTITY_HPP
#define MEDINS_IDENTITY_HPP

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "medins/env.hpp"
#include "medins/status.hpp"

namespace medins::identity {

enum class TokenPurpose { kLocal, kPublic };

struct VerifiedToken {
  std::string payload;  // exact bytes, UTF-8
  std::string footer;   // exact bytes, UTF-8; empty when the token has none
};

// Returns a v4.public token (key "k4.secret.…") or a v4.local token (key
// "k4.local.…", nonce from `random`) over `payload`; fails with
// keys.invalid_key / keys.wrong_key_type for a bad key and token.no_entropy.
Result<std::string> issue_token(TokenPurpose purpose, std::string_view key, std::string_view payload,
                                std::string_view footer, std::string_view implicit, Random& random);

// Returns the payload and footer of `token` if it verifies under `key`
// ("k4.public.…" or "k4.local.…", which also fixes the purpose); fails with
// token.invalid for any malformed, forged or other-purpose token.
Result<VerifiedToken> verify_token(std::string_view token, std::string_view key,
                                   std::string_view implicit = {});

// Default tolerance for clock skew between issuer and verifier, seconds.
inline constexpr std::int64_t kDefaultLeewayS = 60;
// Largest accepted leeway (one day) and keyset (trying more keys per token
// would let one token cost arbitrarily many signature checks).
inline constexpr std::int64_t kMaxLeewayS = 86400;
inline constexpr std::size_t kMaxKeysetSize = 64;
// Footer limits of every v4.public token medins verifies (identity tokens,
// flows, status events, policy bundles): a footer is read before the
// signature is checked, so an unsigned one must stay small and shallow.
inline constexpr std::size_t kMaxFooterBytes = 2048;
inline constexpr int kMaxFooterDepth = 4;

struct VerifyIdentityOptions {
  std::vector<std::string> keys;      // trusted issuer keys, "k4.public.…"
  std::string audience;               // expected aud (the mini-program app id)
  std::optional<std::string> issuer;  // expected iss, when set
  std::int64_t now_unix_s = 0;
  std::int64_t leeway_s = kDefaultLeewayS;
};

struct VerifiedIdentity {
  nlohmann::json claims;  // the payload object
  std::string kid;        // k4.pid of the key that verified the token
};

// Returns the claims of a v4.public identity token signed by one of
// `options.keys` (chosen by the footer's kid, else each tried); fails with
// token.invalid, token.unknown_key, token.expired, token.not_yet_valid,
// token.audience_mismatch, token.issuer_mismatch, token.missing_claim,
// token.invalid_claim, identity.bad_input or keys.* for a bad keyset.
Result<VerifiedIdentity> verify_identity(std::string_view token, const VerifyIdentityOptions& options);

struct IssueIdentityOptions {
  std::string key;                         // the issuer's "k4.secret.…"
  nlohmann::json claims;                   // an object; must hold aud
  std::int64_t now_unix_s = 0;
  std::int64_t ttl_s = 3600;               // exp = iat + ttl_s unless claims has exp
  std::optional<std::string> device_key;   // "k4.public.…": adds the cnf claim
};

struct IssuedIdentity {
  std::string token;
  nlohmann::json claims;  // the claims as signed, defaults filled in
  std::string kid;
};

// Returns a v4.public identity token with footer {"kid": k4.pid} and the
// defaults iat = now, exp = iat + ttl, a random 128-bit jti; fails with
// identity.bad_input, identity.no_entropy or keys.* for a bad key.
Result<IssuedIdentity> issue_identity(const IssueIdentityOptions& options, Random& random);

// ---- Device-bound identity ----

// How a device key is wrapped at rest: a PIN (Argon2id) or a 32-byte key the
// platform keeps (Keychain/Keystore via the glue). Exactly one is non-empty.
// The caller wipes these strings; medins keeps no copy.
struct DeviceSecret {
  std::string pin;
  std::string platform_key;  // 32 raw bytes
  // Instead of both, and of the blob: the key itself (seed || pk, 64 raw
  // bytes) that a device.unlock session holds, copied in by the op reading it.
  std::string session_key;
};

// Argon2id cost of PIN wrapping; default 19 MiB / 2 passes. A new device
// needs at least OWASP's minimum for its pass count: 46 MiB at 1 pass, 19 at
// 2, 12 at 3, 9 at 4 (MiB = 2^20 bytes); at most 64 MiB / 4 passes, the
// ceiling that also holds for costs read back from a blob (which may lie
// under the floor: devices wrapped before it still open).
struct DeviceCost {
  std::uint64_t memlimit = 19u * 1024u * 1024u;
  std::uint32_t opslimit = 2;
};

struct CreatedDevice {
  std::string blob;        // "medins.device.v1.{pin|key}.…": the only form the secret key leaves in
  std::string public_key;  // "k4.public.…", for identity.issue's device
  std::string kpid;        // its k4.pid
};

// Returns a new Ed25519 device key, generated in the core from `random` and
// returned only wrapped under `secret`; fails with device.bad_input (PIN not
// at least 6 ASCII digits, platform key not 32 bytes, a PIN's cost under the
// floor or over the ceiling of DeviceCost: field memlimit or opslimit) or device.no_entropy.
Result<CreatedDevice> create_device(const DeviceSecret& secret, const DeviceCost& cost, Random& random);

struct ProofRequest {
  std::string method;            // HTTP method, as sent
  std::string url;               // request URL, as the server will see it
  std::string identity_token;    // the token whose cnf names this device
  std::optional<std::string> nonce;  // server-provided nonce, when the server uses them
  std::int64_t now_unix_s = 0;
  std::int64_t ttl_s = 60;
};

struct Proof {
  std::string token;  // v4.public, signed by the device key
  std::string jti;
  std::string kpid;
};

// Returns a proof of possession for one request, signed by the device key in
// `blob`; fails with device.wrong_secret, device.invalid_blob,
// device.bad_input or device.no_entropy.
Result<Proof> prove_request(std::string_view blob, const DeviceSecret& secret,
                            const ProofRequest& request, Random& random);

// Default and largest age of a proof a backend accepts, seconds.
inline constexpr std::int64_t kDefaultProofMaxAgeS = 300;
inline constexpr std::int64_t kMaxProofTtlS = 300;

struct ProofCheck {
  VerifyIdentityOptions identity;  // how the identity token itself is verified
  std::string method;
  std::string url;
  std::optional<std::string> nonce;  // the nonce the server handed out, if any
  std::int64_t max_age_s = kDefaultProofMaxAgeS;
};

struct VerifiedProof {
  VerifiedIdentity identity;
  std::string kpid;  // the device that signed
  std::string jti;
  ReplayClaim replay;  // the key remembered in `replay`, for a store shared across processes
};

// Returns the identity behind a request if `proof` was signed by the device
// named in `identity_token`'s cnf, for this method, URL, token and nonce, is
// fresh, and its jti is new to `replay`; fails with the token.* codes of
// verify_identity (token.missing_claim without cnf), device.invalid_proof,
// device.proof_mismatch, device.stale_proof or device.replayed_proof.
Result<VerifiedProof> verify_proof(std::string_view proof, std::string_view identity_token,
                                   const ProofCheck& check, ReplayStore& replay);

}  // namespace medins::identity

#endif  // MEDINS_IDENTITY_HPP
