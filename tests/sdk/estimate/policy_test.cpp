#include <doctest/doctest.h>

#include <algorithm>

#include "estimate/estimate_support.hpp"
#include "medins/estimate.hpp"

// policy.validate: each inconsistency has its own code and says where it is.
namespace {

using nlohmann::json;
using namespace medins::testing;

json validate(const json& policy) { return medins::call("policy.validate", {{"policy", policy}}); }

json& level3(json& policy, const char* pool) {
  return policy["versions"][0]["pools"][pool]["bands_by_level"]["level3"];
}

}  // namespace

TEST_SUITE("estimate") {
  TEST_CASE("policy.validate accepts a consistent policy") {
    json out = validate(base_policy());
    CHECK(out == json::parse(R"({"valid":true,"policy_id":"test-policy","versions":["2025.1"]})"));
  }

  TEST_CASE("policy.validate: overlapping versions") {
    json policy = base_policy();
    json later = policy["versions"][0];
    later["version"] = "2026.1";
    later["effective_from"] = "2026-01-01";
    policy["versions"].push_back(later);  // the first is open-ended
    json out = validate(policy);
    CHECK(error_code(out) == "policy.overlapping_versions");
    CHECK(out["error"]["versions"] == json::array({0, 1}));
    policy["versions"][0]["effective_to"] = "2025-12-31";
    CHECK(validate(policy)["valid"] == true);
  }

  TEST_CASE("policy.validate: unordered, overlapping and open bands") {
    json policy = base_policy();
    level3(policy, "inpatient")[1]["upto_in_scope_ytd_fen"] = 2000000;  // below the previous 3000000
    json out = validate(policy);
    CHECK(error_code(out) == "policy.unordered_bands");
    CHECK(out["error"]["pool"] == "inpatient");
    CHECK(out["error"]["level"] == "level3");
    CHECK(out["error"]["band"] == 1);
    level3(policy, "inpatient")[1]["upto_in_scope_ytd_fen"] = 3000000;  // equal: an empty band
    CHECK(error_code(validate(policy)) == "policy.unordered_bands");

    policy = base_policy();
    level3(policy, "inpatient")[0]["upto_in_scope_ytd_fen"] = nullptr;  // unbounded, then more bands
    CHECK(error_code(validate(policy)) == "policy.overlapping_bands");

    policy = base_policy();
    level3(policy, "inpatient")[2]["upto_in_scope_ytd_fen"] = 9000000;
    CHECK(error_code(validate(policy)) == "policy.open_bands");
    level3(policy, "inpatient") = json::array();
    CHECK(error_code(validate(policy)) == "policy.open_bands");
  }

  TEST_CASE("policy.validate: ratios within 0..10000") {
    for (std::int64_t bp : {-1, 10001}) {
      json policy = base_policy();
      level3(policy, "outpatient_general")[0]["bp"] = bp;
      CHECK(error_code(validate(policy)) == "policy.ratio_out_of_range");
      policy = base_policy();
      policy["versions"][0]["catalogue_defaults"]["b_self_pay_first_bp"] = bp;
      CHECK(error_code(validate(policy)) == "policy.ratio_out_of_range");
    }
    json policy = base_policy();
    level3(policy, "outpatient_general")[0]["bp"] = 0;
    policy["versions"][0]["catalogue_defaults"]["b_self_pay_first_bp"] = 10000;
    CHECK(validate(policy)["valid"] == true);
  }

  TEST_CASE("policy.validate: unknown pool references and ambiguous visit types") {
    json policy = base_policy();
    policy["versions"][0]["covered_in_full"] = json::parse(R"([{"code":"X","pools":["dental"]}])");
    json out = validate(policy);
    CHECK(error_code(out) == "policy.unknown_pool");
    CHECK(out["error"]["pool"] == "dental");
    policy = base_policy();
    policy["versions"][0]["pools"]["chronic_special"]["visit_types"].push_back("outpatient");
    CHECK(error_code(validate(policy)) == "policy.ambiguous_visit_type");
  }

  TEST_CASE("policy.validate: structure errors are policy.bad_input naming the field") {
    auto field_of = [](const json& policy) {
      json out = validate(policy);
      CHECK(error_code(out) == "policy.bad_input");
      return out["error"].value("field", std::string());
    };
    json policy = base_policy();
    policy["versions"][0]["effective_to"] = "2024-12-31";
    CHECK(field_of(policy) == "policy.versions[0].effective_to");
    policy = base_policy();
    policy["versions"][0]["pools"]["inpatient"]["deductible"]["sequence_fen"] = json::array();
    CHECK(field_of(policy) == "policy.versions[0].pools.inpatient.deductible.sequence_fen");
    policy = base_policy();
    policy["versions"][0]["pools"]["inpatient"]["deductible"]["type"] = "per_visit";
    CHECK(field_of(policy) == "policy.versions[0].pools.inpatient.deductible.type");
    policy = base_policy();
    policy["versions"][0]["pools"]["outpatient_general"]["annual_cap_fen"] = -1;
    CHECK(field_of(policy) == "policy.versions[0].pools.outpatient_general.annual_cap_fen");
    policy = base_policy();
    level3(policy, "inpatient")[0]["upto_in_scope_ytd_fen"] = "3000000";
    CHECK(field_of(policy) == "policy.versions[0].pools.inpatient.bands_by_level.level3[0].upto_in_scope_ytd_fen");
    policy = base_policy();
    policy["versions"][0]["personal_account"]["payable_scope"] = "everything";
    CHECK(field_of(policy) == "policy.versions[0].personal_account.payable_scope");
    policy = base_policy();
    policy.erase("policy_id");
    CHECK(field_of(policy) == "policy.policy_id");
    CHECK(error_code(medins::call("policy.validate", json::object())) == "policy.bad_input");
  }

  TEST_CASE("policy.validate: lists over their limits have their own codes, before anything is read") {
    auto refusal = [](const json& policy, const char* code, const char* field) {
      json out = validate(policy);
      CHECK(error_code(out) == code);
      CHECK(out["error"]["field"] == field);
    };
    // Empty objects as entries: the limit answers before any entry is read.
    json policy = base_policy();
    policy["versions"] = json::array();
    for (std::size_t i = 0; i <= medins::estimate::kMaxVersions; ++i) policy["versions"].push_back(json::object());
    refusal(policy, "policy.too_many_versions", "policy.versions");
    policy = base_policy();
    for (std::size_t i = 0; i <= medins::estimate::kMaxPools; ++i)
      policy["versions"][0]["pools"]["extra" + std::to_string(i)] = json::object();
    refusal(policy, "policy.too_many_pools", "policy.versions[0].pools");
    policy = base_policy();
    level3(policy, "inpatient") = json::array();
    for (std::size_t i = 0; i <= medins::estimate::kMaxBands; ++i) level3(policy, "inpatient").push_back(json::object());
    refusal(policy, "policy.too_many_bands", "policy.versions[0].pools.inpatient.bands_by_level.level3");
    policy = base_policy();
    policy["versions"][0]["covered_in_full"] = json::array();
    for (std::size_t i = 0; i <= medins::estimate::kMaxCoveredServices; ++i)
      policy["versions"][0]["covered_in_full"].push_back(json::object());
    refusal(policy, "policy.too_many_covered_services", "policy.versions[0].covered_in_full");

    // At the limits the policy is read and checked as usual.
    policy = base_policy();
    policy["versions"] = json::array();
    for (std::size_t i = 0; i < medins::estimate::kMaxVersions; ++i) {
      json v = base_policy()["versions"][0];
      v["version"] = std::to_string(i);
      v["effective_from"] = std::to_string(2000 + i / 12) + "-" + (i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1) + "-01";
      v["effective_to"] = std::to_string(2000 + i / 12) + "-" + (i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1) + "-28";
      policy["versions"].push_back(v);
    }
    CHECK(validate(policy)["valid"] == true);
  }

  // Sizes far beyond the op's limits go through the C++ API, which has none.
  // Comparing every pair (n²/2 = 1.25·10⁹ version pairs; 60,000 versions took
  // 5.6 s through main's native CLI) takes seconds per call; sorting takes
  // milliseconds. Not timed: a regression shows as a test that never ends.
  TEST_CASE("validate_policy is linearithmic in versions, pools, visit types and covered services") {
    using namespace medins::estimate;
    constexpr std::size_t kVersions = 50000, kPools = 10000;
    PolicySet set;
    set.versions.resize(kVersions);
    for (std::size_t i = 0; i < kVersions; ++i) {
      // Day i + 1 of a calendar where every month has 28 days: one-day versions, none overlapping.
      const auto day = static_cast<DateKey>(10000000 + (i / (12 * 28)) * 10000 + (i / 28 % 12 + 1) * 100 + i % 28 + 1);
      set.versions[i].version = std::to_string(i);
      set.versions[i].effective_from = day;
      set.versions[i].effective_to = day;
    }
    // Listed newest first, so sorting has work to do.
    std::reverse(set.versions.begin(), set.versions.end());
    PolicyVersion& wide = set.versions[0];
    for (std::size_t p = 0; p < kPools; ++p) {
      Pool pool;
      pool.name = "pool" + std::to_string(p);
      pool.visit_types = {"type" + std::to_string(p), "also" + std::to_string(p)};
      pool.bands_by_level.push_back({"level3", {Band{std::nullopt, 7000}}});
      wide.pools.push_back(std::move(pool));
      wide.covered_in_full.push_back({"code" + std::to_string(p), {"pool" + std::to_string(kPools - 1 - p)}});
    }
    CHECK(validate_policy(set).ok());

    // One overlap: the first version listed (the newest) now starts with the last (the oldest).
    PolicySet overlapping = set;
    overlapping.versions.front().effective_from = overlapping.versions.back().effective_from;
    const medins::Status overlap = validate_policy(overlapping);
    CHECK(overlap.code() == medins::Code::PolicyOverlappingVersions);
    CHECK(overlap.detail()["versions"] == json::array({0, kVersions - 1}));

    // One visit type taken by the first and the last pool.
    PolicySet ambiguous = set;
    ambiguous.versions[0].pools.back().visit_types.push_back("type0");
    const medins::Status shared = validate_policy(ambiguous);
    CHECK(shared.code() == medins::Code::PolicyAmbiguousVisitType);
    CHECK(shared.detail()["pool"] == "pool0");
    CHECK(shared.detail()["visit_type"] == "type0");

    PolicySet unknown = set;
    unknown.versions[0].covered_in_full.back().pools.push_back("dental");
    CHECK(validate_policy(unknown).code() == medins::Code::PolicyUnknownPool);
  }
}
