#include <doctest/doctest.h>

#include "identity/signed_json.hpp"
#include "internal/jcs.hpp"
#include "receipt/internal.hpp"
#include "internal/encoding.hpp"
#include "keys/paserk.hpp"
#include "medins/call.hpp"
#include "medins/complaint.hpp"
#include "test_support.hpp"

using nlohmann::json;
using medins::testing::error_code;
namespace complaint = medins::complaint;

namespace {

constexpr std::int64_t kNow = 1767225600;
constexpr const char* kPlatformKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

using medins::testing::keypair;

// A receipt with catalogue codes, as a hospital states them: the CT is
// covered in full by the policy below yet billed class C.
json coded_receipt(const std::string& hospital = "bj-h-001") {
  return {{"hospital", hospital},
          {"invoice", "INV-7"},
          {"order_id", "ord-7"},
          {"visit_date", "2026-03-14"},
          {"visit_type", "outpatient"},
          {"lines",
           {{{"name", "挂号费"}, {"class", "A"}, {"amount", 5000}, {"code", "REG"}},
            {{"name", "CT"}, {"class", "C"}, {"amount", 30000}, {"code", "CT-1"}},
            {{"name", "药"}, {"class", "B"}, {"amount", 10000}, {"code", "DRUG-9"}, {"self_pay", 2000}}}},
          {"total", 45000},
          {"fund", 13000},
          {"account", 2000},
          {"cash", 30000}};
}

// Illustrative, not an official policy: one outpatient pool, the CT and the
// drug covered in full.
json covering_policy() {
  return json::parse(R"({"schema": "fee-policy/0.1", "policy_id": "test-covering", "scheme": "employee",
    "versions": [{"version": "2026", "effective_from": "2026-01-01", "effective_to": null,
      "rounding": {"mode": "half_up"}, "catalogue_defaults": {"b_self_pay_first_bp": 1000},
      "personal_account": {"available": true, "payable_scope": "self_pay"},
      "pools": {"outpatient_general": {"visit_types": ["outpatient"],
        "deductible": {"type": "annual", "amount_fen": 0}, "annual_cap_fen": 2000000,
        "bands_by_level": {"level3": [{"upto_in_scope_ytd_fen": null, "bp": 7000}]}}},
      "covered_in_full": [{"code": "CT-1"}, {"code": "DRUG-9"}]}]})");
}

// The parties of one complaint: a hospital that signs receipts, the
// patient's device, the insurer, an identity issuer.
struct Fixture {
  json hospital = keypair(1);
  json device = keypair(2);
  json insurer = keypair(3);
  json other_insurer = keypair(4);
  json id_issuer = keypair(5);
  medins::testing::CountingRandom random;

  std::string receipt_token(const json& receipt) {
    auto key = medins::keys::require_secret(hospital["secret"].get<std::string>());
    REQUIRE(key.ok());
    json sealed = medins::call("receipt.issue", {{"receipt", receipt},
                                                 {"hospital_key", hospital["secret"]},
                                                 {"recipient", device["public"]},
                                                 {"now", kNow}});
    json opened = medins::call("receipt.open", {{"sealed", sealed["sealed"]},
                                                {"key", device["secret"]},
                                                {"issuers", {{{"key", hospital["public"]}, {"hospital", "bj-h-001"}}}}});
    REQUIRE_MESSAGE(opened.contains("token"), opened.dump());
    return opened["token"];
  }

  std::string identity_token(const json& bound_to) {
    return medins::call("identity.issue", {{"key", id_issuer["secret"]},
                                           {"now", kNow},
                                           {"device", bound_to["public"]},
                                           {"claims", {{"aud", "wx-app-1"}, {"sub", "patient-1"}}}})["token"];
  }

  complaint::Draft draft() {
    complaint::Draft d;
    d.category = "imposed_paid_service";
    d.facts = {{"text", "I was asked to pay for a covered CT scan."}};
    d.receipts = {receipt_token(coded_receipt())};
    d.insurer = insurer["public"];
    d.now_unix_s = kNow + 60;
    return d;
  }

