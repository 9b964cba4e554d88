#include "medins/coverage.hpp"

#include <doctest/doctest.h>

#include "internal/encoding.hpp"
#include "medins/call.hpp"
#include "medins/estimate.hpp"
#include "test_support.hpp"

using nlohmann::json;
namespace coverage = medins::coverage;
using medins::testing::error_code;

namespace {

json key_pair(std::uint8_t fill) {
  std::vector<std::uint8_t> seed(32, fill);
  return medins::call("keys.generate", {{"type", "public"}, {"seed", medins::internal::base64url_encode(seed)}});
}

json claims() {
  return {{"sub", "cq-patient-1"},
          {"scheme", "employee"},
          {"member_category", "in_service"},
          {"admdvs", "500112"},
          {"insutype", "310"},
          {"valid_from", "2026-01-01"},
          {"valid_until", "2026-12-31"},
          {"conditions", json::array({{{"code", "CQ-HTN"}, {"from", "2025-03-01"}},
                                      {{"code", "CQ-DM2"}, {"from", "2026-03-01"}, {"until", "2027-02-28"}}})},
          {"long_term_care", {{"level", "severe-1"}, {"from", "2026-02-01"}, {"until", "2026-07-31"}}}};
}

std::string field_of(const medins::Status& status) { return status.detail().value("field", ""); }

}  // namespace

