#include <doctest/doctest.h>

#include <chrono>

#include "internal/encoding.hpp"
#include "internal/jcs.hpp"
#include "keys/paserk.hpp"
#include "medins/call.hpp"
#include "medins/receipt.hpp"
#include "receipt/internal.hpp"
#include "device_support.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::error_code;

namespace {

constexpr std::int64_t kNow = 1767225600;

using medins::testing::keypair;

json sample_receipt(const std::string& invoice = "INV-0001", const std::string& date = "2026-03-14") {
  return {{"hospital", "bj-h-001"},
          {"invoice", invoice},
          {"order_id", "ord-77"},
          {"authorization", "AUTH-9"},
          {"visit_date", date},
          {"lines",
           {{{"name", "挂号费"}, {"class", "A"}, {"amount", 5000}},
            {{"name", "CT"}, {"class", "B"}, {"amount", 30000}, {"quantity", 1}}}},
          {"total", 35000},
          {"fund", 21000},
          {"account", 4000},
          {"cash", 10000}};
}

// A trusted issuer as receipt.open takes it: a key bound to one hospital.
json trusted(const json& key, const std::string& hospital = "bj-h-001") {
  return json{{"key", key}, {"hospital", hospital}};
}

struct Parties {
  json hospital = keypair(1);
  json device_a = keypair(2);
  json device_b = keypair(3);
  json other_hospital = keypair(4);
  json issuers() const { return json::array({trusted(hospital["public"])}); }
};

std::string issue(const Parties& p, const json& receipt, const json& to) {
  json out = medins::call("receipt.issue",
                          {{"receipt", receipt}, {"hospital_key", p.hospital["secret"]}, {"recipient", to}, {"now", kNow}});
  REQUIRE_MESSAGE(out.contains("sealed"), out.dump());
  return out["sealed"].get<std::string>();
}

json open(const std::string& sealed, const json& key, const json& issuers) {
  return medins::call("receipt.open", {{"sealed", sealed}, {"key", key}, {"issuers", issuers}});
}

// A hospital-signed token over any payload, sealed to `to`: for receipts the
// issue op would refuse to sign.
std::string forge(const Parties& p, const std::string& payload, const std::string& footer, const std::string& implicit,
                  const json& to) {
  json token = medins::call("token.issue", {{"purpose", "public"}, {"key", p.hospital["secret"]}, {"payload", payload},
                                            {"footer", footer}, {"implicit", implicit}});
  auto pk = medins::keys::require_public(to.get<std::string>());
  REQUIRE(pk.ok());
  medins::testing::CountingRandom random;
  auto sealed = medins::receipt::detail::seal(token["token"].get<std::string>(), *pk, random,
                                              medins::Code::ReceiptNoEntropy);
  REQUIRE(sealed.ok());
  return medins::internal::base64url_encode(*sealed);
}

std::string kid_footer(const json& pub) {
  return "{\"kid\":\"" + medins::call("keys.id", {{"key", pub}})["id"].get<std::string>() + "\"}";
}

}  // namespace

TEST_CASE("receipt: issued for device A opens on A, not on B") {
  Parties p;
  const std::string sealed = issue(p, sample_receipt(), p.device_a["public"]);
  json a = open(sealed, p.device_a["secret"], p.issuers());
  REQUIRE_MESSAGE(a.contains("receipt"), a.dump());
  json expected = sample_receipt();
  expected["issued_at"] = kNow;
  CHECK(a["receipt"] == expected);
  CHECK(a["issuer"] == medins::call("keys.id", {{"key", p.hospital["public"]}})["id"]);
  CHECK(a["token"].get<std::string>().rfind("v4.public.", 0) == 0);
  CHECK(error_code(open(sealed, p.device_b["secret"], p.issuers())) == "receipt.invalid");

  // receipt.open's cost through the typed API (unseal, Ed25519 verify, parse).
  medins::receipt::Opener opener;
  opener.secret_key = p.device_a["secret"];
  const std::vector<medins::receipt::TrustedIssuer> issuers{{p.hospital["public"].get<std::string>(), "bj-h-001"}};
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 200; ++i) REQUIRE(medins::receipt::open(sealed, opener, issuers).ok());
  const auto t1 = std::chrono::steady_clock::now();
  MESSAGE("receipt.open: " << std::chrono::duration<double, std::micro>(t1 - t0).count() / 200 << " us");
}

