#include <doctest/doctest.h>

#include "internal/encoding.hpp"
#include "medins/call.hpp"
#include "device_support.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::error_code;

namespace {

constexpr std::int64_t kNow = 1767225600;
const std::string kPin = "246813";

using medins::testing::keypair;

// A PIN device wrapped before the floor (1 MiB / 1 pass: fast to open), a hospital, a receipt sealed to the
// device and an identity token bound to it; every call on one fixed clock.
struct Device {
  medins::testing::FixedClock clock{kNow};
  medins::MemoryReplayStore replay;
  medins::Env env;
  json device = medins::testing::pre_floor_pin_device(kPin);
  json hospital = keypair(1);
  json issuer = keypair(2);
  std::string sealed;
  std::string token;

  Device() {
    env.clock = &clock;
    env.replay = &replay;
    json receipt = {{"hospital", "bj-h-001"}, {"invoice", "INV-1"}, {"order_id", "ord-1"}, {"authorization", "A-1"},
                    {"visit_date", "2026-01-15"}, {"lines", {{{"name", "CT"}, {"class", "B"}, {"amount", 30000}}}},
                    {"total", 30000}, {"fund", 20000}, {"account", 0}, {"cash", 10000}};
    sealed = medins::call("receipt.issue", {{"receipt", receipt}, {"hospital_key", hospital["secret"]},
                                            {"recipient", device["public"]}, {"now", kNow}})["sealed"];
    token = medins::call("identity.issue", {{"key", issuer["secret"]}, {"now", kNow}, {"device", device["public"]},
                                            {"claims", {{"aud", "wx-app-1"}, {"sub", "patient-1"}}}})["token"];
  }

  json unlock(json extra = json::object()) {
    json in = {{"device_key", device["device"]}, {"unlock", {{"pin", kPin}}}};
    in.update(extra);
    return medins::call("device.unlock", in, env);
  }
  json open(json key) {
    key["sealed"] = sealed;
    key["issuers"] = json::array({json{{"key", hospital["public"]}, {"hospital", "bj-h-001"}}});
    return medins::call("receipt.open", key, env);
  }
  json open_with(const json& session) { return open({{"session", session}}); }
  json lock(const json& session) { return medins::call("device.lock", {{"session", session}}, env); }
};

}  // namespace

