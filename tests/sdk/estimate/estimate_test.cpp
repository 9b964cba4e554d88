#include <doctest/doctest.h>

#include <climits>

#include "estimate/estimate_support.hpp"
#include "estimate/estimate_internal.hpp"
#include "medins/estimate.hpp"

// One rule of docs/estimate.md per test case; the figures in comments are
// worked by hand from the spec, not read back from the implementation.
namespace {

using nlohmann::json;
using medins::estimate::apply_bp;
using medins::estimate::Rounding;
using namespace medins::testing;

std::string code_of(const json& out) { return error_code(out); }
const json& totals(const json& out) { return out["totals"]; }

// Takes a vector, not a json: `json lines = {one_line}` is a copy of that
// line under clang and a one-element array under g++.
json with_lines(json bill, std::vector<json> lines) {
  bill["lines"] = json(std::move(lines));
  return bill;
}

}  // namespace

TEST_SUITE("estimate") {
  TEST_CASE("R(x, bp) rounds ties by mode and never overflows") {
    // 15 × 5000 / 10000 = 7.5: a tie.
    CHECK(apply_bp(15, 5000, Rounding::kHalfUp) == 8);
    CHECK(apply_bp(15, 5000, Rounding::kHalfEven) == 8);
    CHECK(apply_bp(15, 5000, Rounding::kDown) == 7);
    // 25 × 5000 / 10000 = 12.5: half_even keeps the even 12.
    CHECK(apply_bp(25, 5000, Rounding::kHalfUp) == 13);
    CHECK(apply_bp(25, 5000, Rounding::kHalfEven) == 12);
    CHECK(apply_bp(25, 5000, Rounding::kDown) == 12);
    // Not ties: 333.3 and 333.6.
    for (auto mode : {Rounding::kHalfUp, Rounding::kHalfEven}) {
      CHECK(apply_bp(3333, 1000, mode) == 333);
      CHECK(apply_bp(3336, 1000, mode) == 334);
    }
    CHECK(apply_bp(3336, 1000, Rounding::kDown) == 333);
    CHECK(apply_bp(0, 7000, Rounding::kHalfUp) == 0);
    CHECK(apply_bp(12345, 0, Rounding::kHalfUp) == 0);
    CHECK(apply_bp(12345, 10000, Rounding::kDown) == 12345);
    CHECK(apply_bp(INT64_MAX, 10000, Rounding::kHalfUp) == INT64_MAX);
    const __int128 exact = static_cast<__int128>(INT64_MAX) * 9999;
    CHECK(apply_bp(INT64_MAX, 9999, Rounding::kDown) == static_cast<std::int64_t>(exact / 10000));
  }

  TEST_CASE("a visit with one class A line, deductible already met") {
    // S = 10000 at 70% on [100000, 110000): fund 7000, coinsurance 3000, all
    // of it self-pay scope, so the account pays it.
    json out = run_estimate(base_policy(), base_accumulators(), base_bill());
    REQUIRE_MESSAGE(code_of(out).empty(), out.dump());
    CHECK(out["policy_id"] == "test-policy");
    CHECK(out["policy_version"] == "2025.1");
    CHECK(out["pool"] == "outpatient_general");
    CHECK(out["accumulators_as_of"] == "2025-06-30T09:12:00+08:00");
    CHECK(totals(out)["bands"] == json::parse(
        R"([{"from_fen":100000,"to_fen":110000,"amount_fen":10000,"bp":7000,"fund_fen":7000}])"));
    CHECK(totals(out)["fund_pay_fen"] == 7000);
    CHECK(totals(out)["coinsurance_fen"] == 3000);
    CHECK(totals(out)["patient_share_fen"] == 3000);
    CHECK(totals(out)["account_pay_fen"] == 3000);
    CHECK(totals(out)["cash_pay_fen"] == 0);
    CHECK(out["accumulators_after"] == json::parse(R"({"year":2025,"account_balance_fen":97000,
      "registered_diseases":["HTN-DEMO"],
      "pools":{"outpatient_general":{"deductible_met_fen":100000,"in_scope_ytd_fen":110000,
                                     "fund_paid_ytd_fen":7000,"admissions_ytd":0}}})"));
    CHECK(out["warnings"] == json::array());
  }

  TEST_CASE("line rules: class C, price caps, class B self-pay-first per line") {
    json lines = json::array({line("C1", "C", 2000, 3), line("CAP", "A", 12000, 2), line("B1", "B", 3333, 3),
                              line("B2", "B", 5000, 1), line("EQ", "A", 100, 0), line("C2", "C", 100, 1)});
    lines[1]["price_cap_fen"] = 10000;  // 2000 over the cap per unit
    lines[3]["b_self_pay_first_bp"] = 500;
    lines[3]["price_cap_fen"] = 4000;
    lines[4]["price_cap_fen"] = 100;  // at the cap is not over it
    lines[5]["price_cap_fen"] = 10;   // class C: the cap does not apply
    json out = run_estimate(base_policy(), base_accumulators(), with_lines(base_bill(), lines));
    REQUIRE_MESSAGE(code_of(out).empty(), out.dump());
    CHECK(out["lines"] == json::parse(R"([
      {"code":"C1","amount_fen":6000,"fulamt_ownpay_fen":6000,"overlmt_selfpay_fen":0,"preselfpay_fen":0,"inscp_fen":0},
      {"code":"CAP","amount_fen":24000,"fulamt_ownpay_fen":0,"overlmt_selfpay_fen":4000,"preselfpay_fen":0,"inscp_fen":20000},
      {"code":"B1","amount_fen":9999,"fulamt_ownpay_fen":0,"overlmt_selfpay_fen":0,"preselfpay_fen":1000,"inscp_fen":8999},
      {"code":"B2","amount_fen":5000,"fulamt_ownpay_fen":0,"overlmt_selfpay_fen":1000,"preselfpay_fen":200,"inscp_fen":3800},
      {"code":"EQ","amount_fen":0,"fulamt_ownpay_fen":0,"overlmt_selfpay_fen":0,"preselfpay_fen":0,"inscp_fen":0},
      {"code":"C2","amount_fen":100,"fulamt_ownpay_fen":100,"overlmt_selfpay_fen":0,"preselfpay_fen":0,"inscp_fen":0}])"));
    const json& t = totals(out);
    CHECK(t["medfee_sumamt_fen"] == 45099);
    CHECK(t["fulamt_ownpay_fen"] == 6100);
    CHECK(t["overlmt_selfpay_fen"] == 5000);
    CHECK(t["preselfpay_fen"] == 1200);
    CHECK(t["inscp_fen"] == 32799);
    // 32799 × 70% = 22959.3 → 22959; the account pays the self-pay scope only:
    // 22140 − class C 6100 − over cap 5000 = 11040.
    CHECK(t["fund_pay_fen"] == 22959);
    CHECK(t["coinsurance_fen"] == 9840);
    CHECK(t["patient_share_fen"] == 22140);
    CHECK(t["account_pay_fen"] == 11040);
    CHECK(t["cash_pay_fen"] == 11100);
    CHECK(out["explanation"] == json::parse(R"([
      {"reason":"class_c","amount_fen":6000,"line":0,"code":"C1"},
      {"reason":"over_price_cap","amount_fen":4000,"line":1,"code":"CAP"},
      {"reason":"b_self_pay_first","amount_fen":1000,"line":2,"code":"B1","self_pay_bp":1000},
      {"reason":"over_price_cap","amount_fen":1000,"line":3,"code":"B2"},
      {"reason":"b_self_pay_first","amount_fen":200,"line":3,"code":"B2","self_pay_bp":500},
      {"reason":"class_c","amount_fen":100,"line":5,"code":"C2"},
      {"reason":"coinsurance","amount_fen":9840,"from_fen":100000,"to_fen":132799,"fund_bp":7000}])"));
  }

  TEST_CASE("rounding mode applies to self-pay-first per line and to the fund per band") {
    for (auto [mode, pre, fund] : {std::tuple{"half_up", 8, 11}, {"half_even", 8, 10}, {"down", 7, 10}}) {
      // clang 14 cannot capture a structured binding in CAPTURE's lambda.
      const std::string rounding_mode = mode;
      CAPTURE(rounding_mode);
      json policy = base_policy();
      policy["versions"][0]["rounding"]["mode"] = mode;
      // B line: 15 × 50% = 7.5; A line of 15 at 70% = 10.5 — both ties.
      json b = line("B", "B", 15, 1);
      b["b_self_pay_first_bp"] = 5000;
      json out = run_estimate(policy, base_accumulators(), with_lines(base_bill(), {b}));
      REQUIRE_MESSAGE(code_of(out).empty(), out.dump());
      CHECK(out["lines"][0]["preselfpay_fen"] == pre);
      out = run_estimate(policy, base_accumulators(), with_lines(base_bill(), {line("A", "A", 15, 1)}));
      CHECK(totals(out)["fund_pay_fen"] == fund);
    }
    // Two bands of 5 fen each at 50%: rounded per band (3 + 3 half_up), not on the visit total (5).
    json policy = base_policy();
    policy["versions"][0]["pools"]["outpatient_general"]["deductible"] = {{"type", "none"}};
    policy["versions"][0]["pools"]["outpatient_general"]["bands_by_level"]["level3"] =
        json::parse(R"([{"upto_in_scope_ytd_fen":10,"bp":5000},{"upto_in_scope_ytd_fen":null,"bp":5000}])");
    json acc = base_accumulators();
    acc["pools"]["outpatient_general"]["in_scope_ytd_fen"] = 5;
    for (auto [mode, fund] : {std::pair{"half_up", 6}, {"half_even", 4}, {"down", 4}}) {
      policy["versions"][0]["rounding"]["mode"] = mode;
      json out = run_estimate(policy, acc, with_lines(base_bill(), {line("A", "A", 10, 1)}));
      CHECK(totals(out)["bands"].size() == 2);
      CHECK(totals(out)["fund_before_cap_fen"] == fund);
    }
  }

  TEST_CASE("any bad line rejects the whole estimate, naming the line") {
    auto rejects = [](json bad_line, std::size_t at, const std::string& code) {
      json lines = json::array({line("OK0", "A", 100, 1), line("OK1", "C", 100, 1)});
      lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), bad_line);
      json out = run_estimate(base_policy(), base_accumulators(), with_lines(base_bill(), lines));
      CHECK_MESSAGE(code_of(out) == code, out.dump());
      CHECK(out.size() == 1);  // the error alone: nothing half-applied
      CHECK(out["error"]["line"] == at);
      return out;
    };
    rejects(line("Q", "A", 100, -1), 2, "estimate.negative_quantity");
    rejects(line("P", "A", -1, 1), 0, "estimate.negative_price");
    json cap = line("P", "A", 100, 1);
    cap["price_cap_fen"] = -5;
    rejects(cap, 1, "estimate.negative_price");
    rejects(json::parse(R"({"code":"F","class":"A","unit_price_fen":10.5,"quantity":1})"), 1,
            "estimate.non_integer_amount");
    // 1.0 is integral in value but not an integer as sent.
    rejects(json::parse(R"({"code":"F","class":"A","unit_price_fen":10,"quantity":1.0})"), 0,
            "estimate.non_integer_amount");
    cap = line("P", "A", 100, 1);
    cap["price_cap_fen"] = 0.5;
    rejects(cap, 0, "estimate.non_integer_amount");
    rejects(line("D", "D", 100, 1), 2, "estimate.unknown_class");
    rejects(line("a", "a", 100, 1), 0, "estimate.unknown_class");
    rejects(line("BIG", "A", INT64_MAX, 2), 1, "estimate.overflow");
    rejects(json::parse(R"({"code":"U","class":"A","unit_price_fen":9223372036854775808,"quantity":1})"), 0,
            "estimate.overflow");
    json out = rejects(json::parse(R"({"class":"A","unit_price_fen":1,"quantity":1})"), 1, "estimate.bad_input");
    CHECK(out["error"]["field"] == "bill.lines[1].code");
    out = rejects(json::parse(R"({"code":"S","class":"A","unit_price_fen":1,"quantity":"3"})"), 0, "estimate.bad_input");
    CHECK(out["error"]["field"] == "bill.lines[0].quantity");
    rejects(json::parse(R"({"code":"S","class":1,"unit_price_fen":1,"quantity":1})"), 0, "estimate.bad_input");
    rejects(json::parse(R"({"code":"S","class":"A","quantity":1})"), 0, "estimate.bad_input");
    rejects(json("not a line"), 0, "estimate.bad_input");
    json bp = line("B", "B", 100, 1);
    bp["b_self_pay_first_bp"] = 10001;
    rejects(bp, 1, "estimate.bad_input");
  }

  TEST_CASE("a class B line needs a self-pay-first ratio from the line or the catalogue") {
    json policy = base_policy();
    policy["versions"][0].erase("catalogue_defaults");
    json out = run_estimate(policy, base_accumulators(), with_lines(base_bill(), {line("B", "B", 100, 1)}));
    CHECK(code_of(out) == "estimate.bad_input");
    CHECK(out["error"]["line"] == 0);
    json b = line("B", "B", 1000, 1);
    b["b_self_pay_first_bp"] = 2000;
    out = run_estimate(policy, base_accumulators(), with_lines(base_bill(), {b}));
    CHECK(out["lines"][0]["preselfpay_fen"] == 200);
  }

  TEST_CASE("totals beyond 64 bits and accumulators at the edge are estimate.overflow") {
    json lines = json::array({line("H1", "C", INT64_MAX / 2 + 1, 1), line("H2", "C", INT64_MAX / 2 + 1, 1)});
    json out = run_estimate(base_policy(), base_accumulators(), with_lines(base_bill(), lines));
    CHECK(code_of(out) == "estimate.overflow");
    json acc = base_accumulators();
    acc["pools"]["outpatient_general"]["in_scope_ytd_fen"] = INT64_MAX - 5;
    CHECK(code_of(run_estimate(base_policy(), acc, base_bill())) == "estimate.overflow");
    // The chronic pool has no cap, so the fund paid accumulates without bound.
    json bill = base_bill();
    bill["visit"]["type"] = "chronic";
    bill["visit"]["disease_code"] = "HTN-DEMO";
    acc = base_accumulators();
    acc["pools"]["chronic_special"] = {{"deductible_met_fen", 0}, {"in_scope_ytd_fen", 0},
                                       {"fund_paid_ytd_fen", INT64_MAX - 1}, {"admissions_ytd", 0}};
    CHECK(code_of(run_estimate(base_policy(), acc, bill)) == "estimate.overflow");
    bill["visit"]["type"] = "inpatient";
    acc["pools"]["inpatient"] = {{"deductible_met_fen", 0}, {"in_scope_ytd_fen", 0},
                                 {"fund_paid_ytd_fen", 0}, {"admissions_ytd", INT64_MAX}};
    CHECK(code_of(run_estimate(base_policy(), acc, bill)) == "estimate.overflow");
  }

  TEST_CASE("the bill is validated before the policy version is looked up") {
    json bill = with_lines(base_bill(), {line("Q", "A", 100, -1)});
    bill["visit"]["date"] = "2019-01-01";
    CHECK(code_of(run_estimate(base_policy(), base_accumulators(), bill)) == "estimate.negative_quantity");
  }

  TEST_CASE("the version is chosen by visit date; effective_to is inclusive") {
    json policy = base_policy();
    json v2024 = policy["versions"][0];
    v2024["version"] = "2024.1";
    v2024["effective_from"] = "2024-01-01";
    v2024["effective_to"] = "2024-12-31";
    v2024["pools"]["outpatient_general"]["bands_by_level"]["level3"][0]["bp"] = 5000;
    policy["versions"].push_back(v2024);
    json acc = base_accumulators();
    json bill = base_bill();
    for (auto [date, version, fund] : {std::tuple{"2024-12-31", "2024.1", 5000}, {"2025-01-01", "2025.1", 7000},
                                       {"2024-01-01", "2024.1", 5000}}) {
      bill["visit"]["date"] = date;
      acc["year"] = std::stoi(std::string(date).substr(0, 4));
      json out = run_estimate(policy, acc, bill);
      CHECK(out["policy_version"] == version);
      CHECK(totals(out)["fund_pay_fen"] == fund);
    }
    bill["visit"]["date"] = "2023-12-31";
    CHECK(code_of(run_estimate(policy, acc, bill)) == "estimate.no_policy_version");
    // A gap between versions.
    policy["versions"][1]["effective_to"] = "2024-06-30";
    bill["visit"]["date"] = "2024-07-15";
    CHECK(code_of(run_estimate(policy, acc, bill)) == "estimate.no_policy_version");
    // Overlap by one day (both ends inclusive), and an open version followed by another.
    policy["versions"][1]["effective_to"] = "2025-01-01";
    CHECK(code_of(run_estimate(policy, acc, bill)) == "estimate.overlapping_versions");
    policy["versions"][1]["effective_to"] = nullptr;
    json out = run_estimate(policy, acc, bill);
    CHECK(code_of(out) == "estimate.overlapping_versions");
    CHECK(out["error"]["versions"] == json::array({0, 1}));
  }

  TEST_CASE("dates are strict calendar dates") {
    json bill = base_bill();
    for (const char* bad : {"2025-02-29", "2025-13-01", "2025-7-1", "2025/07/01", "2025-07-01T00:00", "0000-01-01"}) {
      bill["visit"]["date"] = bad;
      json out = run_estimate(base_policy(), base_accumulators(), bill);
      CHECK_MESSAGE(code_of(out) == "estimate.bad_input", bad);
      CHECK(out["error"]["field"] == "bill.visit.date");
    }
    CHECK(medins::estimate::parse_date("2024-02-29") == 20240229);
    CHECK(medins::estimate::parse_date("2100-02-29") == std::nullopt);
    CHECK(medins::estimate::parse_date("2000-02-29") == 20000229);
  }

  TEST_CASE("the pool is chosen by visit type; chronic pools need a registered disease") {
    json bill = base_bill();
    bill["visit"]["type"] = "emergency";
    CHECK(code_of(run_estimate(base_policy(), base_accumulators(), bill)) == "estimate.no_pool_for_visit_type");
    bill["visit"]["type"] = "chronic";
    bill["visit"]["disease_code"] = "HTN-DEMO";
    // No deductible, 85%, no cap: 10000 → fund 8500.
    json out = run_estimate(base_policy(), base_accumulators(), bill);
    CHECK(out["pool"] == "chronic_special");
    CHECK(totals(out)["deductible_applied_fen"] == 0);
    CHECK(totals(out)["fund_pay_fen"] == 8500);
    bill["visit"]["disease_code"] = "DM-OTHER";
    CHECK(code_of(run_estimate(base_policy(), base_accumulators(), bill)) == "estimate.chronic_not_registered");
    bill["visit"]["disease_code"] = nullptr;
    CHECK(code_of(run_estimate(base_policy(), base_accumulators(), bill)) == "estimate.chronic_not_registered");
    bill["visit"]["disease_code"] = "HTN-DEMO";
    json acc = base_accumulators();
    acc.erase("registered_diseases");
    CHECK(code_of(run_estimate(base_policy(), acc, bill)) == "estimate.chronic_not_registered");
  }

  TEST_CASE("a new year starts the pool accumulators at zero; the balance carries over") {
    json acc = base_accumulators();
    acc["year"] = 2024;
    acc["pools"]["inpatient"] = {{"deductible_met_fen", 130000}, {"in_scope_ytd_fen", 500000},
                                 {"fund_paid_ytd_fen", 300000}, {"admissions_ytd", 1}};
    // The 1000-yuan deductible applies again and swallows the whole 100 yuan.
    json out = run_estimate(base_policy(), acc, base_bill());
    CHECK(totals(out)["deductible_applied_fen"] == 10000);
    CHECK(totals(out)["bands"] == json::array());
    CHECK(totals(out)["fund_pay_fen"] == 0);
    CHECK(totals(out)["account_pay_fen"] == 10000);
    CHECK(out["explanation"] == json::parse(R"([{"reason":"deductible","amount_fen":10000}])"));
    CHECK(out["accumulators_after"] == json::parse(R"({"year":2025,"account_balance_fen":90000,
      "registered_diseases":["HTN-DEMO"],
      "pools":{"outpatient_general":{"deductible_met_fen":10000,"in_scope_ytd_fen":10000,
                                     "fund_paid_ytd_fen":0,"admissions_ytd":0}}})"));
  }

  TEST_CASE("a level the pool does not cover: the fund pays nothing and nothing accumulates") {
    json bill = base_bill();
    bill["visit"]["hospital_level"] = "private";
    json out = run_estimate(base_policy(), base_accumulators(), bill);
    REQUIRE_MESSAGE(code_of(out).empty(), out.dump());
    const json& t = totals(out);
    CHECK(t["coverage"] == "not_covered_at_level");
    for (const char* zero : {"fund_pay_fen", "deductible_applied_fen", "fund_before_cap_fen", "coinsurance_fen",
                             "cap_excess_fen"})
      CHECK(t[zero] == 0);
    CHECK(t["bands"] == json::array());
    CHECK(t["inscp_fen"] == 10000);
    CHECK(t["patient_share_fen"] == 10000);
    CHECK(t["account_pay_fen"] == 10000);  // in-scope amounts stay in the self-pay scope
    CHECK(out["accumulators_after"]["pools"] == base_accumulators()["pools"]);
    CHECK(out["accumulators_after"]["account_balance_fen"] == 90000);
    CHECK(out["explanation"] == json::parse(
        R"([{"reason":"not_covered_at_level","amount_fen":10000,"hospital_level":"private"}])"));
    // A level with neither bands nor a not-covered listing is a policy gap.
    bill["visit"]["hospital_level"] = "level2";
    CHECK(code_of(run_estimate(base_policy(), base_accumulators(), bill)) == "estimate.no_bands_for_level");
  }

  TEST_CASE("annual deductible: what remains of it, never more than the in-scope sum") {
    json acc = base_accumulators();
    // 5000 remains: 5000 deductible, then [100000, 105000) at 70%.
    acc["pools"]["outpatient_general"]["deductible_met_fen"] = 95000;
    acc["pools"]["outpatient_general"]["in_scope_ytd_fen"] = 95000;
    json out = run_estimate(base_policy(), acc, base_bill());
    CHECK(totals(out)["deductible_applied_fen"] == 5000);
    CHECK(totals(out)["bands"][0]["from_fen"] == 100000);
    CHECK(totals(out)["bands"][0]["to_fen"] == 105000);
    CHECK(totals(out)["fund_pay_fen"] == 3500);
    CHECK(totals(out)["patient_share_fen"] == 6500);
    CHECK(out["accumulators_after"]["pools"]["outpatient_general"]["deductible_met_fen"] == 100000);
    // Met beyond the amount (an insurer's figure may): nothing more applies.
    acc["pools"]["outpatient_general"]["deductible_met_fen"] = 120000;
    CHECK(totals(run_estimate(base_policy(), acc, base_bill()))["deductible_applied_fen"] == 0);
    // Nothing met and no pool entry at all: the whole bill is deductible.
    acc["pools"] = json::object();
    out = run_estimate(base_policy(), acc, base_bill());
    CHECK(totals(out)["deductible_applied_fen"] == 10000);
    CHECK(totals(out)["fund_pay_fen"] == 0);
  }

  TEST_CASE("per-admission deductible follows the admission sequence; its last entry repeats") {
    json bill = with_lines(base_bill(), {line("STAY", "A", 1000000, 1)});
    bill["visit"]["type"] = "inpatient";
    json acc = base_accumulators();
    for (auto [admissions, deductible] : {std::pair{0, 130000}, {1, 65000}, {5, 65000}}) {
      acc["pools"]["inpatient"] = {{"deductible_met_fen", 0}, {"in_scope_ytd_fen", 0},
                                   {"fund_paid_ytd_fen", 0}, {"admissions_ytd", admissions}};
      json out = run_estimate(base_policy(), acc, bill);
      CHECK(totals(out)["deductible_applied_fen"] == deductible);
      CHECK(out["accumulators_after"]["pools"]["inpatient"]["admissions_ytd"] == admissions + 1);
    }
    // First admission: [130000, 1000000) at 85% = 739500.
    acc["pools"]["inpatient"]["admissions_ytd"] = 0;
    json out = run_estimate(base_policy(), acc, bill);
    CHECK(totals(out)["fund_pay_fen"] == 739500);
    CHECK(totals(out)["coinsurance_fen"] == 130500);
    // A stay smaller than the deductible pays it only up to its own size.
    bill["lines"][0]["unit_price_fen"] = 50000;
    out = run_estimate(base_policy(), acc, bill);
    CHECK(totals(out)["deductible_applied_fen"] == 50000);
    CHECK(totals(out)["bands"] == json::array());
  }

  TEST_CASE("bands: only overlapping bands are listed, in order, on the annual in-scope axis") {
    json bill = base_bill();
    bill["visit"]["type"] = "inpatient";
    json acc = base_accumulators();
    // Start 2000000 + 65000; 935000 more ends exactly at the 3000000 boundary.
    acc["pools"]["inpatient"] = {{"deductible_met_fen", 130000}, {"in_scope_ytd_fen", 2000000},
                                 {"fund_paid_ytd_fen", 0}, {"admissions_ytd", 1}};
    bill["lines"] = json::array({line("STAY", "A", 1000000, 1)});
    json out = run_estimate(base_policy(), acc, bill);
    CHECK(totals(out)["bands"] == json::parse(
        R"([{"from_fen":2065000,"to_fen":3000000,"amount_fen":935000,"bp":8500,"fund_fen":794750}])"));
    // Starting inside the second band skips the first.
    acc["pools"]["inpatient"]["in_scope_ytd_fen"] = 3500000;
    bill["lines"] = json::array({line("STAY", "A", 1065000, 1)});
    out = run_estimate(base_policy(), acc, bill);
    CHECK(totals(out)["bands"] == json::parse(R"([
      {"from_fen":3565000,"to_fen":4000000,"amount_fen":435000,"bp":9000,"fund_fen":391500},
      {"from_fen":4000000,"to_fen":4565000,"amount_fen":565000,"bp":9500,"fund_fen":536750}])"));
    CHECK(totals(out)["fund_before_cap_fen"] == 928250);
  }

  TEST_CASE("the fund's annual cap: what remains of it, never below zero; null is no cap") {
    json acc = base_accumulators();
    acc["pools"]["outpatient_general"]["fund_paid_ytd_fen"] = 1995000;
    // 7000 before the cap, 5000 of it left under 2000000.
    json out = run_estimate(base_policy(), acc, base_bill());
    CHECK(totals(out)["fund_before_cap_fen"] == 7000);
    CHECK(totals(out)["fund_pay_fen"] == 5000);
    CHECK(totals(out)["cap_excess_fen"] == 2000);
    CHECK(totals(out)["patient_share_fen"] == 5000);
    CHECK(out["explanation"].back() == json::parse(R"({"reason":"over_annual_cap","amount_fen":2000})"));
    CHECK(out["accumulators_after"]["pools"]["outpatient_general"]["fund_paid_ytd_fen"] == 2000000);
    acc["pools"]["outpatient_general"]["fund_paid_ytd_fen"] = 2100000;
    out = run_estimate(base_policy(), acc, base_bill());
    CHECK(totals(out)["fund_pay_fen"] == 0);
    CHECK(totals(out)["cap_excess_fen"] == 7000);
    json bill = base_bill();
    bill["visit"]["type"] = "chronic";
    bill["visit"]["disease_code"] = "HTN-DEMO";
    acc["pools"]["chronic_special"] = {{"deductible_met_fen", 0}, {"in_scope_ytd_fen", 0},
                                       {"fund_paid_ytd_fen", 1000000000000}, {"admissions_ytd", 0}};
    CHECK(totals(run_estimate(base_policy(), acc, bill))["fund_pay_fen"] == 8500);
  }

  TEST_CASE("personal account: availability, the patient's choice, scopes, balance") {
    // Class C 5000 + class A 10000: patient share 5000 + 3000.
    json bill = with_lines(base_bill(), {line("C", "C", 5000, 1), line("A", "A", 10000, 1)});
    auto account_pay = [&](json policy, json acc, json b) {
      return totals(run_estimate(policy, acc, b))["account_pay_fen"].get<std::int64_t>();
    };
    CHECK(account_pay(base_policy(), base_accumulators(), bill) == 3000);
    json policy = base_policy();
    policy["versions"][0]["personal_account"]["payable_scope"] = "all_patient_share";
    CHECK(account_pay(policy, base_accumulators(), bill) == 8000);
    policy["versions"][0]["personal_account"]["payable_scope"] = "none";
    CHECK(account_pay(policy, base_accumulators(), bill) == 0);
    policy["versions"][0]["personal_account"] = {{"available", false}, {"payable_scope", "all_patient_share"}};
    CHECK(account_pay(policy, base_accumulators(), bill) == 0);
    policy["versions"][0].erase("personal_account");
    CHECK(account_pay(policy, base_accumulators(), bill) == 0);
    json declined = bill;
    declined["visit"]["use_personal_account"] = false;
    CHECK(account_pay(base_policy(), base_accumulators(), declined) == 0);
    json acc = base_accumulators();
    acc["account_balance_fen"] = 1000;
    json out = run_estimate(base_policy(), acc, bill);
    CHECK(totals(out)["account_pay_fen"] == 1000);
    CHECK(totals(out)["cash_pay_fen"] == 7000);
    CHECK(out["accumulators_after"]["account_balance_fen"] == 0);
    acc["account_balance_fen"] = nullptr;  // a resident: no account
    out = run_estimate(base_policy(), acc, bill);
    CHECK(totals(out)["account_pay_fen"] == 0);
    CHECK(out["accumulators_after"]["account_balance_fen"].is_null());
    acc.erase("account_balance_fen");
    CHECK(account_pay(base_policy(), acc, bill) == 0);
  }

  TEST_CASE("accumulators after: other pools unchanged, inpatient counts an admission") {
    json acc = base_accumulators();
    acc["pools"]["inpatient"] = {{"deductible_met_fen", 1}, {"in_scope_ytd_fen", 2},
                                 {"fund_paid_ytd_fen", 3}, {"admissions_ytd", 4}};
    json out = run_estimate(base_policy(), acc, base_bill());
    CHECK(out["accumulators_after"]["pools"]["inpatient"] == acc["pools"]["inpatient"]);
    CHECK(out["accumulators_after"]["pools"]["outpatient_general"]["admissions_ytd"] == 0);
    CHECK_FALSE(out["accumulators_after"].contains("as_of"));
  }

  TEST_CASE("warnings: a service covered in full billed class C or with a self-pay share") {
    json policy = base_policy();
    policy["versions"][0]["covered_in_full"] =
        json::parse(R"([{"code":"FREE"},{"code":"FREE-IN","pools":["inpatient"]}])");
    json capped = line("FREE", "A", 200, 1);
    capped["price_cap_fen"] = 150;
    json lines = json::array({line("FREE", "C", 100, 1), line("FREE", "A", 100, 1), line("FREE", "B", 100, 1),
                              line("FREE-IN", "C", 100, 1), capped});
    json out = run_estimate(policy, base_accumulators(), with_lines(base_bill(), lines));
    REQUIRE(out["warnings"].size() == 3);
    CHECK(out["warnings"][0]["code"] == "estimate.charged_for_covered_service");
    CHECK(out["warnings"][0]["line"] == 0);
    CHECK(out["warnings"][0]["item_code"] == "FREE");
    CHECK(out["warnings"][0]["class"] == "C");
    CHECK(out["warnings"][0]["self_pay_fen"] == 100);
    CHECK(out["warnings"][1]["line"] == 2);  // B: 10% self-pay-first
    CHECK(out["warnings"][1]["self_pay_fen"] == 10);
    CHECK(out["warnings"][2]["line"] == 4);  // over the price cap
    CHECK(out["warnings"][2]["self_pay_fen"] == 50);
    // FREE-IN is covered in full only in the inpatient pool.
    json bill = with_lines(base_bill(), {line("FREE-IN", "C", 100, 1)});
    bill["visit"]["type"] = "inpatient";
    CHECK(run_estimate(policy, base_accumulators(), bill)["warnings"].size() == 1);
  }

  TEST_CASE("input structure errors name the field") {
    auto field_of = [](const json& in) {
      json out = medins::call("estimate", in);
      CHECK(code_of(out) == "estimate.bad_input");
      return out["error"].value("field", std::string());
    };
    json in = {{"policy", base_policy()}, {"accumulators", base_accumulators()}, {"bill", base_bill()}};
    json missing = in;
    missing.erase("policy");
    CHECK(field_of(missing) == "policy");
    missing = in;
    missing["accumulators"].erase("year");
    CHECK(field_of(missing) == "accumulators.year");
    missing = in;
    missing["accumulators"]["account_balance_fen"] = -1;
    CHECK(field_of(missing) == "accumulators.account_balance_fen");
    missing = in;
    missing["accumulators"]["pools"]["outpatient_general"].erase("admissions_ytd");
    CHECK(field_of(missing) == "accumulators.pools.outpatient_general.admissions_ytd");
    missing = in;
    missing["accumulators"]["pools"]["outpatient_general"]["fund_paid_ytd_fen"] = -3;
    CHECK(field_of(missing) == "accumulators.pools.outpatient_general.fund_paid_ytd_fen");
    missing = in;
    missing["policy"]["versions"][0]["rounding"].erase("mode");
    CHECK(field_of(missing) == "policy.versions[0].rounding.mode");
    missing = in;
    missing["policy"]["versions"][0]["rounding"]["mode"] = "bankers";
    CHECK(field_of(missing) == "policy.versions[0].rounding.mode");
    missing = in;
    missing["policy"]["schema"] = "fee-policy/9";
    CHECK(field_of(missing) == "policy.schema");
    missing = in;
    missing["bill"]["visit"].erase("hospital_level");
    CHECK(field_of(missing) == "bill.visit.hospital_level");
    missing = in;
    missing["bill"]["visit"]["use_personal_account"] = "yes";
    CHECK(field_of(missing) == "bill.visit.use_personal_account");
    // Unknown fields are ignored.
    json extra = in;
    extra["policy"]["region"] = {{"admdvs", "500000"}};
    extra["bill"]["lines"][0]["name"] = "挂号";
    extra["bill"]["visit"]["note"] = 1;
    CHECK(code_of(medins::call("estimate", extra)).empty());
  }

  TEST_CASE("an inconsistent policy is refused by the estimate with its policy code") {
    json policy = base_policy();
    policy["versions"][0]["pools"]["inpatient"]["bands_by_level"]["level3"][1]["upto_in_scope_ytd_fen"] = 1000;
    CHECK(code_of(run_estimate(policy, base_accumulators(), base_bill())) == "policy.unordered_bands");
  }

  TEST_CASE("the typed API gives what the op gives and checks typed lines too") {
    json in_policy = base_policy(), in_acc = base_accumulators(), in_bill = base_bill();
    auto policy = medins::estimate::parse_policy(in_policy);
    auto acc = medins::estimate::parse_accumulators(in_acc);
    auto bill = medins::estimate::parse_bill(in_bill);
    REQUIRE(policy.ok());
    REQUIRE(acc.ok());
    REQUIRE(bill.ok());
    auto result = medins::estimate::estimate(*policy, *acc, *bill);
    REQUIRE(result.ok());
    CHECK(result->totals.fund_pay_fen == 7000);
    CHECK(medins::estimate::to_json(*result, *policy, *acc, *bill) == run_estimate(in_policy, in_acc, in_bill));
    bill->lines[0].quantity = -2;
    auto bad = medins::estimate::estimate(*policy, *acc, *bill);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.status().code() == medins::Code::EstimateNegativeQuantity);
    CHECK(bad.status().detail()["line"] == 0);
  }

  // Not timed: matching every line against every covered service took
  // 2.5·10⁹ comparisons here; a regression shows as a test that never ends.
  TEST_CASE("covered-in-full warnings are linearithmic in lines and covered services") {
    constexpr std::size_t kServices = 50000, kLines = 50000;
    auto policy = medins::estimate::parse_policy(base_policy());
    auto acc = medins::estimate::parse_accumulators(base_accumulators());
    auto bill = medins::estimate::parse_bill(base_bill());
    REQUIRE(policy.ok());
    REQUIRE(acc.ok());
    REQUIRE(bill.ok());
    // Services code0, code2, code4, … ; lines code0, code1, code2, … class C: every other line is covered.
    for (std::size_t s = 0; s < kServices; ++s)
      policy->versions[0].covered_in_full.push_back({"code" + std::to_string(2 * s), {}});
    const medins::estimate::Line first = bill->lines[0];
    bill->lines.clear();
    for (std::size_t i = 0; i < kLines; ++i) {
      medins::estimate::Line l = first;
      l.code = "code" + std::to_string(i);
      l.item_class = medins::estimate::ItemClass::kC;
      bill->lines.push_back(std::move(l));
    }
    auto result = medins::estimate::estimate(*policy, *acc, *bill);
    REQUIRE(result.ok());
    REQUIRE(result->warnings.size() == kLines / 2);
    CHECK(result->warnings[0].line == 0);
    CHECK(result->warnings.back().line == kLines - 2);
  }
}
