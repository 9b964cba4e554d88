// Local fee estimation (docs/estimate.md): how a bill splits between the pool
// fund, the personal account and cash, line by line, before the patient pays.
// Money is integer fen, ratios integer basis points of 10000; nothing here
// uses floating point, and every overflow is an error (estimate.overflow).
#ifndef MEDINS_ESTIMATE_HPP
#define MEDINS_ESTIMATE_HPP

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "medins/coverage.hpp"
#include "medins/status.hpp"

namespace medins::estimate {

inline constexpr std::int32_t kFullBp = 10000;

// Limits on a policy's lists (docs/estimate.md), refused as the policy is read
// with their own policy.too_many_* codes: far above any real policy, and they
// bound what a hostile policy costs a phone before it is checked.
inline constexpr std::size_t kMaxVersions = 256;          // per policy
inline constexpr std::size_t kMaxPools = 32;              // per version
inline constexpr std::size_t kMaxBands = 32;              // per pool and hospital level
inline constexpr std::size_t kMaxCoveredServices = 10000; // covered_in_full entries per version
inline constexpr std::size_t kMaxConditions = 1000;       // condition catalogue entries per version
inline constexpr std::size_t kMaxCareServices = 1000;     // long_term_care.services per pool

enum class Rounding { kHalfUp, kHalfEven, kDown };
enum class DeductibleType { kAnnual, kPerAdmission, kNone };
enum class AccountScope { kSelfPay, kAllPatientShare, kNone };
enum class ItemClass { kA, kB, kC };

// A calendar date as yyyymmdd (20250630), so that dates compare as integers.
using DateKey = std::int32_t;

struct Band {
  std::optional<std::int64_t> upto_fen;  // exclusive end on the annual in-scope axis; nullopt = unbounded
  std::int64_t bp = 0;                   // share the fund pays inside the band
};

struct LevelBands {
  std::string level;  // "community", "level1", …
  std::vector<Band> bands;
};

struct Deductible {
  DeductibleType type = DeductibleType::kNone;
  std::int64_t amount_fen = 0;             // kAnnual
  std::vector<std::int64_t> sequence_fen;  // kPerAdmission: 1st, 2nd, … admission (last repeats)
};

// A service of a long-term-care pool and the most its fund counts per unit
// (a day of care, a visit); above it the patient pays (over_care_limit).
struct CareService {
  std::string code;
  std::string name_zh;
  std::string name_en;
  std::int64_t unit_limit_fen = 0;
};

struct Pool {
  std::string name;
  std::vector<std::string> visit_types;
  bool requires_registration = false;
  Deductible deductible;
  std::optional<std::int64_t> annual_cap_fen;  // nullopt = no cap
  std::vector<LevelBands> bands_by_level;
  std::vector<std::string> not_covered_levels;
  // A long-term-care pool (`long_term_care` in the policy): it pays only the
  // services listed, within their limits, and only for a coverage with an
  // active care eligibility.
  bool long_term_care = false;
  std::vector<CareService> care_services;
};

// An entry of a version's condition catalogue: a recognized chronic condition
// and the pool (one that requires_registration) it unlocks.
struct ConditionEntry {
  std::string code;
  std::string name_zh;
  std::string name_en;
  std::string pool;
};

// A service the programme covers in full (`covered_in_full` in a version).
struct CoveredService {
  std::string code;
  std::vector<std::string> pools;  // empty: in every pool
};

struct PolicyVersion {
  std::string version;
  DateKey effective_from = 0;
  std::optional<DateKey> effective_to;  // inclusive; nullopt = open
  Rounding rounding = Rounding::kHalfUp;
  std::optional<std::int64_t> b_self_pay_first_bp;  // catalogue default
  bool account_available = false;
  AccountScope account_scope = AccountScope::kNone;
  std::vector<Pool> pools;
  std::vector<CoveredService> covered_in_full;
  std::vector<ConditionEntry> conditions;  // empty: no catalogue (any registered code unlocks the pool)
};

struct PolicySet {
  std::string policy_id;
  std::optional<std::string> scheme;  // "employee" | "resident": a coverage of another scheme is refused
  std::optional<std::string> admdvs;  // region.admdvs: a coverage from outside it is refused
  std::vector<PolicyVersion> versions;
};

struct PoolAccumulators {
  std::int64_t deductible_met_fen = 0;
  std::int64_t in_scope_ytd_fen = 0;
  std::int64_t fund_paid_ytd_fen = 0;
  std::int64_t admissions_ytd = 0;
};

struct Accumulators {
  std::int32_t year = 0;
  std::optional<std::string> as_of;
  std::optional<std::int64_t> account_balance_fen;  // nullopt: no personal account (residents)
  std::optional<std::vector<std::string>> registered_diseases;
  std::vector<std::pair<std::string, PoolAccumulators>> pools;
};

struct Line {
  std::string code;
  ItemClass item_class = ItemClass::kA;
  std::int64_t unit_price_fen = 0;
  std::int64_t quantity = 0;
  std::optional<std::int64_t> b_self_pay_first_bp;
  std::optional<std::int64_t> price_cap_fen;
};

struct Visit {
  DateKey date = 0;
  std::string type;
  std::string hospital_level;
  bool use_personal_account = false;
  std::optional<std::string> disease_code;
};

struct Bill {
  Visit visit;
  std::vector<Line> lines;
};

struct LineResult {
  std::int64_t amount_fen = 0;
  std::int64_t fulamt_ownpay_fen = 0;
  std::int64_t overlmt_selfpay_fen = 0;
  std::int64_t preselfpay_fen = 0;
  std::int64_t inscp_fen = 0;
  std::int64_t b_self_pay_first_bp = 0;  // the ratio applied (class B), for explanations
  bool not_a_care_service = false;  // fulamt_ownpay: a care pool does not list the code
  bool over_care_limit = false;     // overlmt_selfpay: the care service's limit, not the line's cap
};

struct BandResult {
  std::int64_t from_fen = 0;
  std::int64_t to_fen = 0;
  std::int64_t amount_fen = 0;
  std::int64_t bp = 0;
  std::int64_t fund_fen = 0;
};

enum class Reason {
  kClassC,
  kOverPriceCap,
  kBSelfPayFirst,
  kDeductible,
  kCoinsurance,
  kOverAnnualCap,
  kNotCoveredAtLevel,
  kConditionNotRecognized,  // a coverage was given: the visit's condition is not recognized for the pool that day
  kCareNotEligible,         // a coverage was given: no active long-term-care eligibility on the visit date
  kNotACareService,         // a line of a care pool whose code the pool does not list
  kOverCareLimit,           // a care line's unit price above its service's unit_limit_fen
};

struct Totals {
  std::int64_t medfee_sumamt_fen = 0;
  std::int64_t fulamt_ownpay_fen = 0;
  std::int64_t overlmt_selfpay_fen = 0;
  std::int64_t preselfpay_fen = 0;
  std::int64_t inscp_fen = 0;
  bool covered = true;
  Reason uncovered = Reason::kNotCoveredAtLevel;  // why not, when !covered
  std::int64_t deductible_applied_fen = 0;
  std::vector<BandResult> bands;
  std::int64_t fund_before_cap_fen = 0;
  std::int64_t coinsurance_fen = 0;
  std::int64_t cap_excess_fen = 0;
  std::int64_t fund_pay_fen = 0;
  std::int64_t patient_share_fen = 0;
  std::int64_t account_pay_fen = 0;
  std::int64_t cash_pay_fen = 0;
};


// One amount the patient pays and why; per line (`line` set) or per visit.
struct Explanation {
  Reason reason;
  std::int64_t amount_fen = 0;
  std::optional<std::size_t> line;
  std::int64_t bp = 0;       // kBSelfPayFirst: self-pay ratio; kCoinsurance: the band's fund ratio
  std::size_t band = 0;      // kCoinsurance: index into Totals::bands
};

// A line whose code the policy covers in full but which is billed class C or
// with a self-pay share (estimate.charged_for_covered_service).
struct Warning {
  std::size_t line = 0;
};

struct Estimate {
  const PolicyVersion* version = nullptr;  // points into the PolicySet passed to estimate()
  const Pool* pool = nullptr;
  Totals totals;
  std::vector<LineResult> lines;
  Accumulators accumulators_after;
  std::vector<Explanation> explanation;
  std::vector<Warning> warnings;
};

// Returns the reason code string of `reason` ("class_c", "deductible", …).
std::string_view reason_string(Reason reason);

// Reads a policy set; a missing or ill-typed field fails with `bad_input`
// naming it as `field_prefix` + path, a list over its limit (kMaxVersions, …)
// with policy.too_many_*. It does not check consistency (see validate_policy).
Result<PolicySet> parse_policy(const nlohmann::json& policy, Code bad_input = Code::PolicyBadInput,
                               std::string_view field_prefix = "");

// Returns ok when the policy is consistent, else the first problem as a
// policy.* code (policy.overlapping_versions, policy.unordered_bands, …).
// O(n log n) in the policy's size, whatever the size (no pairwise checks).
Status validate_policy(const PolicySet& policy);

// Reads year-to-date accumulators; fails with estimate.bad_input naming the field.
Result<Accumulators> parse_accumulators(const nlohmann::json& accumulators);

// Reads a bill; fails with estimate.bad_input, or a per-line code carrying
// {"line": index} (negative_price, negative_quantity, non_integer_amount, unknown_class, overflow).
Result<Bill> parse_bill(const nlohmann::json& bill);

// Computes the estimate per docs/estimate.md; fails with an estimate.* code
// (or the policy.* code of an inconsistent policy) and never half-applies anything.
// With a verified `coverage`, its recognized conditions and care eligibility
// decide what the chronic and care pools pay (docs/coverage.md), and a policy
// of another scheme or region, or a visit outside its validity, is refused.
Result<Estimate> estimate(const PolicySet& policy, const Accumulators& accumulators, const Bill& bill,
                          const coverage::Claims* coverage = nullptr);

// Returns the spec's output object for `result` (with `explanation` and `warnings`).
nlohmann::json to_json(const Estimate& result, const PolicySet& policy, const Accumulators& accumulators,
                       const Bill& bill);

// Returns the codes the version of `policy` in force on `date` covers in full
// for the pool taking `visit_type` (for any pool when it is empty), sorted;
// empty when no version covers the date. Views into `policy`.
std::vector<std::string_view> covered_in_full_codes(const PolicySet& policy, DateKey date,
                                                    std::string_view visit_type);

// Runs parse, validation and estimate on the three JSON parts of an `estimate`
// input: returns the op's output object, or the first error.
Result<nlohmann::json> estimate_json(const nlohmann::json& policy, const nlohmann::json& accumulators,
                                     const nlohmann::json& bill);


// Compares an estimate output with official 2206 figures in yuan: returns
// {"matches", "compared", "not_compared", "differences"}; fails with estimate.bad_input.
Result<nlohmann::json> compare(const nlohmann::json& estimate_output, const nlohmann::json& official);

// A policy set taken out of a verified bundle, and the key id that signed it.
struct VerifiedPolicy {
  nlohmann::json policy;
  std::string kid;  // "k4.pid.…"
};

struct SignedPolicy {
  std::string bundle;  // "v4.public.…"
  std::string kid;     // "k4.pid.…" of the signing key
};

// Returns a signed policy bundle: a v4.public token over the policy's JSON text
// with footer {"kid": "k4.pid.…"}, after checking the policy as validate_policy
// does (policy.* codes); a bad key fails with keys.invalid_key / keys.wrong_key_type.
Result<SignedPolicy> sign_policy(const nlohmann::json& policy, std::string_view secret_key);

// Returns the policy inside `bundle` if it verifies under one of `public_keys`
// (picked by the footer's kid): policy.unknown_key when the kid is not among
// them, policy.invalid for any other failure (format, signature, payload), and
// the policy.* code of a signed policy that is itself inconsistent.
Result<VerifiedPolicy> verify_policy(std::string_view bundle, const std::vector<std::string>& public_keys);

}  // namespace medins::estimate

#endif  // MEDINS_ESTIMATE_HPP
