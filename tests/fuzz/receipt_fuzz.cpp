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

namespace {

class FuzzRandom final : public medins::Random {
 public:
  bool fill(std::uint8_t* out, std::size_t len) override {
    for (std::size_t i = 0; i < len; ++i) out[i] = static_cast<std::uint8_t>(next_++ * 131u + 7u);
    return true;
  }

 private:
  std::uint32_t next_ = 0;
};

// Fixed keys from seeds 0x01… (hospital) and 0x02… (device).
medins::keys::SecretKey key_of(std::uint8_t fill) {
  std::uint8_t seed[32], pk[32];
  for (auto& b : seed) b = fill;
  medins::keys::SecretKey key;
  crypto_sign_seed_keypair(pk, key.bytes.data(), seed);
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace medins;
  if (!internal::sodium_ready() || size == 0) return 0;
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
