// Fuzzes complaint.open's untrusted paths. Even first byte: the rest is the
// sealed box itself (base64url decoding, the box, the token inside). Odd
// first byte: the rest is the payload of a complaint token signed by a device
// key it names ("device" is set to that key when the bytes are a JSON object
// without one) and sealed to the insurer, so the strict JSON parser, the
// canonical-form check, the shape checks and each piece of evidence see
// hostile bytes past the signature.
#include <cstdint>
#include <string>
#include <string_view>

#include "identity/signed_json.hpp"
#include "internal/encoding.hpp"
#include "internal/jcs.hpp"
#include "internal/json_util.hpp"
#include "internal/sodium.hpp"
#include "keys/paserk.hpp"
#include "medins/complaint.hpp"
#include "receipt/internal.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace medins;
  using fuzzing::FuzzRandom;
  using fuzzing::key_of;
  if (!internal::sodium_ready() || size == 0) return 0;
  static const keys::SecretKey hospital = key_of(1);
  static const keys::SecretKey device = key_of(2);
  static const keys::SecretKey insurer = key_of(3);
  static const std::string insurer_secret = keys::encode_secret(insurer.bytes.span());
  // A policy covering the codes of the seeds, so covered_charged runs too.
  static const auto policy = estimate::parse_policy(nlohmann::json::parse(R"({"schema": "fee-policy/0.1", "policy_id": "fuzz", "scheme": "employee",
    "versions": [{"version": "1", "effective_from": "2000-01-01", "effective_to": null,
      "rounding": {"mode": "half_up"}, "catalogue_defaults": {"b_self_pay_first_bp": 1000},
      "personal_account": {"available": true, "payable_scope": "self_pay"},
      "pools": {"outpatient_general": {"visit_types": ["outpatient"],
        "deductible": {"type": "annual", "amount_fen": 0}, "annual_cap_fen": 2000000,
        "bands_by_level": {"level3": [{"upto_in_scope_ytd_fen": null, "bp": 7000}]}}},
      "covered_in_full": [{"code": "CT-1"}, {"code": "DRUG-9"}]}]})"));
  complaint::OpenCheck check;
  check.issuers = {{keys::encode_public(hospital.public_key().bytes), "bj-h-001"}};
  identity::VerifyIdentityOptions identity_check;
  identity_check.keys = {keys::encode_public(hospital.public_key().bytes)};
  identity_check.audience = "wx-app-1";
  check.identity = identity_check;
  if (policy.ok()) check.policy = &policy.value();
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((data[0] & 1) == 0) {
    (void)complaint::open(rest, insurer_secret, check);
    (void)complaint::open(internal::base64url_encode(rest), insurer_secret, check);
    return 0;
  }
  std::string payload(rest);
  auto parsed = internal::parse_strict(rest, Code::ComplaintInvalid, {16, 1u << 20});
  if (parsed.ok() && parsed->is_object() && !parsed->contains("device")) {
    (*parsed)["device"] = keys::encode_public(device.public_key().bytes);
    if (internal::canonicalize_jcs(*parsed, payload, {1u << 21, 16}) != internal::JcsError::kNone) payload = rest;
  }
  const std::string token = identity::signed_json::sign(device, payload, "medins.complaint.v1");
  FuzzRandom random;
  auto sealed = receipt::detail::seal(token, insurer.public_key(), random, Code::ComplaintNoEntropy);
  if (sealed.ok()) (void)complaint::open(internal::base64url_encode(*sealed), insurer_secret, check);
  return 0;
}
