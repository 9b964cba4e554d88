#include <doctest/doctest.h>

#include "authorization/internal.hpp"
#include "identity/paseto.hpp"
#include "internal/encoding.hpp"
#include "medins/authorization.hpp"
#include "medins/call.hpp"
#include "device_support.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::error_code;
namespace auth = medins::authorization;

namespace {

constexpr std::int64_t kNow = 1767225600;
constexpr const char* kConsent = "我同意使用医保支付本次门诊费用 61.60 元";

using medins::testing::keypair;

json order_a() {
  return {{"order_id", "BJ-2026-000123"},
          {"payee", "hospital:110105001"},
          {"lines", {{{"code", "250101001"}, {"quantity", 1}, {"unit_price_fen", 2500}},
                     {{"code", "XJ01CRA"}, {"quantity", 2}, {"unit_price_fen", 1830}}}},
          {"amounts", {{"fund_fen", 4128}, {"account_fen", 1000}, {"cash_fen", 1032}}}};
}

// An issuer, a device (its key made from a seed: grant.create's blob path is
// the identity module's), an identity token bound to the device, and a replay
// store per fixture, like one backend.
struct Fixture {
  json issuer = keypair(1);
  json device;
  std::string token;
  medins::MemoryReplayStore replay;
  medins::testing::CountingRandom random;
  medins::testing::FixedClock clock{kNow};
  medins::Env env;

  explicit Fixture(const json& bound_device = nullptr, std::uint8_t device_seed = 9) : device(keypair(device_seed)) {
    json in = {{"key", issuer["secret"]}, {"now", kNow}, {"claims", {{"aud", "wx-app-1"}, {"sub", "patient-1"}}}};
    if (bound_device.is_null()) in["device"] = device["public"];
    else if (bound_device.is_string()) in["device"] = bound_device;
    token = medins::call("identity.issue", in)["token"];
    env.replay = &replay;
    env.clock = &clock;
  }

  medins::Result<auth::Grant> create(json order = order_a(), std::int64_t ttl = 300, const json& key = nullptr) {
    auth::GrantRequest r;
    r.identity_token = token;
    r.order = order;
    r.scope = "outpatient_payment";
    r.amounts = {4128, 1000, 1032};
    r.consent_text = kConsent;
    r.now_unix_s = kNow;
    r.ttl_s = ttl;
    auto secret = medins::keys::require_secret((key.is_null() ? device : key)["secret"].get<std::string>());
    REQUIRE(secret.ok());
    return auth::create_grant_with_key(*secret, r, random);
  }

  json verify(const std::string& grant, json order = order_a(), json extra = json::object()) {
    json in = {{"grant", grant},        {"identity_token", token}, {"keys", {issuer["public"]}},
               {"audience", "wx-app-1"}, {"order", order},          {"scope", "outpatient_payment"},
               {"consent_text", kConsent}};
    in.update(extra);
    return medins::call("grant.verify", in, env);
  }
};

}  // namespace

