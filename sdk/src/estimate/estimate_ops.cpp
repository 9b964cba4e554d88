#include "call/op_table.hpp"
#include "estimate/estimate_internal.hpp"
#include "estimate/prepared.hpp"
#include "identity/coverage_input.hpp"
#include "internal/json_util.hpp"
#include "internal/secret.hpp"
#include "medins/estimate.hpp"

namespace medins {
namespace {

Result<std::vector<std::string>> key_list(const internal::Fields& fields, const char* name) {
  MEDINS_ASSIGN_OR_RETURN(const json* list, fields.array(name));
  std::vector<std::string> keys;
  for (const json& key : *list) {
    if (!key.is_string()) return fields.error(name, "must be an array of k4.public strings");
    keys.push_back(key.get<std::string>());
  }
  return keys;
}

// The policy of {policy} or {policy_bundle, keys}: the input's own object,
// or the bundle's once its signature checks (then in `verified`, with its kid).
Result<const json*> read_policy(const internal::Fields& fields, estimate::VerifiedPolicy& verified) {
  MEDINS_ASSIGN_OR_RETURN(auto bundle, fields.optional_string("policy_bundle"));
  if (!bundle) return fields.object("policy");
  if (fields.has("policy")) return fields.error("policy", "give either policy or policy_bundle, not both");
  MEDINS_ASSIGN_OR_RETURN(auto keys, key_list(fields, "keys"));
  MEDINS_ASSIGN_OR_RETURN(verified, estimate::verify_policy(*bundle, keys));
  return &verified.policy;
}

json versions_of(const estimate::PolicySet& set) {
  json versions = json::array();
  for (const auto& version : set.versions) versions.push_back(version.version);
  return versions;
}

// {policy | {policy_bundle, keys} | policy_handle, accumulators, bill, coverage?} → the estimate
// (docs/estimate.md); the bill's lines from `tapped` when the input text was tapped.
Result<std::string> estimate_of(const json& in, estimate::TappedLines* tapped) {
  internal::Fields fields(in, Code::EstimateBadInput);
  MEDINS_ASSIGN_OR_RETURN(const json* accumulators, fields.object("accumulators"));
  MEDINS_ASSIGN_OR_RETURN(const json* bill, fields.object("bill"));
  MEDINS_ASSIGN_OR_RETURN(auto handle, fields.optional_string("policy_handle"));
  MEDINS_ASSIGN_OR_RETURN(auto held, coverage::read_coverage(fields));
  const coverage::Claims* claims = held ? &held->claims : nullptr;
  if (handle) {
    for (const char* other : {"policy", "policy_bundle"})
      if (fields.has(other)) return fields.error(other, "give one of policy, policy_bundle and policy_handle");
    MEDINS_ASSIGN_OR_RETURN(auto prepared, estimate::find_prepared(*handle));
    return estimate::estimate_text_validated(prepared->set, *accumulators, *bill, tapped, claims);
  }
  estimate::VerifiedPolicy verified;
  MEDINS_ASSIGN_OR_RETURN(const json* policy, read_policy(fields, verified));
  return estimate::estimate_text(*policy, *accumulators, *bill, tapped, claims);
}

Result<std::string> op_estimate(const json& in, Context&) { return estimate_of(in, nullptr); }

// The hot path: bill.lines read from the text into their fields, never a tree
// (a bill of 100 lines was most of the op's time as a tree; docs/performance.md).
Result<std::string> op_estimate_raw(std::string_view input, Context&) {
  estimate::TappedLines lines;
  MEDINS_ASSIGN_OR_RETURN(json in, parse_call_input(input, {estimate::kBillLinesPath, &lines}));
  Result<std::string> out = estimate_of(in, &lines);
  internal::wipe_strings(in);
  return out;
}

// {policy, key: k4.secret} → {policy_bundle, kid}; the key string is wiped once used.
Result<json> op_policy_sign(const json& in, Context&) {
  internal::Fields fields(in, Code::PolicyBadInput);
  MEDINS_ASSIGN_OR_RETURN(const json* policy, fields.object("policy"));
  MEDINS_ASSIGN_OR_RETURN(std::string key, fields.string("key"));
  auto signed_policy = estimate::sign_policy(*policy, key);
  internal::wipe(key);
  MEDINS_RETURN_IF_ERROR(signed_policy.status());
  return json{{"policy_bundle", std::move(signed_policy->bundle)}, {"kid", std::move(signed_policy->kid)}};
}

// {policy_bundle, keys: [k4.public]} → {policy, kid}.
Result<json> op_policy_verify(const json& in, Context&) {
  internal::Fields fields(in, Code::PolicyBadInput);
  MEDINS_ASSIGN_OR_RETURN(std::string bundle, fields.string("policy_bundle"));
  MEDINS_ASSIGN_OR_RETURN(auto keys, key_list(fields, "keys"));
  MEDINS_ASSIGN_OR_RETURN(estimate::VerifiedPolicy verified, estimate::verify_policy(bundle, keys));
  return json{{"policy", std::move(verified.policy)}, {"kid", std::move(verified.kid)}};
}

// {policy} → {valid: true, policy_id, versions}, or the first inconsistency as a policy.* error.
Result<json> op_policy_validate(const json& in, Context&) {
  internal::Fields fields(in, Code::PolicyBadInput);
  MEDINS_ASSIGN_OR_RETURN(const json* policy, fields.object("policy"));
  MEDINS_ASSIGN_OR_RETURN(estimate::PolicySet set, estimate::parse_policy(*policy, Code::PolicyBadInput, "policy."));
  MEDINS_RETURN_IF_ERROR(estimate::validate_policy(set));
  return json{{"valid", true}, {"policy_id", std::move(set.policy_id)}, {"versions", versions_of(set)}};
}

// {policy | {policy_bundle, keys}} → {policy_handle, policy_id, versions, kid?}:
// read, checked and kept once, for estimate's policy_handle.
Result<json> op_policy_prepare(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::PolicyBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  estimate::VerifiedPolicy verified;
  MEDINS_ASSIGN_OR_RETURN(const json* policy, read_policy(fields, verified));
  estimate::PreparedPolicy prepared;
  prepared.kid = std::move(verified.kid);
  MEDINS_ASSIGN_OR_RETURN(prepared.set, estimate::parse_policy(*policy, Code::PolicyBadInput, "policy."));
  MEDINS_RETURN_IF_ERROR(estimate::validate_policy(prepared.set));
  json out{{"policy_id", prepared.set.policy_id}, {"versions", versions_of(prepared.set)}};
  if (!prepared.kid.empty()) out["kid"] = prepared.kid;
  MEDINS_ASSIGN_OR_RETURN(out["policy_handle"], estimate::keep_prepared(std::move(prepared), ctx.random));
  return out;
}

// {policy_handle} → {released: true}: the core forgets it at once.
Result<json> op_policy_release(const json& in, Context&) {
  internal::Fields fields(in, Code::PolicyBadInput);
  MEDINS_ASSIGN_OR_RETURN(std::string handle, fields.string("policy_handle"));
  MEDINS_RETURN_IF_ERROR(estimate::release_prepared(handle));
  return json{{"released", true}};
}

// {estimate, official} → the fields where the official 2206 figures differ.
Result<json> op_estimate_compare(const json& in, Context&) {
  internal::Fields fields(in, Code::EstimateBadInput);
  MEDINS_ASSIGN_OR_RETURN(const json* estimate, fields.object("estimate"));
  MEDINS_ASSIGN_OR_RETURN(const json* official, fields.object("official"));
  return estimate::compare(*estimate, *official);
}

constexpr OpDef kOps[] = {
    {"estimate", &dom_of<&op_estimate>, &op_estimate, &op_estimate_raw},
    {"estimate.compare", &op_estimate_compare},
    {"policy.prepare", &op_policy_prepare},
    {"policy.release", &op_policy_release},
    {"policy.sign", &op_policy_sign},
    {"policy.validate", &op_policy_validate},
    {"policy.verify", &op_policy_verify},
};

}  // namespace

std::span<const OpDef> estimate_ops() { return kOps; }

}  // namespace medins
