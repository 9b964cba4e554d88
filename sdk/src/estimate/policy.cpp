// Policy sets: reading them (structure) and checking them (consistency).
#include <algorithm>
#include <numeric>
#include <string>

#include "estimate/arith.hpp"
#include "internal/calendar.hpp"
#include "internal/json_util.hpp"
#include "estimate/estimate_internal.hpp"
#include "medins/estimate.hpp"

namespace medins::estimate {
namespace {

using nlohmann::json;
using medins::internal::Fields;

std::string index_path(std::string_view base, std::string_view name, std::size_t i) {
  std::string path(base);
  path.append(name).append("[").append(std::to_string(i)).append("]");
  return path;
}

// A list over its limit is refused before any of it is read.
Status too_many(Code code, const std::string& field, std::size_t limit) {
  return Status(code, field + ": lists more than " + std::to_string(limit), json{{"field", field}, {"limit", limit}});
}

// A money amount or count of the policy: an integer, never negative.
Result<std::int64_t> non_negative(const Fields& fields, std::string_view name) {
  MEDINS_ASSIGN_OR_RETURN(std::int64_t value, fields.integer(name));
  if (value < 0) return fields.error(name, "must not be negative");
  return value;
}

Result<std::optional<std::int64_t>> optional_non_negative(const Fields& fields, std::string_view name) {
  MEDINS_ASSIGN_OR_RETURN(auto value, fields.optional_integer(name));
  if (value && *value < 0) return fields.error(name, "must not be negative");
  return value;
}

Result<std::vector<std::string>> string_list(const Fields& fields, std::string_view name, bool required) {
  MEDINS_ASSIGN_OR_RETURN(const json* list, required ? fields.array(name) : fields.optional_array(name));
  std::vector<std::string> out;
  if (list == nullptr) return out;
  out.reserve(list->size());
  for (const json& item : *list) {
    if (!item.is_string()) return fields.error(name, "must be an array of strings");
    out.push_back(item.get_ref<const std::string&>());
  }
  return out;
}

Result<DateKey> date_field(const Fields& fields, std::string_view name) {
  MEDINS_ASSIGN_OR_RETURN(std::string text, fields.string(name));
  auto date = parse_date(text);
  if (!date) return fields.error(name, "must be a date YYYY-MM-DD");
  return *date;
}

Result<Deductible> read_deductible(const json& object, Code bad, const std::string& prefix) {
  Fields fields(object, bad, prefix);
  Deductible deductible;
  MEDINS_ASSIGN_OR_RETURN(std::string type, fields.string("type"));
  if (type == "annual") {
    deductible.type = DeductibleType::kAnnual;
    MEDINS_ASSIGN_OR_RETURN(deductible.amount_fen, non_negative(fields, "amount_fen"));
  } else if (type == "per_admission") {
    deductible.type = DeductibleType::kPerAdmission;
    MEDINS_ASSIGN_OR_RETURN(const json* sequence, fields.array("sequence_fen"));
    if (sequence->empty()) return fields.error("sequence_fen", "must not be empty");
    for (const json& amount : *sequence) {
      std::int64_t value = 0;
      if (internal::read_int(&amount, value) != internal::IntRead::kOk || value < 0)
        return fields.error("sequence_fen", "must be an array of non-negative integers");
      deductible.sequence_fen.push_back(value);
    }
  } else if (type == "none") {
    deductible.type = DeductibleType::kNone;
  } else {
    return fields.error("type", "must be \"annual\", \"per_admission\" or \"none\"");
  }
  return deductible;
}

Result<std::vector<Band>> read_bands(const json& list, Code bad, const std::string& path) {
  if (list.size() > kMaxBands) return too_many(Code::PolicyTooManyBands, path, kMaxBands);
  std::vector<Band> bands;
  bands.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    Fields fields(list[i], bad, index_path(path, "", i) + ".");
    MEDINS_RETURN_IF_ERROR(fields.require_object());
    Band band;
    MEDINS_ASSIGN_OR_RETURN(band.upto_fen, optional_non_negative(fields, "upto_in_scope_ytd_fen"));
    MEDINS_ASSIGN_OR_RETURN(band.bp, fields.integer("bp"));
    bands.push_back(band);
  }
  return bands;
}

// {"zh", "en"}: the names a phone shows, in the patient's language.
Status read_names(const Fields& fields, std::string& zh, std::string& en) {
  MEDINS_ASSIGN_OR_RETURN(const json* names, fields.object("name"));
  const Fields name_fields = fields.nested(*names, "name");
  MEDINS_ASSIGN_OR_RETURN(zh, name_fields.string("zh"));
  MEDINS_ASSIGN_OR_RETURN(en, name_fields.string("en"));
  if (zh.empty()) return name_fields.error("zh", "must not be empty");
  if (en.empty()) return name_fields.error("en", "must not be empty");
  return ok_status();
}

Status read_care(const Fields& fields, Code bad, const std::string& prefix, Pool& pool) {
  MEDINS_ASSIGN_OR_RETURN(const json* care, fields.optional_object("long_term_care"));
  if (!care) return ok_status();
  pool.long_term_care = true;
  const Fields care_fields = fields.nested(*care, "long_term_care");
  MEDINS_ASSIGN_OR_RETURN(const json* services, care_fields.array("services"));
  const std::string path = prefix + "long_term_care.services";
  if (services->size() > kMaxCareServices) return too_many(Code::PolicyTooManyCareServices, path, kMaxCareServices);
  for (std::size_t i = 0; i < services->size(); ++i) {
    Fields service_fields((*services)[i], bad, index_path(path, "", i) + ".");
    MEDINS_RETURN_IF_ERROR(service_fields.require_object());
    CareService service;
    MEDINS_ASSIGN_OR_RETURN(service.code, service_fields.string("code"));
    MEDINS_RETURN_IF_ERROR(read_names(service_fields, service.name_zh, service.name_en));
    MEDINS_ASSIGN_OR_RETURN(service.unit_limit_fen, non_negative(service_fields, "unit_limit_fen"));
    pool.care_services.push_back(std::move(service));
  }
  return ok_status();
}

Result<Pool> read_pool(const std::string& name, const json& object, Code bad, const std::string& prefix) {
  Fields fields(object, bad, prefix);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  Pool pool;
  pool.name = name;
  MEDINS_ASSIGN_OR_RETURN(pool.visit_types, string_list(fields, "visit_types", true));
  MEDINS_ASSIGN_OR_RETURN(auto registration, fields.optional_boolean("requires_registration"));
  pool.requires_registration = registration.value_or(false);
  MEDINS_ASSIGN_OR_RETURN(const json* deductible, fields.object("deductible"));
  MEDINS_ASSIGN_OR_RETURN(pool.deductible, read_deductible(*deductible, bad, prefix + "deductible."));
  MEDINS_ASSIGN_OR_RETURN(pool.annual_cap_fen, optional_non_negative(fields, "annual_cap_fen"));
  MEDINS_ASSIGN_OR_RETURN(const json* levels, fields.object("bands_by_level"));
  for (auto it = levels->begin(); it != levels->end(); ++it) {
    std::string path = prefix + "bands_by_level." + it.key();
    if (!it->is_array()) return Status(bad, path + ": must be an array of bands", json{{"field", path}});
    MEDINS_ASSIGN_OR_RETURN(auto bands, read_bands(*it, bad, path));
    pool.bands_by_level.push_back({it.key(), std::move(bands)});
  }
  MEDINS_ASSIGN_OR_RETURN(pool.not_covered_levels, string_list(fields, "not_covered_levels", false));
  MEDINS_RETURN_IF_ERROR(read_care(fields, bad, prefix, pool));
  return pool;
}

Result<PolicyVersion> read_version(const json& object, Code bad, const std::string& prefix) {
  Fields fields(object, bad, prefix);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  PolicyVersion version;
  MEDINS_ASSIGN_OR_RETURN(version.version, fields.string("version"));
  MEDINS_ASSIGN_OR_RETURN(version.effective_from, date_field(fields, "effective_from"));
  if (fields.has("effective_to")) {
    MEDINS_ASSIGN_OR_RETURN(DateKey to, date_field(fields, "effective_to"));
    if (to < version.effective_from) return fields.error("effective_to", "is before effective_from");
    version.effective_to = to;
  }

  MEDINS_ASSIGN_OR_RETURN(const json* rounding, fields.object("rounding"));
  Fields rounding_fields(*rounding, bad, prefix + "rounding.");
  MEDINS_ASSIGN_OR_RETURN(std::string mode, rounding_fields.string("mode"));
  if (mode == "half_up") version.rounding = Rounding::kHalfUp;
  else if (mode == "half_even") version.rounding = Rounding::kHalfEven;
  else if (mode == "down") version.rounding = Rounding::kDown;
  else return rounding_fields.error("mode", "must be \"half_up\", \"half_even\" or \"down\"");

  MEDINS_ASSIGN_OR_RETURN(const json* defaults, fields.optional_object("catalogue_defaults"));
  if (defaults) {
    Fields default_fields(*defaults, bad, prefix + "catalogue_defaults.");
    MEDINS_ASSIGN_OR_RETURN(version.b_self_pay_first_bp, default_fields.optional_integer("b_self_pay_first_bp"));
  }

  MEDINS_ASSIGN_OR_RETURN(const json* account, fields.optional_object("personal_account"));
  if (account) {
    Fields account_fields(*account, bad, prefix + "personal_account.");
    MEDINS_ASSIGN_OR_RETURN(auto available, account_fields.optional_boolean("available"));
    version.account_available = available.value_or(false);
    MEDINS_ASSIGN_OR_RETURN(auto scope, account_fields.optional_string("payable_scope"));
    if (!scope || *scope == "none") version.account_scope = AccountScope::kNone;
    else if (*scope == "self_pay") version.account_scope = AccountScope::kSelfPay;
    else if (*scope == "all_patient_share") version.account_scope = AccountScope::kAllPatientShare;
    else return account_fields.error("payable_scope", "must be \"self_pay\", \"all_patient_share\" or \"none\"");
  }

  MEDINS_ASSIGN_OR_RETURN(const json* pools, fields.object("pools"));
  if (pools->size() > kMaxPools) return too_many(Code::PolicyTooManyPools, prefix + "pools", kMaxPools);
  version.pools.reserve(pools->size());
  for (auto it = pools->begin(); it != pools->end(); ++it) {
    MEDINS_ASSIGN_OR_RETURN(Pool pool, read_pool(it.key(), *it, bad, prefix + "pools." + it.key() + "."));
    version.pools.push_back(std::move(pool));
  }

  MEDINS_ASSIGN_OR_RETURN(const json* covered, fields.optional_array("covered_in_full"));
  if (covered) {
    if (covered->size() > kMaxCoveredServices)
      return too_many(Code::PolicyTooManyCoveredServices, prefix + "covered_in_full", kMaxCoveredServices);
    for (std::size_t i = 0; i < covered->size(); ++i) {
      Fields service_fields((*covered)[i], bad, index_path(prefix, "covered_in_full", i) + ".");
      MEDINS_RETURN_IF_ERROR(service_fields.require_object());
      CoveredService service;
      MEDINS_ASSIGN_OR_RETURN(service.code, service_fields.string("code"));
      MEDINS_ASSIGN_OR_RETURN(service.pools, string_list(service_fields, "pools", false));
      version.covered_in_full.push_back(std::move(service));
    }
  }

  MEDINS_ASSIGN_OR_RETURN(const json* conditions, fields.optional_array("conditions"));
  if (conditions) {
    if (conditions->size() > kMaxConditions)
      return too_many(Code::PolicyTooManyConditions, prefix + "conditions", kMaxConditions);
    for (std::size_t i = 0; i < conditions->size(); ++i) {
      Fields condition_fields((*conditions)[i], bad, index_path(prefix, "conditions", i) + ".");
      MEDINS_RETURN_IF_ERROR(condition_fields.require_object());
      ConditionEntry entry;
      MEDINS_ASSIGN_OR_RETURN(entry.code, condition_fields.string("code"));
      MEDINS_RETURN_IF_ERROR(read_names(condition_fields, entry.name_zh, entry.name_en));
      MEDINS_ASSIGN_OR_RETURN(entry.pool, condition_fields.string("pool"));
      version.conditions.push_back(std::move(entry));
    }
  }
  return version;
}

bool ratio_ok(std::int64_t bp) { return bp >= 0 && bp <= kFullBp; }

Status pool_problem(Code code, std::string message, std::size_t version, const Pool& pool,
                    json extra = json::object()) {
  extra["version"] = version;
  extra["pool"] = pool.name;
  return Status(code, std::move(message), std::move(extra));
}

Status validate_bands(std::size_t v, const Pool& pool, const LevelBands& level) {
  json where = {{"level", level.level}};
  if (level.bands.empty() || level.bands.back().upto_fen.has_value())
    return pool_problem(Code::PolicyOpenBands,
                        "the last band of " + pool.name + "/" + level.level + " must be unbounded (upto null)",
                        v, pool, where);
  for (std::size_t i = 0; i < level.bands.size(); ++i) {
    const Band& band = level.bands[i];
    where["band"] = i;
    if (!ratio_ok(band.bp))
      return pool_problem(Code::PolicyRatioOutOfRange, "band bp must be within 0..10000", v, pool, where);
    if (i == 0) continue;
    const Band& previous = level.bands[i - 1];
    // After an unbounded band, any further band covers amounts it already covers.
    if (!previous.upto_fen)
      return pool_problem(Code::PolicyOverlappingBands, "a band follows an unbounded band", v, pool, where);
    // The last band is unbounded (checked above) and so above any bound:
    // dereferencing its empty upto_fen was undefined behaviour, which LTO exposed.
    if (band.upto_fen && *band.upto_fen <= *previous.upto_fen)
      return pool_problem(Code::PolicyUnorderedBands, "band upper bounds must strictly increase", v, pool,
                          where);
  }
  return ok_status();
}

// Sorted by start date, versions overlap somewhere iff one starts before the
// latest end among those starting no later than it: one pass after the sort,
// where comparing every pair took minutes for a hostile policy.
Status check_versions(const std::vector<PolicyVersion>& versions) {
  constexpr DateKey kOpen = 99999999;
  std::vector<std::size_t> order(versions.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::pair(versions[a].effective_from, a) < std::pair(versions[b].effective_from, b);
  });
  std::optional<std::size_t> latest;  // the version seen so far that ends last
  for (std::size_t i : order) {
    const PolicyVersion& version = versions[i];
    const DateKey to = version.effective_to.value_or(kOpen);
    // An empty range (only a C++ caller can build one) covers no date.
    if (to < version.effective_from) continue;
    if (latest && version.effective_from <= versions[*latest].effective_to.value_or(kOpen)) {
      const auto [a, b] = std::minmax(*latest, i);
      return Status(Code::PolicyOverlappingVersions,
                    "versions " + versions[a].version + " and " + versions[b].version + " overlap",
                    json{{"versions", json::array({a, b})}});
    }
    if (!latest || to > versions[*latest].effective_to.value_or(kOpen)) latest = i;
  }
  return ok_status();
}

