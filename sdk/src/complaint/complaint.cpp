// Complaints: the device signs the canonical complaint with its device key
// (implicit assertion medins.complaint.v1) and seals the token to the
// insurer exactly as hospitals seal receipts to devices; the insurer opens
// it, checks the signature against the key the complaint names, and checks
// each piece of evidence on its own.
#include "medins/complaint.hpp"

#include <algorithm>
#include <initializer_list>

#include "estimate/estimate_internal.hpp"
#include "identity/claims.hpp"
#include "identity/paseto.hpp"
#include "identity/signed_json.hpp"
#include "internal/calendar.hpp"
#include "internal/checked_time.hpp"
#include "internal/encoding.hpp"
#include "internal/jcs.hpp"
#include "internal/json_util.hpp"
#include "internal/sodium.hpp"
#include "keys/paserk.hpp"
#include "receipt/internal.hpp"

namespace medins::complaint {
namespace {

using json = nlohmann::json;
using internal::Fields;

// One string for the implicit assertion and the payload's typ: a device
// signature over anything else (a grant, a proof) never passes as a complaint.
constexpr std::string_view kComplaintPurpose = "medins.complaint.v1";
constexpr std::string_view kIdDomain = "medins.complaint-id.v1";
constexpr std::string_view kFlaggedWarning = "estimate.charged_for_covered_service";
constexpr std::size_t kNonceBytes = 16;
constexpr std::size_t kMaxShortText = 256;
constexpr std::size_t kMaxTokenChars = 128u * 1024u;
constexpr int kMaxDepth = 8;

Status bad(std::string_view field, std::string_view what) {
  return internal::field_error(Code::ComplaintBadInput, field, what);
}
Status bad_evidence(std::string_view field, std::string_view what) {
  return internal::field_error(Code::ComplaintBadEvidence, field, what);
}
Status invalid() { return Status(Code::ComplaintInvalid, "complaint is not valid"); }

bool is_category(std::string_view category) {
  return std::any_of(std::begin(kCategories), std::end(kCategories),
                     [category](const char* known) { return category == known; });
}

// Refuses members outside `known`: the signed form has one shape, so a
// reader never meets a field it would silently ignore.
Status only_members(const json& object, std::initializer_list<std::string_view> known, const Fields& fields) {
  for (auto it = object.begin(); it != object.end(); ++it)
    if (std::find(known.begin(), known.end(), it.key()) == known.end())
      return fields.error(it.key(), "is not a member of this object");
  return ok_status();
}

Status text_field(const Fields& fields, const json& object, const char* name, std::size_t max, bool required) {
  auto it = object.find(name);
  if (it == object.end()) return required ? fields.error(name, "is required") : ok_status();
  if (!it->is_string() || it->get_ref<const std::string&>().empty() || it->get_ref<const std::string&>().size() > max)
    return fields.error(name, "must be a string of 1 to " + std::to_string(max) + " bytes");
  return ok_status();
}

Result<std::int64_t> fen_field(const Fields& fields, const char* name) {
  MEDINS_ASSIGN_OR_RETURN(std::int64_t v, fields.integer(name));
  if (v < 0 || v > internal::kJcsMaxSafeInteger) return fields.error(name, "must be whole fen, 0 to 2^53 - 1");
  return v;
}

Status date_field(const Fields& fields, const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) return ok_status();
  if (!it->is_string()) return fields.error(name, "must be a date YYYY-MM-DD");
  const auto date = internal::parse_iso_date(it->get_ref<const std::string&>());
  if (!date || date->year < 1970) return fields.error(name, "must be a date YYYY-MM-DD from 1970 on");
  return ok_status();
}

Status check_facts(const Fields& fields, const json& facts) {
  MEDINS_RETURN_IF_ERROR(only_members(facts, {"text", "hospital", "visit_date", "order_id"}, fields));
  MEDINS_RETURN_IF_ERROR(text_field(fields, facts, "text", kMaxTextBytes, true));
  for (const char* name : {"hospital", "order_id"})
    MEDINS_RETURN_IF_ERROR(text_field(fields, facts, name, kMaxShortText, false));
  return date_field(fields, facts, "visit_date");
}

// The part of an estimate a complaint carries: which policy it read and each
// line flagged estimate.charged_for_covered_service.
Status check_estimate_summary(const Fields& fields, const json& summary) {
  MEDINS_RETURN_IF_ERROR(only_members(
      summary, {"policy_id", "policy_version", "pool", "patient_share_fen", "cash_pay_fen", "flagged"}, fields));
  for (const char* name : {"policy_id", "policy_version", "pool"})
    MEDINS_RETURN_IF_ERROR(text_field(fields, summary, name, kMaxShortText, true));
  for (const char* name : {"patient_share_fen", "cash_pay_fen"}) MEDINS_RETURN_IF_ERROR(fen_field(fields, name).status());
  MEDINS_ASSIGN_OR_RETURN(const json* flagged, fields.array("flagged"));
  if (flagged->size() > kMaxFlaggedLines) return fields.error("flagged", "must hold at most 1000 lines");
  for (std::size_t i = 0; i < flagged->size(); ++i) {
    const json& line = (*flagged)[i];
    const std::string at = "flagged[" + std::to_string(i) + "]";
    if (!line.is_object()) return fields.error(at, "must be an object");
    const Fields line_fields = fields.nested(line, at);
    MEDINS_RETURN_IF_ERROR(
        only_members(line, {"line", "item_code", "class", "amount_fen", "self_pay_fen"}, line_fields));
    MEDINS_RETURN_IF_ERROR(fen_field(line_fields, "line").status());
    for (const char* name : {"item_code", "class"})
      MEDINS_RETURN_IF_ERROR(text_field(line_fields, line, name, kMaxShortText, true));
    for (const char* name : {"amount_fen", "self_pay_fen"}) MEDINS_RETURN_IF_ERROR(fen_field(line_fields, name).status());
  }
  return ok_status();
}

Status check_booking(const Fields& fields, const json& booking) {
  MEDINS_RETURN_IF_ERROR(only_members(booking, {"order_id", "slot_start", "seen_at"}, fields));
  MEDINS_RETURN_IF_ERROR(text_field(fields, booking, "order_id", kMaxShortText, false));
  for (const char* name : {"slot_start", "seen_at"}) MEDINS_RETURN_IF_ERROR(fields.optional_time(name).status());
  return ok_status();
}

Status check_evidence(const Fields& fields, const json& evidence) {
  MEDINS_RETURN_IF_ERROR(only_members(evidence, {"receipts", "estimate", "booking"}, fields));
  MEDINS_ASSIGN_OR_RETURN(const json* receipts, fields.array("receipts"));
  if (receipts->size() > kMaxReceipts) return fields.error("receipts", "must hold at most 16 receipts");
  for (std::size_t i = 0; i < receipts->size(); ++i) {
    const json& token = (*receipts)[i];
    if (!token.is_string() || token.get_ref<const std::string&>().size() > kMaxTokenChars)
      return fields.error("receipts[" + std::to_string(i) + "]", "must be a receipt token of at most 128 KiB");
  }
  MEDINS_ASSIGN_OR_RETURN(const json* estimate, fields.optional_object("estimate"));
  if (estimate != nullptr) MEDINS_RETURN_IF_ERROR(check_estimate_summary(fields.nested(*estimate, "estimate"), *estimate));
  MEDINS_ASSIGN_OR_RETURN(const json* booking, fields.optional_object("booking"));
  if (booking != nullptr) MEDINS_RETURN_IF_ERROR(check_booking(fields.nested(*booking, "booking"), *booking));
  return ok_status();
}

// The one shape of a signed complaint, checked where it is made (errors are
// complaint.bad_input) and where it is opened (complaint.invalid).
Status check_claims(const json& claims, Code code) {
  const Fields fields(claims, code);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_RETURN_IF_ERROR(only_members(claims,
                                      {"typ", "category", "facts", "evidence", "amount_claimed_fen", "device",
                                       "identity_token", "iat", "nonce"},
                                      fields));
  MEDINS_ASSIGN_OR_RETURN(std::string typ, fields.string("typ"));
  if (typ != kComplaintPurpose) return fields.error("typ", "is not medins.complaint.v1");
  MEDINS_ASSIGN_OR_RETURN(std::string category, fields.string("category"));
  if (!is_category(category))
    return fields.error("category",
                        "must be refused_free_care, imposed_paid_service, long_wait, quality_of_care or other");
  MEDINS_ASSIGN_OR_RETURN(const json* facts, fields.object("facts"));
  MEDINS_RETURN_IF_ERROR(check_facts(fields.nested(*facts, "facts"), *facts));
  MEDINS_ASSIGN_OR_RETURN(const json* evidence, fields.object("evidence"));
  MEDINS_RETURN_IF_ERROR(check_evidence(fields.nested(*evidence, "evidence"), *evidence));
  MEDINS_RETURN_IF_ERROR(fen_field(fields, "amount_claimed_fen").status());
  MEDINS_ASSIGN_OR_RETURN(std::string device, fields.string("device"));
  MEDINS_RETURN_IF_ERROR(keys::parse_public(device, code).status());
  MEDINS_RETURN_IF_ERROR(text_field(fields, claims, "identity_token", kMaxTokenChars, false));
  MEDINS_RETURN_IF_ERROR(fields.time("iat").status());
  MEDINS_ASSIGN_OR_RETURN(std::string nonce, fields.string("nonce"));
  std::uint8_t nonce_bytes[kNonceBytes];
  if (!internal::base64url_decode_exact(nonce, nonce_bytes, sizeof nonce_bytes))
    return fields.error("nonce", "must be base64url of 16 bytes");
  return ok_status();
}

// estimate's output → the summary a complaint carries (check_estimate_summary).
Result<json> summarize_estimate(const json& estimate) {
  const Fields fields(estimate, Code::ComplaintBadInput, "estimate.");
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  json summary = json::object();
  for (const char* name : {"policy_id", "policy_version", "pool"}) {
    MEDINS_ASSIGN_OR_RETURN(std::string value, fields.string(name));
    summary[name] = std::move(value);
  }
  MEDINS_ASSIGN_OR_RETURN(const json* totals, fields.object("totals"));
  const Fields total_fields = fields.nested(*totals, "totals");
  for (const char* name : {"patient_share_fen", "cash_pay_fen"}) {
    MEDINS_ASSIGN_OR_RETURN(summary[name], fen_field(total_fields, name));
  }
  MEDINS_ASSIGN_OR_RETURN(const json* lines, fields.array("lines"));
  MEDINS_ASSIGN_OR_RETURN(const json* warnings, fields.array("warnings"));
  json flagged = json::array();
  for (std::size_t i = 0; i < warnings->size(); ++i) {
    const json& warning = (*warnings)[i];
    const std::string at = "warnings[" + std::to_string(i) + "]";
    if (!warning.is_object()) return fields.error(at, "must be an object");
    const Fields w = fields.nested(warning, at);
    MEDINS_ASSIGN_OR_RETURN(std::string code, w.string("code"));
    if (code != kFlaggedWarning) continue;
    MEDINS_ASSIGN_OR_RETURN(std::int64_t line, fen_field(w, "line"));
    if (static_cast<std::uint64_t>(line) >= lines->size() || !(*lines)[static_cast<std::size_t>(line)].is_object())
      return w.error("line", "names no line of the estimate");
    const json& line_result = (*lines)[static_cast<std::size_t>(line)];
    MEDINS_ASSIGN_OR_RETURN(std::int64_t amount, fen_field(fields.nested(line_result, "lines[" + std::to_string(line) + "]"), "amount_fen"));
    json entry = {{"line", line}, {"amount_fen", amount}};
    for (const char* name : {"item_code", "class"}) {
      MEDINS_ASSIGN_OR_RETURN(entry[name], w.string(name));
    }
    MEDINS_ASSIGN_OR_RETURN(entry["self_pay_fen"], fen_field(w, "self_pay_fen"));
    flagged.push_back(std::move(entry));
  }
  summary["flagged"] = std::move(flagged);
  return summary;
}

// What the patient asks back by default: every fen the estimate flagged.
Result<std::int64_t> flagged_self_pay(const json& summary) {
  std::int64_t sum = 0;
  if (summary.is_null()) return sum;
  for (const json& line : summary["flagged"])
    if (__builtin_add_overflow(sum, line["self_pay_fen"].get<std::int64_t>(), &sum) ||
        sum > internal::kJcsMaxSafeInteger)
      return bad("amount_claimed_fen", "the flagged lines add up beyond 2^53 - 1 fen: give the amount");
  return sum;
}

// Receipts become evidence as their tokens; the facts name the hospital and
// visit of the first one unless the patient gave them.
Result<json> receipt_evidence(const std::vector<std::string>& tokens, json& facts) {
  if (tokens.size() > kMaxReceipts) return bad("evidence.receipts", "must hold at most 16 receipts");
  json receipts = json::array();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string at = "evidence.receipts[" + std::to_string(i) + "]";
    json receipt;
    std::string kid;
    if (tokens[i].size() > kMaxTokenChars || !receipt::detail::read_token_unverified(tokens[i], receipt, kid) ||
        !receipt::detail::check_fields(receipt, Code::ComplaintBadEvidence).ok())
      return bad_evidence(at, "is not a hospital-signed receipt token (wallet.get's token)");
    const json& hospital = receipt["hospital"];
    if (!facts.contains("hospital")) facts["hospital"] = hospital;
    if (facts["hospital"] != hospital) return bad_evidence(at, "is from another hospital than facts.hospital");
    if (!facts.contains("visit_date")) facts["visit_date"] = receipt["visit_date"];
    receipts.push_back(tokens[i]);
  }
  return receipts;
}

