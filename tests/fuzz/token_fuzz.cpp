// Drives the PASETO v4 parser and verifiers with arbitrary token bytes: both
// purposes, with keys fixed so that the cryptography rejects and only the
// parser's handling of hostile shapes (dots, padding, lengths) is exercised,
// plus identity.verify on top. Any abort, trap or sanitizer report is a bug;
// a forged token that verifies would trap too.
#include <cstdint>
#include <string_view>

#include "identity/paseto.hpp"
#include "medins/identity.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace medins;
  static const keys::PublicKey pk = [] {
    keys::PublicKey key;
    key.bytes.fill(0x11);
    return key;
  }();
  static const auto local = keys::parse_local("k4.local.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjo8",
                                              Code::KeysInvalidKey);
  std::string_view token(reinterpret_cast<const char*>(data), size);
  if (identity::paseto::verify(pk, token, "").ok()) __builtin_trap();
  if (identity::paseto::decrypt(*local, token, "").ok()) __builtin_trap();
  (void)identity::paseto::peek(token);
  identity::VerifyIdentityOptions options;
  options.keys = {"k4.public.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsaI"};
  options.audience = "wx-app-1";
  options.now_unix_s = 1767225600;
  if (identity::verify_identity(token, options).ok()) __builtin_trap();
  return 0;
}
