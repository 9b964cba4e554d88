// device.create / device.unlock / device.lock / device.proof /
// device.verify_proof: the JSON face of the device functions of
// medins/identity.hpp and of the core's device sessions.
#include "identity/device_key.hpp"
#include "identity/device_session.hpp"
#include "identity/ops.hpp"
#include "internal/encoding.hpp"
#include "internal/json_util.hpp"
#include "internal/secret.hpp"
#include "medins/identity.hpp"

namespace medins::identity {
Result<json> op_device_create(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::DeviceBadInput);
  DeviceSecret secret;
  DeviceSecretWiper wiper(secret);
  MEDINS_RETURN_IF_ERROR(read_device_secret(fields, secret));
  DeviceCost cost;
  MEDINS_ASSIGN_OR_RETURN(auto memlimit, fields.optional_integer("memlimit"));
  MEDINS_ASSIGN_OR_RETURN(auto opslimit, fields.optional_integer("opslimit"));
  if (memlimit) {
    if (*memlimit < 0) return fields.error("memlimit", "must be a number of bytes");
    cost.memlimit = static_cast<std::uint64_t>(*memlimit);
  }
  if (opslimit) {
    if (*opslimit < 0 || *opslimit > 0xffffffffLL) return fields.error("opslimit", "is out of range");
    cost.opslimit = static_cast<std::uint32_t>(*opslimit);
  }
  MEDINS_ASSIGN_OR_RETURN(CreatedDevice device, create_device(secret, cost, ctx.random));
  return json{{"device", std::move(device.blob)}, {"public", std::move(device.public_key)},
              {"kpid", std::move(device.kpid)}};
}

Result<json> op_device_unlock(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::DeviceBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  std::string blob;
  DeviceSecret secret;
  DeviceSecretWiper wiper(secret);
  MEDINS_RETURN_IF_ERROR(read_locked_device_key(fields, blob, secret));
  MEDINS_ASSIGN_OR_RETURN(auto ttl, fields.optional_integer("ttl_s"));
  if (ttl && (*ttl < 1 || *ttl > kMaxSessionTtlS)) return fields.error("ttl_s", "must be 1 to 3600 seconds");
  MEDINS_ASSIGN_OR_RETURN(keys::SecretKey key, open_device(blob, secret));
  // The core's clock, never an input: no caller can date a session forward.
  MEDINS_ASSIGN_OR_RETURN(OpenedSession session, open_session(std::move(key), ctx.now_unix_s(),
                                                              ttl.value_or(kDefaultSessionTtlS), ctx.random));
  return json{{"session", std::move(session.id)}, {"expires", session.expires}};
}

Result<json> op_device_lock(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::DeviceBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  MEDINS_ASSIGN_OR_RETURN(std::string session, fields.string("session"));
  MEDINS_RETURN_IF_ERROR(close_session(session, ctx.now_unix_s()));
  return json{{"locked", true}};
}

Result<json> op_device_proof(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::DeviceBadInput);
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  std::string blob;
  DeviceSecret secret;
  DeviceSecretWiper wiper(secret);
  MEDINS_RETURN_IF_ERROR(
      read_device_key(fields, ctx.now_unix_s(), DeviceKeyNames::kWithDeprecated, blob, secret));
  ProofRequest request;
  MEDINS_ASSIGN_OR_RETURN(request.method, fields.string("method"));
  MEDINS_ASSIGN_OR_RETURN(request.url, fields.string("url"));
  MEDINS_ASSIGN_OR_RETURN(request.identity_token, fields.string("token"));
  MEDINS_ASSIGN_OR_RETURN(request.nonce, fields.optional_string("nonce"));
  MEDINS_ASSIGN_OR_RETURN(request.now_unix_s, ctx.now(fields));
  MEDINS_ASSIGN_OR_RETURN(auto ttl, fields.optional_integer("ttl_s"));
  if (ttl) request.ttl_s = *ttl;
  MEDINS_ASSIGN_OR_RETURN(Proof proof, prove_request(blob, secret, request, ctx.random));
  return json{{"proof", std::move(proof.token)}, {"jti", std::move(proof.jti)}, {"kpid", std::move(proof.kpid)}};
}

Result<json> op_device_verify_proof(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::DeviceBadInput);
  MEDINS_ASSIGN_OR_RETURN(std::string proof, fields.string("proof"));
  MEDINS_ASSIGN_OR_RETURN(std::string token, fields.string("token"));
  ProofCheck check;
  MEDINS_ASSIGN_OR_RETURN(check.identity, read_verify_options(fields, in, ctx));
  MEDINS_ASSIGN_OR_RETURN(check.method, fields.string("method"));
  MEDINS_ASSIGN_OR_RETURN(check.url, fields.string("url"));
  MEDINS_ASSIGN_OR_RETURN(check.nonce, fields.optional_string("nonce"));
  MEDINS_ASSIGN_OR_RETURN(auto max_age, fields.optional_integer("max_age_s"));
  if (max_age) check.max_age_s = *max_age;
  MEDINS_ASSIGN_OR_RETURN(VerifiedProof verified, verify_proof(proof, token, check, ctx.replay));
  return json{{"claims", std::move(verified.identity.claims)}, {"kid", std::move(verified.identity.kid)},
              {"device", std::move(verified.kpid)}, {"jti", std::move(verified.jti)},
              {"replay", {{"key", verified.replay.key}, {"until", verified.replay.until}}}};
}

}  // namespace medins::identity
