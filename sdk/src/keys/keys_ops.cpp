#include "call/op_table.hpp"
#include "internal/encoding.hpp"
#include "internal/json_util.hpp"
#include "internal/secret.hpp"
#include "internal/test_knobs.hpp"
#include "keys/paserk.hpp"

namespace medins {
namespace {

Result<json> op_keys_generate(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::KeysBadInput);
  MEDINS_ASSIGN_OR_RETURN(std::string type, fields.string("type"));
  MEDINS_ASSIGN_OR_RETURN(auto seed_text, internal::test_knob(fields, "seed"));
  if (type == "local") {
    if (seed_text) return fields.error("seed", "applies to type \"public\" only");
    MEDINS_ASSIGN_OR_RETURN(std::string local, keys::generate_local(ctx.random));
    return json{{"local", std::move(local)}};
  }
  if (type != "public") return fields.error("type", "must be \"public\" or \"local\"");
  std::optional<std::array<std::uint8_t, keys::kSeedBytes>> seed;
  if (seed_text) {
    seed.emplace();
    if (!internal::base64url_decode_exact(*seed_text, seed->data(), seed->size()))
      return fields.error("seed", "must be 32 bytes of base64url");
  }
  auto pair = keys::generate_public(ctx.random, seed);
  if (seed) internal::wipe(seed->data(), seed->size());
  MEDINS_RETURN_IF_ERROR(pair.status());
  return json{{"secret", std::move(pair->secret)}, {"public", std::move(pair->public_key)}};
}

Result<json> op_keys_id(const json& in, Context&) {
  internal::Fields fields(in, Code::KeysBadInput);
  MEDINS_ASSIGN_OR_RETURN(std::string key, fields.string("key"));
  MEDINS_ASSIGN_OR_RETURN(std::string id, keys::key_id(key));
  return json{{"id", std::move(id)}};
}

// A string field that holds a key or a password, wiped when dropped.
Result<internal::SecretString> secret_field(const internal::Fields& fields, std::string_view name) {
  MEDINS_ASSIGN_OR_RETURN(std::string value, fields.string(name));
  return internal::SecretString(std::move(value));
}

bool has_prefix(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

Result<json> op_keys_seal(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::KeysBadInput);
  MEDINS_ASSIGN_OR_RETURN(internal::SecretString key_text, secret_field(fields, "key"));
  MEDINS_ASSIGN_OR_RETURN(std::string to_text, fields.string("to"));
  MEDINS_ASSIGN_OR_RETURN(keys::LocalKey key, keys::require_local(key_text.str()));
  MEDINS_ASSIGN_OR_RETURN(keys::PublicKey to, keys::require_public(to_text));
  MEDINS_ASSIGN_OR_RETURN(std::string sealed, keys::seal(key, to, ctx.random));
  return json{{"sealed", std::move(sealed)}};
}

Result<json> op_keys_unseal(const json& in, Context&) {
  internal::Fields fields(in, Code::KeysBadInput);
  MEDINS_ASSIGN_OR_RETURN(std::string sealed, fields.string("sealed"));
  MEDINS_ASSIGN_OR_RETURN(internal::SecretString key_text, secret_field(fields, "key"));
  MEDINS_ASSIGN_OR_RETURN(keys::SecretKey key, keys::require_secret(key_text.str()));
  MEDINS_ASSIGN_OR_RETURN(keys::LocalKey local, keys::unseal(sealed, key));
  return json{{"local", keys::encode_local(local.bytes.span())}};
}

// Reads the optional Argon2id costs of a wrap; the defaults are the
// production costs, the limits are check_pw_params'.
Result<keys::PwParams> pw_params(const internal::Fields& fields) {
  keys::PwParams params = keys::kDefaultPwParams;
  MEDINS_ASSIGN_OR_RETURN(auto memlimit, fields.optional_integer("memlimit"));
  MEDINS_ASSIGN_OR_RETURN(auto opslimit, fields.optional_integer("opslimit"));
  MEDINS_ASSIGN_OR_RETURN(auto parallelism, fields.optional_integer("parallelism"));
  auto in_u32 = [](std::int64_t v) { return v >= 0 && v <= 0xffffffffLL; };
  if (memlimit) {
    if (*memlimit < 0) return fields.error("memlimit", "must be a number of bytes");
    params.memlimit = static_cast<std::uint64_t>(*memlimit);
  }
  if (opslimit) {
    if (!in_u32(*opslimit)) return fields.error("opslimit", "is out of range");
    params.opslimit = static_cast<std::uint32_t>(*opslimit);
  }
  if (parallelism) {
    if (!in_u32(*parallelism)) return fields.error("parallelism", "is out of range");
    params.parallelism = static_cast<std::uint32_t>(*parallelism);
  }
  return params;
}

Result<json> op_keys_wrap_password(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::KeysBadInput);
  MEDINS_ASSIGN_OR_RETURN(internal::SecretString key_text, secret_field(fields, "key"));
  MEDINS_ASSIGN_OR_RETURN(internal::SecretString password, secret_field(fields, "password"));
  MEDINS_ASSIGN_OR_RETURN(keys::PwParams params, pw_params(fields));
  std::string wrapped;
  if (has_prefix(key_text.str(), keys::kSecretPrefix)) {
    MEDINS_ASSIGN_OR_RETURN(keys::SecretKey key, keys::require_secret(key_text.str()));
    MEDINS_ASSIGN_OR_RETURN(wrapped, keys::wrap_secret_pw(key, password.str(), params, ctx.random));
  } else {
    MEDINS_ASSIGN_OR_RETURN(keys::LocalKey key, keys::require_local(key_text.str()));
    MEDINS_ASSIGN_OR_RETURN(wrapped, keys::wrap_local_pw(key, password.str(), params, ctx.random));
  }
  return json{{"wrapped", std::move(wrapped)}};
}

