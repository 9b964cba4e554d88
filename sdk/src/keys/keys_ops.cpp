#include "call/op_table.hpp"
#include "internal/encoding.hpp"
#include "internal/json_util.hpp"
#include "keys/paserk.hpp"

namespace medins {
namespace {

Result<json> op_keys_generate(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::KeysBadInput);
  MEDINS_ASSIGN_OR_RETURN(std::string type, fields.string("type"));
  MEDINS_ASSIGN_OR_RETURN(auto seed_text, fields.optional_string("seed"));
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

constexpr OpDef kOps[] = {{"keys.generate", &op_keys_generate}, {"keys.id", &op_keys_id}};

}  // namespace

std::span<const OpDef> keys_ops() { return kOps; }

}  // namespace medins
