// identity.verify / identity.issue: the JSON face of verify_identity and
// issue_identity (docs/api.md).
#include "identity/ops.hpp"
#include "internal/json_util.hpp"
#include "internal/secret.hpp"
#include "medins/identity.hpp"

namespace medins::identity {
namespace {

// Reads "keys": an array of strings (the keyset's size and key validity are
// checked by verify_identity itself).
Result<std::vector<std::string>> read_keyset(const internal::Fields& fields) {
  MEDINS_ASSIGN_OR_RETURN(const json* list, fields.array("keys"));
  std::vector<std::string> keys;
  if (list->size() > kMaxKeysetSize) return fields.error("keys", "holds more than 64 keys");
  for (const auto& key : *list) {
    if (!key.is_string()) return fields.error("keys", "must be an array of k4.public strings");
    keys.push_back(key.get_ref<const std::string&>());
  }
  return keys;
}

}  // namespace

Result<VerifyIdentityOptions> read_verify_options(const internal::Fields& fields, const json& in,
                                                  Context& ctx) {
  VerifyIdentityOptions options;
  MEDINS_ASSIGN_OR_RETURN(options.keys, read_keyset(fields));
  MEDINS_ASSIGN_OR_RETURN(options.audience, fields.string("audience"));
  MEDINS_ASSIGN_OR_RETURN(options.issuer, fields.optional_string("issuer"));
  MEDINS_ASSIGN_OR_RETURN(options.now_unix_s, ctx.now(fields));
  MEDINS_ASSIGN_OR_RETURN(auto leeway, fields.optional_integer("leeway_s"));
  options.leeway_s = leeway ? *leeway : kDefaultLeewayS;
  return options;
}

Result<json> op_identity_verify(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::IdentityBadInput);
  MEDINS_ASSIGN_OR_RETURN(std::string token, fields.string("token"));
  MEDINS_ASSIGN_OR_RETURN(VerifyIdentityOptions options, read_verify_options(fields, in, ctx));
  MEDINS_ASSIGN_OR_RETURN(VerifiedIdentity verified, verify_identity(token, options));
  return json{{"claims", std::move(verified.claims)}, {"kid", std::move(verified.kid)}};
}

Result<json> op_identity_issue(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::IdentityBadInput);
  IssueIdentityOptions options;
  MEDINS_ASSIGN_OR_RETURN(std::string key, fields.string("key"));
  MEDINS_ASSIGN_OR_RETURN(const json* claims, fields.object("claims"));
  MEDINS_ASSIGN_OR_RETURN(options.now_unix_s, ctx.now(fields));
  MEDINS_ASSIGN_OR_RETURN(auto ttl, fields.optional_integer("ttl_s"));
  MEDINS_ASSIGN_OR_RETURN(options.device_key, fields.optional_string("device"));
  options.key = std::move(key);
  options.claims = *claims;
  if (ttl) options.ttl_s = *ttl;
  auto issued = issue_identity(options, ctx.random);
  internal::wipe(options.key);
  MEDINS_RETURN_IF_ERROR(issued.status());
  return json{{"token", std::move(issued->token)}, {"claims", std::move(issued->claims)},
              {"kid", std::move(issued->kid)}};
}

}  // namespace medins::identity