std::string complaint_id(std::string_view token) {
  internal::sodium_ready();
  crypto_generichash_state st;
  std::uint8_t hash[16];
  crypto_generichash_init(&st, nullptr, 0, sizeof hash);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(kIdDomain.data()), kIdDomain.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  crypto_generichash_final(&st, hash, sizeof hash);
  return internal::base64url_encode(std::span<const std::uint8_t>(hash, sizeof hash));
}

// The claims of a v4.public token before its signature is checked: only to
// learn which key the complaint says signed it.
std::optional<json> unverified_claims(std::string_view token) {
  auto peeked = identity::paseto::peek(token);
  if (!peeked.ok() || peeked->purpose != identity::paseto::Purpose::kPublic) return std::nullopt;
  auto claims = internal::parse_strict(peeked->payload, Code::ComplaintInvalid, {kMaxDepth, kMaxComplaintBytes});
  if (!claims.ok() || !claims->is_object()) return std::nullopt;
  return std::move(claims.value());
}

json error_json(const Status& status) { return status.to_json()["error"]; }

// Each receipt checked on its own against the trusted hospital keys and the
// hospital the complaint names: one bad receipt is reported, not fatal.
json receipt_report(const json& tokens, const json& facts, const OpenCheck& check, bool& all_valid) {
  json report = json::array();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    json entry = {{"index", i}};
    auto opened = receipt::detail::verify_token(tokens[i].get<std::string>(), check.issuers);
    Status problem = opened.status();
    if (opened.ok() && facts.contains("hospital") && opened->receipt["hospital"] != facts["hospital"])
      problem = Status(Code::ComplaintBadEvidence, "the receipt is from another hospital than the complaint names");
    entry["valid"] = problem.ok();
    if (problem.ok()) {
      entry["issuer"] = std::move(opened->issuer);
      entry["receipt"] = std::move(opened->receipt);
    } else {
      entry["error"] = error_json(problem);
      all_valid = false;
    }
    report.push_back(std::move(entry));
  }
  return report;
}

