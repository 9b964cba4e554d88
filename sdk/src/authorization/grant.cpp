// Grants: the device signs, for exactly one order, the terms the patient
// consented to; a backend checks them offline against the identity token's
// cnf key and the order it holds, and accepts each grant once.
#include <algorithm>

#include "authorization/internal.hpp"
#include "identity/claims.hpp"
#include "identity/device_key.hpp"
#include "identity/paseto.hpp"
#include "identity/signed_json.hpp"
#include "internal/checked_time.hpp"
#include "internal/encoding.hpp"
#include "internal/json_util.hpp"
#include "internal/replay.hpp"
#include "internal/sodium.hpp"

namespace medins::authorization {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxGrantPayloadBytes = 4096;
constexpr std::size_t kJtiBytes = 16;
constexpr std::string_view kAuthNumberDomain = "medins.authorization-number.v1";

Status invalid() { return Status(Code::GrantInvalid, "grant is not valid"); }

json amounts_json(const Amounts& a) {
  return {{"fund_fen", a.fund_fen}, {"account_fen", a.account_fen}, {"cash_fen", a.cash_fen}};
}

// Reads a string member of signed claims; a missing or ill-typed one means
// the grant was not made by medins, which is grant.invalid like a bad signature.
bool claim_string(const json& claims, const char* name, std::string& out) {
  auto it = claims.find(name);
  if (it == claims.end() || !it->is_string()) return false;
  out = it->get_ref<const std::string&>();
  return true;
}

bool claim_amounts(const json& claims, Amounts& out) {
  auto it = claims.find("amounts");
  if (it == claims.end() || !it->is_object() || it->size() != 3) return false;
  for (auto [name, field] : {std::pair{"fund_fen", &out.fund_fen}, std::pair{"account_fen", &out.account_fen},
                             std::pair{"cash_fen", &out.cash_fen}}) {
    auto v = it->find(name);
    if (v == it->end() || !v->is_number_integer() ||
        (v->is_number_unsigned() && v->get<std::uint64_t>() > INT64_MAX))
      return false;
    *field = v->get<std::int64_t>();
    if (*field < 0) return false;
  }
  return true;
}

}  // namespace

bool is_scope(std::string_view scope) {
  return scope == "registration" || scope == "outpatient_payment" || scope == "inpatient_deposit";
}

std::string sign_grant(const keys::SecretKey& device_key, const GrantClaims& c,
                       const std::optional<std::string>& on_behalf_of) {
  json claims = {{"typ", kGrantType},
                       {"order_id", c.order.order_id},
                       {"order_digest", c.order.digest},
                       {"payee", c.order.payee},
                       {"amounts", amounts_json(c.order.amounts)},
                       {"scope", c.scope},
                       {"ith", c.identity_token_hash},
                       {"consent", c.consent_hash},
                       {"iat", identity::format_rfc3339(c.iat)},
                       {"exp", identity::format_rfc3339(c.exp)},
                       {"jti", c.jti}};
  if (on_behalf_of) claims["obo"] = *on_behalf_of;
  return identity::signed_json::sign(device_key, internal::dump_safe(claims), kGrantImplicit);
}

std::string authorization_number(std::string_view grant) {
  internal::sodium_ready();
  crypto_generichash_state st;
  std::uint8_t hash[32];
  crypto_generichash_init(&st, nullptr, 0, sizeof hash);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(kAuthNumberDomain.data()),
                            kAuthNumberDomain.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(grant.data()), grant.size());
  crypto_generichash_final(&st, hash, sizeof hash);
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | hash[i];
  // 2^64 - 1 has 20 digits, so every value fits once zero-padded.
  std::string digits(20, '0');
  for (int i = 19; i >= 0; --i) {
    digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return digits;
}

