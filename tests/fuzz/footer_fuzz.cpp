// Fuzzes the untrusted-footer path of identity.verify: the input becomes the
// footer (and, after a separator byte, the payload) of a token signed with a
// fixed key, so the footer parser and, past the signature, the claims parser
// and RFC 3339 dates all see hostile bytes.
#include <cstdint>
#include <string>
#include <string_view>

#include "identity/claims.hpp"
#include "identity/paseto.hpp"
#include "medins/identity.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace medins;
  static const auto secret = keys::parse_secret(
      "k4.secret.tMv7Q99M4hByfZU-SnEzB_oZu32fhQQUONnhG5QqN3Qeudu7vAR8A_1wYE4AcfCYfhayi3VyJcEfAEFdDiCxog",
      Code::KeysInvalidKey);
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t cut = input.find('\0');
  std::string_view footer = input.substr(0, cut);
  std::string_view payload = cut == std::string_view::npos ? std::string_view(R"({"aud":"a","exp":"2026-01-01T01:00:00Z"})")
                                                           : input.substr(cut + 1);
  const std::string token = identity::paseto::sign(*secret, payload, footer, "");
  identity::VerifyIdentityOptions options;
  options.keys = {"k4.public.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsaI"};
  options.audience = "a";
  options.now_unix_s = 1767225600;
  (void)identity::verify_identity(token, options);
  (void)identity::parse_rfc3339(input);
  return 0;
}
