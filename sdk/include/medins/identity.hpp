// Identity: PASETO v4 tokens over PASERK k4 keys, identity tokens with
// claims checked against an issuer keyset, and device keys that prove
// possession per request. Every function mirrors an op of the table
// (token.*, identity.*, device.*) and reports failures by value.
#ifndef MEDINS_IDENTITY_HPP
#define MEDINS_IDENTITY_HPP

#include <string>
#include <string_view>

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

}  // namespace medins::identity

#endif  // MEDINS_IDENTITY_HPP