TEST_CASE("receipt: a wrapped device key opens its receipts with its PIN or platform key, and a wallet keeps them") {
  Parties p;
  json pin_device = medins::testing::pre_floor_pin_device("246810");
  const std::string platform_key = medins::internal::base64url_encode(std::vector<std::uint8_t>(32, 7));
  json key_device = medins::call("device.create", {{"platform_key", platform_key}});
  for (const auto& [device, unlock] : {std::pair{pin_device, json{{"pin", "246810"}}},
                                       std::pair{key_device, json{{"platform_key", platform_key}}}}) {
    const std::string sealed = issue(p, sample_receipt(), device["public"]);
    json in = {{"sealed", sealed}, {"device_key", device["device"]}, {"unlock", unlock}, {"issuers", p.issuers()}};
    json opened = medins::call("receipt.open", in);
    REQUIRE_MESSAGE(opened.contains("receipt"), opened.dump());
    CHECK(opened["receipt"]["invoice"] == sample_receipt()["invoice"]);
    json added = medins::call("wallet.add", in);
    REQUIRE_MESSAGE(added.contains("wallet"), added.dump());
    json listed = medins::call("wallet.list", {{"wallet", added["wallet"]}, {"device_key", device["device"]}, {"unlock", unlock}});
    CHECK(listed["receipts"].size() == 1);
  }
  json in = {{"sealed", issue(p, sample_receipt(), pin_device["public"])}, {"device_key", pin_device["device"]},
             {"unlock", {{"pin", "000000"}}}, {"issuers", p.issuers()}};
  CHECK(error_code(medins::call("receipt.open", in)) == "device.wrong_secret");
  in["unlock"] = {{"platform_key", platform_key}};
  CHECK(error_code(medins::call("receipt.open", in)) == "device.bad_input");
  in["unlock"] = json::object();
  CHECK(error_code(medins::call("receipt.open", in)) == "receipt.bad_input");
  in["device_key"] = key_device["device"];
  in["unlock"] = {{"platform_key", platform_key}};
  CHECK(error_code(medins::call("receipt.open", in)) == "receipt.invalid");
}

TEST_CASE("receipt: the sealed box is what crypto_box_seal_open opens, and a fresh ephemeral key each time") {
  Parties p;
  const std::string s1 = issue(p, sample_receipt(), p.device_a["public"]);
  const std::string s2 = issue(p, sample_receipt(), p.device_a["public"]);
  CHECK(s1 != s2);  // same receipt, different ephemeral keys
}

TEST_CASE("receipt: a one-bit change anywhere is refused with one code") {
  Parties p;
  const std::string sealed = issue(p, sample_receipt(), p.device_a["public"]);
  auto bytes = *medins::internal::base64url_decode(sealed);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (int bit : {0, 7}) {
      auto flipped = bytes;
      flipped[i] ^= static_cast<std::uint8_t>(1u << bit);
      json out = open(medins::internal::base64url_encode(flipped), p.device_a["secret"], p.issuers());
      REQUIRE_MESSAGE(error_code(out) == "receipt.invalid", "byte " << i << " bit " << bit << ": " << out.dump());
      // No oracle: the message is the same whatever failed.
      CHECK(out["error"]["message"] == "the receipt is not valid for this device");
    }
  }
  // Truncated, empty and non-base64url boxes are the same error.
  CHECK(error_code(open(sealed.substr(0, 40), p.device_a["secret"], p.issuers())) == "receipt.invalid");
  CHECK(error_code(open("", p.device_a["secret"], p.issuers())) == "receipt.invalid");
  CHECK(error_code(open("!!!", p.device_a["secret"], p.issuers())) == "receipt.invalid");
}

TEST_CASE("receipt: unknown issuer and hospital key rotation") {
  Parties p;
  const std::string sealed = issue(p, sample_receipt(), p.device_a["public"]);
  json out = open(sealed, p.device_a["secret"], json::array({trusted(p.other_hospital["public"])}));
  CHECK(error_code(out) == "receipt.unknown_issuer");
  // After rotation the app trusts both keys; the kid picks the right one.
  json both = json::array({trusted(p.other_hospital["public"]), trusted(p.hospital["public"])});
  CHECK(open(sealed, p.device_a["secret"], both).contains("receipt"));
}

