// Identity tokens: v4.public PASETOs whose payload is a JSON object of
// claims, verified against a keyset of trusted issuer keys.
#include <vector>

#include "identity/claims.hpp"
#include "identity/paseto.hpp"
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

struct TrustedKey {
  keys::PublicKey key;
  std::string pid;
};

Result<std::vector<TrustedKey>> parse_keyset(const std::vector<std::string>& keyset) {
  if (keyset.empty() || keyset.size() > kMaxKeysetSize)
    return Status(Code::IdentityBadInput, "keys: must hold 1 to 64 k4.public keys",
                  nlohmann::json{{"field", "keys"}});
  std::vector<TrustedKey> trusted;
  trusted.reserve(keyset.size());
  for (std::size_t i = 0; i < keyset.size(); ++i) {
    auto key = keys::require_public(keyset[i]);
    if (!key.ok())
      return Status(key.status().code(), "keys[" + std::to_string(i) + "]: " + key.status().message());
    trusted.push_back({*key, keys::pid_of(*key)});
  }
  return trusted;
}

// The kid of an unverified footer: empty when there is no footer or no kid.
// Everything here is attacker-controlled until the signature checks out, so
// it is only used to pick among keys the caller already trusts.
Result<std::string> footer_kid(std::string_view footer) {
  if (footer.empty()) return std::string();
  if (footer.size() > kMaxFooterBytes) return invalid();
  auto parsed = internal::parse_strict(footer, Code::TokenInvalid,
                                       {kMaxFooterDepth, kMaxFooterBytes});
  if (!parsed.ok() || !parsed->is_object()) return invalid();
  auto kid = parsed->find("kid");
  if (kid == parsed->end()) return std::string();
  // Only a public-key id may name a v4.public key; a k4.lid or k4.sid here
  // would mean the issuer leaked which secret or local key it holds.
  if (!kid->is_string() || kid->get_ref<const std::string&>().rfind(keys::kPidPrefix, 0) != 0)
    return invalid();
  return kid->get_ref<const std::string&>();
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
  MEDINS_ASSIGN_OR_RETURN(std::vector<TrustedKey> trusted, parse_keyset(options.keys));
  MEDINS_ASSIGN_OR_RETURN(paseto::Unverified unverified, paseto::peek(token));
  if (unverified.purpose != paseto::Purpose::kPublic) return invalid();
  MEDINS_ASSIGN_OR_RETURN(std::string kid, footer_kid(unverified.footer));

  Result<paseto::Opened> opened = invalid();
  const TrustedKey* signer = nullptr;
  if (!kid.empty()) {
    for (const auto& t : trusted)
      if (t.pid == kid) signer = &t;
    if (signer == nullptr) return Status(Code::TokenUnknownKey, "no key of the keyset has this kid");
    opened = paseto::verify(signer->key, token, "");
  } else {
    // No kid: during a rotation any trusted key may have signed it.
    for (const auto& t : trusted) {
      opened = paseto::verify(t.key, token, "");
      if (opened.ok()) {
        signer = &t;
        break;
      }
    }
  }
  if (!opened.ok()) return invalid();

  // From here on the token is authentic; failures name the claim at fault.
  auto claims = internal::parse_strict(opened->payload, Code::TokenInvalid, {kMaxPayloadDepth, kMaxPayloadBytes});
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
  return VerifiedIdentity{std::move(*claims), signer->pid};
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
  const std::string footer = internal::dump_safe(nlohmann::json{{"kid", kid}});
  std::string token = paseto::sign(key, internal::dump_safe(claims), footer, "");
  return IssuedIdentity{std::move(token), std::move(claims), kid};
}

}  // namespace medins::identity
