// Receipts: validated, RFC 8785-canonical, signed v4.public by the hospital
// with a kid footer, sealed to the patient's device key.
#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

#include "identity/paseto.hpp"
#include "identity/signed_json.hpp"
#include "internal/calendar.hpp"
#include "internal/encoding.hpp"
#include "internal/jcs.hpp"
#include "internal/json_util.hpp"
#include "internal/secret.hpp"
#include "internal/sodium.hpp"
#include "receipt/internal.hpp"

namespace medins::receipt {
namespace detail {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxTextBytes = 256;
constexpr std::size_t kSealOverhead = crypto_box_PUBLICKEYBYTES + crypto_box_MACBYTES;

Status invalid() {
  // One message for every failure of opening, so a forger learns nothing.
  return Status(Code::ReceiptInvalid, "the receipt is not valid for this device");
}

const char* dot(Code code) { return code == Code::ReceiptInvalid ? "" : "receipt."; }

// A receipt field at fault: named (receipt.<name>) to the hospital issuing
// it, while a device opening a receipt learns only that it is invalid.
Status receipt_field_error(Code code, std::string_view name, std::string_view what) {
  if (code == Code::ReceiptInvalid) return invalid();
  return internal::field_error(code, std::string(dot(code)) + std::string(name), what);
}

Status text(const json& r, const char* name, Code code, bool required) {
  auto it = r.find(name);
  if (it == r.end()) return required ? receipt_field_error(code, name, "is required") : ok_status();
  if (!it->is_string()) return receipt_field_error(code, name, "must be a string");
  const auto& s = it->get_ref<const std::string&>();
  if (s.empty() || s.size() > kMaxTextBytes) return receipt_field_error(code, name, "must be 1 to 256 bytes");
  return ok_status();
}

Status amount(const json& r, const char* name, Code code, std::string_view prefix = {}) {
  auto it = r.find(name);
  const std::string label = std::string(prefix) + name;
  if (it == r.end()) return receipt_field_error(code, label, "is required");
  if (!it->is_number_integer()) return receipt_field_error(code, label, "must be an integer (fen, or Unix seconds)");
  if (it->is_number_unsigned() ? it->get<std::uint64_t>() > static_cast<std::uint64_t>(internal::kJcsMaxSafeInteger)
                               : (it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > internal::kJcsMaxSafeInteger))
    return receipt_field_error(code, label, "must be 0 to 2^53 - 1");
  return ok_status();
}

// A receipt's date: a real calendar day, not before the Unix epoch.
bool is_date(const std::string& s) {
  const auto date = internal::parse_iso_date(s);
  return date && date->year >= 1970;
}

}  // namespace

std::int64_t fen(const json& r, const char* name) {
  auto it = r.find(name);
  return it->is_number_unsigned() ? static_cast<std::int64_t>(it->get<std::uint64_t>()) : it->get<std::int64_t>();
}

Status check_issuers(const std::vector<TrustedIssuer>& issuers, Code bad_input, bool may_be_empty) {
  if ((issuers.empty() && !may_be_empty) || issuers.size() > kMaxIssuers)
    return Status(bad_input, may_be_empty ? "issuers: must list at most 64 {key, hospital} pairs"
                                          : "issuers: must list 1 to 64 {key, hospital} pairs",
                  json{{"field", "issuers"}});
  for (std::size_t i = 0; i < issuers.size(); ++i)
    if (issuers[i].hospital.empty() || issuers[i].hospital.size() > kMaxTextBytes) {
      const std::string field = "issuers[" + std::to_string(i) + "].hospital";
      return Status(bad_input, field + ": must be 1 to 256 bytes", json{{"field", field}});
    }
  return ok_status();
}

Status check_fields(const json& r, Code code) {
  if (!r.is_object()) return receipt_field_error(code, "receipt", "must be an object");
  for (const char* name : {"hospital", "invoice", "order_id"}) MEDINS_RETURN_IF_ERROR(text(r, name, code, true));
  MEDINS_RETURN_IF_ERROR(text(r, "authorization", code, false));
  auto date = r.find("visit_date");
  if (date == r.end() || !date->is_string() || !is_date(date->get_ref<const std::string&>()))
    return receipt_field_error(code, "visit_date", "must be a date YYYY-MM-DD");
  for (const char* name : {"issued_at", "total", "fund", "account", "cash"}) MEDINS_RETURN_IF_ERROR(amount(r, name, code));
  auto lines = r.find("lines");
  if (lines == r.end() || !lines->is_array() || lines->empty() || lines->size() > kMaxLines)
    return receipt_field_error(code, "lines", "must be an array of 1 to 1000 lines");
  for (std::size_t i = 0; i < lines->size(); ++i) {
    const json& line = (*lines)[i];
    const std::string prefix = "lines[" + std::to_string(i) + "].";
    if (!line.is_object()) return receipt_field_error(code, "lines[" + std::to_string(i) + "]", "must be an object");
    for (const char* name : {"name", "class"}) {
      auto it = line.find(name);
      if (it == line.end() || !it->is_string() || it->get_ref<const std::string&>().empty() ||
          it->get_ref<const std::string&>().size() > kMaxTextBytes)
        return receipt_field_error(code, prefix + name, "must be a string of 1 to 256 bytes");
    }
    MEDINS_RETURN_IF_ERROR(amount(line, "amount", code, prefix));
  }
  return ok_status();
}

Status check_totals(const json& r) {
  const std::int64_t total = fen(r, "total");
  std::int64_t paid = 0, lines = 0;
  // Each part is at most 2^53 - 1, so the sum of three cannot overflow int64;
  // the lines sum is checked because there may be up to a thousand.
  paid = fen(r, "fund") + fen(r, "account") + fen(r, "cash");
  for (const json& line : *r.find("lines"))
    if (__builtin_add_overflow(lines, fen(line, "amount"), &lines))
      return Status(Code::ReceiptInconsistent, "the lines' amounts overflow");
  if (paid != total)
    return Status(Code::ReceiptInconsistent, "fund + account + cash (" + std::to_string(paid) +
                                                 ") is not the total (" + std::to_string(total) + ")");
  if (lines != total)
    return Status(Code::ReceiptInconsistent, "the lines add up to " + std::to_string(lines) + ", not the total (" +
                                                 std::to_string(total) + ")");
  return ok_status();
}

int visit_year(const json& r) {
  const std::string& d = r.find("visit_date")->get_ref<const std::string&>();
  return (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
}

Result<std::vector<std::uint8_t>> seal(std::string_view plaintext, const keys::PublicKey& to, Random& random,
                                       Code no_entropy) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  std::array<std::uint8_t, crypto_box_PUBLICKEYBYTES> to_x{};
  if (crypto_sign_ed25519_pk_to_curve25519(to_x.data(), to.bytes.data()) != 0)
    return Status(Code::KeysInvalidKey, "the recipient key has no X25519 form");
  internal::SecretBytes seed(crypto_box_SEEDBYTES);
  if (!random.fill(seed.data(), seed.size())) return Status(no_entropy, "no secure randomness available");
  internal::SecretBytes esk(crypto_box_SECRETKEYBYTES);
  std::vector<std::uint8_t> out(kSealOverhead + plaintext.size());
  std::uint8_t* epk = out.data();
  crypto_box_seed_keypair(epk, esk.data(), seed.data());
  // crypto_box_seal's nonce, so crypto_box_seal_open opens what we build.
  std::uint8_t nonce[crypto_box_NONCEBYTES];
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, sizeof nonce);
  crypto_generichash_update(&st, epk, crypto_box_PUBLICKEYBYTES);
  crypto_generichash_update(&st, to_x.data(), to_x.size());
  crypto_generichash_final(&st, nonce, sizeof nonce);
  const int rc = crypto_box_easy(out.data() + crypto_box_PUBLICKEYBYTES,
                                 reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(), nonce,
                                 to_x.data(), esk.data());
  if (rc != 0) return Status(Code::KeysInvalidKey, "the recipient key is a weak X25519 point");
  return out;
}