Result<Grant> create_grant_with_key(const keys::SecretKey& device_key, const GrantRequest& request,
                                    Random& random) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  auto bad = [](std::string_view field, std::string_view what) {
    return internal::field_error(Code::GrantBadInput, field, what);
  };
  if (!is_scope(request.scope))
    return bad("scope", "must be \"registration\", \"outpatient_payment\" or \"inpatient_deposit\"");
  if (request.ttl_s < 1 || request.ttl_s > kMaxGrantTtlS) return bad("ttl_s", "must be 1 to 300");
  if (!internal::in_time_range(request.now_unix_s)) return bad("now", internal::kTimeRangeText);
  const auto exp = internal::time_add(request.now_unix_s, request.ttl_s);
  if (!exp) return bad("ttl_s", "now + ttl_s is past year 9999");
  if (request.identity_token.empty()) return bad("identity_token", "is required");
  if (request.consent_text.empty()) return bad("consent_text", "is required: the text the patient confirmed");
  MEDINS_ASSIGN_OR_RETURN(OrderTerms order, read_order(request.order));
  if (!(request.amounts == order.amounts))
    return Status(Code::GrantAmountMismatch, "the agreed amounts differ from the order's amounts");
  MEDINS_ASSIGN_OR_RETURN(auto subject, check_token_device(request.identity_token, device_key));
  // A coverage alone would sign nothing different: refused, so a page that
  // meant to act for a dependent but forgot on_behalf_of learns it here.
  if (request.coverage && !request.on_behalf_of)
    return bad("on_behalf_of", "is required with coverage (the dependent's sub)");
  MEDINS_RETURN_IF_ERROR(check_on_behalf(request.on_behalf_of, request.coverage, subject, request.now_unix_s));

  std::uint8_t jti_bytes[kJtiBytes];
  if (!random.fill(jti_bytes, sizeof jti_bytes)) return Status(Code::GrantNoEntropy, "no secure randomness available");
  GrantClaims claims;
  claims.order = std::move(order);
  claims.scope = request.scope;
  claims.identity_token_hash = blake2b_b64(request.identity_token);
  claims.consent_hash = blake2b_b64(request.consent_text);
  claims.iat = request.now_unix_s;
  claims.exp = *exp;
  claims.jti = internal::base64url_encode(std::span<const std::uint8_t>(jti_bytes, sizeof jti_bytes));
  Grant grant;
  grant.token = sign_grant(device_key, claims, request.on_behalf_of);
  grant.jti = claims.jti;
  grant.order_digest = claims.order.digest;
  grant.iat = claims.iat;
  grant.exp = claims.exp;
  return grant;
}

Result<Grant> create_grant(const GrantRequest& request, Random& random) {
  MEDINS_ASSIGN_OR_RETURN(keys::SecretKey device_key, identity::open_device(request.device, request.secret));
  return create_grant_with_key(device_key, request, random);
}

Status check_on_behalf(const std::optional<std::string>& on_behalf_of, const std::optional<coverage::Claims>& coverage,
                       const std::optional<std::string>& guardian, std::int64_t now_unix_s) {
  if (!on_behalf_of) return ok_status();
  if (!coverage)
    return Status(Code::GrantCoverageRequired, "a grant on behalf of a dependent needs the dependent's coverage");
  if (coverage->sub != *on_behalf_of)
    return Status(Code::GrantOnBehalfMismatch, "the coverage is not the dependent's named by on_behalf_of");
  if (!coverage->guardian || !guardian || *coverage->guardian != *guardian)
    return Status(Code::GrantGuardianMismatch, "the dependent's coverage names another guardian");
  if (!coverage->valid.contains(coverage::date_of(now_unix_s)))
    return Status(Code::GrantCoverageNotActive, "the dependent's coverage is not valid today");
  return ok_status();
}

Result<std::optional<std::string>> check_token_device(std::string_view identity_token,
                                                      const keys::SecretKey& device_key) {
  // The device cannot verify the issuer's signature (it may not hold the
  // keyset), but it can read the token's claims: signing a grant the backend
  // will refuse for another device's token only wastes the patient's consent.
  const Status unreadable(Code::GrantBadInput, "identity_token: is not a v4.public token",
                          json{{"field", "identity_token"}});
  auto peeked = identity::paseto::peek(identity_token);
  if (!peeked.ok() || peeked->purpose != identity::paseto::Purpose::kPublic) return unreadable;
  auto claims = internal::parse_strict(peeked->payload, Code::GrantBadInput, {8, 65536});
  if (!claims.ok() || !claims->is_object()) return unreadable;
  auto cnf = identity::read_cnf(*claims);
  if (!cnf.ok() || !cnf->has_value() || (*cnf)->kpid != keys::pid_of(device_key.public_key()))
    return Status(Code::GrantWrongDevice, "the identity token is not bound to this device");
  auto sub = claims->find("sub");
  if (sub == claims->end() || !sub->is_string()) return std::optional<std::string>();
  return std::optional<std::string>(sub->get<std::string>());
}