TEST_SUITE("authorization") {
  TEST_CASE("a grant for order A verifies once, then is refused as replayed") {
    Fixture f;
    auto grant = f.create();
    REQUIRE(grant.ok());
    CHECK(grant->exp - grant->iat == 300);
    auto out = f.verify(grant->token);
    REQUIRE_MESSAGE(out.contains("authorization"), out.dump());
    const json& a = out["authorization"];
    CHECK(a["number"] == auth::authorization_number(grant->token));
    CHECK(a["number"].get<std::string>().size() == 20);
    CHECK(a["order_id"] == "BJ-2026-000123");
    CHECK(a["order_digest"] == grant->order_digest);
    CHECK(a["amounts"] == json{{"fund_fen", 4128}, {"account_fen", 1000}, {"cash_fen", 1032}});
    CHECK(a["sub"] == "patient-1");
    CHECK(a["device"] == medins::call("keys.id", {{"key", f.device["public"]}})["id"]);
    CHECK(a["exp"] == "2026-01-01T00:05:00+00:00");
    CHECK(error_code(f.verify(grant->token)) == "grant.replayed");
  }

  TEST_CASE("one device filling its share of the replay store leaves other devices' grants accepted") {
    Fixture greedy;  // the default store: 100,000 keys, at most 1,000 per device
    auto key = medins::keys::require_secret(greedy.device["secret"].get<std::string>());
    auth::GrantClaims c{*auth::read_order(order_a()), "outpatient_payment", auth::blake2b_b64(greedy.token),
                        auth::blake2b_b64(kConsent), kNow, kNow + 300, ""};
    int accepted = 0;
    json refused;
    for (int i = 0; i < 1001 && refused.is_null(); ++i) {
      c.jti = "fresh-" + std::to_string(i);
      json out = greedy.verify(auth::sign_grant(*key, c));
      if (out.contains("authorization")) ++accepted;
      else refused = out;
    }
    CHECK(accepted == 1000);
    CHECK(error_code(refused) == "replay.device_quota");
    Fixture victim(nullptr, 10);
    victim.env.replay = &greedy.replay;
    auto grant = victim.create();
    REQUIRE(grant.ok());
    CHECK(victim.verify(grant->token).contains("authorization"));
  }

  TEST_CASE("a full replay store refuses a fresh grant as replay.store_full, not grant.replayed") {
    medins::MemoryReplayStore small(2);
    Fixture a, b(nullptr, 10), c(nullptr, 11);
    for (Fixture* f : {&a, &b, &c}) f->env.replay = &small;
    CHECK(a.verify(a.create()->token).contains("authorization"));
    CHECK(b.verify(b.create()->token).contains("authorization"));
    auto grant = c.create();
    REQUIRE(grant.ok());
    CHECK(error_code(c.verify(grant->token)) == "replay.store_full");
    // Not used up: a store with room accepts it.
    c.env.replay = &c.replay;
    CHECK(c.verify(grant->token).contains("authorization"));
  }

  TEST_CASE("a refused grant is not used up") {
    Fixture f;
    auto grant = f.create();
    json changed = order_a();
    changed["amounts"]["cash_fen"] = 1033;
    CHECK(error_code(f.verify(grant->token, changed)) == "grant.amount_mismatch");
    CHECK(f.verify(grant->token).contains("authorization"));
  }

  TEST_CASE("order A' that differs in one fen, one line or the payee is refused") {
    Fixture f;
    auto grant = f.create();
    json one_fen = order_a();
    one_fen["lines"][0]["unit_price_fen"] = 2501;
    CHECK(error_code(f.verify(grant->token, one_fen)) == "grant.order_mismatch");
    json one_line = order_a();
    one_line["lines"].push_back({{"code", "EXTRA"}, {"quantity", 1}, {"unit_price_fen", 0}});
    CHECK(error_code(f.verify(grant->token, one_line)) == "grant.order_mismatch");
    json payee = order_a();
    payee["payee"] = "hospital:110105002";
    CHECK(error_code(f.verify(grant->token, payee)) == "grant.payee_mismatch");
    json amounts = order_a();
    amounts["amounts"]["fund_fen"] = 4127;
    CHECK(error_code(f.verify(grant->token, amounts)) == "grant.amount_mismatch");
    json id = order_a();
    id["order_id"] = "BJ-2026-000124";
    CHECK(error_code(f.verify(grant->token, id)) == "grant.order_mismatch");
    CHECK(error_code(f.verify(grant->token, order_a(), {{"scope", "registration"}})) == "grant.scope_mismatch");
    CHECK(error_code(f.verify(grant->token, order_a(), {{"consent_text", "another text"}})) == "grant.consent_mismatch");
    CHECK(f.verify(grant->token).contains("authorization"));
  }

  TEST_CASE("grant.verify requires the consent text: a grant is never accepted unchecked") {
    Fixture f;
    auto grant = f.create();
    json in = {{"grant", grant->token},  {"identity_token", f.token}, {"keys", {f.issuer["public"]}},
               {"audience", "wx-app-1"}, {"order", order_a()},        {"scope", "outpatient_payment"}};
    json out = medins::call("grant.verify", in, f.env);
    CHECK(error_code(out) == "grant.bad_input");
    CHECK(out["error"]["field"] == "consent_text");
    CHECK(error_code(f.verify(grant->token, order_a(), {{"consent_text", ""}})) == "grant.bad_input");
    CHECK(error_code(f.verify(grant->token, order_a(), {{"consent_text", nullptr}})) == "grant.bad_input");
    // Refused for its input, the grant is not used up.
    CHECK(f.verify(grant->token).contains("authorization"));
  }

  TEST_CASE("expired and future-dated grants are refused, with leeway") {
    Fixture f;
    auto grant = f.create();
    CHECK(error_code(f.verify(grant->token, order_a(), {{"now", kNow + 360}})) == "grant.expired");
    auto key = medins::keys::require_secret(f.device["secret"].get<std::string>());
    auth::GrantClaims future{*auth::read_order(order_a()), "outpatient_payment", auth::blake2b_b64(f.token),
                             auth::blake2b_b64(kConsent), kNow + 61, kNow + 300, "j-future"};
    CHECK(error_code(f.verify(auth::sign_grant(*key, future))) == "grant.not_yet_valid");
    future.iat = kNow + 60;
    future.jti = "j-within-leeway";
    CHECK(f.verify(auth::sign_grant(*key, future)).contains("authorization"));
    CHECK(error_code(f.verify(grant->token, order_a(), {{"now", kNow + 301}, {"leeway_s", 0}})) == "grant.expired");
    CHECK(f.verify(grant->token, order_a(), {{"now", kNow + 330}}).contains("authorization"));
  }

  TEST_CASE("a grant signed by another device is grant.invalid, like any forgery") {
    Fixture f;
    json other = keypair(10);
    // The other device's key signs for the token bound to this device: the
    // device-side check refuses, so the test signs the claims directly.
    CHECK(f.create(order_a(), 300, other).status().code() == medins::Code::GrantWrongDevice);
    auto terms = auth::read_order(order_a());
    auth::GrantClaims c{*terms, "outpatient_payment", auth::blake2b_b64(f.token), auth::blake2b_b64(kConsent), kNow,
                        kNow + 300, "jti-1"};
    auto other_key = medins::keys::require_secret(other["secret"].get<std::string>());
    CHECK(error_code(f.verify(auth::sign_grant(*other_key, c))) == "grant.invalid");
    auto own_key = medins::keys::require_secret(f.device["secret"].get<std::string>());
    std::string good = auth::sign_grant(*own_key, c);
    std::string tampered = good;
    tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
    CHECK(error_code(f.verify(tampered)) == "grant.invalid");
    CHECK(error_code(f.verify("v4.public.nope")) == "grant.invalid");
    // A device proof is a device signature too, but with another implicit
    // assertion: it never passes as a grant.
    auto proof = medins::identity::paseto::sign(*own_key, "{}", "", "medins.device-proof.v1");
    CHECK(error_code(f.verify(proof)) == "grant.invalid");
    // Signed by the right key under the grant assertion but not grant claims.
    CHECK(error_code(f.verify(medins::identity::paseto::sign(*own_key, "{\"typ\":\"other\"}", "", auth::kGrantImplicit))) ==
          "grant.invalid");
    CHECK(error_code(f.verify(medins::identity::paseto::sign(*own_key, "[1]", "", auth::kGrantImplicit))) ==
          "grant.invalid");
    CHECK(f.verify(good).contains("authorization"));
  }

  TEST_CASE("grant checks its binding to the identity token and its lifetime") {
    Fixture f;
    auto own_key = medins::keys::require_secret(f.device["secret"].get<std::string>());
    auto terms = auth::read_order(order_a());
    auth::GrantClaims c{*terms, "outpatient_payment", auth::blake2b_b64("another token"), "", kNow, kNow + 300, "j"};
    CHECK(error_code(f.verify(auth::sign_grant(*own_key, c))) == "grant.identity_mismatch");
    c.identity_token_hash = auth::blake2b_b64(f.token);
    c.exp = kNow + 301;
    CHECK(error_code(f.verify(auth::sign_grant(*own_key, c))) == "grant.invalid_lifetime");
    c.exp = kNow;
    CHECK(error_code(f.verify(auth::sign_grant(*own_key, c))) == "grant.invalid_lifetime");
  }

  TEST_CASE("the identity token is checked first, with its own codes") {
    Fixture f;
    auto grant = f.create();
    CHECK(error_code(f.verify(grant->token, order_a(), {{"audience", "wx-app-2"}})) == "token.audience_mismatch");
    CHECK(error_code(f.verify(grant->token, order_a(), {{"now", kNow + 7200}})) == "token.expired");
    Fixture unbound(json(false));
    CHECK(error_code(unbound.verify(grant->token)) == "token.missing_claim");
  }

  TEST_CASE("grant.verify input errors name their field") {
    Fixture f;
    auto grant = f.create();
    CHECK(error_code(f.verify(grant->token, order_a(), {{"scope", "shopping"}})) == "grant.bad_input");
    CHECK(error_code(f.verify(grant->token, order_a(), {{"keys", json::array()}})) == "grant.bad_input");
    CHECK(error_code(f.verify(grant->token, order_a(), {{"leeway_s", -1}})) == "grant.bad_input");
    CHECK(error_code(f.verify(grant->token, order_a(), {{"grant", 5}})) == "grant.bad_input");
    json no_payee = order_a();
    no_payee.erase("payee");
    CHECK(error_code(f.verify(grant->token, no_payee)) == "order.bad_input");
    json negative = order_a();
    negative["amounts"]["cash_fen"] = -1;
    CHECK(error_code(f.verify(grant->token, negative)) == "order.bad_input");
    json fractional = order_a();
    fractional["amounts"]["cash_fen"] = 10.32;
    CHECK(error_code(f.verify(grant->token, fractional)) == "order.non_integer_number");
    CHECK(error_code(f.verify(grant->token, "{\"payee\":\"a\",\"payee\":\"b\"}")) == "order.malformed");
  }

  TEST_CASE("create_grant refuses what the patient did not agree to") {
    Fixture f;
    auth::GrantRequest r;
    r.identity_token = f.token;
    r.order = order_a();
    r.scope = "outpatient_payment";
    r.amounts = {4128, 1000, 1033};
    r.consent_text = "ok";
    r.now_unix_s = kNow;
    auto key = medins::keys::require_secret(f.device["secret"].get<std::string>());
    CHECK(auth::create_grant_with_key(*key, r, f.random).status().code() == medins::Code::GrantAmountMismatch);
    r.amounts = {4128, 1000, 1032};
    r.scope = "shopping";
    CHECK(auth::create_grant_with_key(*key, r, f.random).status().code() == medins::Code::GrantBadInput);
    r.scope = "registration";
    r.ttl_s = 301;
    CHECK(auth::create_grant_with_key(*key, r, f.random).status().code() == medins::Code::GrantBadInput);
    r.ttl_s = 60;
    r.consent_text.clear();
    CHECK(auth::create_grant_with_key(*key, r, f.random).status().code() == medins::Code::GrantBadInput);
    r.consent_text = "ok";
    r.identity_token = "not a token";
    CHECK(auth::create_grant_with_key(*key, r, f.random).status().code() == medins::Code::GrantBadInput);
    r.identity_token = f.token;
    medins::testing::NoEntropy none;
    CHECK(auth::create_grant_with_key(*key, r, none).status().code() == medins::Code::GrantNoEntropy);
    Fixture unbound(json(false));
    r.identity_token = unbound.token;
    CHECK(auth::create_grant_with_key(*key, r, f.random).status().code() == medins::Code::GrantWrongDevice);
    r.identity_token = f.token;
    auto grant = auth::create_grant_with_key(*key, r, f.random);
    REQUIRE(grant.ok());
    CHECK(grant->exp - grant->iat == 60);
  }

  TEST_CASE("the authorization number is stable and 20 digits") {
    CHECK(auth::authorization_number("v4.public.x") == auth::authorization_number("v4.public.x"));
    CHECK(auth::authorization_number("v4.public.x") != auth::authorization_number("v4.public.y"));
    const std::string n = auth::authorization_number("");
    CHECK(n.size() == 20);
    CHECK(n.find_first_not_of("0123456789") == std::string::npos);
  }
}