// The patient behind the device: the identity token verified as at the
// complaint's date (it has long expired by the time the insurer reads it)
// and bound to the key that signed the complaint.
json patient_report(const json& claims, const std::string& device_pid, const OpenCheck& check) {
  auto token = claims.find("identity_token");
  if (token == claims.end()) return nullptr;
  if (!check.identity) return {{"verified", false}, {"identity_token", *token}};
  identity::VerifyIdentityOptions options = *check.identity;
  options.now_unix_s = claims["iat"].get<std::int64_t>();
  auto verified = identity::verify_identity(token->get_ref<const std::string&>(), options);
  if (!verified.ok()) return {{"verified", false}, {"error", error_json(verified.status())}};
  auto cnf = identity::read_cnf(verified->claims);
  if (!cnf.ok() || !cnf->has_value() || (*cnf)->kpid != device_pid)
    return {{"verified", false},
            {"error", error_json(Status(Code::ComplaintBadEvidence,
                                        "the identity token is bound to another device than the one that signed"))}};
  json patient = {{"verified", true}, {"kid", verified->kid}};
  auto sub = verified->claims.find("sub");
  if (sub != verified->claims.end()) patient["sub"] = *sub;
  return patient;
}

// For imposed_paid_service: what the verified receipts charged the patient
// for lines whose code the policy covers in full on the visit date. A line
// billed class C was charged in full; another, its `self_pay` when the
// hospital states it. Each receipt counts at most what the patient paid
// (account + cash).
json covered_charged(const json& receipts, const estimate::PolicySet& policy) {
  json lines = json::array();
  std::int64_t total = 0;
  for (const json& entry : receipts) {
    if (!entry["valid"].get<bool>()) continue;
    const json& receipt = entry["receipt"];
    auto visit_type = receipt.find("visit_type");
    const std::string_view type =
        visit_type != receipt.end() && visit_type->is_string() ? std::string_view(visit_type->get_ref<const std::string&>())
                                                              : std::string_view();
    // The visit date of a verified receipt is a checked calendar date.
    const auto codes = estimate::covered_in_full_codes(
        policy, *estimate::parse_date(receipt["visit_date"].get_ref<const std::string&>()), type);
    std::int64_t charged_here = 0;
    const json& receipt_lines = receipt["lines"];
    for (std::size_t j = 0; j < receipt_lines.size(); ++j) {
      const json& line = receipt_lines[j];
      auto code = line.find("code");
      if (code == line.end() || !code->is_string() ||
          !std::binary_search(codes.begin(), codes.end(), std::string_view(code->get_ref<const std::string&>())))
        continue;
      const std::int64_t amount = receipt::detail::fen(line, "amount");
      std::int64_t charged = 0;
      if (line["class"] == "C") {
        charged = amount;
      } else if (auto self_pay = line.find("self_pay"); self_pay != line.end() && self_pay->is_number_integer()) {
        const std::int64_t self_pay_fen = receipt::detail::fen(line, "self_pay");
        if (self_pay_fen > 0) charged = std::min(self_pay_fen, amount);
      }
      if (charged == 0) continue;
      charged_here += charged;  // ≤ the receipt's total: the lines add up to it
      lines.push_back({{"receipt", entry["index"]}, {"line", j}, {"code", *code}, {"name", line["name"]},
                       {"class", line["class"]}, {"amount_fen", amount}, {"charged_fen", charged}});
    }
    total += std::min(charged_here, receipt::detail::fen(receipt, "account") + receipt::detail::fen(receipt, "cash"));
  }
  return {{"policy_id", policy.policy_id}, {"total_fen", total}, {"lines", std::move(lines)}};
}

