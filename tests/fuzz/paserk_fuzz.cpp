// Fuzzes every PASERK parser: key strings, ids, and the wrapped forms
// (k4.seal, k4.*-wrap.pie, device blobs in platform-key mode). Wrapped forms
// must never open under the fixed keys here. Password forms are left out:
// each attempt would run Argon2id, and their parsing is the shared
// prefix/base64url/length path exercised here plus check_pw_params.
#include <cstdint>
#include <string>
#include <string_view>

#include "keys/paserk.hpp"
#include "medins/identity.hpp"

namespace {
class Counter final : public medins::Random {
 public:
  bool fill(std::uint8_t* out, std::size_t len) override {
    for (std::size_t i = 0; i < len; ++i) out[i] = static_cast<std::uint8_t>(next_++);
    return true;
  }

 private:
  unsigned next_ = 0;
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace medins;
  static const auto local = keys::parse_local("k4.local.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjo8",
                                              Code::KeysInvalidKey);
  static const auto secret = keys::parse_secret(
      "k4.secret.tMv7Q99M4hByfZU-SnEzB_oZu32fhQQUONnhG5QqN3Qeudu7vAR8A_1wYE4AcfCYfhayi3VyJcEfAEFdDiCxog",
      Code::KeysInvalidKey);
  std::string_view s(reinterpret_cast<const char*>(data), size);
  (void)keys::key_type(s);
  (void)keys::key_id(s);
  (void)keys::require_public(s);
  if (keys::unseal(s, *secret).ok()) __builtin_trap();
  if (keys::unwrap_local_pie(s, *local).ok()) __builtin_trap();
  if (keys::unwrap_secret_pie(s, *local).ok()) __builtin_trap();
  static Counter random;
  const identity::DeviceSecret platform{"", std::string(32, 'k'), ""};
  if (identity::prove_request(s, platform, {"GET", "u", "t", std::nullopt, 1767225600, 60}, random).ok())
    __builtin_trap();
  return 0;
}