bool unseal(const std::vector<std::uint8_t>& sealed, const keys::SecretKey& key, std::string& plaintext) {
  if (!internal::sodium_ready() || sealed.size() < kSealOverhead) return false;
  internal::SecretBytes sk_x(crypto_box_SECRETKEYBYTES);
  std::array<std::uint8_t, crypto_box_PUBLICKEYBYTES> pk_x{};
  if (crypto_sign_ed25519_sk_to_curve25519(sk_x.data(), key.bytes.data()) != 0) return false;
  if (crypto_sign_ed25519_pk_to_curve25519(pk_x.data(), key.bytes.data() + keys::kSeedBytes) != 0) return false;
  plaintext.assign(sealed.size() - kSealOverhead, '\0');
  return crypto_box_seal_open(reinterpret_cast<unsigned char*>(plaintext.data()), sealed.data(), sealed.size(),
                              pk_x.data(), sk_x.data()) == 0;
}

bool read_token_unverified(std::string_view token, json& receipt, std::string& kid) {
  auto peeked = identity::paseto::peek(token);
  if (!peeked.ok() || peeked->purpose != identity::paseto::Purpose::kPublic || peeked->payload.empty()) return false;
  auto parsed = internal::parse_strict(peeked->payload, Code::ReceiptInvalid, {16, kMaxReceiptBytes});
  auto footer_kid = identity::signed_json::footer_kid(peeked->footer);
  if (!parsed.ok() || !footer_kid || footer_kid->empty()) return false;
  kid = std::move(*footer_kid);
  receipt = std::move(parsed.value());
  return true;
}

