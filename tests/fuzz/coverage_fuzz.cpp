// Fuzzes the coverage claims parser: the input is signed as a coverage token
// by a fixed insurer key, so coverage::verify reads it past the signature as
// a phone would (strict JSON, then every claim check), and it is also read as
// claims to issue (coverage::parse_claims on the parsed text).
#include <cstdint>
#include <string>
#include <string_view>

#include "identity/signed_json.hpp"
#include "internal/json_util.hpp"
#include "medins/coverage.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace medins;
  static const auto secret = keys::parse_secret(
      "k4.secret.tMv7Q99M4hByfZU-SnEzB_oZu32fhQQUONnhG5QqN3Qeudu7vAR8A_1wYE4AcfCYfhayi3VyJcEfAEFdDiCxog",
      Code::KeysInvalidKey);
  static const std::string keys[] = {"k4.public.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsaI"};
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string token = identity::signed_json::sign(*secret, input, coverage::kImplicit);
  auto verified = coverage::verify(token, keys);
  if (verified.ok()) {
    // What verifies must read back the same from its own JSON.
    auto again = coverage::parse_claims(verified->json);
    if (!again.ok() || again->sub != verified->claims.sub) __builtin_trap();
    (void)coverage::recognized_on(verified->claims, "CQ-HTN", verified->claims.valid.from);
  }
  auto parsed = internal::parse_strict(input, Code::CoverageBadClaims, {8, 1u << 20});
  if (parsed.ok()) (void)coverage::parse_claims(*parsed);
  (void)coverage::region_within(input.substr(0, 6), input.substr(input.size() > 6 ? 6 : input.size(), 6));
  return 0;
}
