// Fuzzes the wallet's untrusted state. First byte 0: the rest is a wallet as
// JSON text, parsed strictly and handed to wallet.verify / wallet.list /
// wallet.add. Otherwise the rest is XORed into one record (or the head,
// chosen by the first byte) of a valid three-entry wallet, so the record
// decoder, the chain walk and the diagnosis see near-valid bytes.
#include <cstdint>
#include <string>
#include <string_view>

#include "internal/encoding.hpp"
#include "internal/json_util.hpp"
#include "internal/sodium.hpp"
#include "keys/paserk.hpp"
#include "medins/receipt.hpp"
#include "receipt/internal.hpp"
#include "fuzz_support.hpp"

namespace {

using nlohmann::json;
using medins::fuzzing::FuzzRandom;

std::string secret_of(std::uint8_t fill) {
  return medins::keys::encode_secret(medins::fuzzing::key_of(fill).bytes.span());
}

struct Setup {
  medins::receipt::Opener opener;
  std::vector<medins::receipt::TrustedIssuer> issuers;
  json wallet;
  std::string sealed;
};

Setup& setup() {
  static Setup s = [] {
    Setup s;
    const std::string hospital = secret_of(1);
    const std::string device = secret_of(2);
    auto hk = medins::keys::require_secret(hospital);
    auto dk = medins::keys::require_secret(device);
    s.issuers = {{medins::keys::encode_public(hk->public_key().bytes), "h"}};
    s.opener.secret_key = device;
    FuzzRandom random;
    const std::string device_public = medins::keys::encode_public(dk->public_key().bytes);
    for (int i = 0; i < 4; ++i) {
      json r{{"hospital", "h"}, {"invoice", "I" + std::to_string(i)}, {"order_id", "o"}, {"visit_date", "2026-01-0" + std::to_string(i + 1)},
             {"lines", {{{"name", "x"}, {"class", "A"}, {"amount", 100}}}}, {"total", 100}, {"fund", 50},
             {"account", 25}, {"cash", 25}};
      auto sealed = medins::receipt::issue(r, hospital, device_public, 1767225600, random);
      if (i == 3) {
        s.sealed = *sealed;
        break;
      }
      auto added = medins::receipt::wallet_add(s.wallet, *sealed, s.opener, s.issuers, std::nullopt, random);
      s.wallet = added->wallet;
    }
    return s;
  }();
  return s;
}

void exercise(const json& wallet) {
  Setup& s = setup();
  FuzzRandom random;
  (void)medins::receipt::wallet_verify(wallet, s.opener, 2);
  (void)medins::receipt::wallet_list(wallet, s.opener, {}, std::nullopt);
  (void)medins::receipt::wallet_summary(wallet, s.opener, std::nullopt);
  (void)medins::receipt::wallet_add(wallet, s.sealed, s.opener, s.issuers, std::nullopt, random);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || !medins::internal::sodium_ready()) return 0;
  Setup& s = setup();
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] == 0) {
    auto parsed = medins::internal::parse_strict(rest, medins::Code::WalletBadInput);
    if (parsed.ok()) exercise(*parsed);
    return 0;
  }
  json wallet = s.wallet;
  const std::size_t n = wallet["entries"].size();
  const std::size_t which = data[0] % (n + 1);
  json& target = which == n ? wallet["head"] : wallet["entries"][which];
  auto bytes = *medins::internal::base64url_decode(target.get<std::string>());
  for (std::size_t i = 0; i < rest.size(); ++i) bytes[i % bytes.size()] ^= static_cast<std::uint8_t>(rest[i]);
  // Lengths change too: a trailing byte of the input truncates or extends.
  if (rest.size() % 7 == 1) bytes.resize(bytes.size() / 2);
  if (rest.size() % 7 == 2) bytes.push_back(0);
  target = medins::internal::base64url_encode(bytes);
  exercise(wallet);
  return 0;
}