namespace {

// A PIN device wrapped at 1 MiB / 1 pass of Argon2id, as before the floor:
// each grant opens it, and opening stays permissive.
json pin_device(const std::string& pin) { return medins::testing::pre_floor_pin_device(pin); }

std::string token_for(const json& issuer, const json& device) {
  return medins::call("identity.issue", {{"key", issuer["secret"]},
                                         {"now", kNow},
                                         {"device", device["public"]},
                                         {"claims", {{"aud", "wx-app-1"}, {"sub", "patient-1"}}}})["token"];
}

json create_op(const json& device, const std::string& pin, const std::string& token, json order = order_a()) {
  return medins::call("grant.create", {{"device", device["device"]},
                                       {"pin", pin},
                                       {"identity_token", token},
                                       {"order", order},
                                       {"scope", "outpatient_payment"},
                                       {"amounts", order["amounts"]},
                                       {"consent_text", "我同意使用医保支付本次门诊费用"},
                                       {"now", kNow}});
}

}  // namespace

TEST_SUITE("authorization") {
  TEST_CASE("grant.create: the wrapped device key signs; grant.verify accepts it once for that order only") {
    json issuer = keypair(1);
    json device = pin_device("246810");
    const std::string token = token_for(issuer, device);
    json created = create_op(device, "246810", token);
    REQUIRE_MESSAGE(error_code(created).empty(), created.dump());
    CHECK(created["iat"] == "2026-01-01T00:00:00+00:00");
    CHECK(created["exp"] == "2026-01-01T00:05:00+00:00");
    CHECK(created["order_digest"] == medins::call("order.digest", {{"order", order_a()}})["digest"]);

    medins::MemoryReplayStore replay;
    medins::testing::FixedClock clock{kNow + 10};
    medins::Env env;
    env.replay = &replay;
    env.clock = &clock;
    json in = {{"grant", created["grant"]}, {"identity_token", token}, {"keys", json::array({issuer["public"]})},
               {"audience", "wx-app-1"},    {"order", order_a()},      {"scope", "outpatient_payment"},
               {"consent_text", "我同意使用医保支付本次门诊费用"}};
    json changed = order_a();
    changed["lines"][0]["quantity"] = 2;
    json changed_in = in;
    changed_in["order"] = changed;
    CHECK(error_code(medins::call("grant.verify", changed_in, env)) == "grant.order_mismatch");
    json first = medins::call("grant.verify", in, env);
    REQUIRE_MESSAGE(error_code(first).empty(), first.dump());
    CHECK(first["authorization"]["device"] == device["kpid"]);
    CHECK(first["authorization"]["jti"] == created["jti"]);
    // What a backend with several processes claims in its shared store.
    CHECK(first["replay"]["key"] == "grant|" + device["kpid"].get<std::string>() + "|" + created["jti"].get<std::string>());
    CHECK(first["replay"]["until"] == kNow + 300 + 86400 + 60);
    CHECK(error_code(medins::call("grant.verify", in, env)) == "grant.replayed");
  }

  TEST_CASE("grant.create: wrong PIN, another device's token, disagreeing amounts, bad input") {
    json issuer = keypair(1);
    json device = pin_device("246810");
    json other = pin_device("135790");
    const std::string token = token_for(issuer, device);
    CHECK(error_code(create_op(device, "000000", token)) == "device.wrong_secret");
    CHECK(error_code(create_op(other, "135790", token)) == "grant.wrong_device");
    json in = {{"device", device["device"]}, {"pin", "246810"},  {"identity_token", token},
               {"order", order_a()},         {"scope", "registration"}, {"consent_text", "ok"},
               {"now", kNow},                {"amounts", {{"fund_fen", 4128}, {"account_fen", 1000}, {"cash_fen", 1031}}}};
    CHECK(error_code(medins::call("grant.create", in)) == "grant.amount_mismatch");
    for (auto [field, value, code] : std::initializer_list<std::tuple<const char*, json, const char*>>{
             {"amounts", json{{"fund_fen", 1.5}, {"account_fen", 0}, {"cash_fen", 0}}, "grant.bad_input"},
             {"amounts", json{{"fund_fen", -1}, {"account_fen", 0}, {"cash_fen", 0}}, "grant.bad_input"},
             {"scope", "everything", "grant.bad_input"},
             {"ttl_s", 301, "grant.bad_input"},
             {"device", "medins.device.v1.pin.AAAA", "device.invalid_blob"},
             {"order", "{\"order_id\":\"a\",\"order_id\":\"b\"}", "order.malformed"},
             {"consent_text", "", "grant.bad_input"}}) {
      json bad = in;
      bad["amounts"] = order_a()["amounts"];
      bad[field] = value;
      const std::string expected = code;
      const std::string name = field;
      CAPTURE(name);
      CHECK(error_code(medins::call("grant.create", bad)) == expected);
    }
    json both = in;
    both["platform_key"] = "AAAA";
    CHECK(error_code(medins::call("grant.create", both)) == "grant.bad_input");
  }
}
