// Signed flow definitions and status events: v4.public tokens whose payload
// is the JSON object. Each kind has its own implicit assertion, so a hospital
// key's signature on a flow can never pass as a status event or the reverse.
#include "identity/paseto.hpp"
#include "identity/signed_json.hpp"
#include "internal/json_util.hpp"
#include "keys/paserk.hpp"
#include "medins/flow.hpp"
#include "medins/identity.hpp"

namespace medins::flow {

using json = nlohmann::json;
namespace {

namespace paseto = identity::paseto;

constexpr std::string_view kFlowImplicit = "medins.flow.v1";
constexpr std::string_view kStatusImplicit = "medins.status.v1";

std::string sign_json(const keys::SecretKey& key, const json& payload, std::string_view implicit) {
  return identity::signed_json::sign(key, internal::dump_safe(payload), implicit);
}

struct Opened {
  json payload;
  std::size_t key_index = 0;
  std::string kid;
};

// Verifies `token` against `keys`. Every failure, an unknown kid included, is
// `invalid` with one message, so a forger learns nothing about which check failed.
Result<Opened> open(std::string_view token, std::span<const std::string> keys, std::string_view implicit,
                    Code bad_input, Code invalid, Code bad_payload) {
  std::vector<keys::PublicKey> parsed;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto key = keys::parse_public(keys[i], bad_input);
    if (!key.ok())
      return Status(bad_input, "keys[" + std::to_string(i) + "]: must be a k4.public key",
                    json{{"field", "keys[" + std::to_string(i) + "]"}});
    parsed.push_back(*key);
  }
  const Status forged(invalid, "the signature does not verify against the trusted keys");
  auto verified = identity::signed_json::verify(token, parsed, implicit);
  if (verified.fault != identity::signed_json::Fault::kNone || !paseto::is_utf8(verified.payload)) return forged;
  auto payload = internal::parse_strict(verified.payload, bad_payload);
  MEDINS_RETURN_IF_ERROR(payload.status());
  return Opened{std::move(*payload), verified.signer, keys::pid_of(parsed[verified.signer])};
}

}  // namespace

Result<std::string> sign_definition(const json& definition, std::string_view secret_paserk) {
  MEDINS_ASSIGN_OR_RETURN(keys::SecretKey key, keys::require_secret(secret_paserk));
  MEDINS_RETURN_IF_ERROR(parse_definition(definition).status());
  return sign_json(key, definition, kFlowImplicit);
}

Result<Definition> verify_definition(std::string_view token, std::span<const std::string> public_keys) {
  MEDINS_ASSIGN_OR_RETURN(Opened opened, open(token, public_keys, kFlowImplicit, Code::FlowBadInput,
                                              Code::FlowInvalid, Code::FlowBadDefinition));
  return parse_definition(opened.payload);
}

Result<std::string> sign_event(const Event& event, std::string_view secret_paserk) {
  MEDINS_ASSIGN_OR_RETURN(keys::SecretKey key, keys::require_secret(secret_paserk));
  // Issuers get the same checks as receivers, before anything is signed.
  MEDINS_RETURN_IF_ERROR(parse_event(event_to_json(event)).status());
  return sign_json(key, event_to_json(event), kStatusImplicit);
}

Result<VerifiedEvent> verify_event(std::string_view token, std::span<const TrustedKey> trusted) {
  std::vector<std::string> keys;
  for (const auto& t : trusted) keys.push_back(t.key);
  MEDINS_ASSIGN_OR_RETURN(Opened opened, open(token, keys, kStatusImplicit, Code::StatusBadInput,
                                              Code::StatusInvalid, Code::StatusBadEvent));
  MEDINS_ASSIGN_OR_RETURN(Event event, parse_event(opened.payload));
  // A key trusted for one issuer cannot speak for another (a hospital's key
  // announcing an NZOK decision is a forgery, however valid its signature).
  bool allowed = false;
  for (const auto& t : trusted)
    if (t.key == keys[opened.key_index] && (!t.issuer || *t.issuer == event.issuer)) allowed = true;
  if (!allowed) return Status(Code::StatusInvalid, "the signature does not verify against the trusted keys");
  return VerifiedEvent{std::move(event), std::move(opened.kid)};
}

}  // namespace medins::flow
