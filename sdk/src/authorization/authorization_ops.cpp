// The JSON face of medins/authorization.hpp: otp.*, order.digest, grant.*,
// code.*. Inputs are read through internal::Fields (bad_input names the field).
#include "authorization/internal.hpp"
#include "call/op_table.hpp"
#include "identity/claims.hpp"
#include "identity/coverage_input.hpp"
#include "identity/device_key.hpp"
#include "internal/encoding.hpp"
#include "internal/json_util.hpp"
#include "internal/secret.hpp"

namespace medins::authorization {
namespace {

// An order travels as an object, or as JSON text (an order received verbatim
// from a backend): text is parsed strictly, so duplicate keys are refused
// rather than silently resolved differently by two parsers.
Result<json> read_order_field(const internal::Fields& fields, const json& in) {
  if (!fields.has("order")) return fields.error("order", "is required");
  const json& order = in["order"];
  if (order.is_object()) return order;
  if (!order.is_string()) return fields.error("order", "must be an object or JSON text of one");
  const std::string& text = order.get_ref<const std::string&>();
  // Whitespace aside, text four times the canonical limit cannot fit it.
  if (text.size() > 4 * kMaxOrderBytes) return Status(Code::OrderTooLarge, "order text is larger than 256 KiB");
  MEDINS_ASSIGN_OR_RETURN(json parsed, internal::parse_strict(text, Code::OrderMalformed));
  if (!parsed.is_object()) return Status(Code::OrderMalformed, "order text is not a JSON object");
  return parsed;
}

// ---- otp ----

struct OtpInput {
  internal::SecretBytes secret;
  OtpParams params;
  std::uint64_t counter = 0;  // the HOTP counter or the TOTP time step
};

Result<OtpInput> read_otp(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::OtpBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(std::string secret_text, fields.string("secret"));
  internal::SecretString secret_guard(std::move(secret_text));
  MEDINS_ASSIGN_OR_RETURN(std::string algorithm, fields.string("algorithm"));
  MEDINS_ASSIGN_OR_RETURN(std::int64_t digits, fields.integer("digits"));
  MEDINS_ASSIGN_OR_RETURN(auto counter, fields.optional_integer("counter"));
  MEDINS_ASSIGN_OR_RETURN(auto time, fields.optional_integer("time"));
  MEDINS_ASSIGN_OR_RETURN(auto period, fields.optional_integer("period"));
  MEDINS_ASSIGN_OR_RETURN(auto t0, fields.optional_integer("t0"));

  OtpInput out;
  auto decoded = internal::base64url_decode(secret_guard.str());
  if (!decoded) return fields.error("secret", "must be base64url without padding");
  out.secret = internal::SecretBytes(decoded->data(), decoded->size());
  internal::wipe(*decoded);
  auto alg = parse_algorithm(algorithm);
  if (!alg) return Status(Code::OtpUnsupportedAlgorithm, "algorithm must be SHA1, SHA256 or SHA512");
  if (digits < kMinOtpDigits || digits > kMaxOtpDigits) return fields.error("digits", "must be 6 to 10");
  out.params = OtpParams{out.secret.span(), *alg, static_cast<int>(digits)};
  if (counter) {
    if (time || period || t0) return fields.error("counter", "HOTP takes counter alone, without time, period or t0");
    if (*counter < 0) return fields.error("counter", "must not be negative");
    out.counter = static_cast<std::uint64_t>(*counter);
    return out;
  }
  MEDINS_ASSIGN_OR_RETURN(std::int64_t at, ctx.now(fields, "time"));
  auto step = totp_step(at, period ? *period : 30, t0 ? *t0 : 0);
  MEDINS_RETURN_IF_ERROR(step.status());
  out.counter = *step;
  return out;
}

Result<json> op_otp_generate(const json& in, Context& ctx) {
  MEDINS_ASSIGN_OR_RETURN(OtpInput otp, read_otp(in, ctx));
  MEDINS_ASSIGN_OR_RETURN(std::string code, hotp(otp.params, otp.counter));
  return json{{"code", std::move(code)}};
}

Result<json> op_otp_verify(const json& in, Context& ctx) {
  MEDINS_ASSIGN_OR_RETURN(OtpInput otp, read_otp(in, ctx));
  internal::Fields fields(in, Code::OtpBadInput);
  MEDINS_ASSIGN_OR_RETURN(std::string code, fields.string("code"));
  MEDINS_ASSIGN_OR_RETURN(auto window, fields.optional_integer("window"));
  MEDINS_ASSIGN_OR_RETURN(OtpMatch match, verify_hotp(otp.params, otp.counter, code, window ? *window : 1));
  return json{{"valid", match.valid}, {"offset", match.offset ? json(*match.offset) : json(nullptr)}};
}

// ---- order ----

Result<json> op_order_digest(const json& in, Context&) {
  internal::Fields fields(in, Code::OrderBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(json order, read_order_field(fields, in));
  MEDINS_ASSIGN_OR_RETURN(OrderDigest digest, order_digest(order));
  return json{{"digest", std::move(digest.digest)}, {"canonical", std::move(digest.canonical)}};
}

// ---- grant ----

json amounts_json(const Amounts& a) {
  return {{"fund_fen", a.fund_fen}, {"account_fen", a.account_fen}, {"cash_fen", a.cash_fen}};
}

Result<std::int64_t> read_fen(const internal::Fields& fields, std::string_view name) {
  MEDINS_ASSIGN_OR_RETURN(std::int64_t fen, fields.integer(name));
  if (fen < 0) return fields.error(name, "must be a non-negative number of fen");
  return fen;
}

Result<json> op_grant_create(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::GrantBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  GrantRequest request;
  identity::DeviceSecretWiper wiper(request.secret);
  MEDINS_RETURN_IF_ERROR(identity::read_device_key(fields, ctx.now_unix_s(), identity::DeviceKeyNames::kWithDeprecated,
                                                   request.device, request.secret));
  MEDINS_ASSIGN_OR_RETURN(request.identity_token, fields.string("identity_token"));
  MEDINS_ASSIGN_OR_RETURN(request.order, read_order_field(fields, in));
  MEDINS_ASSIGN_OR_RETURN(request.scope, fields.string("scope"));
  MEDINS_ASSIGN_OR_RETURN(request.consent_text, fields.string("consent_text"));
  MEDINS_ASSIGN_OR_RETURN(const json* amounts, fields.object("amounts"));
  internal::Fields amount_fields(*amounts, Code::GrantBadInput, "amounts.");
  MEDINS_ASSIGN_OR_RETURN(request.amounts.fund_fen, read_fen(amount_fields, "fund_fen"));
  MEDINS_ASSIGN_OR_RETURN(request.amounts.account_fen, read_fen(amount_fields, "account_fen"));
  MEDINS_ASSIGN_OR_RETURN(request.amounts.cash_fen, read_fen(amount_fields, "cash_fen"));
  MEDINS_ASSIGN_OR_RETURN(request.now_unix_s, ctx.now(fields));
  MEDINS_ASSIGN_OR_RETURN(auto ttl, fields.optional_integer("ttl_s"));
  if (ttl) request.ttl_s = *ttl;
  MEDINS_ASSIGN_OR_RETURN(request.on_behalf_of, fields.optional_string("on_behalf_of"));
  MEDINS_ASSIGN_OR_RETURN(auto held, coverage::read_coverage(fields));
  if (held) request.coverage = std::move(held->claims);
  MEDINS_ASSIGN_OR_RETURN(Grant grant, create_grant(request, ctx.random));
  return json{{"grant", std::move(grant.token)},
              {"jti", std::move(grant.jti)},
              {"order_digest", std::move(grant.order_digest)},
              {"iat", identity::format_rfc3339(grant.iat)},
              {"exp", identity::format_rfc3339(grant.exp)}};
}

Result<json> op_grant_verify(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::GrantBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(std::string grant, fields.string("grant"));
  MEDINS_ASSIGN_OR_RETURN(std::string token, fields.string("identity_token"));
  GrantCheck check;
  MEDINS_ASSIGN_OR_RETURN(check.scope, fields.string("scope"));
  MEDINS_ASSIGN_OR_RETURN(check.consent_text, fields.string("consent_text"));
  MEDINS_ASSIGN_OR_RETURN(check.order, read_order_field(fields, in));
  MEDINS_ASSIGN_OR_RETURN(const json* keys, fields.array("keys"));
  if (keys->empty() || keys->size() > identity::kMaxKeysetSize) return fields.error("keys", "must hold 1 to 64 keys");
  for (const auto& key : *keys) {
    if (!key.is_string()) return fields.error("keys", "must be k4.public strings");
    check.identity.keys.push_back(key.get<std::string>());
  }
  MEDINS_ASSIGN_OR_RETURN(check.identity.audience, fields.string("audience"));
  MEDINS_ASSIGN_OR_RETURN(check.identity.issuer, fields.optional_string("issuer"));
  MEDINS_ASSIGN_OR_RETURN(check.identity.now_unix_s, ctx.now(fields));
  MEDINS_ASSIGN_OR_RETURN(auto leeway, fields.optional_integer("leeway_s"));
  if (leeway) {
    if (*leeway < 0 || *leeway > identity::kMaxLeewayS) return fields.error("leeway_s", "must be 0 to 86400");
    check.identity.leeway_s = *leeway;
  }
  MEDINS_ASSIGN_OR_RETURN(check.on_behalf_of, fields.optional_string("on_behalf_of"));
  MEDINS_ASSIGN_OR_RETURN(auto held, coverage::read_coverage(fields));
  if (held) check.coverage = std::move(held->claims);
  MEDINS_ASSIGN_OR_RETURN(Authorization a, verify_grant(grant, token, check, ctx.replay));
  json record = {{"number", std::move(a.number)},
                 {"order_id", std::move(a.order_id)},
                 {"order_digest", std::move(a.order_digest)},
                 {"payee", std::move(a.payee)},
                 {"scope", std::move(a.scope)},
                 {"amounts", amounts_json(a.amounts)},
                 {"device", std::move(a.device)},
                 {"jti", std::move(a.jti)},
                 {"iat", identity::format_rfc3339(a.iat)},
                 {"exp", identity::format_rfc3339(a.exp)}};
  if (a.subject) record["sub"] = *a.subject;
  if (a.on_behalf_of) record["on_behalf_of"] = *a.on_behalf_of;
  return json{{"authorization", std::move(record)}, {"replay", {{"key", a.replay.key}, {"until", a.replay.until}}}};
}

// ---- code ----

Result<json> op_code_provision(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::CodeBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(std::string device, fields.string("device"));
  MEDINS_ASSIGN_OR_RETURN(std::int64_t key_index, fields.integer("key_index"));
  MEDINS_ASSIGN_OR_RETURN(ProvisionedCode p, provision_code(device, key_index, ctx.random));
  internal::SecretString secret(std::move(p.secret));
  return json{{"sealed", std::move(p.sealed)}, {"secret", secret.str()}, {"key_index", p.key_index}};
}

Result<json> op_code_generate(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::CodeBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(std::string sealed, fields.string("sealed"));
  MEDINS_ASSIGN_OR_RETURN(std::int64_t key_index, fields.integer("key_index"));
  std::string device;
  identity::DeviceSecret secret;
  identity::DeviceSecretWiper wiper(secret);
  MEDINS_RETURN_IF_ERROR(identity::read_device_key(fields, ctx.now_unix_s(), identity::DeviceKeyNames::kWithDeprecated,
                                                   device, secret));
  MEDINS_ASSIGN_OR_RETURN(std::int64_t now, ctx.now(fields));
  MEDINS_ASSIGN_OR_RETURN(GeneratedCode code, generate_code(sealed, key_index, device, secret, now));
  return json{{"code", std::move(code.code)}, {"valid_from", code.valid_from}, {"valid_until", code.valid_until}};
}

Result<json> op_code_verify(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::CodeBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(std::string code, fields.string("code"));
  MEDINS_ASSIGN_OR_RETURN(std::string secret_text, fields.string("secret"));
  internal::SecretString secret_guard(std::move(secret_text));
  CodeCheck check;
  MEDINS_ASSIGN_OR_RETURN(check.key_index, fields.integer("key_index"));
  MEDINS_ASSIGN_OR_RETURN(check.now_unix_s, ctx.now(fields));
  MEDINS_ASSIGN_OR_RETURN(auto window, fields.optional_integer("window"));
  MEDINS_ASSIGN_OR_RETURN(auto max_failures, fields.optional_integer("max_failures"));
  MEDINS_ASSIGN_OR_RETURN(const json* state_json, fields.optional_object("state"));
  if (window) check.window = *window;
  if (max_failures) check.max_failures = *max_failures;
  CodeState state;
  if (state_json) {
    internal::Fields state_fields(*state_json, Code::CodeBadInput, "state.");
    MEDINS_ASSIGN_OR_RETURN(state.last_step, state_fields.optional_integer("last_step"));
    MEDINS_ASSIGN_OR_RETURN(auto failures, state_fields.optional_integer("failures"));
    if (failures) state.failures = *failures;
  }
  auto key = keys::parse_local(secret_guard.str(), Code::CodeBadInput);
  if (!key.ok()) return fields.error("secret", "must be the k4.local code secret of code.provision");
  MEDINS_ASSIGN_OR_RETURN(CodeVerdict v, verify_code(code, key->bytes.span(), check, state));
  return json{{"valid", v.valid},
              {"offset", v.offset ? json(*v.offset) : json(nullptr)},
              {"state", {{"last_step", v.state.last_step ? json(*v.state.last_step) : json(nullptr)},
                         {"failures", v.state.failures}}}};
}

}  // namespace
}  // namespace medins::authorization

namespace medins {

std::span<const OpDef> authorization_ops() {
  static constexpr OpDef kOps[] = {
      {"otp.generate", &authorization::op_otp_generate},
      {"otp.verify", &authorization::op_otp_verify},
      {"order.digest", &authorization::op_order_digest},
      {"grant.create", &authorization::op_grant_create},
      {"grant.verify", &authorization::op_grant_verify},
      {"code.provision", &authorization::op_code_provision},
      {"code.generate", &authorization::op_code_generate},
      {"code.verify", &authorization::op_code_verify},
  };
  return kOps;
}

}  // namespace medins
