// complaint.*: the JSON face of medins/complaint.hpp.
#include "call/op_table.hpp"
#include "estimate/prepared.hpp"
#include "identity/ops.hpp"
#include "internal/json_util.hpp"
#include "internal/secret.hpp"
#include "keys/paserk.hpp"
#include "medins/complaint.hpp"
#include "receipt/internal.hpp"
#include "receipt/inputs.hpp"

namespace medins {
namespace complaint {
namespace {

using internal::Fields;

// A receipt as evidence: its token, or the wallet entry wallet.get returns.
Result<std::string> receipt_token(const Fields& fields, const json& value, const std::string& at) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_object()) {
    auto token = value.find("token");
    if (token != value.end() && token->is_string()) return token->get<std::string>();
  }
  return fields.error(at, "must be a receipt token, or a wallet entry with its token (wallet.get)");
}

// {category?, facts?, evidence?: {receipts?, estimate?, booking?}, estimate?,
// receipt?, amount_claimed_fen?, identity_token?, insurer}: `estimate` and
// `receipt` at the top are the short form of a complaint about what an
// estimate flagged, and the receipt of what was then charged.
Result<Draft> read_draft(const Fields& fields, const json& in) {
  Draft draft;
  MEDINS_ASSIGN_OR_RETURN(auto category, fields.optional_string("category"));
  if (category) draft.category = std::move(*category);
  MEDINS_ASSIGN_OR_RETURN(const json* facts, fields.optional_object("facts"));
  if (facts != nullptr) draft.facts = *facts;
  MEDINS_ASSIGN_OR_RETURN(const json* evidence, fields.optional_object("evidence"));
  const Fields evidence_fields = fields.nested(evidence != nullptr ? *evidence : in, "evidence");
  const json* receipts = nullptr;
  const json* estimate = nullptr;
  const json* booking = nullptr;
  if (evidence != nullptr) {
    MEDINS_ASSIGN_OR_RETURN(receipts, evidence_fields.optional_array("receipts"));
    MEDINS_ASSIGN_OR_RETURN(estimate, evidence_fields.optional_object("estimate"));
    MEDINS_ASSIGN_OR_RETURN(booking, evidence_fields.optional_object("booking"));
  }
  MEDINS_ASSIGN_OR_RETURN(const json* short_estimate, fields.optional_object("estimate"));
  if (short_estimate != nullptr) {
    if (estimate != nullptr) return fields.error("estimate", "give it once: here or in evidence.estimate");
    estimate = short_estimate;
  }
  if (receipts != nullptr) {
    if (receipts->size() > kMaxReceipts) return evidence_fields.error("receipts", "must hold at most 16 receipts");
    for (std::size_t i = 0; i < receipts->size(); ++i) {
      MEDINS_ASSIGN_OR_RETURN(std::string token,
                              receipt_token(evidence_fields, (*receipts)[i], "receipts[" + std::to_string(i) + "]"));
      draft.receipts.push_back(std::move(token));
    }
  }
  if (fields.has("receipt")) {
    MEDINS_ASSIGN_OR_RETURN(std::string token, receipt_token(fields, in["receipt"], "receipt"));
    draft.receipts.insert(draft.receipts.begin(), std::move(token));
  }
  if (estimate != nullptr) draft.estimate = *estimate;
  if (booking != nullptr) draft.booking = *booking;
  MEDINS_ASSIGN_OR_RETURN(draft.amount_claimed_fen, fields.optional_integer("amount_claimed_fen"));
  MEDINS_ASSIGN_OR_RETURN(auto identity_token, fields.optional_string("identity_token"));
  if (identity_token) draft.identity_token = std::move(*identity_token);
  MEDINS_ASSIGN_OR_RETURN(draft.insurer, fields.string("insurer"));
  return draft;
}

// The input above plus the device key (a session, or device_key with unlock)
// → {complaint_id, sealed, complaint}.
Result<json> op_create(const json& in, Context& ctx) {
  Fields fields(in, Code::ComplaintBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(Draft draft, read_draft(fields, in));
  MEDINS_ASSIGN_OR_RETURN(draft.now_unix_s, ctx.now(fields));
  receipt::ScopedOpener device;
  MEDINS_RETURN_IF_ERROR(identity::read_device_key(fields, ctx.now_unix_s(), identity::DeviceKeyNames::kCurrent,
                                                   device.opener.device_key, device.opener.unlock));
  MEDINS_ASSIGN_OR_RETURN(Created created, create(draft, device.opener, ctx.random));
  return json{{"complaint_id", std::move(created.complaint_id)},
              {"sealed", std::move(created.sealed)},
              {"complaint", std::move(created.complaint)}};
}

// identity: {keys, audience, issuer?, leeway_s?}, read as identity.verify
// reads them. verify_identity checks the keyset and leeway too, but its
// refusal would land in the patient report: the insurer's own bad input
// fails the call instead.
Result<std::optional<identity::VerifyIdentityOptions>> read_identity_check(const Fields& fields, Context& ctx) {
  MEDINS_ASSIGN_OR_RETURN(const json* object, fields.optional_object("identity"));
  if (object == nullptr) return std::optional<identity::VerifyIdentityOptions>();
  const Fields id = fields.nested(*object, "identity");
  MEDINS_ASSIGN_OR_RETURN(identity::VerifyIdentityOptions options, identity::read_verify_options(id, *object, ctx));
  if (options.keys.empty()) return id.error("keys", "must hold 1 to 64 keys");
  if (options.leeway_s < 0 || options.leeway_s > identity::kMaxLeewayS) return id.error("leeway_s", "must be 0 to 86400");
  return std::optional<identity::VerifyIdentityOptions>(std::move(options));
}

// issuers, when given, as receipt.open reads them, each key parsed now so a
// bad one is an error of the call rather than of every receipt.
Result<std::vector<receipt::TrustedIssuer>> read_open_issuers(const Fields& fields) {
  if (!fields.has("issuers")) return std::vector<receipt::TrustedIssuer>();
  MEDINS_ASSIGN_OR_RETURN(auto issuers, receipt::read_issuers(fields, Code::ComplaintBadInput));
  MEDINS_RETURN_IF_ERROR(receipt::detail::check_issuers(issuers, Code::ComplaintBadInput, /*may_be_empty=*/true));
  for (const receipt::TrustedIssuer& issuer : issuers) MEDINS_RETURN_IF_ERROR(keys::require_public(issuer.key).status());
  return issuers;
}

// {sealed, key: k4.secret, issuers?, identity?, policy? | policy_handle?} →
// the opened complaint (docs/complaints.md).
Result<json> op_open(const json& in, Context& ctx) {
  Fields fields(in, Code::ComplaintBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(std::string sealed, fields.string("sealed"));
  MEDINS_ASSIGN_OR_RETURN(std::string key_text, fields.string("key"));
  internal::SecretString insurer_key(std::move(key_text));
  OpenCheck check;
  MEDINS_ASSIGN_OR_RETURN(check.issuers, read_open_issuers(fields));
  MEDINS_ASSIGN_OR_RETURN(check.identity, read_identity_check(fields, ctx));
  MEDINS_ASSIGN_OR_RETURN(auto handle, fields.optional_string("policy_handle"));
  MEDINS_ASSIGN_OR_RETURN(const json* policy_json, fields.optional_object("policy"));
  std::shared_ptr<const estimate::PreparedPolicy> prepared;
  estimate::PolicySet policy;
  if (handle) {
    if (policy_json != nullptr) return fields.error("policy", "give either policy or policy_handle, not both");
    MEDINS_ASSIGN_OR_RETURN(prepared, estimate::find_prepared(*handle));
    check.policy = &prepared->set;
  } else if (policy_json != nullptr) {
    MEDINS_ASSIGN_OR_RETURN(policy, estimate::parse_policy(*policy_json, Code::PolicyBadInput, "policy."));
    MEDINS_RETURN_IF_ERROR(estimate::validate_policy(policy));
    check.policy = &policy;
  }
  return open(sealed, insurer_key.str(), check);
}

constexpr OpDef kOps[] = {
    {"complaint.create", &op_create},
    {"complaint.open", &op_open},
};

}  // namespace
}  // namespace complaint

std::span<const OpDef> complaint_ops() { return complaint::kOps; }

}  // namespace medins
