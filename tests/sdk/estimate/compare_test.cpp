#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "estimate/estimate_support.hpp"
#include "estimate/estimate_internal.hpp"
#include "medins/estimate.hpp"

namespace {

using nlohmann::json;
using medins::estimate::parse_yuan;
using namespace medins::testing;

// What the platform's JSON number "<yuan>.<cents>" becomes after parsing.
json as_json_number(std::int64_t fen) {
  char text[48];
  std::snprintf(text, sizeof text, "%s%lld.%02lld", fen < 0 ? "-" : "", static_cast<long long>(std::llabs(fen) / 100),
                static_cast<long long>(std::llabs(fen) % 100));
  return json::parse(text);
}

}  // namespace

TEST_SUITE("estimate") {
  TEST_CASE("yuan strings are parsed digit by digit, at most two decimals") {
    CHECK(parse_yuan("12.34") == 1234);
    CHECK(parse_yuan("12.3") == 1230);
    CHECK(parse_yuan("12") == 1200);
    CHECK(parse_yuan("0.01") == 1);
    CHECK(parse_yuan("-0.50") == -50);
    CHECK(parse_yuan("0") == 0);
    CHECK(parse_yuan("9999999999999.99") == 999999999999999);
    for (const char* bad : {"12.345", "12.", ".5", "", "-", "+1", "1e2", " 1", "1,00", "12.3x", "10000000000000.01"})
      CHECK_MESSAGE(parse_yuan(bad) == std::nullopt, bad);
  }

  TEST_CASE("yuan JSON numbers are recovered exactly from their binary64 value") {
    CHECK(parse_yuan(json::parse("12.34")) == 1234);
    CHECK(parse_yuan(json::parse("0.1")) == 10);
    CHECK(parse_yuan(json::parse("1.005")) == std::nullopt);  // three decimals
    CHECK(parse_yuan(json::parse("12")) == 1200);
    CHECK(parse_yuan(json::parse("-3")) == -300);
    CHECK(parse_yuan(json::parse("1.5e2")) == 15000);
    CHECK(parse_yuan(json::parse("-0.0")) == 0);
    CHECK(parse_yuan(json::parse("1e300")) == std::nullopt);
    CHECK(parse_yuan(json::parse("1e-300")) == std::nullopt);
    CHECK(parse_yuan(json(true)) == std::nullopt);
    // The neighbours of 12.34's double are no two-decimal amount.
    CHECK(parse_yuan(json(std::nextafter(12.34, 13.0))) == std::nullopt);
    CHECK(parse_yuan(json(std::nextafter(12.34, 12.0))) == std::nullopt);
    // Every cent amount up to 10000 yuan, and a sweep up to 10^13 yuan, as
    // the platform would send it (a JSON number parsed by nlohmann).
    for (std::int64_t fen = -100; fen <= 1'000'000; ++fen) {
      if (parse_yuan(as_json_number(fen)) != fen) {
        FAIL("fen " << fen);
        break;
      }
    }
    std::uint64_t x = 1;
    for (int i = 0; i < 200000; ++i) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      const auto fen = static_cast<std::int64_t>(x >> 14) % 1'000'000'000'000'000;
      if (parse_yuan(as_json_number(fen)) != fen) {
        FAIL("fen " << fen);
        break;
      }
    }
  }

  TEST_CASE("estimate.compare reports each differing 2206 field and by how much") {
    json estimate = run_estimate(base_policy(), base_accumulators(), base_bill());
    // The estimate: total 10000, inscp 10000, fund 7000, account 3000, cash 0.
    json official = {{"medfee_sumamt", "100.00"}, {"fulamt_ownpay_amt", 0}, {"overlmt_selfpay", "0.00"},
                     {"preselfpay_amt", 0.0},       {"inscp_scp_amt", 100},  {"act_pay_dedc", "0"},
                     {"hifp_pay", 69.99},           {"acct_pay", "30.01"},   {"psn_cash_pay", nullptr}};
    json out = medins::call("estimate.compare", {{"estimate", estimate}, {"official", official}});
    REQUIRE_MESSAGE(error_code(out).empty(), out.dump());
    CHECK(out["matches"] == false);
    CHECK(out["not_compared"] == json::array({"psn_cash_pay"}));
    CHECK(out["compared"].size() == 8);
    CHECK(out["differences"] == json::parse(R"([
      {"field":"hifp_pay","estimate_field":"fund_pay_fen","estimate_fen":7000,"official_fen":6999,"difference_fen":-1},
      {"field":"acct_pay","estimate_field":"account_pay_fen","estimate_fen":3000,"official_fen":3001,"difference_fen":1}])"));
    official["hifp_pay"] = "70.00";
    official["acct_pay"] = 30;
    official["psn_cash_pay"] = "0.00";
    out = medins::call("estimate.compare", {{"estimate", estimate}, {"official", official}});
    CHECK(out["matches"] == true);
    CHECK(out["differences"] == json::array());
  }

  TEST_CASE("estimate.compare refuses amounts it cannot read exactly") {
    json estimate = run_estimate(base_policy(), base_accumulators(), base_bill());
    for (json bad : {json("70.001"), json(70.001), json("seventy"), json(true), json::array()}) {
      json out = medins::call("estimate.compare", {{"estimate", estimate}, {"official", {{"hifp_pay", bad}}}});
      CHECK(error_code(out) == "estimate.bad_input");
      CHECK(out["error"]["field"] == "official.hifp_pay");
    }
    json out = medins::call("estimate.compare", {{"estimate", {{"totals", json::object()}}}, {"official", json::object()}});
    CHECK(error_code(out) == "estimate.bad_input");
    CHECK(error_code(medins::call("estimate.compare", {{"estimate", estimate}})) == "estimate.bad_input");
  }
}
