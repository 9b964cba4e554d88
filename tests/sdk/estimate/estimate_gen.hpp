// Random policies, accumulators and bills for property tests and the
// structure-aware fuzzer, and the spec's invariants as one checker. The
// generator draws from any source of 64-bit words (a seeded PRNG, fuzz bytes).
#ifndef MEDINS_TESTS_ESTIMATE_GEN_HPP
#define MEDINS_TESTS_ESTIMATE_GEN_HPP

#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace medins::testing {

// splitmix64: tiny, seedable, and the same sequence on every platform.
class SplitMix {
 public:
  explicit SplitMix(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

// Words from fuzz input bytes; zeros once they run out (the run still ends).
class ByteSource {
 public:
  ByteSource(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint64_t next() {
    std::uint64_t word = 0;
    for (int i = 0; i < 8; ++i) word = (word << 8) | (pos_ < size_ ? data_[pos_++] : 0);
    return word;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

template <class Source>
class EstimateGen {
 public:
  explicit EstimateGen(Source& source) : src_(source) {}

  std::int64_t uniform(std::int64_t lo, std::int64_t hi) {  // inclusive
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<std::int64_t>(span == 0 ? src_.next() : src_.next() % span);
  }
  bool chance(int percent) { return uniform(0, 99) < percent; }

  // Mostly realistic fen amounts, sometimes zero, sometimes near the 64-bit edge.
  std::int64_t money() {
    switch (uniform(0, 19)) {
      case 0: return 0;
      case 1: return INT64_MAX - uniform(0, 1000);
      case 2: return uniform(0, INT64_MAX / 4);
      default: return uniform(0, 5'000'000);
    }
  }
  std::int64_t bp() { return chance(10) ? (chance(50) ? 0 : 10000) : uniform(0, 10000); }

  std::string date(int year) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, static_cast<int>(uniform(1, 12)),
                  static_cast<int>(uniform(1, 28)));
    return text;
  }

  nlohmann::json bands() {
    nlohmann::json list = nlohmann::json::array();
    std::int64_t upto = 0;
    const auto count = uniform(1, 4);
    for (std::int64_t i = 0; i + 1 < count; ++i) {
      upto += uniform(1, 3'000'000);
      list.push_back({{"upto_in_scope_ytd_fen", upto}, {"bp", bp()}});
    }
    list.push_back({{"upto_in_scope_ytd_fen", nullptr}, {"bp", bp()}});
    return list;
  }

  nlohmann::json pool(const char* visit_type, const char* deductible_type) {
    nlohmann::json deductible = {{"type", deductible_type}};
    if (std::string(deductible_type) == "annual") deductible["amount_fen"] = uniform(0, 300'000);
    if (std::string(deductible_type) == "per_admission") {
      deductible["sequence_fen"] = nlohmann::json::array();
      for (auto i = uniform(1, 3); i > 0; --i) deductible["sequence_fen"].push_back(uniform(0, 200'000));
    }
    nlohmann::json levels = nlohmann::json::object();
    nlohmann::json not_covered = nlohmann::json::array();
    for (const char* level : kLevels) {
      if (chance(15)) not_covered.push_back(level);
      else if (chance(95)) levels[level] = bands();
    }
    return {{"visit_types", {visit_type}},
            {"requires_registration", std::string(visit_type) == "chronic"},
            {"deductible", deductible},
            {"annual_cap_fen", chance(20) ? nlohmann::json(nullptr) : nlohmann::json(uniform(0, 60'000'000))},
            {"bands_by_level", levels},
            {"not_covered_levels", not_covered}};
  }

  nlohmann::json policy() {
    static const char* kModes[] = {"half_up", "half_even", "down"};
    static const char* kScopes[] = {"self_pay", "all_patient_share", "none"};
    static const char* kDeductibles[] = {"annual", "per_admission", "none"};
    nlohmann::json versions = nlohmann::json::array();
    // Consecutive, non-overlapping versions: one per year from 2024, the last open.
    const auto count = uniform(1, 3);
    for (std::int64_t v = 0; v < count; ++v) {
      const int year = 2024 + static_cast<int>(v);
      nlohmann::json version = {
          {"version", "v" + std::to_string(v)},
          {"effective_from", std::to_string(year) + "-01-01"},
          {"effective_to", v + 1 == count ? nlohmann::json(nullptr) : nlohmann::json(std::to_string(year) + "-12-31")},
          {"rounding", {{"mode", kModes[uniform(0, 2)]}}},
          {"personal_account", {{"available", chance(80)}, {"payable_scope", kScopes[uniform(0, 2)]}}},
          {"pools",
           {{"outpatient_general", pool("outpatient", kDeductibles[uniform(0, 2)])},
            {"inpatient", pool("inpatient", kDeductibles[uniform(0, 2)])},
            {"chronic_special", pool("chronic", "none")}}}};
      if (chance(90)) version["catalogue_defaults"] = {{"b_self_pay_first_bp", bp()}};
      if (chance(40)) version["covered_in_full"] = {{{"code", "FREE-1"}}, {{"code", "FREE-2"}, {"pools", {"inpatient"}}}};
      versions.push_back(version);
    }
    return {{"schema", "fee-policy/0.1"}, {"policy_id", "gen"}, {"versions", versions}};
  }

  nlohmann::json accumulators(int visit_year) {
    nlohmann::json pools = nlohmann::json::object();
    for (const char* name : {"outpatient_general", "inpatient", "chronic_special"}) {
      if (chance(30)) continue;
      pools[name] = {{"deductible_met_fen", uniform(0, 300'000)},
                     {"in_scope_ytd_fen", chance(3) ? money() : uniform(0, 6'000'000)},
                     {"fund_paid_ytd_fen", chance(3) ? money() : uniform(0, 6'000'000)},
                     {"admissions_ytd", uniform(0, 4)}};
    }
    nlohmann::json out = {{"year", chance(85) ? visit_year : visit_year - 1},
                          {"account_balance_fen", chance(15) ? nlohmann::json(nullptr) : nlohmann::json(uniform(0, 500'000))},
                          {"registered_diseases", chance(70) ? nlohmann::json{"HTN"} : nlohmann::json::array()},
                          {"pools", pools}};
    return out;
  }

  nlohmann::json bill(int visit_year) {
    static const char* kTypes[] = {"outpatient", "inpatient", "chronic"};
    static const char* kClasses[] = {"A", "B", "C"};
    nlohmann::json lines = nlohmann::json::array();
    for (auto n = uniform(0, 12); n > 0; --n) {
      nlohmann::json line = {{"code", chance(10) ? "FREE-" + std::to_string(uniform(1, 2)) : "I" + std::to_string(n)},
                             {"class", kClasses[uniform(0, 2)]},
                             {"unit_price_fen", chance(2) ? money() : uniform(0, 2'000'000)},
                             {"quantity", chance(2) ? money() : uniform(0, 20)}};
      if (chance(40)) line["b_self_pay_first_bp"] = bp();
      if (chance(30)) line["price_cap_fen"] = uniform(0, 2'000'000);
      lines.push_back(line);
    }
    return {{"visit",
             {{"date", date(visit_year)},
              {"type", kTypes[uniform(0, 2)]},
              {"hospital_level", kLevels[uniform(0, 3)]},
              {"use_personal_account", chance(80)},
              {"disease_code", chance(70) ? nlohmann::json("HTN") : nlohmann::json(nullptr)}}},
            {"lines", lines}};
  }

  // One whole `estimate` input; visits fall from 2023 (before any version) to 2026.
  nlohmann::json input() {
    const int year = chance(8) ? 2023 : static_cast<int>(uniform(2024, 2026));
    return {{"policy", policy()}, {"accumulators", accumulators(year)}, {"bill", bill(year)}};
  }

 private:
  static constexpr const char* kLevels[] = {"community", "level1", "level2", "level3"};
  Source& src_;
};

// Returns "" when `out` (an estimate output for `in`) keeps every invariant of
// docs/estimate.md, else the first violation.
inline std::string check_estimate_invariants(const nlohmann::json& in, const nlohmann::json& out) {
  using nlohmann::json;
  auto fail = [](const std::string& what) { return what; };
  const json& t = out["totals"];
  auto v = [&](const char* name) { return t[name].get<std::int64_t>(); };
  const std::int64_t total = v("medfee_sumamt_fen");
  const std::int64_t fund = v("fund_pay_fen"), account = v("account_pay_fen"), cash = v("cash_pay_fen");
  for (const char* name : {"medfee_sumamt_fen", "fulamt_ownpay_fen", "overlmt_selfpay_fen", "preselfpay_fen",
                           "inscp_fen", "deductible_applied_fen", "fund_before_cap_fen", "coinsurance_fen",
                           "cap_excess_fen", "fund_pay_fen", "patient_share_fen", "account_pay_fen", "cash_pay_fen"})
    if (v(name) < 0) return fail(std::string("negative ") + name);
  if (total != v("fulamt_ownpay_fen") + v("overlmt_selfpay_fen") + v("preselfpay_fen") + v("inscp_fen"))
    return fail("total != fulamt + overlmt + pre + inscp");
  if (total != fund + account + cash) return fail("total != fund + account + cash");
  if (v("patient_share_fen") != total - fund) return fail("patient_share != total - fund");
  const bool covered = t["coverage"] == "covered";
  std::int64_t band_sum = 0, band_fund = 0;
  const std::string mode = [&] {
    for (const auto& version : in["policy"]["versions"])
      if (version["version"] == out["policy_version"]) return version["rounding"]["mode"].get<std::string>();
    return std::string();
  }();
  std::int64_t expect_from = -1;
  for (const auto& band : t["bands"]) {
    const std::int64_t amount = band["amount_fen"].get<std::int64_t>(), f = band["fund_fen"].get<std::int64_t>();
    const std::int64_t bp = band["bp"].get<std::int64_t>();
    if (amount <= 0) return fail("a listed band has no overlap");
    if (band["to_fen"].get<std::int64_t>() - band["from_fen"].get<std::int64_t>() != amount) return fail("band width");
    if (expect_from >= 0 && band["from_fen"].get<std::int64_t>() != expect_from) return fail("bands not contiguous");
    expect_from = band["to_fen"].get<std::int64_t>();
    // Rounding bound, computed independently of apply_bp: |fund·10000 − amount·bp| ≤ 5000
    // (half modes), 0 ≤ amount·bp − fund·10000 < 10000 (down).
    const __int128 diff = static_cast<__int128>(amount) * bp - static_cast<__int128>(f) * 10000;
    if (mode == "down" ? (diff < 0 || diff >= 10000) : (diff < -5000 || diff > 5000)) return fail("band rounding");
    if (mode == "half_up" && diff == 5000) return fail("half_up left a tie down");
    if (mode == "half_even" && (diff == 5000 || diff == -5000) && (f & 1)) return fail("half_even tie to odd");
    band_sum += amount;
    band_fund += f;
  }
  if (covered) {
    if (v("patient_share_fen") != v("fulamt_ownpay_fen") + v("overlmt_selfpay_fen") + v("preselfpay_fen") +
                                      v("deductible_applied_fen") + v("coinsurance_fen") + v("cap_excess_fen"))
      return fail("patient_share decomposition");
    if (band_sum + v("deductible_applied_fen") != v("inscp_fen")) return fail("bands + deductible != inscp");
    if (band_fund != v("fund_before_cap_fen")) return fail("Σ band fund != fund_before_cap");
    if (v("fund_before_cap_fen") - fund != v("cap_excess_fen")) return fail("cap excess");
  } else if (fund != 0 || v("deductible_applied_fen") != 0 || !t["bands"].empty() || v("patient_share_fen") != total) {
    return fail("not covered but the fund pays");
  }
  std::int64_t sums[5] = {0, 0, 0, 0, 0};
  const char* line_fields[5] = {"amount_fen", "fulamt_ownpay_fen", "overlmt_selfpay_fen", "preselfpay_fen", "inscp_fen"};
  const auto& bill_lines = in["bill"]["lines"];
  if (out["lines"].size() != bill_lines.size()) return fail("line count");
  for (std::size_t i = 0; i < bill_lines.size(); ++i) {
    const json& line = out["lines"][i];
    std::int64_t parts = 0;
    for (int k = 0; k < 5; ++k) {
      sums[k] += line[line_fields[k]].get<std::int64_t>();
      if (k > 0) parts += line[line_fields[k]].get<std::int64_t>();
    }
    if (parts != line["amount_fen"].get<std::int64_t>()) return fail("line parts != line amount");
    if (bill_lines[i]["class"] == "C" && line["fulamt_ownpay_fen"] != line["amount_fen"]) return fail("class C");
  }
  const char* total_fields[5] = {"medfee_sumamt_fen", "fulamt_ownpay_fen", "overlmt_selfpay_fen", "preselfpay_fen",
                                 "inscp_fen"};
  for (int k = 0; k < 5; ++k)
    if (sums[k] != v(total_fields[k])) return fail(std::string("line sum != ") + total_fields[k]);
  std::int64_t explained = 0;
  for (const auto& e : out["explanation"]) {
    if (e["amount_fen"].get<std::int64_t>() <= 0) return fail("explanation of nothing");
    explained += e["amount_fen"].get<std::int64_t>();
  }
  if (explained != v("patient_share_fen")) return fail("explanations do not add up to the patient share");

  // Accumulators never decrease (within the same year) and the balance never increases.
  const json& before = in["accumulators"];
  const json& after = out["accumulators_after"];
  const bool same_year = before["year"] == after["year"];
  if (same_year) {
    for (auto it = before["pools"].begin(); it != before["pools"].end(); ++it) {
      if (!after["pools"].contains(it.key())) return fail("a pool disappeared");
      for (auto f = it->begin(); f != it->end(); ++f)
        if (after["pools"][it.key()][f.key()].get<std::int64_t>() < f->get<std::int64_t>())
          return fail("accumulator decreased: " + it.key() + "." + f.key());
    }
  }
  if (before["account_balance_fen"].is_null()) {
    if (!after["account_balance_fen"].is_null() || account != 0) return fail("account without a balance");
  } else {
    const std::int64_t b0 = before["account_balance_fen"].get<std::int64_t>();
    const std::int64_t b1 = after["account_balance_fen"].get<std::int64_t>();
    if (b1 > b0 || b1 != b0 - account || b1 < 0) return fail("balance");
  }
  return "";
}

}  // namespace medins::testing

#endif  // MEDINS_TESTS_ESTIMATE_GEN_HPP