// Two pools taking one visit type would make the pool of a visit depend on key
// order; the spec's step 3 assumes one. Sorted (type, pool) pairs put every
// pool taking a type side by side.
Status check_visit_types(std::size_t v, const PolicyVersion& version) {
  std::vector<std::pair<std::string_view, std::size_t>> takes;
  for (std::size_t p = 0; p < version.pools.size(); ++p)
    for (const auto& type : version.pools[p].visit_types) takes.emplace_back(type, p);
  std::sort(takes.begin(), takes.end());
  for (std::size_t k = 1; k < takes.size(); ++k) {
    if (takes[k].first != takes[k - 1].first || takes[k].second == takes[k - 1].second) continue;
    const Pool& pool = version.pools[takes[k - 1].second];
    const std::string type(takes[k].first);
    return pool_problem(Code::PolicyAmbiguousVisitType,
                        "pools " + pool.name + " and " + version.pools[takes[k].second].name + " both take " + type,
                        v, pool, json{{"visit_type", type}});
  }
  return ok_status();
}

Status check_covered_pools(std::size_t v, const PolicyVersion& version) {
  std::vector<std::string_view> names;
  for (const Pool& pool : version.pools) names.push_back(pool.name);
  std::sort(names.begin(), names.end());
  for (std::size_t s = 0; s < version.covered_in_full.size(); ++s)
    for (const auto& name : version.covered_in_full[s].pools)
      if (!std::binary_search(names.begin(), names.end(), std::string_view(name)))
        return Status(Code::PolicyUnknownPool, "covered_in_full refers to an unknown pool " + name,
                      json{{"version", v}, {"service", s}, {"pool", name}});
  return ok_status();
}

