#include <doctest/doctest.h>

#include "estimate/estimate_support.hpp"

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
}