TEST_CASE("receipt: a trusted key signs only for the hospital it is bound to") {
  Parties p;
  // Another trusted hospital signs a receipt in bj-h-001's name.
  json out = medins::call("receipt.issue", {{"receipt", sample_receipt()}, {"hospital_key", p.other_hospital["secret"]},
                                            {"recipient", p.device_a["public"]}, {"now", kNow}});
  REQUIRE_MESSAGE(out.contains("sealed"), out.dump());
  const std::string forged = out["sealed"];
  json issuers = json::array({trusted(p.hospital["public"]), trusted(p.other_hospital["public"], "bj-h-002")});
  json refused = open(forged, p.device_a["secret"], issuers);
  CHECK(error_code(refused) == "receipt.wrong_hospital");
  CHECK(refused["error"]["hospital"] == "bj-h-001");
  CHECK(refused["error"]["kid"] == medins::call("keys.id", {{"key", p.other_hospital["public"]}})["id"]);
  json wallet_in = {{"sealed", forged}, {"key", p.device_a["secret"]}, {"issuers", issuers}};
  CHECK(error_code(medins::call("wallet.add", wallet_in)) == "receipt.wrong_hospital");
  // The genuine hospital's receipts still open.
  CHECK(open(issue(p, sample_receipt(), p.device_a["public"]), p.device_a["secret"], issuers).contains("receipt"));
  // A key listed once per hospital it signs for (one billing system for a group).
  issuers.push_back(trusted(p.other_hospital["public"]));
  CHECK(open(forged, p.device_a["secret"], issuers).contains("receipt"));

  // The binding is required: a bare key, or one without a hospital, is refused.
  auto field_of = [&](const json& list) {
    json o = open(forged, p.device_a["secret"], list);
    CHECK(error_code(o) == "receipt.bad_input");
    return o["error"].value("field", std::string());
  };
  CHECK(field_of(json::array({p.hospital["public"]})) == "issuers[0]");
  CHECK(field_of(json::array({trusted(p.hospital["public"]), json{{"key", p.hospital["public"]}}})) ==
        "issuers[1].hospital");
  CHECK(field_of(json::array({trusted(p.hospital["public"], "")})) == "issuers[0].hospital");
  CHECK(field_of(json::array({trusted(p.hospital["public"], std::string(257, 'h'))})) == "issuers[0].hospital");
  CHECK(error_code(medins::call("wallet.add", {{"sealed", forged}, {"key", p.device_a["secret"]},
                                               {"issuers", json::array({p.hospital["public"]})}})) ==
        "wallet.bad_input");
}

TEST_CASE("receipt: totals must add up, at issue and at open") {
  Parties p;
  json r = sample_receipt();
  r["cash"] = 9999;
  json out = medins::call("receipt.issue", {{"receipt", r}, {"hospital_key", p.hospital["secret"]},
                                            {"recipient", p.device_a["public"]}});
  CHECK(error_code(out) == "receipt.inconsistent");
  json lines = sample_receipt();
  lines["lines"][0]["amount"] = 4999;
  CHECK(error_code(medins::call("receipt.issue", {{"receipt", lines}, {"hospital_key", p.hospital["secret"]},
                                                   {"recipient", p.device_a["public"]}})) == "receipt.inconsistent");
  // A hospital that signs inconsistent totals anyway is caught on the device.
  r["issued_at"] = kNow;
  std::string canonical;
  REQUIRE(medins::internal::canonicalize_jcs(r, canonical) == medins::internal::JcsError::kNone);
  const std::string sealed = forge(p, canonical, kid_footer(p.hospital["public"]), "medins.receipt.v1", p.device_a["public"]);
  CHECK(error_code(open(sealed, p.device_a["secret"], p.issuers())) == "receipt.inconsistent");
}

TEST_CASE("receipt: authentic tokens that are not receipts are receipt.invalid") {
  Parties p;
  json r = sample_receipt();
  r["issued_at"] = kNow;
  std::string canonical;
  REQUIRE(medins::internal::canonicalize_jcs(r, canonical) == medins::internal::JcsError::kNone);
  const std::string kid = kid_footer(p.hospital["public"]);
  const json& a = p.device_a["public"];
  // Another implicit assertion: a signature made for something else.
  CHECK(error_code(open(forge(p, canonical, kid, "", a), p.device_a["secret"], p.issuers())) == "receipt.invalid");
  // Not canonical (whitespace), so not one receipt per payload.
  CHECK(error_code(open(forge(p, r.dump(1), kid, "medins.receipt.v1", a), p.device_a["secret"], p.issuers())) ==
        "receipt.invalid");
  // No kid in the footer.
  CHECK(error_code(open(forge(p, canonical, "", "medins.receipt.v1", a), p.device_a["secret"], p.issuers())) ==
        "receipt.invalid");
  // Missing field.
  json missing = r;
  missing.erase("invoice");
  std::string c2;
  REQUIRE(medins::internal::canonicalize_jcs(missing, c2) == medins::internal::JcsError::kNone);
  CHECK(error_code(open(forge(p, c2, kid, "medins.receipt.v1", a), p.device_a["secret"], p.issuers())) ==
        "receipt.invalid");
}