// The condition catalogue: each code once, each unlocking a pool of the
// version that requires registration (the only pools a condition gates);
// each care pool lists each service once.
Status check_catalogues(std::size_t v, const PolicyVersion& version) {
  std::vector<std::pair<std::string_view, std::size_t>> codes;
  for (std::size_t i = 0; i < version.conditions.size(); ++i) {
    const ConditionEntry& entry = version.conditions[i];
    codes.emplace_back(entry.code, i);
    auto pool = std::find_if(version.pools.begin(), version.pools.end(),
                             [&](const Pool& p) { return p.name == entry.pool; });
    if (pool == version.pools.end())
      return Status(Code::PolicyUnknownPool, "condition " + entry.code + " unlocks an unknown pool " + entry.pool,
                    json{{"version", v}, {"condition", i}, {"pool", entry.pool}});
    if (!pool->requires_registration)
      return Status(Code::PolicyConditionPoolUnregistered,
                    "condition " + entry.code + " unlocks pool " + entry.pool + ", which does not require registration",
                    json{{"version", v}, {"condition", i}, {"pool", entry.pool}});
  }
  std::sort(codes.begin(), codes.end());
  for (std::size_t k = 1; k < codes.size(); ++k)
    if (codes[k].first == codes[k - 1].first)
      return Status(Code::PolicyDuplicateCondition, "condition " + std::string(codes[k].first) + " is listed twice",
                    json{{"version", v}, {"condition", codes[k].second}});
  for (const Pool& pool : version.pools) {
    std::vector<std::string_view> services;
    for (const CareService& service : pool.care_services) services.push_back(service.code);
    std::sort(services.begin(), services.end());
    auto twice = std::adjacent_find(services.begin(), services.end());
    if (twice != services.end())
      return pool_problem(Code::PolicyDuplicateCareService, "care service " + std::string(*twice) + " is listed twice",
                          v, pool, json{{"service", std::string(*twice)}});
  }
  return ok_status();
}

}  // namespace

