// token.issue / token.verify: PASETO v4 over PASERK key strings
// (docs/api.md). Payload, footer and implicit assertion are exact strings.
#include "identity/ops.hpp"
#include "identity/paseto.hpp"
#include "internal/encoding.hpp"
#include "internal/json_util.hpp"
#include "internal/test_knobs.hpp"
#include "medins/identity.hpp"

namespace medins::identity {

Result<std::string> issue_token(TokenPurpose purpose, std::string_view key, std::string_view payload,
                                std::string_view footer, std::string_view implicit, Random& random) {
  if (purpose == TokenPurpose::kPublic) {
    MEDINS_ASSIGN_OR_RETURN(keys::SecretKey secret, keys::require_secret(key));
    return paseto::sign(secret, payload, footer, implicit);
  }
  MEDINS_ASSIGN_OR_RETURN(keys::LocalKey local, keys::require_local(key));
  return paseto::encrypt(local, payload, footer, implicit, random);
}

Result<VerifiedToken> verify_token(std::string_view token, std::string_view key,
                                   std::string_view implicit) {
  // The key decides the purpose (PASETO's algorithm lucidity): a v4.local
  // token offered with a public key, or the reverse, is simply invalid.
  Result<paseto::Opened> opened = Status(Code::TokenInvalid, "token is not valid");
  if (key.substr(0, keys::kPublicPrefix.size()) == keys::kPublicPrefix) {
    MEDINS_ASSIGN_OR_RETURN(keys::PublicKey pk, keys::require_public(key));
    opened = paseto::verify(pk, token, implicit);
  } else {
    MEDINS_ASSIGN_OR_RETURN(keys::LocalKey local, keys::require_local(key));
    opened = paseto::decrypt(local, token, implicit);
  }
  MEDINS_RETURN_IF_ERROR(opened.status());
  // The op's contract returns strings; bytes that are not UTF-8 cannot be
  // handed over exactly, and no issuer of this SDK produces them.
  if (!paseto::is_utf8(opened->payload) || !paseto::is_utf8(opened->footer))
    return Status(Code::TokenInvalid, "token is not valid");
  return VerifiedToken{std::move(opened->payload), std::move(opened->footer)};
}

Result<json> op_token_issue(const json& in, Context& ctx) {
  internal::Fields fields(in, Code::TokenBadInput);
  MEDINS_ASSIGN_OR_RETURN(std::string purpose_text, fields.string("purpose"));
  MEDINS_ASSIGN_OR_RETURN(std::string key, fields.string("key"));
  MEDINS_ASSIGN_OR_RETURN(std::string payload, fields.string("payload"));
  MEDINS_ASSIGN_OR_RETURN(auto footer, fields.optional_string("footer"));
  MEDINS_ASSIGN_OR_RETURN(auto implicit, fields.optional_string("implicit"));
  MEDINS_ASSIGN_OR_RETURN(auto nonce_text, internal::test_knob(fields, "nonce"));
  if (purpose_text != "public" && purpose_text != "local")
    return fields.error("purpose", "must be \"public\" or \"local\"");
  const TokenPurpose purpose =
      purpose_text == "public" ? TokenPurpose::kPublic : TokenPurpose::kLocal;
  const std::string_view footer_view = footer ? std::string_view(*footer) : std::string_view();
  const std::string_view implicit_view = implicit ? std::string_view(*implicit) : std::string_view();
  if (!nonce_text) {
    MEDINS_ASSIGN_OR_RETURN(std::string token, issue_token(purpose, key, payload, footer_view,
                                                           implicit_view, ctx.random));
    return json{{"token", std::move(token)}};
  }
  if (purpose != TokenPurpose::kLocal) return fields.error("nonce", "applies to purpose \"local\" only");
  paseto::Nonce nonce;
  if (!internal::base64url_decode_exact(*nonce_text, nonce.data(), nonce.size()))
    return fields.error("nonce", "must be 32 bytes of base64url");
  MEDINS_ASSIGN_OR_RETURN(keys::LocalKey local, keys::require_local(key));
  return json{{"token", paseto::encrypt_with_nonce(local, nonce, payload, footer_view, implicit_view)}};
}

Result<json> op_token_verify(const json& in, Context&) {
  internal::Fields fields(in, Code::TokenBadInput);
  MEDINS_ASSIGN_OR_RETURN(std::string token, fields.string("token"));
  MEDINS_ASSIGN_OR_RETURN(std::string key, fields.string("key"));
  MEDINS_ASSIGN_OR_RETURN(auto implicit, fields.optional_string("implicit"));
  MEDINS_ASSIGN_OR_RETURN(VerifiedToken verified,
                          verify_token(token, key, implicit ? *implicit : std::string()));
  return json{{"payload", std::move(verified.payload)}, {"footer", std::move(verified.footer)}};
}

}  // namespace medins::identity
