#include "identity/signed_json.hpp"

#include "identity/paseto.hpp"
#include "internal/json_util.hpp"
#include "medins/identity.hpp"

namespace medins::identity::signed_json {

std::string sign(const keys::SecretKey& key, std::string_view payload, std::string_view implicit) {
  const std::string footer = internal::dump_safe(nlohmann::json{{"kid", keys::pid_of(key.public_key())}});
  return paseto::sign(key, payload, footer, implicit);
}

std::optional<std::string> footer_kid(std::string_view footer) {
  if (footer.empty()) return std::string();
  // The code is never shown: every failure here becomes the caller's own.
  auto parsed = internal::parse_strict(footer, Code::TokenInvalid, {kMaxFooterDepth, kMaxFooterBytes});
  if (!parsed.ok() || !parsed->is_object()) return std::nullopt;
  auto kid = parsed->find("kid");
  if (kid == parsed->end()) return std::string();
  if (!kid->is_string() || kid->get_ref<const std::string&>().rfind(keys::kPidPrefix, 0) != 0) return std::nullopt;
  return std::move(kid->get_ref<std::string&>());
}

Verified verify(std::string_view token, std::span<const keys::PublicKey> keys, std::string_view implicit,
                bool kid_required) {
  Verified out;
  auto peeked = paseto::peek(token);
  if (!peeked.ok() || peeked->purpose != paseto::Purpose::kPublic) return out;
  auto kid = footer_kid(peeked->footer);
  if (!kid || (kid_required && kid->empty())) return out;
  out.kid = std::move(*kid);
  out.fault = out.kid.empty() ? Fault::kBadSignature : Fault::kUnknownKid;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!out.kid.empty()) {
      if (keys::pid_of(keys[i]) != out.kid) continue;
      // Keys with one pid are one key: a second try could not differ.
      out.fault = Fault::kBadSignature;
    }
    auto opened = paseto::verify(keys[i], token, implicit);
    if (opened.ok()) {
      out.fault = Fault::kNone;
      out.signer = i;
      out.payload = std::move(opened->payload);
      return out;
    }
    if (!out.kid.empty()) return out;
  }
  return out;
}

}  // namespace medins::identity::signed_json