Result<json> op_keys_unwrap_password(const json& in, Context&) {
  internal::Fields fields(in, Code::KeysBadInput);
  MEDINS_ASSIGN_OR_RETURN(std::string wrapped, fields.string("wrapped"));
  MEDINS_ASSIGN_OR_RETURN(internal::SecretString password, secret_field(fields, "password"));
  if (has_prefix(wrapped, keys::kSecretPwPrefix)) {
    MEDINS_ASSIGN_OR_RETURN(keys::SecretKey key, keys::unwrap_secret_pw(wrapped, password.str()));
    return json{{"key", keys::encode_secret(key.bytes.span())}};
  }
  MEDINS_ASSIGN_OR_RETURN(keys::LocalKey key, keys::unwrap_local_pw(wrapped, password.str()));
  return json{{"key", keys::encode_local(key.bytes.span())}};
}

Result<json> op_keys_wrap(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::KeysBadInput);
  MEDINS_ASSIGN_OR_RETURN(internal::SecretString key_text, secret_field(fields, "key"));
  MEDINS_ASSIGN_OR_RETURN(internal::SecretString wrapping_text, secret_field(fields, "wrapping_key"));
  MEDINS_ASSIGN_OR_RETURN(keys::LocalKey wrapping, keys::require_local(wrapping_text.str()));
  std::string wrapped;
  if (has_prefix(key_text.str(), keys::kSecretPrefix)) {
    MEDINS_ASSIGN_OR_RETURN(keys::SecretKey key, keys::require_secret(key_text.str()));
    MEDINS_ASSIGN_OR_RETURN(wrapped, keys::wrap_secret_pie(key, wrapping, ctx.random));
  } else {
    MEDINS_ASSIGN_OR_RETURN(keys::LocalKey key, keys::require_local(key_text.str()));
    MEDINS_ASSIGN_OR_RETURN(wrapped, keys::wrap_local_pie(key, wrapping, ctx.random));
  }
  return json{{"wrapped", std::move(wrapped)}};
}

Result<json> op_keys_unwrap(const json& in, Context&) {
  internal::Fields fields(in, Code::KeysBadInput);
  MEDINS_ASSIGN_OR_RETURN(std::string wrapped, fields.string("wrapped"));
  MEDINS_ASSIGN_OR_RETURN(internal::SecretString wrapping_text, secret_field(fields, "wrapping_key"));
  MEDINS_ASSIGN_OR_RETURN(keys::LocalKey wrapping, keys::require_local(wrapping_text.str()));
  if (has_prefix(wrapped, keys::kSecretWrapPiePrefix)) {
    MEDINS_ASSIGN_OR_RETURN(keys::SecretKey key, keys::unwrap_secret_pie(wrapped, wrapping));
    return json{{"key", keys::encode_secret(key.bytes.span())}};
  }
  MEDINS_ASSIGN_OR_RETURN(keys::LocalKey key, keys::unwrap_local_pie(wrapped, wrapping));
  return json{{"key", keys::encode_local(key.bytes.span())}};
}

constexpr OpDef kOps[] = {
    {"keys.generate", &op_keys_generate},
    {"keys.id", &op_keys_id},
    {"keys.seal", &op_keys_seal},
    {"keys.unseal", &op_keys_unseal},
    {"keys.wrap_password", &op_keys_wrap_password},
    {"keys.unwrap_password", &op_keys_unwrap_password},
    {"keys.wrap", &op_keys_wrap},
    {"keys.unwrap", &op_keys_unwrap},
};

}  // namespace

std::span<const OpDef> keys_ops() { return kOps; }

}  // namespace medins
