// coverage.issue / coverage.verify: the JSON face of medins/coverage.hpp,
// and the `coverage` member estimate and grant.* read.
#include "identity/coverage_input.hpp"
#include "identity/ops.hpp"
#include "internal/secret.hpp"

namespace medins::coverage {
namespace {

// "keys": strings; verify() checks each is a k4.public and how many there are.
Result<std::vector<std::string>> key_strings(const internal::Fields& fields) {
  MEDINS_ASSIGN_OR_RETURN(const json* list, fields.array("keys"));
  std::vector<std::string> keys;
  for (const json& key : *list) {
    if (!key.is_string()) return fields.error("keys", "must be an array of k4.public strings");
    keys.push_back(key.get_ref<const std::string&>());
  }
  return keys;
}

}  // namespace

Result<std::optional<Verified>> read_coverage(const internal::Fields& fields) {
  MEDINS_ASSIGN_OR_RETURN(const json* given, fields.optional_object("coverage"));
  if (!given) return std::optional<Verified>();
  const internal::Fields inner = fields.nested(*given, "coverage");
  MEDINS_ASSIGN_OR_RETURN(std::string token, inner.string("token"));
  MEDINS_ASSIGN_OR_RETURN(auto keys, key_strings(inner));
  MEDINS_ASSIGN_OR_RETURN(Verified verified, verify(token, keys));
  return std::optional<Verified>(std::move(verified));
}

}  // namespace medins::coverage

namespace medins::identity {

// {claims, key: k4.secret} → {token, kid}; the key string is wiped once used.
Result<json> op_coverage_issue(const json& in, Context&) {
  internal::Fields fields(in, Code::CoverageBadInput);
  MEDINS_ASSIGN_OR_RETURN(const json* claims, fields.object("claims"));
  MEDINS_ASSIGN_OR_RETURN(std::string key, fields.string("key"));
  auto issued = coverage::issue(*claims, key);
  internal::wipe(key);
  MEDINS_RETURN_IF_ERROR(issued.status());
  return json{{"token", std::move(issued->token)}, {"kid", std::move(issued->kid)}};
}

// {token, keys, now?} → {coverage, kid, active}: active when now's date
// (China Standard Time) is within valid_from..valid_until.
Result<json> op_coverage_verify(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::CoverageBadInput);
  MEDINS_ASSIGN_OR_RETURN(std::string token, fields.string("token"));
  MEDINS_ASSIGN_OR_RETURN(auto keys, coverage::key_strings(fields));
  MEDINS_ASSIGN_OR_RETURN(std::int64_t now, ctx.now(fields));
  MEDINS_ASSIGN_OR_RETURN(coverage::Verified verified, coverage::verify(token, keys));
  const bool active = verified.claims.valid.contains(coverage::date_of(now));
  return json{{"coverage", std::move(verified.json)}, {"kid", std::move(verified.kid)}, {"active", active}};
}

}  // namespace medins::identity
