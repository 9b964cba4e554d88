// Policy sets: reading them (structure) and checking them (consistency).
#include <string>

#include "estimate/arith.hpp"
#include "internal/json_util.hpp"
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
  version.pools.reserve(pools->size());
  for (auto it = pools->begin(); it != pools->end(); ++it) {
    MEDINS_ASSIGN_OR_RETURN(Pool pool, read_pool(it.key(), *it, bad, prefix + "pools." + it.key() + "."));
    version.pools.push_back(std::move(pool));
  }

  MEDINS_ASSIGN_OR_RETURN(const json* covered, fields.optional_array("covered_in_full"));
  if (covered) {
    for (std::size_t i = 0; i < covered->size(); ++i) {
      Fields service_fields((*covered)[i], bad, index_path(prefix, "covered_in_full", i) + ".");
      MEDINS_RETURN_IF_ERROR(service_fields.require_object());
      CoveredService service;
      MEDINS_ASSIGN_OR_RETURN(service.code, service_fields.string("code"));
      MEDINS_ASSIGN_OR_RETURN(service.pools, string_list(service_fields, "pools", false));
      version.covered_in_full.push_back(std::move(service));
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

bool contains(const std::vector<std::string>& list, std::string_view value) {
  for (const auto& item : list)
    if (item == value) return true;
  return false;
}

}  // namespace

std::optional<DateKey> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t at, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  int year = 0, month = 0, day = 0;
  if (!digits(0, 4, year) || !digits(5, 2, month) || !digits(8, 2, day)) return std::nullopt;
  if (year < 1 || month < 1 || month > 12 || day < 1) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  if (day > last) return std::nullopt;
  return year * 10000 + month * 100 + day;
}

Result<PolicySet> parse_policy(const json& policy, Code bad_input, std::string_view field_prefix) {
  const std::string prefix(field_prefix);
  Fields fields(policy, bad_input, prefix);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(std::string schema, fields.string("schema"));
  if (schema != "fee-policy/0.1") return fields.error("schema", "must be \"fee-policy/0.1\"");
  PolicySet set;
  MEDINS_ASSIGN_OR_RETURN(set.policy_id, fields.string("policy_id"));
  MEDINS_ASSIGN_OR_RETURN(const json* versions, fields.array("versions"));
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
  for (std::size_t i = 0; i < versions.size(); ++i) {
    for (std::size_t j = i + 1; j < versions.size(); ++j) {
      constexpr DateKey kOpen = 99999999;
      DateKey from = std::max(versions[i].effective_from, versions[j].effective_from);
      DateKey to = std::min(versions[i].effective_to.value_or(kOpen), versions[j].effective_to.value_or(kOpen));
      if (from <= to)
        return Status(Code::PolicyOverlappingVersions,
                      "versions " + versions[i].version + " and " + versions[j].version + " overlap",
                      json{{"versions", {i, j}}});
    }
  }
  for (std::size_t v = 0; v < versions.size(); ++v) {
    const PolicyVersion& version = versions[v];
    if (version.b_self_pay_first_bp && !ratio_ok(*version.b_self_pay_first_bp))
      return Status(Code::PolicyRatioOutOfRange, "catalogue_defaults.b_self_pay_first_bp must be within 0..10000",
                    json{{"version", v}});
    for (std::size_t p = 0; p < version.pools.size(); ++p) {
      const Pool& pool = version.pools[p];
      for (const LevelBands& level : pool.bands_by_level) MEDINS_RETURN_IF_ERROR(validate_bands(v, pool, level));
      // Two pools taking one visit type would make the pool of a visit depend
      // on key order; the spec's step 3 assumes one.
      for (std::size_t q = p + 1; q < version.pools.size(); ++q)
        for (const auto& type : pool.visit_types)
          if (contains(version.pools[q].visit_types, type))
            return pool_problem(Code::PolicyAmbiguousVisitType,
                                "pools " + pool.name + " and " + version.pools[q].name + " both take " + type, v,
                                pool, json{{"visit_type", type}});
    }
    for (std::size_t s = 0; s < version.covered_in_full.size(); ++s) {
      for (const auto& name : version.covered_in_full[s].pools) {
        bool known = false;
        for (const Pool& pool : version.pools) known = known || pool.name == name;
        if (!known)
          return Status(Code::PolicyUnknownPool, "covered_in_full refers to an unknown pool " + name,
                        json{{"version", v}, {"service", s}, {"pool", name}});
      }
    }
  }
  return ok_status();
}

}  // namespace medins::estimate