TEST_CASE("receipt: bad input names the field") {
  Parties p;
  auto issue_err = [&](json receipt) {
    json out = medins::call("receipt.issue", {{"receipt", receipt}, {"hospital_key", p.hospital["secret"]},
                                              {"recipient", p.device_a["public"]}});
    CHECK(error_code(out) == "receipt.bad_input");
    return out["error"].value("field", std::string());
  };
  json r = sample_receipt();
  r.erase("hospital");
  CHECK(issue_err(r) == "receipt.hospital");
  r = sample_receipt();
  r["visit_date"] = "2026-02-30";
  CHECK(issue_err(r) == "receipt.visit_date");
  r = sample_receipt();
  r["fund"] = 210.5;
  CHECK(issue_err(r) == "receipt.fund");
  r = sample_receipt();
  r["lines"][1]["class"] = 3;
  CHECK(issue_err(r) == "receipt.lines[1].class");
  r = sample_receipt();
  r["note"] = 1.5;  // extra fields are signed as they are, so they must canonicalize
  CHECK(issue_err(r) == "receipt");
  CHECK(error_code(medins::call("receipt.issue", json::object())) == "receipt.bad_input");
  CHECK(error_code(medins::call("receipt.open", {{"sealed", "x"}, {"issuers", json::array()}, {"key", p.device_a["secret"]}})) ==
        "receipt.bad_input");
  CHECK(error_code(medins::call("receipt.open", {{"sealed", "x"}, {"issuers", p.issuers()}})) == "receipt.bad_input");
  CHECK(error_code(medins::call("receipt.open", {{"sealed", "x"}, {"issuers", p.issuers()}, {"key", p.device_a["secret"]},
                                                 {"device_key", "medins.device.v1.key.x"}})) == "receipt.bad_input");
  // A public key where the device's secret is needed.
  CHECK(error_code(open("x", p.device_a["public"], p.issuers())) == "keys.wrong_key_type");
}

TEST_CASE("receipt: no entropy for the ephemeral key is an error, never a weaker key") {
  Parties p;
  medins::testing::NoEntropy none;
  medins::Env env;
  env.random = &none;
  json out = medins::call("receipt.issue", {{"receipt", sample_receipt()}, {"hospital_key", p.hospital["secret"]},
                                            {"recipient", p.device_a["public"]}},
                          env);
  CHECK(error_code(out) == "receipt.no_entropy");
}

TEST_CASE("jcs: RFC 8785 key order, escapes, integers only") {
  using medins::internal::canonicalize_jcs;
  using medins::internal::JcsError;
  std::string out;
  // RFC 8785 §3.2.3's sorting example: UTF-16 code unit order.
  json sorted = json::parse(R"({"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"})");
  REQUIRE(canonicalize_jcs(sorted, out) == JcsError::kNone);
  CHECK(out == "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With "
               "Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew "
               "Letter Dalet With Dagesh\"}");
  REQUIRE(canonicalize_jcs(json::parse(R"({"b":[1,-2,true,null],"a":"\u0001\"\\\u2028"})"), out) == JcsError::kNone);
  CHECK(out == "{\"a\":\"\\u0001\\\"\\\\\u2028\",\"b\":[1,-2,true,null]}");
  CHECK(canonicalize_jcs(json::parse("[1.5]"), out) == JcsError::kNonInteger);
  CHECK(canonicalize_jcs(json::parse("[9007199254740992]"), out) == JcsError::kUnsafeInteger);
  CHECK(canonicalize_jcs(json::parse("[9007199254740991]"), out) == JcsError::kNone);
  CHECK(canonicalize_jcs(json::parse("[[[[1]]]]"), out, {1024, 3}) == JcsError::kTooDeep);
  CHECK(canonicalize_jcs(json(std::string(100, 'x')), out, {50, 3}) == JcsError::kTooLarge);
  CHECK(canonicalize_jcs(json(std::string("\xff")), out) == JcsError::kInvalidUtf8);
}