  medins::Result<complaint::Created> create(const complaint::Draft& d) {
    medins::receipt::Opener key;
    key.secret_key = device["secret"];
    return complaint::create(d, key, random);
  }

  json open(const std::string& sealed, json extra = json::object()) {
    json in = {{"sealed", sealed},
               {"key", insurer["secret"]},
               {"issuers", {{{"key", hospital["public"]}, {"hospital", "bj-h-001"}}}}};
    in.update(extra);
    return medins::call("complaint.open", in);
  }
};

}  // namespace

TEST_SUITE("complaint") {
  TEST_CASE("a complaint opens at the insurer with its device, facts and verified receipts") {
    Fixture f;
    auto made = f.create(f.draft());
    REQUIRE_MESSAGE(made.ok(), made.status().message());
    CHECK(made->complaint["facts"]["hospital"] == "bj-h-001");     // from the receipt
    CHECK(made->complaint["facts"]["visit_date"] == "2026-03-14");
    json out = f.open(made->sealed);
    REQUIRE_MESSAGE(!out.contains("error"), out.dump());
    CHECK(out["complaint_id"] == made->complaint_id);
    CHECK(out["complaint"]["category"] == "imposed_paid_service");
    CHECK(out["device"]["key"] == f.device["public"]);
    CHECK(out["evidence_valid"] == true);
    CHECK(out["evidence"]["receipts"][0]["valid"] == true);
    CHECK(out["evidence"]["receipts"][0]["receipt"]["invoice"] == "INV-7");
    CHECK(out["patient"].is_null());
    CHECK_FALSE(out.contains("covered_charged"));  // no policy given
  }

  TEST_CASE("with the policy, the insurer sees what was charged for lines it covers in full") {
    Fixture f;
    auto made = f.create(f.draft());
    REQUIRE(made.ok());
    json out = f.open(made->sealed, {{"policy", covering_policy()}});
    REQUIRE_MESSAGE(out.contains("covered_charged"), out.dump());
    const json& charged = out["covered_charged"];
    // CT billed class C: all 30000; the drug: its stated self-pay of 2000.
    CHECK(charged["total_fen"] == 32000);
    REQUIRE(charged["lines"].size() == 2);
    CHECK(charged["lines"][0]["code"] == "CT-1");
    CHECK(charged["lines"][0]["charged_fen"] == 30000);
    CHECK(charged["lines"][1]["charged_fen"] == 2000);
  }

  TEST_CASE("a receipt's count is capped at what the patient paid") {
    Fixture f;
    json receipt = coded_receipt();
    receipt["fund"] = 35000;
    receipt["account"] = 0;
    receipt["cash"] = 10000;  // the patient paid 10000 of the 32000 charged for covered lines
    complaint::Draft d = f.draft();
    d.receipts = {f.receipt_token(receipt)};
    auto made = f.create(d);
    REQUIRE(made.ok());
    json out = f.open(made->sealed, {{"policy", covering_policy()}});
    CHECK(out["covered_charged"]["total_fen"] == 10000);
  }

  TEST_CASE("an estimate's flagged lines become the evidence and the amount claimed") {
    Fixture f;
    json estimate = {{"policy_id", "p"},
                     {"policy_version", "2026"},
                     {"pool", "outpatient_general"},
                     {"totals", {{"patient_share_fen", 31000}, {"cash_pay_fen", 30000}}},
                     {"lines", {{{"code", "REG"}, {"amount_fen", 5000}}, {{"code", "CT-1"}, {"amount_fen", 30000}}}},
                     {"warnings",
                      {{{"code", "estimate.charged_for_covered_service"},
                        {"message", "…"},
                        {"line", 1},
                        {"item_code", "CT-1"},
                        {"class", "C"},
                        {"self_pay_fen", 30000}}}}};
    complaint::Draft d = f.draft();
    d.category.clear();  // the flagged charge says what the complaint is about
    d.estimate = estimate;
    auto made = f.create(d);
    REQUIRE_MESSAGE(made.ok(), made.status().message());
    CHECK(made->complaint["category"] == "imposed_paid_service");
    CHECK(made->complaint["amount_claimed_fen"] == 30000);
    const json& flagged = made->complaint["evidence"]["estimate"]["flagged"];
    REQUIRE(flagged.size() == 1);
    CHECK(flagged[0] == json{{"line", 1}, {"item_code", "CT-1"}, {"class", "C"}, {"amount_fen", 30000},
                             {"self_pay_fen", 30000}});

    estimate["warnings"][0]["line"] = 7;
    d.estimate = estimate;
    CHECK(f.create(d).status().code() == medins::Code::ComplaintBadInput);
    d.estimate = nullptr;
    CHECK(f.create(d).status().code() == medins::Code::ComplaintBadInput);  // no category, nothing flagged
  }

  TEST_CASE("only the insurer's key opens it, and any change is complaint.invalid") {
    Fixture f;
    auto made = f.create(f.draft());
    REQUIRE(made.ok());
    CHECK(error_code(f.open(made->sealed, {{"key", f.other_insurer["secret"]}})) == "complaint.invalid");
    std::string flipped = made->sealed;
    flipped[flipped.size() / 2] = flipped[flipped.size() / 2] == 'A' ? 'B' : 'A';
    CHECK(error_code(f.open(flipped)) == "complaint.invalid");
    CHECK(error_code(f.open("not base64!")) == "complaint.invalid");
    CHECK(error_code(f.open(std::string(4 * 1024 * 1024, 'A'))) == "complaint.bad_input");
  }

  TEST_CASE("a complaint signed by another key than the one it names is invalid") {
    Fixture f;
    auto made = f.create(f.draft());
    REQUIRE(made.ok());
    // The same claims, still naming the patient's device, signed by a forger
    // and sealed to the insurer as the device would.
    std::string payload;
    REQUIRE(medins::internal::canonicalize_jcs(made->complaint, payload, {2u << 20, 8}) ==
            medins::internal::JcsError::kNone);
    auto forger = medins::keys::require_secret(f.other_insurer["secret"].get<std::string>());
    auto insurer = medins::keys::require_public(f.insurer["public"].get<std::string>());
    REQUIRE((forger.ok() && insurer.ok()));
    const std::string token = medins::identity::signed_json::sign(*forger, payload, "medins.complaint.v1");
    auto sealed = medins::receipt::detail::seal(token, *insurer, f.random, medins::Code::ComplaintNoEntropy);
    REQUIRE(sealed.ok());
    CHECK(error_code(f.open(medins::internal::base64url_encode(*sealed))) == "complaint.invalid");
    // Signed by the device under another purpose: also refused.
    auto device = medins::keys::require_secret(f.device["secret"].get<std::string>());
    const std::string grant_like = medins::identity::signed_json::sign(*device, payload, "medins.grant.v1");
    sealed = medins::receipt::detail::seal(grant_like, *insurer, f.random, medins::Code::ComplaintNoEntropy);
    CHECK(error_code(f.open(medins::internal::base64url_encode(*sealed))) == "complaint.invalid");
  }

  TEST_CASE("evidence is checked piece by piece") {
    Fixture f;
    json rival = keypair(9);
    complaint::Draft d = f.draft();
    d.receipts.push_back(f.receipt_token(coded_receipt()));
    auto made = f.create(d);
    REQUIRE(made.ok());
    // The insurer trusts another key for the hospital: both receipts fail, each reported.
    json out = f.open(made->sealed, {{"issuers", {{{"key", rival["public"]}, {"hospital", "bj-h-001"}}}}});
    REQUIRE_MESSAGE(out.contains("evidence"), out.dump());
    CHECK(out["evidence_valid"] == false);
    CHECK(out["evidence"]["receipts"][0]["error"]["code"] == "receipt.unknown_issuer");
    CHECK(out["evidence"]["receipts"][1]["valid"] == false);
    // Without issuers nothing can be verified, and nothing fails the call.
    json in = {{"sealed", made->sealed}, {"key", f.insurer["secret"]}};
    CHECK(medins::call("complaint.open", in)["evidence_valid"] == false);
  }

  TEST_CASE("receipts from another hospital, and tokens that are not receipts, are refused at creation") {
    Fixture f;
    complaint::Draft d = f.draft();
    d.facts["hospital"] = "sh-h-002";
    CHECK(f.create(d).status().code() == medins::Code::ComplaintBadEvidence);
    d = f.draft();
    d.receipts = {"v4.public.bm90IGEgcmVjZWlwdA"};
    CHECK(f.create(d).status().code() == medins::Code::ComplaintBadEvidence);
    d = f.draft();
    d.receipts.assign(complaint::kMaxReceipts + 1, d.receipts[0]);
    CHECK(f.create(d).status().code() == medins::Code::ComplaintBadInput);
  }

  TEST_CASE("the identity token must be bound to the signing device, and is verified as at iat") {
    Fixture f;
    complaint::Draft d = f.draft();
    d.identity_token = f.identity_token(f.insurer);  // bound to another key
    CHECK(f.create(d).status().code() == medins::Code::ComplaintBadEvidence);
    d.identity_token = f.identity_token(f.device);
    auto made = f.create(d);
    REQUIRE(made.ok());
    json check = {{"keys", {f.id_issuer["public"]}}, {"audience", "wx-app-1"}};
    json out = f.open(made->sealed, {{"identity", check}});
    CHECK(out["patient"]["verified"] == true);
    CHECK(out["patient"]["sub"] == "patient-1");
    check["audience"] = "another-app";
    CHECK(f.open(made->sealed, {{"identity", check}})["patient"]["error"]["code"] == "token.audience_mismatch");
    CHECK(f.open(made->sealed)["patient"]["identity_token"] == d.identity_token);
  }

  TEST_CASE("a long wait is measured from the booked slot") {
    Fixture f;
    complaint::Draft d = f.draft();
    d.category = "long_wait";
    d.booking = {{"order_id", "ord-7"}, {"slot_start", kNow}, {"seen_at", kNow + 7200}};
    auto made = f.create(d);
    REQUIRE(made.ok());
    CHECK(f.open(made->sealed)["evidence"]["booking"]["wait_s"] == 7200);
    d.booking["unknown"] = 1;
    CHECK(f.create(d).status().code() == medins::Code::ComplaintBadInput);
  }

  TEST_CASE("no entropy is complaint.no_entropy") {
    Fixture f;
    medins::testing::NoEntropy none;
    medins::receipt::Opener key;
    key.secret_key = f.device["secret"];
    CHECK(complaint::create(f.draft(), key, none).status().code() == medins::Code::ComplaintNoEntropy);
  }

  TEST_CASE("complaint.create reads the device key and the short form") {
    json device = medins::call("device.create", {{"platform_key", kPlatformKey}});
    REQUIRE_MESSAGE(device.contains("device"), device.dump());
    Fixture f;
    json in = {{"device_key", device["device"]},
               {"unlock", {{"platform_key", kPlatformKey}}},
               {"insurer", f.insurer["public"]},
               {"category", "other"},
               {"facts", {{"text", "x"}, {"hospital", "bj-h-001"}}},
               {"receipt", {{"token", f.receipt_token(coded_receipt())}}},
               {"now", kNow}};
    json out = medins::call("complaint.create", in);
    REQUIRE_MESSAGE(out.contains("sealed"), out.dump());
    CHECK(out["complaint"]["device"] == device["public"]);
    CHECK(f.open(out["sealed"])["complaint_id"] == out["complaint_id"]);

    for (const char* drop : {"insurer", "unlock"}) {
      json bad = in;
      bad.erase(drop);
      CHECK(error_code(medins::call("complaint.create", bad)) != "");
    }
    json bad = in;
    bad["category"] = "rude_staff";
    CHECK(error_code(medins::call("complaint.create", bad)) == "complaint.bad_input");
    bad = in;
    bad["facts"]["text"] = std::string(complaint::kMaxTextBytes + 1, 'x');
    CHECK(error_code(medins::call("complaint.create", bad)) == "complaint.bad_input");
    bad = in;
    bad["amount_claimed_fen"] = -1;
    CHECK(error_code(medins::call("complaint.create", bad)) == "complaint.bad_input");
  }
}