std::optional<DateKey> parse_date(std::string_view text) {
  const auto date = medins::internal::parse_iso_date(text);
  if (!date) return std::nullopt;
  return static_cast<DateKey>(date->year * 10000 + date->month * 100 + date->day);
}

Result<PolicySet> parse_policy(const json& policy, Code bad_input, std::string_view field_prefix) {
  const std::string prefix(field_prefix);
  Fields fields(policy, bad_input, prefix);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(std::string schema, fields.string("schema"));
  if (schema != "fee-policy/0.1") return fields.error("schema", "must be \"fee-policy/0.1\"");
  PolicySet set;
  MEDINS_ASSIGN_OR_RETURN(set.policy_id, fields.string("policy_id"));
  // Documentation until a coverage is given: then the estimate refuses a
  // coverage of another scheme or from outside the region.
  MEDINS_ASSIGN_OR_RETURN(set.scheme, fields.optional_string("scheme"));
  if (set.scheme && *set.scheme != "employee" && *set.scheme != "resident")
    return fields.error("scheme", "must be \"employee\" or \"resident\"");
  MEDINS_ASSIGN_OR_RETURN(const json* region, fields.optional_object("region"));
  if (region) {
    const Fields region_fields = fields.nested(*region, "region");
    MEDINS_ASSIGN_OR_RETURN(set.admdvs, region_fields.optional_string("admdvs"));
    if (set.admdvs && (set.admdvs->size() != 6 || !std::all_of(set.admdvs->begin(), set.admdvs->end(),
                                                               [](char c) { return c >= '0' && c <= '9'; })))
      return region_fields.error("admdvs", "must be a 6-digit administrative division code");
  }
  MEDINS_ASSIGN_OR_RETURN(const json* versions, fields.array("versions"));
  if (versions->size() > kMaxVersions) return too_many(Code::PolicyTooManyVersions, prefix + "versions", kMaxVersions);
  set.versions.reserve(versions->size());
  for (std::size_t i = 0; i < versions->size(); ++i) {
    MEDINS_ASSIGN_OR_RETURN(PolicyVersion version,
                            read_version((*versions)[i], bad_input, index_path(prefix, "versions", i) + "."));
    set.versions.push_back(std::move(version));
  }
  return set;
}

Status validate_policy(const PolicySet& policy) {
  const auto& versions = policy.versions;
  MEDINS_RETURN_IF_ERROR(check_versions(versions));
  for (std::size_t v = 0; v < versions.size(); ++v) {
    const PolicyVersion& version = versions[v];
    if (version.b_self_pay_first_bp && !ratio_ok(*version.b_self_pay_first_bp))
      return Status(Code::PolicyRatioOutOfRange, "catalogue_defaults.b_self_pay_first_bp must be within 0..10000",
                    json{{"version", v}});
    for (const Pool& pool : version.pools)
      for (const LevelBands& level : pool.bands_by_level) MEDINS_RETURN_IF_ERROR(validate_bands(v, pool, level));
    MEDINS_RETURN_IF_ERROR(check_visit_types(v, version));
    MEDINS_RETURN_IF_ERROR(check_covered_pools(v, version));
    MEDINS_RETURN_IF_ERROR(check_catalogues(v, version));
  }
  return ok_status();
}

}  // namespace medins::estimate