json booking_report(const json& booking) {
  json report = booking;
  if (booking.contains("slot_start") && booking.contains("seen_at"))
    report["wait_s"] = booking["seen_at"].get<std::int64_t>() - booking["slot_start"].get<std::int64_t>();
  return report;
}

}  // namespace

Result<Created> create(const Draft& draft, const receipt::Opener& device_opener, Random& random) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  MEDINS_ASSIGN_OR_RETURN(keys::SecretKey device_key, receipt::detail::opener_key(device_opener, Code::ComplaintBadInput));
  MEDINS_ASSIGN_OR_RETURN(keys::PublicKey insurer, keys::require_public(draft.insurer));
  json summary = nullptr;
  if (!draft.estimate.is_null()) {
    MEDINS_ASSIGN_OR_RETURN(summary, summarize_estimate(draft.estimate));
  }
  std::string category = draft.category;
  if (category.empty()) {
    if (summary.is_null() || summary["flagged"].empty())
      return bad("category", "is required unless the estimate flags a charge for a covered service");
    category = "imposed_paid_service";
  }
  json facts = draft.facts.is_null() ? json::object() : draft.facts;
  if (!facts.is_object()) return bad("facts", "must be an object");
  json evidence = json::object();
  MEDINS_ASSIGN_OR_RETURN(evidence["receipts"], receipt_evidence(draft.receipts, facts));
  if (!summary.is_null()) evidence["estimate"] = summary;
  if (!draft.booking.is_null()) evidence["booking"] = draft.booking;
  std::int64_t amount = 0;
  if (draft.amount_claimed_fen) {
    amount = *draft.amount_claimed_fen;
  } else {
    MEDINS_ASSIGN_OR_RETURN(amount, flagged_self_pay(summary));
  }
  const keys::PublicKey device = device_key.public_key();
  if (!draft.identity_token.empty()) {
    const auto bound = identity::unverified_device_pid(draft.identity_token);
    if (!bound || *bound != keys::pid_of(device))
      return bad_evidence("identity_token", "is not an identity token bound to this device");
  }
  std::uint8_t nonce[kNonceBytes];
  if (!random.fill(nonce, sizeof nonce)) return Status(Code::ComplaintNoEntropy, "no secure randomness available");

  json claims = {{"typ", kComplaintPurpose},
                 {"category", std::move(category)},
                 {"facts", std::move(facts)},
                 {"evidence", std::move(evidence)},
                 {"amount_claimed_fen", amount},
                 {"device", keys::encode_public(device.bytes)},
                 {"iat", draft.now_unix_s},
                 {"nonce", internal::base64url_encode(std::span<const std::uint8_t>(nonce, sizeof nonce))}};
  if (!draft.identity_token.empty()) claims["identity_token"] = draft.identity_token;
  MEDINS_RETURN_IF_ERROR(check_claims(claims, Code::ComplaintBadInput));
  std::string payload;
  const internal::JcsError e = internal::canonicalize_jcs(claims, payload, {kMaxComplaintBytes, kMaxDepth});
  if (e == internal::JcsError::kTooLarge)
    return Status(Code::ComplaintTooLarge, "the complaint with its evidence is larger than 1.5 MiB");
  if (e != internal::JcsError::kNone) return bad("complaint", internal::jcs_error_text(e));
  const std::string token = identity::signed_json::sign(device_key, payload, kComplaintPurpose);
  MEDINS_ASSIGN_OR_RETURN(auto sealed, receipt::detail::seal(token, insurer, random, Code::ComplaintNoEntropy));
  return Created{complaint_id(token), internal::base64url_encode(sealed), std::move(claims)};
}

