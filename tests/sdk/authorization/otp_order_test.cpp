#include <doctest/doctest.h>

#include "internal/encoding.hpp"
#include "medins/authorization.hpp"
#include "medins/call.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::error_code;
namespace auth = medins::authorization;

namespace {
std::vector<std::uint8_t> ascii(std::string_view s) { return {s.begin(), s.end()}; }
}  // namespace

TEST_SUITE("authorization") {
  // The RFC tables run as shared vectors too (tests/vectors/otp.*); these pin
  // the typed API the ops are built on.
  TEST_CASE("hotp reproduces RFC 4226 appendix D through the typed API") {
    const auto secret = ascii("12345678901234567890");
    const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                              "254676", "287922", "162583", "399871", "520489"};
    for (std::uint64_t i = 0; i < 10; ++i) {
      auto code = auth::hotp({secret, auth::OtpAlgorithm::kSha1, 6}, i);
      REQUIRE(code.ok());
      CHECK(*code == expected[i]);
    }
    // 10 digits are the whole truncated 31-bit value (0x4c93cf18 for count 0).
    CHECK(*auth::hotp({secret, auth::OtpAlgorithm::kSha1, 10}, 0) == "1284755224");
  }

  TEST_CASE("totp steps follow RFC 6238 and refuse times before t0") {
    CHECK(*auth::totp_step(59, 30, 0) == 1);
    CHECK(*auth::totp_step(20000000000, 30, 0) == 0x27BC86AA);
    CHECK(auth::totp_step(10, 30, 11).status().code() == medins::Code::OtpBadInput);
    CHECK(auth::totp_step(10, 0, 0).status().code() == medins::Code::OtpBadInput);
    // The extreme int64 span still fits: no signed overflow.
    CHECK(auth::totp_step(INT64_MAX, 1, INT64_MIN).ok());
  }

  TEST_CASE("verify_hotp prefers the nearest step and skips negative counters") {
    const auto secret = ascii("12345678901234567890123456789012");
    auth::OtpParams p{secret, auth::OtpAlgorithm::kSha256, 8};
    const std::string at5 = *auth::hotp(p, 5);
    auto m = auth::verify_hotp(p, 6, at5, 1);
    REQUIRE(m.ok());
    CHECK(m->valid);
    CHECK(*m->offset == -1);
    CHECK_FALSE(auth::verify_hotp(p, 7, at5, 1)->valid);
    CHECK(auth::verify_hotp(p, 0, *auth::hotp(p, 0), 10)->offset == 0);
    CHECK(auth::verify_hotp(p, 0, at5, 11).status().code() == medins::Code::OtpBadInput);
    CHECK(auth::hotp({secret, auth::OtpAlgorithm::kSha256, 5}, 0).status().code() == medins::Code::OtpBadInput);
    const auto short_secret = ascii("123456789012345");
    CHECK(auth::hotp({short_secret, auth::OtpAlgorithm::kSha256, 6}, 0).status().code() == medins::Code::OtpBadInput);
  }

  TEST_CASE("otp ops answer every code") {
    const std::string secret = medins::internal::base64url_encode(std::string_view("12345678901234567890"));
    CHECK(medins::call("otp.generate", {{"secret", secret}, {"algorithm", "SHA1"}, {"digits", 6}, {"counter", 1}})["code"] ==
          "287082");
    CHECK(error_code(medins::call("otp.generate", {{"secret", secret}, {"algorithm", "MD5"}, {"digits", 6}})) ==
          "otp.unsupported_algorithm");
    CHECK(error_code(medins::call("otp.generate", {{"secret", secret}, {"algorithm", "SHA1"}, {"digits", 4}})) ==
          "otp.bad_input");
    CHECK(error_code(medins::call("otp.verify", {{"secret", 5}})) == "otp.bad_input");
  }

  TEST_CASE("canonicalize sorts keys by UTF-16 code units, not UTF-8 bytes") {
    // U+1F600 is D83D DE00 in UTF-16, below U+FB33; in UTF-8 it sorts after.
    json v = {{"\xef\xac\xb3", 1}, {"\xf0\x9f\x98\x80", 2}};
    CHECK(*auth::canonicalize(v) == "{\"\xf0\x9f\x98\x80\":2,\"\xef\xac\xb3\":1}");
    CHECK(*auth::canonicalize(json{{"s", std::string("\x1f\x7f\"\\")}}) == "{\"s\":\"\\u001f\x7f\\\"\\\\\"}");
  }

  TEST_CASE("canonicalize refuses what would not round-trip") {
    CHECK(auth::canonicalize(json{{"a", 0.5}}).status().code() == medins::Code::OrderNonIntegerNumber);
    CHECK(auth::canonicalize(json{{"a", 9007199254740992LL}}).status().code() == medins::Code::OrderIntegerOutOfRange);
    CHECK(auth::canonicalize(json{{"a", 18446744073709551615ULL}}).status().code() ==
          medins::Code::OrderIntegerOutOfRange);
    // Integers beyond 64 bits parse as floats: out of range, not "a fraction".
    CHECK(auth::canonicalize(json::parse(R"({"a": 18446744073709551616})")).status().code() ==
          medins::Code::OrderIntegerOutOfRange);
    CHECK(auth::canonicalize(json::parse(R"({"a": -9223372036854775809})")).status().code() ==
          medins::Code::OrderIntegerOutOfRange);
    CHECK(auth::canonicalize(json{{"a", -1e300}}).status().code() == medins::Code::OrderIntegerOutOfRange);
    CHECK(auth::canonicalize(json{{"a", 9007199254740990.5}}).status().code() == medins::Code::OrderNonIntegerNumber);
    // Ill-formed UTF-8 cannot come from the parser, only from C++ callers.
    CHECK(auth::canonicalize(json{{"a", std::string("\xc3")}}).status().code() == medins::Code::OrderMalformed);
    CHECK(auth::canonicalize(json{{std::string("\xed\xa0\x80"), 1}}).status().code() == medins::Code::OrderMalformed);
    json deep = 1;
    for (int i = 0; i < 9; ++i) deep = json::array({deep});
    CHECK(auth::canonicalize(deep).status().code() == medins::Code::OrderTooLarge);
    CHECK(auth::order_digest(json::array()).status().code() == medins::Code::OrderBadInput);
  }

  TEST_CASE("order digests ignore member order and whitespace but nothing else") {
    auto a = medins::call("order.digest", {{"order", "{\"b\": 1, \"a\": [1, 2]}"}});
    auto b = medins::call("order.digest", {{"order", {{"a", {1, 2}}, {"b", 1}}}});
    auto c = medins::call("order.digest", {{"order", {{"a", {2, 1}}, {"b", 1}}}});
    CHECK(a["digest"] == b["digest"]);
    CHECK(a["digest"] != c["digest"]);
    CHECK(a["digest"].get<std::string>().size() == 43);
  }
}