Result<Authorization> verify_grant(std::string_view grant, std::string_view identity_token,
                                   const GrantCheck& check, ReplayStore& replay) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  if (!is_scope(check.scope))
    return Status(Code::GrantBadInput, "scope: must be \"registration\", \"outpatient_payment\" or \"inpatient_deposit\"",
                  json{{"field", "scope"}});
  // Required, not optional: a grant whose consent nobody checks could carry
  // any text a compromised app showed the patient.
  if (check.consent_text.empty())
    return Status(Code::GrantBadInput, "consent_text: is required: the text the backend gave the app for this order",
                  json{{"field", "consent_text"}});
  if (check.coverage && !check.on_behalf_of)
    return Status(Code::GrantBadInput, "on_behalf_of: is required with coverage (the dependent's sub)",
                  json{{"field", "on_behalf_of"}});
  MEDINS_ASSIGN_OR_RETURN(OrderTerms order, read_order(check.order));
  MEDINS_ASSIGN_OR_RETURN(identity::VerifiedIdentity id, identity::verify_identity(identity_token, check.identity));
  MEDINS_ASSIGN_OR_RETURN(std::optional<identity::Cnf> cnf, identity::read_cnf(id.claims));
  if (!cnf) return Status(Code::TokenMissingClaim, "claim cnf is required: the token is not bound to a device");

  auto opened = identity::paseto::verify(cnf->key, grant, kGrantImplicit);
  if (!opened.ok()) return invalid();
  auto parsed = internal::parse_strict(opened->payload, Code::GrantInvalid, {4, kMaxGrantPayloadBytes});
  if (!parsed.ok() || !parsed->is_object()) return invalid();
  const json& claims = *parsed;
  std::string typ, order_id, digest, payee, scope, ith, consent, iat_text, exp_text, jti;
  Amounts amounts;
  for (auto [name, out] : {std::pair{"typ", &typ}, std::pair{"order_id", &order_id},
                           std::pair{"order_digest", &digest}, std::pair{"payee", &payee},
                           std::pair{"scope", &scope}, std::pair{"ith", &ith}, std::pair{"consent", &consent},
                           std::pair{"iat", &iat_text}, std::pair{"exp", &exp_text}, std::pair{"jti", &jti}}) {
    if (!claim_string(claims, name, *out)) return invalid();
  }
  if (typ != kGrantType || !claim_amounts(claims, amounts) || jti.empty() || jti.size() > 128) return invalid();
  const auto iat = identity::parse_rfc3339(iat_text);
  const auto exp = identity::parse_rfc3339(exp_text);
  if (!iat || !exp) return invalid();

  if (ith != blake2b_b64(identity_token))
    return Status(Code::GrantIdentityMismatch, "grant was made under another identity token");
  if (*exp <= *iat || internal::sub_sat(*exp, *iat) > kMaxGrantTtlS)
    return Status(Code::GrantInvalidLifetime, "grant lifetime is not within 1 to 300 seconds");
  const std::int64_t now = check.identity.now_unix_s;
  const std::int64_t leeway = check.identity.leeway_s;
  if (*iat > internal::add_sat(now, leeway)) return Status(Code::GrantNotYetValid, "grant is dated in the future");
  if (now >= internal::add_sat(*exp, leeway)) return Status(Code::GrantExpired, "grant has expired");
  if (payee != order.payee) return Status(Code::GrantPayeeMismatch, "grant is for another payee");
  if (scope != check.scope) return Status(Code::GrantScopeMismatch, "grant is for another scope");
  if (!(amounts == order.amounts)) return Status(Code::GrantAmountMismatch, "grant amounts differ from the order's");
  if (digest != order.digest || order_id != order.order_id)
    return Status(Code::GrantOrderMismatch, "grant is for another order, or the order changed after consent");
  if (consent != blake2b_b64(check.consent_text))
    return Status(Code::GrantConsentMismatch, "the patient confirmed another consent text");
  std::optional<std::string> on_behalf_of;
  if (auto obo = claims.find("obo"); obo != claims.end()) {
    if (!obo->is_string()) return invalid();
    on_behalf_of = obo->get<std::string>();
  }
  if (on_behalf_of != check.on_behalf_of)
    return Status(Code::GrantOnBehalfMismatch, "the grant is on behalf of another person than the order's");
  std::optional<std::string> subject;
  if (auto sub = id.claims.find("sub"); sub != id.claims.end() && sub->is_string()) subject = sub->get<std::string>();
  MEDINS_RETURN_IF_ERROR(check_on_behalf(on_behalf_of, check.coverage, subject, now));
  // Last, so a grant refused for any other reason is not used up. Remembered
  // past any exp + leeway a verifier accepts (leeway is at most a day).
  ReplayClaim claim{"grant|" + cnf->kpid + "|" + jti, internal::add_sat(*exp, kGrantReplayMarginS)};
  MEDINS_RETURN_IF_ERROR(
      internal::remember_once(replay, cnf->kpid, claim, now, Code::GrantReplayed, "grant was already used"));

  Authorization record;
  record.number = authorization_number(grant);
  record.order_id = std::move(order_id);
  record.order_digest = std::move(digest);
  record.payee = std::move(payee);
  record.scope = std::move(scope);
  record.amounts = amounts;
  record.device = cnf->kpid;
  record.subject = std::move(subject);
  record.on_behalf_of = std::move(on_behalf_of);
  record.jti = std::move(jti);
  record.iat = *iat;
  record.exp = *exp;
  record.replay = std::move(claim);
  return record;
}

}  // namespace medins::authorization
