#include "call/op_table.hpp"
#include "internal/json_util.hpp"
#include "medins/estimate.hpp"

namespace medins {
namespace {

// {policy, accumulators, bill} → the estimate (spec/estimate.md).
Result<json> op_estimate(const json& in, Context&) {
  internal::Fields fields(in, Code::EstimateBadInput);
  MEDINS_ASSIGN_OR_RETURN(const json* policy, fields.object("policy"));
  MEDINS_ASSIGN_OR_RETURN(const json* accumulators, fields.object("accumulators"));
  MEDINS_ASSIGN_OR_RETURN(const json* bill, fields.object("bill"));
  return estimate::estimate_json(*policy, *accumulators, *bill);
}

// {policy} → {valid: true, policy_id, versions}, or the first inconsistency as a policy.* error.
Result<json> op_policy_validate(const json& in, Context&) {
  internal::Fields fields(in, Code::PolicyBadInput);
  MEDINS_ASSIGN_OR_RETURN(const json* policy, fields.object("policy"));
  MEDINS_ASSIGN_OR_RETURN(estimate::PolicySet set, estimate::parse_policy(*policy, Code::PolicyBadInput, "policy."));
  MEDINS_RETURN_IF_ERROR(estimate::validate_policy(set));
  json versions = json::array();
  for (const auto& version : set.versions) versions.push_back(version.version);
  return json{{"valid", true}, {"policy_id", std::move(set.policy_id)}, {"versions", std::move(versions)}};
}

// {estimate, official} → the fields where the official 2206 figures differ.
Result<json> op_estimate_compare(const json& in, Context&) {
  internal::Fields fields(in, Code::EstimateBadInput);
  MEDINS_ASSIGN_OR_RETURN(const json* estimate, fields.object("estimate"));
  MEDINS_ASSIGN_OR_RETURN(const json* official, fields.object("official"));
  return estimate::compare(*estimate, *official);
}

constexpr OpDef kOps[] = {
    {"estimate", &op_estimate},
    {"estimate.compare", &op_estimate_compare},
    {"policy.validate", &op_policy_validate},
};

}  // namespace

std::span<const OpDef> estimate_ops() { return kOps; }

}  // namespace medins
