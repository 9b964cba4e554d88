// Fuzzes receipt.open's untrusted paths. Even first byte: the rest is the
// sealed box itself (base64url decoding, the box, the token inside). Odd
// first byte: the rest is the payload of a token signed by a trusted hospital
// key and sealed to the device, so the strict JSON parser, the canonical-form
// check, the field checks and the totals all see hostile bytes past the
// signature.
#include <cstdint>
#include <string>
#include <string_view>

#include "identity/paseto.hpp"
#include "internal/encoding.hpp"
#include "internal/sodium.hpp"
#include "keys/paserk.hpp"
#include "medins/receipt.hpp"
#include "receipt/internal.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace medins;
  using fuzzing::FuzzRandom;
  using fuzzing::key_of;
  if (!internal::sodium_ready() || size == 0) return 0;
  // Fixed keys from seeds 0x01… (hospital) and 0x02… (device).
  static const keys::SecretKey hospital = key_of(1);
  static const keys::SecretKey device = key_of(2);
  static const std::string device_secret = keys::encode_secret(device.bytes.span());
  receipt::Opener opener;
  opener.secret_key = device_secret;
  // The hospital of the receipt vectors that seed this target, so fuzzed
  // receipts get past the hospital binding to the totals.
  const std::vector<receipt::TrustedIssuer> issuers{{keys::encode_public(hospital.public_key().bytes), "bj-h-001"}};
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((data[0] & 1) == 0) {
    (void)receipt::open(rest, opener, issuers);
    (void)receipt::open(internal::base64url_encode(rest), opener, issuers);
    return 0;
  }
  const std::string footer = "{\"kid\":\"" + keys::pid_of(hospital.public_key()) + "\"}";
  const std::string token = identity::paseto::sign(hospital, rest, footer, receipt::detail::kReceiptImplicit);
  FuzzRandom random;
  auto sealed = receipt::detail::seal(token, device.public_key(), random, Code::ReceiptNoEntropy);
  if (sealed.ok()) (void)receipt::open(internal::base64url_encode(*sealed), opener, issuers);
  return 0;
}
