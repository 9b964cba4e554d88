// Signed policy bundles: a policy set travels to devices as a v4.public token,
// so a tampered policy (say, a fund ratio raised to make a bill look cheaper)
// is refused before any estimate is made from it.
#include "identity/signed_json.hpp"
#include "internal/json_util.hpp"
#include "keys/paserk.hpp"
#include "medins/call.hpp"
#include "medins/estimate.hpp"
#include "medins/identity.hpp"

namespace medins::estimate {
namespace {

using nlohmann::json;

// Binds the signature to this use: a token the same key signed for another
// purpose (an identity token, a grant) never verifies as a policy.
constexpr std::string_view kImplicit = "medins:fee-policy/0.1";

Status invalid() { return Status(Code::PolicyInvalid, "the policy bundle does not verify"); }

// Parses, then checks the policy a bundle carries, with policy.* codes.
Status check(const json& policy) {
  MEDINS_ASSIGN_OR_RETURN(PolicySet set, parse_policy(policy, Code::PolicyBadInput, "policy."));
  return validate_policy(set);
}

}  // namespace

Result<SignedPolicy> sign_policy(const json& policy, std::string_view secret_key) {
  MEDINS_ASSIGN_OR_RETURN(keys::SecretKey key, keys::require_secret(secret_key));
  MEDINS_RETURN_IF_ERROR(check(policy));
  return SignedPolicy{identity::signed_json::sign(key, medins::internal::dump_safe(policy), kImplicit),
                      keys::pid_of(key.public_key())};
}

Result<VerifiedPolicy> verify_policy(std::string_view bundle, const std::vector<std::string>& public_keys) {
  std::vector<keys::PublicKey> parsed;
  parsed.reserve(public_keys.size());
  for (std::size_t i = 0; i < public_keys.size(); ++i) {
    auto key = keys::parse_public(public_keys[i], Code::PolicyBadInput);
    if (!key.ok()) {
      std::string field = "keys[" + std::to_string(i) + "]";
      return Status(Code::PolicyBadInput, field + ": must be a k4.public key", json{{"field", field}});
    }
    parsed.push_back(std::move(key).value());
  }
  namespace signed_json = identity::signed_json;
  signed_json::Verified verified = signed_json::verify(bundle, parsed, kImplicit);
  if (verified.fault == signed_json::Fault::kUnknownKid)
    return Status(Code::PolicyUnknownKey, "the policy bundle's kid is not among the keys given");
  if (verified.fault != signed_json::Fault::kNone) return invalid();
  auto policy = medins::internal::parse_strict(verified.payload, Code::PolicyInvalid, {kMaxJsonDepth, kMaxInputBytes});
  if (!policy.ok() || !policy->is_object()) return invalid();
  MEDINS_RETURN_IF_ERROR(check(*policy));
  return VerifiedPolicy{std::move(policy).value(), keys::pid_of(parsed[verified.signer])};
}

}  // namespace medins::estimate
