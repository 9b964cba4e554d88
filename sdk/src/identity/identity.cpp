// Identity tokens: v4.public PASETOs whose payload is a JSON object of
// claims, verified against a keyset of trusted issuer keys.
#include <vector>

#include "identity/claims.hpp"
#include "identity/signed_json.hpp"
#include "internal/checked_time.hpp"
#include "internal/encoding.hpp"
#include "internal/json_util.hpp"
#include "medins/identity.hpp"

namespace medins::identity {
namespace {

// Claims are authenticated before they are parsed; the limits only bound
// the work an issuer-signed but absurd payload can cause.
constexpr std::size_t kMaxPayloadBytes = 1u << 20;
constexpr int kMaxPayloadDepth = 32;

Status invalid() { return Status(Code::TokenInvalid, "token is not valid"); }

Result<std::vector<keys::PublicKey>> parse_keyset(const std::vector<std::string>& keyset) {
  if (keyset.empty() || keyset.size() > kMaxKeysetSize)
    return Status(Code::IdentityBadInput, "keys: must hold 1 to 64 k4.public keys",
                  nlohmann::json{{"field", "keys"}});
  std::vector<keys::PublicKey> trusted;
  trusted.reserve(keyset.size());
  for (std::size_t i = 0; i < keyset.size(); ++i) {
    auto key = keys::require_public(keyset[i]);
    if (!key.ok())
      return Status(key.status().code(), "keys[" + std::to_string(i) + "]: " + key.status().message());
    trusted.push_back(*key);
  }
  return trusted;
}

Status range_check(std::int64_t now, std::int64_t leeway) {
  if (!internal::in_time_range(now))
    return Status(Code::IdentityBadInput, "now: " + std::string(internal::kTimeRangeText),
                  nlohmann::json{{"field", "now"}});
  if (leeway < 0 || leeway > kMaxLeewayS)
    return Status(Code::IdentityBadInput, "leeway_s: must be 0 to 86400",
                  nlohmann::json{{"field", "leeway_s"}});
  return ok_status();
}

Status bad_claim_input(const std::string& what) {
  return Status(Code::IdentityBadInput, "claims." + what, nlohmann::json{{"field", "claims"}});
}

}  // namespace

Result<VerifiedIdentity> verify_identity(std::string_view token, const VerifyIdentityOptions& options) {
  MEDINS_RETURN_IF_ERROR(range_check(options.now_unix_s, options.leeway_s));
  MEDINS_ASSIGN_OR_RETURN(std::vector<keys::PublicKey> trusted, parse_keyset(options.keys));
  signed_json::Verified verified = signed_json::verify(token, trusted, "");
  if (verified.fault == signed_json::Fault::kUnknownKid)
    return Status(Code::TokenUnknownKey, "no key of the keyset has this kid");
  if (verified.fault != signed_json::Fault::kNone) return invalid();

  // From here on the token is authentic; failures name the claim at fault.
  auto claims = internal::parse_strict(verified.payload, Code::TokenInvalid, {kMaxPayloadDepth, kMaxPayloadBytes});
  if (!claims.ok() || !claims->is_object()) return invalid();
  MEDINS_ASSIGN_OR_RETURN(ClaimTimes times, read_times(*claims));
  MEDINS_ASSIGN_OR_RETURN(auto aud, string_claim(*claims, "aud"));
  MEDINS_ASSIGN_OR_RETURN(auto iss, string_claim(*claims, "iss"));
  MEDINS_RETURN_IF_ERROR(string_claim(*claims, "sub").status());
  MEDINS_RETURN_IF_ERROR(string_claim(*claims, "jti").status());
  MEDINS_RETURN_IF_ERROR(read_cnf(*claims).status());
  MEDINS_RETURN_IF_ERROR(check_times(times, options.now_unix_s, options.leeway_s));
  if (!aud) return Status(Code::TokenMissingClaim, "claim aud is required");
  if (*aud != options.audience) return Status(Code::TokenAudienceMismatch, "token is for another audience");
  if (options.issuer) {
    if (!iss) return Status(Code::TokenMissingClaim, "claim iss is required");
    if (*iss != *options.issuer) return Status(Code::TokenIssuerMismatch, "token is from another issuer");
  }
  // A token without kid is reported under its signer's id all the same.
  std::string kid = verified.kid.empty() ? keys::pid_of(trusted[verified.signer]) : std::move(verified.kid);
  return VerifiedIdentity{std::move(*claims), std::move(kid)};
}

Result<IssuedIdentity> issue_identity(const IssueIdentityOptions& options, Random& random) {
  MEDINS_RETURN_IF_ERROR(range_check(options.now_unix_s, 0));
  if (options.ttl_s < 1 || options.ttl_s > 366 * 86400)
    return Status(Code::IdentityBadInput, "ttl_s: must be 1 second to 366 days",
                  nlohmann::json{{"field", "ttl_s"}});
  if (!options.claims.is_object())
    return Status(Code::IdentityBadInput, "claims: must be an object", nlohmann::json{{"field", "claims"}});
  MEDINS_ASSIGN_OR_RETURN(keys::SecretKey key, keys::require_secret(options.key));

  nlohmann::json claims = options.claims;
  // The same checks a verifier applies, so the issuer cannot sign a token
  // that no verifier would accept.
  for (const char* name : {"iss", "sub", "aud", "jti"}) {
    auto it = claims.find(name);
    if (it != claims.end() && !it->is_string()) return bad_claim_input(std::string(name) + ": must be a string");
  }
  if (!claims.contains("aud")) return bad_claim_input("aud: is required (the audience's app id)");
  for (const char* name : {"exp", "nbf", "iat"}) {
    auto it = claims.find(name);
    if (it != claims.end() && (!it->is_string() || !parse_rfc3339(it->get_ref<const std::string&>())))
      return bad_claim_input(std::string(name) + ": must be an RFC 3339 date-time with an offset");
  }
  if (options.device_key) {
    if (claims.contains("cnf")) return bad_claim_input("cnf: give either claims.cnf or device, not both");
    MEDINS_ASSIGN_OR_RETURN(keys::PublicKey device, keys::require_public(*options.device_key));
    claims["cnf"] = make_cnf(device);
  } else if (!read_cnf(claims).ok()) {
    return bad_claim_input("cnf: must be {\"kpid\": k4.pid, \"k\": k4.public}");
  }
  if (!claims.contains("iat")) claims["iat"] = format_rfc3339(options.now_unix_s);
  if (!claims.contains("exp")) {
    const auto exp = internal::time_add(options.now_unix_s, options.ttl_s);
    if (!exp)
      return Status(Code::IdentityBadInput, "ttl_s: now + ttl_s is past year 9999", nlohmann::json{{"field", "ttl_s"}});
    claims["exp"] = format_rfc3339(*exp);
  }
  if (!claims.contains("jti")) {
    std::uint8_t jti[16];
    if (!random.fill(jti, sizeof jti))
      return Status(Code::IdentityNoEntropy, "no secure randomness available for the jti");
    claims["jti"] = internal::base64url_encode(std::span<const std::uint8_t>(jti, sizeof jti));
  }
  const std::string kid = keys::pid_of(key.public_key());
  std::string token = signed_json::sign(key, internal::dump_safe(claims), "");
  return IssuedIdentity{std::move(token), std::move(claims), kid};
}

}  // namespace medins::identity
