#include <doctest/doctest.h>

#include "identity/claims.hpp"
#include "internal/encoding.hpp"
#include "medins/call.hpp"
#include "medins/identity.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::error_code;

namespace {

constexpr std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z

using medins::testing::keypair;

std::string pid(const json& pair) { return medins::call("keys.id", {{"key", pair["public"]}})["id"]; }

// Signs an arbitrary payload/footer with token.issue, so tests can build
// tokens no well-behaved issuer would.
std::string raw_token(const json& pair, const std::string& payload, const std::string& footer) {
  return medins::call("token.issue", {{"purpose", "public"}, {"key", pair["secret"]}, {"payload", payload}, {"footer", footer}})["token"];
}

std::string kid_footer(const json& pair) { return "{\"kid\":\"" + pid(pair) + "\"}"; }

json verify(const std::string& token, json keys, json extra = json::object()) {
  json in = {{"token", token}, {"keys", keys}, {"audience", "wx-app-1"}, {"now", kNow}};
  for (auto it = extra.begin(); it != extra.end(); ++it) in[it.key()] = it.value();
  return medins::call("identity.verify", in);
}

const std::string kGoodClaims =
    R"({"aud":"wx-app-1","exp":"2026-01-01T01:00:00+00:00","iat":"2026-01-01T00:00:00+00:00","iss":"idp.example","sub":"patient-1"})";

}  // namespace