Result<Opened> verify_token(std::string token, const std::vector<TrustedIssuer>& issuers) {
  // Every entry is parsed, so a bad key is reported wherever it is listed;
  // the key may be listed once per hospital it signs for.
  std::vector<keys::PublicKey> keys;
  keys.reserve(issuers.size());
  for (const TrustedIssuer& candidate : issuers) {
    MEDINS_ASSIGN_OR_RETURN(keys::PublicKey key, keys::require_public(candidate.key));
    keys.push_back(key);
  }
  // The footer's kid is read before the signature is checked: it only chooses
  // the key, and anyone can seal to a device, so naming an unknown issuer
  // reveals nothing about the device's key.
  auto verified = identity::signed_json::verify(token, keys, kReceiptImplicit, /*kid_required=*/true);
  if (verified.fault == identity::signed_json::Fault::kUnknownKid)
    return Status(Code::ReceiptUnknownIssuer, "the receipt's kid names no trusted issuer",
                  json{{"kid", verified.kid.size() <= 64 ? verified.kid : std::string("(too long)")}});
  if (verified.fault != identity::signed_json::Fault::kNone) return invalid();
  const std::string& kid = verified.kid;
  std::vector<std::string_view> hospitals;
  for (std::size_t i = 0; i < issuers.size(); ++i)
    if (keys[i].bytes == keys[verified.signer].bytes) hospitals.push_back(issuers[i].hospital);
  auto receipt = internal::parse_strict(verified.payload, Code::ReceiptInvalid, {16, kMaxReceiptBytes});
  if (!receipt.ok()) return invalid();
  // Only the canonical form is accepted, so one receipt has one token
  // payload and the wallet's duplicate check sees what the hospital signed.
  std::string canonical;
  if (internal::canonicalize_jcs(*receipt, canonical, {kMaxReceiptBytes, 16}) != internal::JcsError::kNone ||
      canonical != verified.payload)
    return invalid();
  MEDINS_RETURN_IF_ERROR(check_fields(*receipt, Code::ReceiptInvalid));
  // A trusted key speaks only for its own hospital: otherwise any trusted
  // hospital could issue receipts in another's name, and by using that
  // hospital's invoice numbers first make its genuine receipts duplicates.
  const std::string& hospital = receipt->find("hospital")->get_ref<const std::string&>();
  if (std::find(hospitals.begin(), hospitals.end(), hospital) == hospitals.end())
    return Status(Code::ReceiptWrongHospital, "the receipt names a hospital its signing key is not trusted for",
                  json{{"kid", kid}, {"hospital", hospital}});
  MEDINS_RETURN_IF_ERROR(check_totals(*receipt));
  return Opened{std::move(receipt.value()), kid, std::move(token)};
}

Result<Opened> open_with_key(std::string_view sealed, const keys::SecretKey& key,
                             const std::vector<TrustedIssuer>& issuers) {
  MEDINS_RETURN_IF_ERROR(check_issuers(issuers, Code::ReceiptBadInput, /*may_be_empty=*/false));
  if (sealed.size() > kMaxSealedBytes * 4 / 3 + 4)
    return Status(Code::ReceiptBadInput, "sealed: is larger than 96 KiB", json{{"field", "sealed"}});
  auto bytes = internal::base64url_decode(sealed);
  if (!bytes) return invalid();
  std::string plain;
  if (!unseal(*bytes, key, plain)) return invalid();
  return verify_token(std::move(plain), issuers);
}

}  // namespace detail

Result<std::string> issue(const nlohmann::json& receipt_in, std::string_view hospital_key, std::string_view recipient,
                          std::int64_t now_unix_s, Random& random) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  if (!receipt_in.is_object())
    return Status(Code::ReceiptBadInput, "receipt: must be an object", nlohmann::json{{"field", "receipt"}});
  nlohmann::json receipt = receipt_in;
  if (!receipt.contains("issued_at")) receipt["issued_at"] = now_unix_s;
  MEDINS_RETURN_IF_ERROR(detail::check_fields(receipt, Code::ReceiptBadInput));
  // A hospital never signs a receipt the device would refuse.
  MEDINS_RETURN_IF_ERROR(detail::check_totals(receipt));
  std::string payload;
  const internal::JcsError e = internal::canonicalize_jcs(receipt, payload, {kMaxReceiptBytes, 16});
  if (e != internal::JcsError::kNone)
    return Status(Code::ReceiptBadInput, std::string("receipt: ") + internal::jcs_error_text(e),
                  nlohmann::json{{"field", "receipt"}});
  MEDINS_ASSIGN_OR_RETURN(keys::SecretKey key, keys::require_secret(hospital_key));
  MEDINS_ASSIGN_OR_RETURN(keys::PublicKey to, keys::require_public(recipient));
  const std::string token = identity::signed_json::sign(key, payload, detail::kReceiptImplicit);
  MEDINS_ASSIGN_OR_RETURN(auto sealed, detail::seal(token, to, random, Code::ReceiptNoEntropy));
  return internal::base64url_encode(sealed);
}

Result<Opened> open(std::string_view sealed, const Opener& opener, const std::vector<TrustedIssuer>& issuers) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  MEDINS_ASSIGN_OR_RETURN(keys::SecretKey key, detail::opener_key(opener, Code::ReceiptBadInput));
  return detail::open_with_key(sealed, key, issuers);
}

}  // namespace medins::receipt