TEST_SUITE("identity") {
  TEST_CASE("device.unlock: one Argon2id, then the session opens receipts as the PIN does") {
    Device d;
    json s = d.unlock();
    REQUIRE_MESSAGE(error_code(s).empty(), s.dump());
    CHECK(s["session"].get<std::string>().size() == 22);
    CHECK(s["expires"] == kNow + 300);
    json by_pin = d.open({{"device_key", d.device["device"]}, {"unlock", {{"pin", kPin}}}});
    REQUIRE_MESSAGE(error_code(by_pin).empty(), by_pin.dump());
    CHECK(d.open_with(s["session"]) == by_pin);
    CHECK(d.unlock({{"ttl_s", 3600}})["expires"] == kNow + 3600);
    CHECK(error_code(d.unlock({{"unlock", {{"pin", "000000"}}}})) == "device.wrong_secret");
  }

  TEST_CASE("device.unlock: ttl_s 1 to 3600, an unlock object, a device blob") {
    Device d;
    CHECK(error_code(d.unlock({{"ttl_s", 0}})) == "device.bad_input");
    CHECK(error_code(d.unlock({{"ttl_s", 3601}})) == "device.bad_input");
    CHECK(error_code(d.unlock({{"ttl_s", "300"}})) == "device.bad_input");
    CHECK(error_code(medins::call("device.unlock", {{"device_key", d.device["device"]}, {"pin", kPin}})) ==
          "device.bad_input");
    CHECK(error_code(medins::call("device.unlock", {{"device_key", d.device["device"]}, {"unlock", {}}})) ==
          "device.bad_input");
    CHECK(error_code(medins::call("device.unlock", {{"device_key", "medins.device.v9.x"}, {"unlock", {{"pin", kPin}}}})) ==
          "device.invalid_blob");
  }

  TEST_CASE("device.lock wipes the session at once; a second lock or use is unknown") {
    Device d;
    json s = d.unlock();
    CHECK(d.lock(s["session"]) == json{{"locked", true}});
    CHECK(error_code(d.open_with(s["session"])) == "device.unknown_session");
    CHECK(error_code(d.lock(s["session"])) == "device.unknown_session");
    CHECK(error_code(d.lock("AAAAAAAAAAAAAAAAAAAAAA")) == "device.unknown_session");
    CHECK(error_code(d.lock("not a session id")) == "device.unknown_session");
    CHECK(error_code(d.lock(7)) == "device.bad_input");
  }

  TEST_CASE("a session expires on the core's clock, whatever `now` an op is given") {
    Device d;
    json s = d.unlock({{"ttl_s", 60}});
    d.clock.set(kNow + 59);
    CHECK(error_code(d.open_with(s["session"])).empty());
    d.clock.set(kNow + 60);
    CHECK(error_code(d.open_with(s["session"])) == "device.session_expired");
    json proof = medins::call("device.proof", {{"session", s["session"]}, {"method", "POST"}, {"url", "https://h.example/x"},
                                               {"token", d.token}, {"now", kNow}},
                              d.env);
    CHECK(error_code(proof) == "device.session_expired");
    CHECK(error_code(d.lock(s["session"])) == "device.session_expired");
  }

  TEST_CASE("at most four live sessions: a fifth wipes the oldest") {
    Device d;
    std::vector<json> sessions;
    for (int i = 0; i < 5; ++i) sessions.push_back(d.unlock()["session"]);
    CHECK(error_code(d.open_with(sessions[0])) == "device.unknown_session");
    for (int i = 1; i < 5; ++i) CHECK(error_code(d.open_with(sessions[i])).empty());
  }

  TEST_CASE("a session stands alone: not beside device_key, key or an unlock") {
    Device d;
    json s = d.unlock()["session"];
    CHECK(error_code(d.open({{"session", s}, {"device_key", d.device["device"]}})) == "receipt.bad_input");
    CHECK(error_code(d.open({{"session", s}, {"key", d.hospital["secret"]}})) == "receipt.bad_input");
    CHECK(error_code(d.open({{"session", s}, {"unlock", {{"pin", kPin}}}})) == "receipt.bad_input");
    CHECK(error_code(d.open({{"session", 5}})) == "receipt.bad_input");
    CHECK(error_code(d.open(json::object())) == "receipt.bad_input");
  }

  TEST_CASE("every op that takes the device key takes a session, and device_key with unlock") {
    Device d;
    json s = d.unlock()["session"];
    const json by_pin = {{"device_key", d.device["device"]}, {"unlock", {{"pin", kPin}}}};
    const json deprecated = {{"device", d.device["device"]}, {"pin", kPin}};

    json proof_in = {{"method", "POST"}, {"url", "https://h.example/x"}, {"token", d.token}, {"now", kNow}};
    for (const json& key : {json{{"session", s}}, by_pin, deprecated}) {
      json in = proof_in;
      in.update(key);
      json proof = medins::call("device.proof", in, d.env);
      REQUIRE_MESSAGE(error_code(proof).empty(), proof.dump());
      json check = {{"proof", proof["proof"]}, {"token", d.token}, {"keys", {d.issuer["public"]}}, {"audience", "wx-app-1"},
                    {"method", "POST"}, {"url", "https://h.example/x"}, {"now", kNow}};
      CHECK(error_code(medins::call("device.verify_proof", check, d.env)).empty());
    }

    json provisioned = medins::call("code.provision", {{"device", d.device["public"]}, {"key_index", 7}});
    json codes = json::array();
    for (const json& key : {json{{"session", s}}, by_pin, deprecated}) {
      json in = {{"sealed", provisioned["sealed"]}, {"key_index", 7}, {"now", kNow}};
      in.update(key);
      codes.push_back(medins::call("code.generate", in, d.env));
    }
    CHECK(codes[0] == codes[1]);
    CHECK(codes[0] == codes[2]);
    CHECK(error_code(codes[0]).empty());

    json order = {{"order_id", "ord-1"}, {"payee", "hospital:110105001"},
                  {"lines", {{{"code", "250101001"}, {"quantity", 1}, {"unit_price_fen", 150}}}},
                  {"amounts", {{"fund_fen", 100}, {"account_fen", 0}, {"cash_fen", 50}}}};
    for (const json& key : {json{{"session", s}}, by_pin, deprecated}) {
      json in = {{"identity_token", d.token}, {"order", order}, {"scope", "outpatient_payment"},
                 {"amounts", order["amounts"]}, {"consent_text", "ok"}, {"now", kNow}};
      in.update(key);
      json grant = medins::call("grant.create", in, d.env);
      CHECK_MESSAGE(error_code(grant).empty(), grant.dump());
    }

    json added = medins::call("wallet.add", {{"sealed", d.sealed}, {"issuers", json::array({json{{"key", d.hospital["public"]}, {"hospital", "bj-h-001"}}})}, {"session", s}}, d.env);
    REQUIRE_MESSAGE(error_code(added).empty(), added.dump());
    for (const char* op : {"wallet.verify", "wallet.list", "wallet.summary"}) {
      json with_session = medins::call(op, {{"wallet", added["wallet"]}, {"session", s}}, d.env);
      json in = {{"wallet", added["wallet"]}};
      in.update(by_pin);
      CHECK_MESSAGE(with_session == medins::call(op, in, d.env), op);
    }
    CHECK(error_code(medins::call("wallet.get", {{"wallet", added["wallet"]}, {"index", 0}, {"session", s}}, d.env)).empty());
    CHECK(error_code(medins::call("wallet.export", {{"wallet", added["wallet"]}, {"index", 0}, {"session", s},
                                                    {"to", d.hospital["public"]}},
                                  d.env))
              .empty());
  }

  TEST_CASE("the deprecated names stay with their three ops and do not mix with the new ones") {
    Device d;
    json in = {{"method", "POST"}, {"url", "https://h.example/x"}, {"token", d.token}, {"now", kNow},
               {"device", d.device["device"]}, {"device_key", d.device["device"]}, {"unlock", {{"pin", kPin}}}};
    CHECK(error_code(medins::call("device.proof", in, d.env)) == "device.bad_input");
    CHECK(error_code(d.open({{"device", d.device["device"]}, {"pin", kPin}})) == "receipt.bad_input");
  }
}
