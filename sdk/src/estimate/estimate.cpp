// The estimate itself: docs/estimate.md's algorithm, steps 1–12, on typed input.
#include <algorithm>
#include <string>

#include "estimate/arith.hpp"
#include "estimate/estimate_internal.hpp"
#include "internal/json_util.hpp"
#include "internal/json_writer.hpp"
#include "medins/estimate.hpp"

namespace medins::estimate {
namespace {

using nlohmann::json;

Status overflow(std::string_view what) {
  std::string message(what);
  message.append(" is beyond 64-bit arithmetic");
  return Status(Code::EstimateOverflow, std::move(message));
}

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

const PolicyVersion* find_version(const PolicySet& policy, DateKey date) {
  for (const PolicyVersion& version : policy.versions)
    if (version.effective_from <= date && (!version.effective_to || date <= *version.effective_to)) return &version;
  return nullptr;
}

const Pool* find_pool(const PolicyVersion& version, std::string_view visit_type) {
  for (const Pool& pool : version.pools)
    if (contains(pool.visit_types, visit_type)) return &pool;
  return nullptr;
}

// The codes covered in full in `pool` (a service listing no pools is in every
// pool), sorted: each bill line is then a binary search, not a pass over the
// whole catalogue.
std::vector<std::string_view> covered_codes(const PolicyVersion& version, const Pool& pool) {
  std::vector<std::string_view> codes;
  for (const CoveredService& service : version.covered_in_full)
    if (service.pools.empty() || contains(service.pools, pool.name)) codes.push_back(service.code);
  std::sort(codes.begin(), codes.end());
  return codes;
}

std::string_view class_string(ItemClass item_class) {
  switch (item_class) {
    case ItemClass::kA: return "A";
    case ItemClass::kB: return "B";
    case ItemClass::kC: return "C";
  }
  return "";
}

}  // namespace

std::string_view reason_string(Reason reason) {
  switch (reason) {
    case Reason::kClassC: return "class_c";
    case Reason::kOverPriceCap: return "over_price_cap";
    case Reason::kBSelfPayFirst: return "b_self_pay_first";
    case Reason::kDeductible: return "deductible";
    case Reason::kCoinsurance: return "coinsurance";
    case Reason::kOverAnnualCap: return "over_annual_cap";
    case Reason::kNotCoveredAtLevel: return "not_covered_at_level";
    case Reason::kConditionNotRecognized: return "condition_not_recognized";
    case Reason::kCareNotEligible: return "care_not_eligible";
    case Reason::kNotACareService: return "not_a_care_service";
    case Reason::kOverCareLimit: return "over_care_limit";
  }
  return "";
}

std::int64_t apply_bp(std::int64_t x, std::int64_t bp, Rounding mode) {
  // x × bp fits easily in 128 bits; the quotient is at most x, so it fits back.
  const __int128 product = static_cast<__int128>(x) * bp;
  std::int64_t q = static_cast<std::int64_t>(product / kFullBp);
  const std::int64_t r = static_cast<std::int64_t>(product % kFullBp);
  switch (mode) {
    case Rounding::kDown:
      break;
    case Rounding::kHalfUp:
      if (2 * r >= kFullBp) ++q;
      break;
    case Rounding::kHalfEven:
      if (2 * r > kFullBp || (2 * r == kFullBp && (q & 1) != 0)) ++q;
      break;
  }
  return q;
}

namespace {

// The functions below are the steps of "The algorithm, step by step" in
// docs/estimate.md, in order; run_estimate only sequences them.

// Step 1: the whole bill and the accumulators are checked before anything is computed.
Status validate_inputs(const Accumulators& accumulators, const Bill& bill) {
  for (std::size_t i = 0; i < bill.lines.size(); ++i) MEDINS_RETURN_IF_ERROR(check_line(bill.lines[i], i));
  if (accumulators.account_balance_fen && *accumulators.account_balance_fen < 0)
    return Status(Code::EstimateBadInput, "accumulators.account_balance_fen: must not be negative",
                  json{{"field", "accumulators.account_balance_fen"}});
  for (const auto& [name, pool] : accumulators.pools)
    MEDINS_RETURN_IF_ERROR(check_pool_accumulators(pool, "accumulators.pools." + name + "."));
  return ok_status();
}

// Overlapping versions would make step 2 ambiguous: the estimate names that one itself.
Status validate_consistent(const PolicySet& policy) {
  Status consistent = validate_policy(policy);
  if (consistent.code() == Code::PolicyOverlappingVersions)
    return Status(Code::EstimateOverlappingVersions, consistent.message(), consistent.detail());
  return consistent;
}

// What steps 2, 3 and 6 choose for the visit.
struct Coverage {
  const PolicyVersion* version = nullptr;
  const Pool* pool = nullptr;
  bool covered = false;                      // the fund pays: the patient qualifies and the level is covered
  Reason uncovered = Reason::kNotCoveredAtLevel;
  const std::vector<Band>* bands = nullptr;  // the level's bands, when covered
};

// Whether the version's catalogue lets condition `code` unlock `pool`: with
// no catalogue, any code does (the model before catalogues).
bool unlocks(const PolicyVersion& version, std::string_view code, const Pool& pool) {
  if (version.conditions.empty()) return true;
  for (const ConditionEntry& entry : version.conditions)
    if (entry.code == code) return entry.pool == pool.name;
  return false;
}

// The outright refusals of a coverage (docs/coverage.md): a policy of another
// scheme or region, or a visit outside the coverage's validity.
Status check_coverage(const PolicySet& policy, const coverage::Claims& held, DateKey visit_date) {
  if (policy.scheme && *policy.scheme != coverage::scheme_string(held.scheme))
    return Status(Code::EstimateCoverageSchemeMismatch,
                  "the policy is for " + *policy.scheme + " insurance; the coverage is " +
                      std::string(coverage::scheme_string(held.scheme)));
  if (policy.admdvs && !coverage::region_within(held.admdvs, *policy.admdvs))
    return Status(Code::EstimateCoverageRegionMismatch,
                  "the coverage's region " + held.admdvs + " is outside the policy's " + *policy.admdvs);
  if (!held.valid.contains(visit_date))
    return Status(Code::EstimateCoverageNotActive, "the coverage is not valid on the visit date");
  return ok_status();
}

// Step 3's eligibility: whether the patient qualifies for the pool's fund.
// Without a coverage, as before: a registered disease, and no care pool.
// With one, its dated recognitions decide, and a refusal is not an error but
// a reason the patient pays (condition_not_recognized, care_not_eligible).
Status check_eligibility(const Accumulators& accumulators, const Visit& visit, const coverage::Claims* held,
                         Coverage& c) {
  const Pool& pool = *c.pool;
  const bool has_code = visit.disease_code.has_value();
  if (pool.requires_registration) {
    const bool unlocked = has_code && unlocks(*c.version, *visit.disease_code, pool);
    if (held == nullptr) {
      if (!unlocked || !accumulators.registered_diseases ||
          !contains(*accumulators.registered_diseases, *visit.disease_code))
        return Status(Code::EstimateChronicNotRegistered,
                      "pool " + pool.name + " needs a registered disease the patient does not have");
    } else if (!unlocked || !coverage::recognized_on(*held, *visit.disease_code, visit.date)) {
      c.covered = false;
      c.uncovered = Reason::kConditionNotRecognized;
      return ok_status();
    }
  }
  if (pool.long_term_care) {
    if (held == nullptr)
      return Status(Code::EstimateCareNeedsCoverage,
                    "pool " + pool.name + " pays long-term care only against a coverage with its eligibility");
    if (!held->long_term_care || !held->long_term_care->period.contains(visit.date)) {
      c.covered = false;
      c.uncovered = Reason::kCareNotEligible;
    }
  }
  return ok_status();
}

// Steps 2, 3 and 6: the version by visit date, the pool by visit type (with
// its registration), and whether the hospital level is covered and by which bands.
Result<Coverage> select_coverage(const PolicySet& policy, const Accumulators& accumulators, const Bill& bill,
                                 const coverage::Claims* held) {
  const Visit& visit = bill.visit;
  Coverage c;
  c.version = find_version(policy, visit.date);
  if (c.version == nullptr) return Status(Code::EstimateNoPolicyVersion, "no policy version covers the visit date");
  c.pool = find_pool(*c.version, visit.type);
  if (c.pool == nullptr)
    return Status(Code::EstimateNoPoolForVisitType, "no pool of the policy takes visit type " + visit.type);
  c.covered = true;
  MEDINS_RETURN_IF_ERROR(check_eligibility(accumulators, visit, held, c));
  if (c.covered && contains(c.pool->not_covered_levels, visit.hospital_level)) c.covered = false;
  if (c.covered) {
    for (const LevelBands& level : c.pool->bands_by_level)
      if (level.level == visit.hospital_level) c.bands = &level.bands;
    if (c.bands == nullptr)
      return Status(Code::EstimateNoBandsForLevel,
                    "pool " + c.pool->name + " has no bands for hospital level " + visit.hospital_level);
  }
  for (std::size_t i = 0; i < bill.lines.size(); ++i)
    if (bill.lines[i].item_class == ItemClass::kB && !bill.lines[i].b_self_pay_first_bp &&
        !c.version->b_self_pay_first_bp)
      return line_error(Code::EstimateBadInput, i, "b_self_pay_first_bp",
                        "is required: the policy version has no catalogue default");
  return c;
}

// Step 4: the pool's year-to-date figures; a visit in another year than the
// accumulators starts the pool at zero.
PoolAccumulators pool_year_to_date(const Accumulators& accumulators, const Pool& pool, bool rollover) {
  PoolAccumulators before;
  if (!rollover)
    for (const auto& [name, values] : accumulators.pools)
      if (name == pool.name) before = values;
  return before;
}

// Step 5: each line's amount and its parts outside the fund's scope; the
// bill's totals of each.
// The care service of a care pool's line `code`, or nullptr.
const CareService* care_service(const Pool& pool, std::string_view code) {
  for (const CareService& service : pool.care_services)
    if (service.code == code) return &service;
  return nullptr;
}

Status price_lines(const Bill& bill, const PolicyVersion& version, const Pool& pool, Estimate& result) {
  Totals& t = result.totals;
  result.lines.resize(bill.lines.size());
  for (std::size_t i = 0; i < bill.lines.size(); ++i) {
    const Line& line = bill.lines[i];
    LineResult& r = result.lines[i];
    internal::checked_mul(line.unit_price_fen, line.quantity, r.amount_fen);  // checked in step 1
    const CareService* service = pool.long_term_care ? care_service(pool, line.code) : nullptr;
    r.not_a_care_service = pool.long_term_care && service == nullptr && line.item_class != ItemClass::kC;
    if (line.item_class == ItemClass::kC || r.not_a_care_service) {
      r.fulamt_ownpay_fen = r.amount_fen;
    } else {
      std::int64_t allowed = r.amount_fen;
      std::optional<std::int64_t> cap = line.price_cap_fen;
      // The care service's limit binds where it is below the line's own cap.
      r.over_care_limit = service != nullptr && (!cap || service->unit_limit_fen < *cap) &&
                          line.unit_price_fen > service->unit_limit_fen;
      if (service != nullptr && (!cap || service->unit_limit_fen < *cap)) cap = service->unit_limit_fen;
      if (cap && line.unit_price_fen > *cap) {
        // Both products are below unit_price × quantity, which did not overflow.
        r.overlmt_selfpay_fen = (line.unit_price_fen - *cap) * line.quantity;
        allowed = *cap * line.quantity;
      }
      if (line.item_class == ItemClass::kB) {
        r.b_self_pay_first_bp = line.b_self_pay_first_bp.value_or(version.b_self_pay_first_bp.value_or(0));
        r.preselfpay_fen = apply_bp(allowed, r.b_self_pay_first_bp, version.rounding);
      }
      r.inscp_fen = allowed - r.preselfpay_fen;
    }
    if (!internal::add_to(t.medfee_sumamt_fen, r.amount_fen)) return overflow("the bill total");
    // Each part is at most its line's amount, so these sums cannot overflow
    // once the total did not.
    t.fulamt_ownpay_fen += r.fulamt_ownpay_fen;
    t.overlmt_selfpay_fen += r.overlmt_selfpay_fen;
    t.preselfpay_fen += r.preselfpay_fen;
    t.inscp_fen += r.inscp_fen;
  }
  return ok_status();
}

// Step 7: the part of the in-scope sum the deductible takes.
std::int64_t deductible_applied(const Deductible& d, const PoolAccumulators& before, std::int64_t in_scope) {
  switch (d.type) {
    case DeductibleType::kAnnual:
      return std::min(in_scope, std::max<std::int64_t>(0, d.amount_fen - before.deductible_met_fen));
    case DeductibleType::kPerAdmission: {
      const auto last = static_cast<std::int64_t>(d.sequence_fen.size()) - 1;
      return std::min(in_scope, d.sequence_fen[std::min(before.admissions_ytd, last)]);
    }
    case DeductibleType::kNone:
      break;
  }
  return 0;
}

// Step 8: the rest after the deductible occupies the patient's annual
// in-scope axis from where the year stands; each band pays its ratio of its part.
Status place_on_bands(const std::vector<Band>& bands, const PoolAccumulators& before, Rounding mode, Totals& t) {
  const std::int64_t rest = t.inscp_fen - t.deductible_applied_fen;
  std::int64_t start = before.in_scope_ytd_fen;
  if (!internal::add_to(start, t.deductible_applied_fen)) return overflow("the in-scope axis");
  std::int64_t end = start;
  if (!internal::add_to(end, rest)) return overflow("the in-scope axis");
  std::int64_t lower = 0;
  for (const Band& band : bands) {
    const std::int64_t from = std::max(lower, start);
    const std::int64_t to = band.upto_fen ? std::min(*band.upto_fen, end) : end;
    if (to > from) {
      BandResult b{from, to, to - from, band.bp, apply_bp(to - from, band.bp, mode)};
      t.fund_before_cap_fen += b.fund_fen;  // Σ fund ≤ Σ amount = rest
      t.bands.push_back(b);
    }
    if (!band.upto_fen) break;
    lower = *band.upto_fen;
  }
  t.coinsurance_fen = rest - t.fund_before_cap_fen;
  return ok_status();
}

// Step 9: the fund never pays beyond what the annual cap leaves this year.
void apply_annual_cap(const Pool& pool, const PoolAccumulators& before, Totals& t) {
  t.fund_pay_fen = t.fund_before_cap_fen;
  if (pool.annual_cap_fen)
    t.fund_pay_fen =
        std::min(t.fund_before_cap_fen, std::max<std::int64_t>(0, *pool.annual_cap_fen - before.fund_paid_ytd_fen));
  t.cap_excess_fen = t.fund_before_cap_fen - t.fund_pay_fen;
}

// Step 12, the pool's part: its year-to-date figures after this visit.
Result<PoolAccumulators> pool_after(const PoolAccumulators& before, const Totals& t, const Visit& visit) {
  PoolAccumulators after = before;
  if (!internal::add_to(after.deductible_met_fen, t.deductible_applied_fen) ||
      !internal::add_to(after.in_scope_ytd_fen, t.inscp_fen) ||
      !internal::add_to(after.fund_paid_ytd_fen, t.fund_pay_fen) ||
      (visit.type == "inpatient" && !internal::add_to(after.admissions_ytd, 1)))
    return overflow("an accumulator");
  return after;
}

// Steps 10–11: the patient's share, and how much of it the personal account pays.
void split_patient_share(const PolicyVersion& version, const Visit& visit, const Accumulators& accumulators,
                         Totals& t) {
  t.patient_share_fen = t.medfee_sumamt_fen - t.fund_pay_fen;
  std::int64_t eligible = 0;
  if (version.account_available && visit.use_personal_account) {
    switch (version.account_scope) {
      case AccountScope::kSelfPay:
        eligible = t.patient_share_fen - t.fulamt_ownpay_fen - t.overlmt_selfpay_fen;
        break;
      case AccountScope::kAllPatientShare:
        eligible = t.patient_share_fen;
        break;
      case AccountScope::kNone:
        break;
    }
  }
  t.account_pay_fen = std::min(accumulators.account_balance_fen.value_or(0), eligible);
  t.cash_pay_fen = t.patient_share_fen - t.account_pay_fen;
}

// Step 12: the accumulators after. A rolled-over year drops the old year's
// pools: carried over, they would read as this year's figures.
Accumulators accumulators_after(const Accumulators& accumulators, std::int32_t visit_year, const Pool& pool,
                                const std::optional<PoolAccumulators>& pool_after_visit, const Totals& t) {
  Accumulators next;
  next.year = visit_year;
  next.registered_diseases = accumulators.registered_diseases;
  if (accumulators.account_balance_fen) next.account_balance_fen = *accumulators.account_balance_fen - t.account_pay_fen;
  if (accumulators.year == visit_year) next.pools = accumulators.pools;
  if (pool_after_visit) {
    bool found = false;
    for (auto& [name, values] : next.pools)
      if (name == pool.name) {
        values = *pool_after_visit;
        found = true;
      }
    if (!found) next.pools.emplace_back(pool.name, *pool_after_visit);
  }
  return next;
}

// Every fen of the patient's share with its reason, per line then per visit.
void explain(Estimate& result) {
  const Totals& t = result.totals;
  for (std::size_t i = 0; i < result.lines.size(); ++i) {
    const LineResult& r = result.lines[i];
    if (r.fulamt_ownpay_fen > 0)
      result.explanation.push_back({r.not_a_care_service ? Reason::kNotACareService : Reason::kClassC,
                                    r.fulamt_ownpay_fen, i});
    if (r.overlmt_selfpay_fen > 0)
      result.explanation.push_back({r.over_care_limit ? Reason::kOverCareLimit : Reason::kOverPriceCap,
                                    r.overlmt_selfpay_fen, i});
    if (r.preselfpay_fen > 0)
      result.explanation.push_back({Reason::kBSelfPayFirst, r.preselfpay_fen, i, r.b_self_pay_first_bp});
  }
  if (t.deductible_applied_fen > 0) result.explanation.push_back({Reason::kDeductible, t.deductible_applied_fen, std::nullopt});
  for (std::size_t b = 0; b < t.bands.size(); ++b) {
    const std::int64_t share = t.bands[b].amount_fen - t.bands[b].fund_fen;
    if (share > 0) result.explanation.push_back({Reason::kCoinsurance, share, std::nullopt, t.bands[b].bp, b});
  }
  if (t.cap_excess_fen > 0) result.explanation.push_back({Reason::kOverAnnualCap, t.cap_excess_fen, std::nullopt});
  if (!t.covered && t.inscp_fen > 0) result.explanation.push_back({t.uncovered, t.inscp_fen, std::nullopt});
}

// Lines the patient pays for although the version lists their code as covered
// in full for this pool (estimate.charged_for_covered_service).
void warn_charged_for_covered(const Coverage& c, const Bill& bill, Estimate& result) {
  if (c.version->covered_in_full.empty()) return;
  const std::vector<std::string_view> codes = covered_codes(*c.version, *c.pool);
  for (std::size_t i = 0; i < bill.lines.size(); ++i) {
    const LineResult& r = result.lines[i];
    const bool charged = bill.lines[i].item_class == ItemClass::kC || r.fulamt_ownpay_fen > 0 ||
                         r.overlmt_selfpay_fen > 0 || r.preselfpay_fen > 0;
    if (charged && std::binary_search(codes.begin(), codes.end(), std::string_view(bill.lines[i].code)))
      result.warnings.push_back({i});
  }
}

}  // namespace

std::vector<std::string_view> covered_in_full_codes(const PolicySet& policy, DateKey date,
                                                    std::string_view visit_type) {
  const PolicyVersion* version = find_version(policy, date);
  if (version == nullptr) return {};
  if (!visit_type.empty()) {
    const Pool* pool = find_pool(*version, visit_type);
    return pool == nullptr ? std::vector<std::string_view>() : covered_codes(*version, *pool);
  }
  std::vector<std::string_view> codes;
  for (const CoveredService& service : version->covered_in_full) codes.push_back(service.code);
  std::sort(codes.begin(), codes.end());
  return codes;
}

namespace {

Result<Estimate> run_estimate(const PolicySet& policy, const Accumulators& accumulators, const Bill& bill,
                              bool policy_validated, const coverage::Claims* held) {
  MEDINS_RETURN_IF_ERROR(validate_inputs(accumulators, bill));
  if (!policy_validated) MEDINS_RETURN_IF_ERROR(validate_consistent(policy));
  if (held != nullptr) MEDINS_RETURN_IF_ERROR(check_coverage(policy, *held, bill.visit.date));
  MEDINS_ASSIGN_OR_RETURN(const Coverage coverage, select_coverage(policy, accumulators, bill, held));
  const std::int32_t visit_year = bill.visit.date / 10000;
  const PoolAccumulators before = pool_year_to_date(accumulators, *coverage.pool, accumulators.year != visit_year);

  Estimate result;
  result.version = coverage.version;
  result.pool = coverage.pool;
  Totals& t = result.totals;
  MEDINS_RETURN_IF_ERROR(price_lines(bill, *coverage.version, *coverage.pool, result));
  t.covered = coverage.covered;
  t.uncovered = coverage.uncovered;
  std::optional<PoolAccumulators> after;
  if (coverage.covered) {
    t.deductible_applied_fen = deductible_applied(coverage.pool->deductible, before, t.inscp_fen);
    MEDINS_RETURN_IF_ERROR(place_on_bands(*coverage.bands, before, coverage.version->rounding, t));
    apply_annual_cap(*coverage.pool, before, t);
    MEDINS_ASSIGN_OR_RETURN(after, pool_after(before, t, bill.visit));
  }
  split_patient_share(*coverage.version, bill.visit, accumulators, t);
  result.accumulators_after = accumulators_after(accumulators, visit_year, *coverage.pool, after, t);
  explain(result);
  warn_charged_for_covered(coverage, bill, result);
  return result;
}

}  // namespace

Result<Estimate> estimate(const PolicySet& policy, const Accumulators& accumulators, const Bill& bill,
                          const coverage::Claims* coverage) {
  return run_estimate(policy, accumulators, bill, false, coverage);
}

namespace {

using medins::internal::JsonWriter;

// Keys in every object below are written in std::map order (what nlohmann's
// dump writes), so the text is byte for byte what the DOM form serialized to.
void write_pool(JsonWriter& w, const PoolAccumulators& p) {
  w.begin_object();
  w.member("admissions_ytd", p.admissions_ytd);
  w.member("deductible_met_fen", p.deductible_met_fen);
  w.member("fund_paid_ytd_fen", p.fund_paid_ytd_fen);
  w.member("in_scope_ytd_fen", p.in_scope_ytd_fen);
  w.end_object();
}

void write_accumulators(JsonWriter& w, const Accumulators& a) {
  w.begin_object();
  w.key("account_balance_fen");
  if (a.account_balance_fen) w.value(*a.account_balance_fen);
  else w.null();
  // Pools by name, the first of equal names (as a map keeps it).
  // An insertion sort: a handful of pools, and std::stable_sort costs the
  // module a kilobyte of merge code.
  std::vector<const std::pair<std::string, PoolAccumulators>*> pools;
  for (const auto& pool : a.pools) {
    auto at = pools.end();
    while (at != pools.begin() && pool.first < (*(at - 1))->first) --at;
    pools.insert(at, &pool);
  }
  w.key("pools");
  w.begin_object();
  for (std::size_t i = 0; i < pools.size(); ++i) {
    if (i > 0 && pools[i]->first == pools[i - 1]->first) continue;
    w.key(pools[i]->first);
    write_pool(w, pools[i]->second);
  }
  w.end_object();
  if (a.registered_diseases) {
    w.key("registered_diseases");
    w.begin_array();
    for (const std::string& d : *a.registered_diseases) w.value(d);
    w.end_array();
  }
  w.member("year", a.year);
  w.end_object();
}

void write_totals(JsonWriter& w, const Totals& t) {
  w.begin_object();
  w.member("account_pay_fen", t.account_pay_fen);
  w.key("bands");
  w.begin_array();
  for (const BandResult& b : t.bands) {
    w.begin_object();
    w.member("amount_fen", b.amount_fen);
    w.member("bp", b.bp);
    w.member("from_fen", b.from_fen);
    w.member("fund_fen", b.fund_fen);
    w.member("to_fen", b.to_fen);
    w.end_object();
  }
  w.end_array();
  w.member("cap_excess_fen", t.cap_excess_fen);
  w.member("cash_pay_fen", t.cash_pay_fen);
  w.member("coinsurance_fen", t.coinsurance_fen);
  w.member("coverage", t.covered ? std::string_view("covered") : reason_string(t.uncovered));
  w.member("deductible_applied_fen", t.deductible_applied_fen);
  w.member("fulamt_ownpay_fen", t.fulamt_ownpay_fen);
  w.member("fund_before_cap_fen", t.fund_before_cap_fen);
  w.member("fund_pay_fen", t.fund_pay_fen);
  w.member("inscp_fen", t.inscp_fen);
  w.member("medfee_sumamt_fen", t.medfee_sumamt_fen);
  w.member("overlmt_selfpay_fen", t.overlmt_selfpay_fen);
  w.member("patient_share_fen", t.patient_share_fen);
  w.member("preselfpay_fen", t.preselfpay_fen);
  w.end_object();
}

void write_explanation(JsonWriter& w, const Explanation& e, const Totals& t, const Bill& bill) {
  w.begin_object();
  w.member("amount_fen", e.amount_fen);
  if (e.line) w.member("code", std::string_view(bill.lines[*e.line].code));
  if (e.reason == Reason::kConditionNotRecognized && bill.visit.disease_code)
    w.member("condition", std::string_view(*bill.visit.disease_code));
  const bool band = e.reason == Reason::kCoinsurance;
  if (band) w.member("from_fen", t.bands[e.band].from_fen);
  if (band) w.member("fund_bp", e.bp);
  if (e.reason == Reason::kNotCoveredAtLevel) w.member("hospital_level", std::string_view(bill.visit.hospital_level));
  if (e.line) w.member("line", *e.line);
  w.member("reason", reason_string(e.reason));
  if (e.reason == Reason::kBSelfPayFirst) w.member("self_pay_bp", e.bp);
  if (band) w.member("to_fen", t.bands[e.band].to_fen);
  w.end_object();
}

void write_warning(JsonWriter& w, const Warning& warning, const Estimate& result, const Bill& bill) {
  const LineResult& r = result.lines[warning.line];
  const Line& line = bill.lines[warning.line];
  w.begin_object();
  w.member("class", class_string(line.item_class));
  w.member("code", code_string(Code::EstimateChargedForCoveredService));
  w.member("item_code", std::string_view(line.code));
  w.member("line", warning.line);
  w.member("message", std::string_view("line " + std::to_string(warning.line) + " (" + line.code +
                                       ") is a service the programme covers in full but is billed to the patient"));
  w.member("self_pay_fen", r.fulamt_ownpay_fen + r.overlmt_selfpay_fen + r.preselfpay_fen);
  w.end_object();
}

}  // namespace

std::string to_text(const Estimate& result, const PolicySet& policy, const Accumulators& accumulators,
                    const Bill& bill) {
  std::string out;
  // About 200 bytes per line and reason: one allocation for most bills.
  out.reserve(1024 + 200 * (result.lines.size() + result.explanation.size()));
  JsonWriter w(out);
  w.begin_object();
  w.key("accumulators_after");
  write_accumulators(w, result.accumulators_after);
  w.key("accumulators_as_of");
  if (accumulators.as_of) w.value(*accumulators.as_of);
  else w.null();
  w.key("explanation");
  w.begin_array();
  for (const Explanation& e : result.explanation) write_explanation(w, e, result.totals, bill);
  w.end_array();
  w.key("lines");
  w.begin_array();
  for (std::size_t i = 0; i < result.lines.size(); ++i) {
    const LineResult& r = result.lines[i];
    w.begin_object();
    w.member("amount_fen", r.amount_fen);
    w.member("code", std::string_view(bill.lines[i].code));
    w.member("fulamt_ownpay_fen", r.fulamt_ownpay_fen);
    w.member("inscp_fen", r.inscp_fen);
    w.member("overlmt_selfpay_fen", r.overlmt_selfpay_fen);
    w.member("preselfpay_fen", r.preselfpay_fen);
    w.end_object();
  }
  w.end_array();
  w.member("policy_id", std::string_view(policy.policy_id));
  w.member("policy_version", std::string_view(result.version->version));
  w.member("pool", std::string_view(result.pool->name));
  w.key("totals");
  write_totals(w, result.totals);
  w.key("warnings");
  w.begin_array();
  for (const Warning& warning : result.warnings) write_warning(w, warning, result, bill);
  w.end_array();
  w.end_object();
  return out;
}

json to_json(const Estimate& result, const PolicySet& policy, const Accumulators& accumulators, const Bill& bill) {
  // One writer for both forms: the DOM is read back from the text.
  auto parsed = medins::internal::parse_strict(to_text(result, policy, accumulators, bill), Code::InternalError);
  return parsed.ok() ? std::move(parsed).value() : json();
}

Result<std::string> estimate_text(const json& policy, const json& accumulators, const json& bill,
                                  TappedLines* tapped, const coverage::Claims* coverage) {
  MEDINS_ASSIGN_OR_RETURN(Bill typed_bill, parse_bill_tapped(bill, tapped));
  MEDINS_ASSIGN_OR_RETURN(Accumulators typed_accumulators, parse_accumulators(accumulators));
  MEDINS_ASSIGN_OR_RETURN(PolicySet typed_policy, parse_policy(policy, Code::EstimateBadInput, "policy."));
  MEDINS_ASSIGN_OR_RETURN(Estimate result, estimate(typed_policy, typed_accumulators, typed_bill, coverage));
  return to_text(result, typed_policy, typed_accumulators, typed_bill);
}

Result<std::string> estimate_text_validated(const PolicySet& policy, const json& accumulators, const json& bill,
                                            TappedLines* tapped, const coverage::Claims* coverage) {
  MEDINS_ASSIGN_OR_RETURN(Bill typed_bill, parse_bill_tapped(bill, tapped));
  MEDINS_ASSIGN_OR_RETURN(Accumulators typed_accumulators, parse_accumulators(accumulators));
  MEDINS_ASSIGN_OR_RETURN(Estimate result, run_estimate(policy, typed_accumulators, typed_bill, true, coverage));
  return to_text(result, policy, typed_accumulators, typed_bill);
}

Result<json> estimate_json(const json& policy, const json& accumulators, const json& bill) {
  MEDINS_ASSIGN_OR_RETURN(std::string text, estimate_text(policy, accumulators, bill));
  return medins::internal::parse_strict(text, Code::InternalError);
}

}  // namespace medins::estimate