Result<json> open(std::string_view sealed, std::string_view insurer_secret, const OpenCheck& check) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  MEDINS_ASSIGN_OR_RETURN(keys::SecretKey insurer_key, keys::require_secret(insurer_secret));
  // A signed complaint is at most kMaxComplaintBytes of payload in a token
  // (base64url: 4/3) plus the box: anything longer is refused before decoding.
  if (sealed.size() > (kMaxComplaintBytes + 1024) * 16 / 9)
    return bad("sealed", "is larger than a complaint can be");
  auto bytes = internal::base64url_decode(sealed);
  if (!bytes) return invalid();
  std::string token;
  if (!receipt::detail::unseal(*bytes, insurer_key, token)) return invalid();
  const auto unverified = unverified_claims(token);
  if (!unverified) return invalid();
  auto device_field = unverified->find("device");
  if (device_field == unverified->end() || !device_field->is_string()) return invalid();
  auto device = keys::parse_public(device_field->get_ref<const std::string&>(), Code::ComplaintInvalid);
  if (!device.ok()) return invalid();
  const auto verified =
      identity::signed_json::verify(token, std::span<const keys::PublicKey>(&device.value(), 1), kComplaintPurpose,
                                    /*kid_required=*/true);
  if (verified.fault != identity::signed_json::Fault::kNone) return invalid();
  auto claims = internal::parse_strict(verified.payload, Code::ComplaintInvalid, {kMaxDepth, kMaxComplaintBytes});
  if (!claims.ok()) return invalid();
  // Only the canonical form is accepted, so one complaint has one token.
  std::string canonical;
  if (internal::canonicalize_jcs(*claims, canonical, {kMaxComplaintBytes, kMaxDepth}) != internal::JcsError::kNone ||
      canonical != verified.payload || !check_claims(*claims, Code::ComplaintInvalid).ok())
    return invalid();

  const json& c = *claims;
  const json& evidence = c["evidence"];
  bool all_valid = true;
  json evidence_report = {{"receipts", receipt_report(evidence["receipts"], c["facts"], check, all_valid)}};
  if (evidence.contains("estimate")) evidence_report["estimate"] = evidence["estimate"];
  if (evidence.contains("booking")) evidence_report["booking"] = booking_report(evidence["booking"]);
  const std::string device_pid = keys::pid_of(*device);
  json out = {{"complaint_id", complaint_id(token)},
              {"complaint",
               {{"category", c["category"]},
                {"facts", c["facts"]},
                {"amount_claimed_fen", c["amount_claimed_fen"]},
                {"iat", c["iat"]}}},
              {"device", {{"kid", device_pid}, {"key", c["device"]}}},
              {"patient", patient_report(c, device_pid, check)},
              {"evidence", std::move(evidence_report)},
              {"evidence_valid", all_valid}};
  if (check.policy != nullptr && c["category"] == "imposed_paid_service")
    out["covered_charged"] = covered_charged(out["evidence"]["receipts"], *check.policy);
  return out;
}

}  // namespace medins::complaint
