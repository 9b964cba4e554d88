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
// Footer limits: it is read before the signature is checked, so it is small.
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

}  // namespace medins::identity

#endif  // MEDINS_IDENTITY_HPP