TEST_SUITE("identity") {
  TEST_CASE("RFC 3339 dates need an offset and valid fields") {
    using medins::identity::parse_rfc3339;
    CHECK(parse_rfc3339("2026-01-01T00:00:00+00:00") == kNow);
    CHECK(parse_rfc3339("2026-01-01T00:00:00Z") == kNow);
    CHECK(parse_rfc3339("2026-01-01t00:00:00z") == kNow);
    CHECK(parse_rfc3339("2026-01-01T08:00:00+08:00") == kNow);
    CHECK(parse_rfc3339("2025-12-31T19:30:00-04:30") == kNow);
    CHECK(parse_rfc3339("2026-01-01T00:00:00.999999Z") == kNow);
    CHECK(parse_rfc3339("1970-01-01T00:00:00Z") == 0);
    CHECK(parse_rfc3339("2024-02-29T00:00:00Z") == 1709164800);
    for (const char* bad : {"2026-01-01T00:00:00", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00+0000",
                            "2026-01-01T00:00:00+00", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                            "2026-01-32T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z",
                            "2026-01-01T00:00:61Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00Z ",
                            "2026-01-01T00:00:00+24:00", "+2026-01-01T00:00:00Z", "", "1767225600",
                            "2026-1-01T00:00:00Z"}) {
      CAPTURE(bad);
      CHECK(!parse_rfc3339(bad));
    }
    CHECK(medins::identity::format_rfc3339(kNow) == "2026-01-01T00:00:00+00:00");
    CHECK(medins::identity::format_rfc3339(1709164800 + 86399) == "2024-02-29T23:59:59+00:00");
    CHECK(medins::identity::format_rfc3339(medins::identity::kMaxUnix) == "9999-12-31T23:59:59+00:00");
    for (std::int64_t t : {std::int64_t{0}, kNow, std::int64_t{951782400}, medins::identity::kMaxUnix})
      CHECK(parse_rfc3339(medins::identity::format_rfc3339(t)) == t);
  }

  TEST_CASE("identity.issue then identity.verify returns the claims and kid") {
    auto issuer = keypair(1);
    auto issued = medins::call("identity.issue", {{"key", issuer["secret"]}, {"now", kNow},
                                                  {"claims", {{"aud", "wx-app-1"}, {"sub", "patient-1"}, {"iss", "idp"}}}});
    REQUIRE(issued.contains("token"));
    CHECK(issued["kid"] == pid(issuer));
    CHECK(issued["claims"]["iat"] == "2026-01-01T00:00:00+00:00");
    CHECK(issued["claims"]["exp"] == "2026-01-01T01:00:00+00:00");
    CHECK(issued["claims"]["jti"].get<std::string>().size() == 22);
    auto out = verify(issued["token"], json::array({issuer["public"]}), {{"issuer", "idp"}});
    CHECK(out == json{{"claims", issued["claims"]}, {"kid", pid(issuer)}});
    // The footer carries the kid as a PASERK id.
    auto opened = medins::call("token.verify", {{"token", issued["token"]}, {"key", issuer["public"]}});
    CHECK(opened["footer"] == kid_footer(issuer));
    // Fresh jti each time.
    auto again = medins::call("identity.issue", {{"key", issuer["secret"]}, {"now", kNow}, {"claims", {{"aud", "wx-app-1"}}}});
    CHECK(again["claims"]["jti"] != issued["claims"]["jti"]);
  }

  TEST_CASE("key rotation: kid picks the key, no kid tries each, unknown kid is named") {
    auto old_key = keypair(1), new_key = keypair(2), stranger = keypair(3);
    json keyset = {old_key["public"], new_key["public"]};
    auto with_kid = raw_token(new_key, kGoodClaims, kid_footer(new_key));
    CHECK(verify(with_kid, keyset)["kid"] == pid(new_key));
    auto without_kid = raw_token(new_key, kGoodClaims, "");
    CHECK(verify(without_kid, keyset)["kid"] == pid(new_key));
    CHECK(error_code(verify(raw_token(stranger, kGoodClaims, kid_footer(stranger)), keyset)) == "token.unknown_key");
    CHECK(error_code(verify(raw_token(stranger, kGoodClaims, ""), keyset)) == "token.invalid");
    // A kid naming a trusted key while another key signed: forged.
    CHECK(error_code(verify(raw_token(stranger, kGoodClaims, kid_footer(new_key)), keyset)) == "token.invalid");
    // After the old key is retired from the keyset its tokens fail.
    CHECK(error_code(verify(raw_token(old_key, kGoodClaims, kid_footer(old_key)), json::array({new_key["public"]}))) == "token.unknown_key");
  }

  TEST_CASE("claim checks have the codes of docs/errors.md") {
    auto k = keypair(1);
    json keys = json::array({k["public"]});
    auto token = [&](const std::string& payload) { return raw_token(k, payload, kid_footer(k)); };
    CHECK(error_code(verify(token(kGoodClaims), keys, {{"now", kNow + 3600 + 60}})) == "token.expired");
    CHECK(verify(token(kGoodClaims), keys, {{"now", kNow + 3600 + 59}}).contains("claims"));  // within leeway
    CHECK(error_code(verify(token(kGoodClaims), keys, {{"now", kNow + 3600}, {"leeway_s", 0}})) == "token.expired");
    CHECK(error_code(verify(token(kGoodClaims), keys, {{"now", kNow - 61}})) == "token.not_yet_valid");  // iat ahead
    CHECK(error_code(verify(token(R"({"aud":"wx-app-1","exp":"2026-01-01T01:00:00Z","nbf":"2026-01-01T00:30:00Z"})"), keys)) ==
          "token.not_yet_valid");
    CHECK(error_code(verify(token(kGoodClaims), keys, {{"audience", "wx-app-2"}})) == "token.audience_mismatch");
    CHECK(error_code(verify(token(kGoodClaims), keys, {{"issuer", "other"}})) == "token.issuer_mismatch");
    CHECK(verify(token(kGoodClaims), keys, {{"issuer", "idp.example"}}).contains("claims"));
    CHECK(error_code(verify(token(R"({"aud":"wx-app-1"})"), keys)) == "token.missing_claim");
    CHECK(error_code(verify(token(R"({"exp":"2026-01-01T01:00:00Z"})"), keys)) == "token.missing_claim");
    CHECK(error_code(verify(token(R"({"aud":"wx-app-1","exp":"2026-01-01T01:00:00Z"})"), keys, {{"issuer", "idp"}})) ==
          "token.missing_claim");
    for (const char* bad : {R"({"aud":"wx-app-1","exp":"2026-01-01T01:00:00"})",
                            R"({"aud":"wx-app-1","exp":1767229200})",
                            R"({"aud":["wx-app-1"],"exp":"2026-01-01T01:00:00Z"})",
                            R"({"aud":"wx-app-1","exp":"2026-01-01T01:00:00Z","sub":7})",
                            R"({"aud":"wx-app-1","exp":"2026-01-01T01:00:00Z","cnf":{"k":"x"}})"}) {
      CAPTURE(bad);
      CHECK(error_code(verify(token(bad), keys)) == "token.invalid_claim");
    }
    // Payloads that are not one JSON object are format failures.
    for (const char* bad : {"[]", "\"claims\"", "null", "{", R"({"aud":"a","aud":"wx-app-1","exp":"2026-01-01T01:00:00Z"})"}) {
      CAPTURE(bad);
      CHECK(error_code(verify(token(bad), keys)) == "token.invalid");
    }
  }

  TEST_CASE("the footer is bounded and untrusted") {
    auto k = keypair(1);
    json keys = json::array({k["public"]});
    const std::string big = "{\"kid\":\"" + pid(k) + "\",\"pad\":\"" + std::string(2048, 'x') + "\"}";
    const std::string deep = "{\"kid\":\"" + pid(k) + "\",\"a\":{\"b\":{\"c\":{\"d\":{}}}}}";
    const std::string dup = "{\"kid\":\"" + pid(k) + "\",\"kid\":\"" + pid(k) + "\"}";
    const std::string lid = "{\"kid\":\"k4.lid.AAAA\"}";
    for (const std::string& footer : {big, deep, dup, lid, std::string("[1]"), std::string("{\"kid\":3}"), std::string("not json")}) {
      CAPTURE(footer);
      CHECK(error_code(verify(raw_token(k, kGoodClaims, footer), keys)) == "token.invalid");
    }
    // A footer without kid, or with other members, is fine.
    CHECK(verify(raw_token(k, kGoodClaims, "{\"wpk\":\"x\"}"), keys).contains("claims"));
  }

  TEST_CASE("tokens of another version, purpose or shape are token.invalid") {
    auto k = keypair(1);
    json keys = json::array({k["public"]});
    auto good = raw_token(k, kGoodClaims, kid_footer(k));
    auto local = medins::call("token.issue", {{"purpose", "local"}, {"key", medins::call("keys.generate", {{"type", "local"}})["local"]},
                                              {"payload", kGoodClaims}})["token"].get<std::string>();
    for (const std::string& t : {local, "v3" + good.substr(2), good.substr(0, 60), good + "=", std::string("garbage")}) {
      CAPTURE(t);
      CHECK(error_code(verify(t, keys)) == "token.invalid");
    }
  }

  TEST_CASE("device binding: cnf is issued from a device key and validated") {
    auto issuer = keypair(1), device = keypair(9);
    auto issued = medins::call("identity.issue", {{"key", issuer["secret"]}, {"now", kNow}, {"device", device["public"]},
                                                  {"claims", {{"aud", "wx-app-1"}}}});
    CHECK(issued["claims"]["cnf"] == json{{"kpid", pid(device)}, {"k", device["public"]}});
    CHECK(verify(issued["token"], json::array({issuer["public"]}))["claims"]["cnf"]["kpid"] == pid(device));
    // A cnf whose kpid is not its key's id is refused on both sides.
    json wrong_cnf = {{"kpid", pid(issuer)}, {"k", device["public"]}};
    CHECK(error_code(medins::call("identity.issue", {{"key", issuer["secret"]}, {"claims", {{"aud", "a"}, {"cnf", wrong_cnf}}}})) ==
          "identity.bad_input");
    auto forged = raw_token(issuer, json{{"aud", "wx-app-1"}, {"exp", "2026-01-01T01:00:00Z"}, {"cnf", wrong_cnf}}.dump(), "");
    CHECK(error_code(verify(forged, json::array({issuer["public"]}))) == "token.invalid_claim");
  }

  TEST_CASE("identity op inputs are checked") {
    auto k = keypair(1);
    auto token = raw_token(k, kGoodClaims, "");
    struct Case { const char* op; json input; const char* code; };
    const Case cases[] = {
        {"identity.verify", {{"keys", json::array({k["public"]})}, {"audience", "a"}}, "identity.bad_input"},
        {"identity.verify", {{"token", token}, {"audience", "a"}}, "identity.bad_input"},
        {"identity.verify", {{"token", token}, {"keys", json::array()}, {"audience", "a"}}, "identity.bad_input"},
        {"identity.verify", {{"token", token}, {"keys", {1}}, {"audience", "a"}}, "identity.bad_input"},
        {"identity.verify", {{"token", token}, {"keys", json::array({k["public"]})}}, "identity.bad_input"},
        {"identity.verify", {{"token", token}, {"keys", json::array({k["public"]})}, {"audience", "a"}, {"leeway_s", -1}}, "identity.bad_input"},
        {"identity.verify", {{"token", token}, {"keys", json::array({k["public"]})}, {"audience", "a"}, {"now", -5}}, "identity.bad_input"},
        {"identity.verify", {{"token", token}, {"keys", json::array({k["secret"]})}, {"audience", "a"}}, "keys.wrong_key_type"},
        {"identity.verify", {{"token", token}, {"keys", {"k4.public.AAAA"}}, {"audience", "a"}}, "keys.invalid_key"},
        {"identity.issue", {{"key", k["secret"]}}, "identity.bad_input"},
        {"identity.issue", {{"key", k["secret"]}, {"claims", {{"sub", "x"}}}}, "identity.bad_input"},
        {"identity.issue", {{"key", k["secret"]}, {"claims", {{"aud", 1}}}}, "identity.bad_input"},
        {"identity.issue", {{"key", k["secret"]}, {"claims", {{"aud", "a"}, {"exp", "2026-01-01T00:00:00"}}}}, "identity.bad_input"},
        {"identity.issue", {{"key", k["secret"]}, {"claims", {{"aud", "a"}}}, {"ttl_s", 0}}, "identity.bad_input"},
        {"identity.issue", {{"key", k["secret"]}, {"claims", {{"aud", "a"}}}, {"now", 253402300799LL}}, "identity.bad_input"},
        {"identity.issue", {{"key", k["public"]}, {"claims", {{"aud", "a"}}}}, "keys.wrong_key_type"},
        {"identity.issue", {{"key", k["secret"]}, {"claims", {{"aud", "a"}}}, {"device", k["secret"]}}, "keys.wrong_key_type"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.input.dump());
      CHECK(error_code(medins::call(c.op, c.input)) == c.code);
    }
    auto keys65 = json::array();
    for (int i = 0; i < 65; ++i) keys65.push_back(k["public"]);
    CHECK(error_code(verify(token, keys65)) == "identity.bad_input");
  }

  TEST_CASE("identity.issue without entropy is identity.no_entropy unless jti is given") {
    auto k = keypair(1);
    medins::testing::NoEntropy none;
    medins::Env env;
    env.random = &none;
    CHECK(error_code(medins::call("identity.issue", {{"key", k["secret"]}, {"claims", {{"aud", "a"}}}}, env)) == "identity.no_entropy");
    CHECK(medins::call("identity.issue", {{"key", k["secret"]}, {"claims", {{"aud", "a"}, {"jti", "j1"}}}}, env).contains("token"));
  }

  TEST_CASE("the clock comes from the context when now is absent") {
    auto k = keypair(1);
    medins::testing::FixedClock clock(kNow + 7200);
    medins::Env env;
    env.clock = &clock;
    auto token = raw_token(k, kGoodClaims, "");
    CHECK(error_code(medins::call("identity.verify", {{"token", token}, {"keys", json::array({k["public"]})}, {"audience", "wx-app-1"}}, env)) ==
          "token.expired");
    clock.set(kNow + 10);
    CHECK(medins::call("identity.verify", {{"token", token}, {"keys", json::array({k["public"]})}, {"audience", "wx-app-1"}}, env).contains("claims"));
  }
}
