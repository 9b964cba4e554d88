// A small policy, accumulators and bill that the estimate tests vary one rule at a time.
#ifndef MEDINS_TESTS_ESTIMATE_SUPPORT_HPP
#define MEDINS_TESTS_ESTIMATE_SUPPORT_HPP

#include <nlohmann/json.hpp>
#include <string>

#include "medins/call.hpp"
#include "test_support.hpp"

namespace medins::testing {

// One version (2025, open), half_up, catalogue B default 10%, account on self_pay.
// outpatient_general: annual deductible 1000 yuan, cap 20000 yuan, level3 70%,
//   community 90%, level "private" not covered, "level2" has no bands.
// inpatient: per admission 1300/650 yuan, bands 85% to 30000 yuan, 90% to 40000, 95% above.
// chronic_special: registration required, no deductible, no cap, 85%.
inline nlohmann::json base_policy() {
  return nlohmann::json::parse(R"({
    "schema": "fee-policy/0.1", "policy_id": "test-policy", "scheme": "employee",
    "versions": [{
      "version": "2025.1", "effective_from": "2025-01-01", "effective_to": null,
      "rounding": {"mode": "half_up"},
      "catalogue_defaults": {"b_self_pay_first_bp": 1000},
      "personal_account": {"available": true, "payable_scope": "self_pay"},
      "pools": {
        "outpatient_general": {
          "visit_types": ["outpatient"],
          "deductible": {"type": "annual", "amount_fen": 100000},
          "annual_cap_fen": 2000000,
          "bands_by_level": {"community": [{"upto_in_scope_ytd_fen": null, "bp": 9000}],
                             "level3": [{"upto_in_scope_ytd_fen": null, "bp": 7000}]},
          "not_covered_levels": ["private"]},
        "inpatient": {
          "visit_types": ["inpatient"],
          "deductible": {"type": "per_admission", "sequence_fen": [130000, 65000]},
          "annual_cap_fen": 50000000,
          "bands_by_level": {"level3": [{"upto_in_scope_ytd_fen": 3000000, "bp": 8500},
                                        {"upto_in_scope_ytd_fen": 4000000, "bp": 9000},
                                        {"upto_in_scope_ytd_fen": null, "bp": 9500}]}},
        "chronic_special": {
          "visit_types": ["chronic"], "requires_registration": true,
          "deductible": {"type": "none"}, "annual_cap_fen": null,
          "bands_by_level": {"level3": [{"upto_in_scope_ytd_fen": null, "bp": 8500}]}}}}]})");
}

// Deductible already met in outpatient_general; balance 1000 yuan.
inline nlohmann::json base_accumulators() {
  return nlohmann::json::parse(R"({
    "year": 2025, "as_of": "2025-06-30T09:12:00+08:00", "account_balance_fen": 100000,
    "registered_diseases": ["HTN-DEMO"],
    "pools": {"outpatient_general": {"deductible_met_fen": 100000, "in_scope_ytd_fen": 100000,
                                     "fund_paid_ytd_fen": 0, "admissions_ytd": 0}}})");
}

inline nlohmann::json line(const char* code, const char* cls, std::int64_t price, std::int64_t quantity) {
  return {{"code", code}, {"class", cls}, {"unit_price_fen", price}, {"quantity", quantity}};
}

// An outpatient visit at level3 on 2025-07-01 with one class A line of 100 yuan.
inline nlohmann::json base_bill() {
  return {{"visit",
           {{"date", "2025-07-01"}, {"type", "outpatient"}, {"hospital_level", "level3"},
            {"use_personal_account", true}}},
          {"lines", nlohmann::json::array({line("A1", "A", 10000, 1)})}};
}

inline nlohmann::json run_estimate(const nlohmann::json& policy, const nlohmann::json& accumulators,
                                   const nlohmann::json& bill) {
  return medins::call("estimate", {{"policy", policy}, {"accumulators", accumulators}, {"bill", bill}});
}

}  // namespace medins::testing

#endif  // MEDINS_TESTS_ESTIMATE_SUPPORT_HPP