TEST_SUITE("identity") {
  TEST_CASE("coverage claims are read into dates comparable as integers") {
    auto read = coverage::parse_claims(claims());
    REQUIRE(read.ok());
    CHECK(read->scheme == coverage::Scheme::kEmployee);
    CHECK(read->valid.from == 20260101);
    CHECK(read->valid.until == 20261231);
    REQUIRE(read->conditions.size() == 2);
    CHECK_FALSE(read->conditions[0].recognized.until.has_value());
    CHECK(read->long_term_care->level == "severe-1");
    CHECK_FALSE(read->guardian.has_value());
  }

  TEST_CASE("every malformed claim is refused with coverage.bad_claims naming its field") {
    const std::vector<std::pair<json, std::string>> cases = {
        {{{"scheme", "retired"}}, "scheme"},
        {{{"admdvs", "50011"}}, "admdvs"},
        {{{"insutype", "31a"}}, "insutype"},
        {{{"valid_until", "2025-12-31"}}, "valid_until"},
        {{{"valid_from", "2026-13-01"}}, "valid_from"},
        {{{"member_category", ""}}, "member_category"},
        {{{"guardian", "cq-patient-1"}}, "guardian"},
        {{{"extra", 1}}, "extra"},
        {{{"conditions", json::array({{{"code", "A"}, {"from", "2026-01-01"}}, {{"code", "A"}, {"from", "2026-01-02"}}})}},
         "conditions[1].code"},
        {{{"conditions", json::array({{{"code", "A"}, {"from", "2026-01-01"}, {"note", "x"}}})}}, "conditions[0].note"},
        {{{"long_term_care", {{"level", "x"}, {"from", "2026-05-01"}, {"until", "2026-04-30"}}}},
         "long_term_care.until"},
    };
    // No structured bindings: doctest's CHECK_MESSAGE captures in a lambda,
    // which clang 14 refuses for a binding.
    for (const auto& item : cases) {
      const json& change = item.first;
      const std::string& field = item.second;
      json c = claims();
      c.update(change);
      auto read = coverage::parse_claims(c);
      REQUIRE_FALSE(read.ok());
      CHECK(read.status().code() == medins::Code::CoverageBadClaims);
      CHECK_MESSAGE(field_of(read.status()) == field, change.dump());
    }
  }

  TEST_CASE("a coverage issued by the insurer verifies under its keyset, and only there") {
    const json insurer = key_pair(0x15);
    const json other = key_pair(0x16);
    auto issued = coverage::issue(claims(), insurer["secret"].get<std::string>());
    REQUIRE(issued.ok());
    const std::vector<std::string> keys = {other["public"].get<std::string>(), insurer["public"].get<std::string>()};
    auto verified = coverage::verify(issued->token, keys);
    REQUIRE(verified.ok());
    CHECK(verified->kid == issued->kid);
    CHECK(verified->json == claims());

    const std::vector<std::string> others = {other["public"].get<std::string>()};
    CHECK(coverage::verify(issued->token, others).status().code() == medins::Code::CoverageUnknownKey);
    std::string tampered = issued->token;
    tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
    CHECK(coverage::verify(tampered, keys).status().code() == medins::Code::CoverageInvalid);
  }

  TEST_CASE("the day of an instant is China's: 16:00 UTC is already the next day") {
    CHECK(coverage::date_of(1767196799) == 20251231);  // 2025-12-31T15:59:59Z
    CHECK(coverage::date_of(1767196800) == 20260101);  // 2025-12-31T16:00:00Z
    CHECK(coverage::date_of(-28801) == 19691231);
  }

  TEST_CASE("a region's trailing 00 pairs are wildcards, never its province") {
    CHECK(coverage::region_within("500112", "500000"));
    CHECK(coverage::region_within("500112", "500100"));
    CHECK(coverage::region_within("500112", "500112"));
    CHECK_FALSE(coverage::region_within("500112", "500113"));
    CHECK_FALSE(coverage::region_within("110105", "500000"));
    CHECK_FALSE(coverage::region_within("500112", "000000"));
    CHECK_FALSE(coverage::region_within("5001", "500000"));
  }

  TEST_CASE("a condition counts only within its recognition period") {
    auto read = coverage::parse_claims(claims());
    REQUIRE(read.ok());
    CHECK(coverage::recognized_on(*read, "CQ-DM2", 20260301) != nullptr);
    CHECK(coverage::recognized_on(*read, "CQ-DM2", 20260228) == nullptr);
    CHECK(coverage::recognized_on(*read, "CQ-DM2", 20270301) == nullptr);
    CHECK(coverage::recognized_on(*read, "CQ-HTN", 20991231) != nullptr);
    CHECK(coverage::recognized_on(*read, "CQ-COPD", 20260601) == nullptr);
  }

  TEST_CASE("coverage.verify answers active by the date of now, and an expired coverage still verifies") {
    const json insurer = key_pair(0x15);
    const json issued = medins::call("coverage.issue", {{"claims", claims()}, {"key", insurer["secret"]}});
    REQUIRE(issued.contains("token"));
    json in = {{"token", issued["token"]}, {"keys", json::array({insurer["public"]})}, {"now", 1767225600}};
    json out = medins::call("coverage.verify", in);
    CHECK(out["active"] == true);
    CHECK(out["kid"] == issued["kid"]);
    in["now"] = 1798732800;  // 2027-01-01
    CHECK(medins::call("coverage.verify", in)["active"] == false);
  }

  TEST_CASE("an estimate with a coverage pays a chronic pool only for a condition recognized that day") {
    json policy = medins::testing::read_json("tests/vectors/policy.validate/catalogue.json")[0]["input"]["policy"];
    auto set = medins::estimate::parse_policy(policy);
    REQUIRE(set.ok());
    auto held = coverage::parse_claims(claims());
    REQUIRE(held.ok());
    medins::estimate::Accumulators accumulators;
    accumulators.year = 2026;
    medins::estimate::Bill bill;
    bill.visit = {20260215, "chronic", "level3", false, std::string("CQ-DM2")};
    bill.lines.push_back({"DRUG", medins::estimate::ItemClass::kA, 2500, 4, std::nullopt, std::nullopt});
    auto before = medins::estimate::estimate(*set, accumulators, bill, &*held);
    REQUIRE(before.ok());
    CHECK(before->totals.fund_pay_fen == 0);
    CHECK_FALSE(before->totals.covered);
    CHECK(before->totals.uncovered == medins::estimate::Reason::kConditionNotRecognized);
    bill.visit.date = 20260301;
    auto after = medins::estimate::estimate(*set, accumulators, bill, &*held);
    REQUIRE(after.ok());
    CHECK(after->totals.fund_pay_fen == 8000);
    // Without the coverage, registration is what it always was.
    CHECK(medins::estimate::estimate(*set, accumulators, bill).status().code() ==
          medins::Code::EstimateChronicNotRegistered);
  }
}
