// PIN devices for tests that open them many times, and the Argon2id costs
// device.create accepts.
#ifndef MEDINS_TESTS_DEVICE_SUPPORT_HPP
#define MEDINS_TESTS_DEVICE_SUPPORT_HPP

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "internal/encoding.hpp"
#include "internal/sodium.hpp"
#include "medins/call.hpp"

namespace medins::testing {

// The cheapest pair of OWASP's floor for a new PIN device (9 MiB x 4 passes):
// what a test that must create one, rather than open one, pays.
inline nlohmann::json floor_cost() { return {{"memlimit", 9 * 1024 * 1024}, {"opslimit", 4}}; }

// A PIN device wrapped at 1 MiB / 1 pass, as device.create made them before
// OWASP's floor: opening stays permissive, so a test that opens a PIN device
// for every call stays fast. Written here from the v1 layout of
// docs/identity.md, not by the core, so an independent writer holds the
// format that existing devices are stored in. Same shape as device.create's
// output: {device, public, kpid}.
inline nlohmann::json pre_floor_pin_device(const std::string& pin) {
  constexpr std::size_t kSalt = 16, kPrefix = 16 + 8 + 4 + 32, kNonce = 24;
  constexpr std::uint64_t kMemlimit = 1024 * 1024;
  const std::string header = "medins.device.v1.pin.";
  if (!internal::sodium_ready()) return nullptr;
  std::vector<std::uint8_t> body(kPrefix + kNonce + 32 + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  randombytes_buf(body.data(), kSalt);
  internal::put_be(body.data() + kSalt, kMemlimit, 8);
  internal::put_be(body.data() + kSalt + 8, 1, 4);
  std::uint8_t seed[32], sk[crypto_sign_SECRETKEYBYTES], wk[32];
  randombytes_buf(seed, sizeof seed);
  std::uint8_t* pk = body.data() + kPrefix - 32;
  crypto_sign_seed_keypair(pk, sk, seed);
  std::uint8_t* nonce = body.data() + kPrefix;
  randombytes_buf(nonce, kNonce);
  if (crypto_pwhash(wk, sizeof wk, pin.data(), pin.size(), body.data(), 1, kMemlimit,
                    crypto_pwhash_ALG_ARGON2ID13) != 0)
    return nullptr;
  std::string ad = header;
  ad.append(reinterpret_cast<const char*>(body.data()), kPrefix);
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonce, nullptr, seed, sizeof seed,
                                             reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
                                             nonce, wk);
  const std::string public_key =
      "k4.public." + internal::base64url_encode(std::span<const std::uint8_t>(pk, 32));
  return {{"device", header + internal::base64url_encode(body)},
          {"public", public_key},
          {"kpid", medins::call("keys.id", {{"key", public_key}})["id"]}};
}

}  // namespace medins::testing

#endif  // MEDINS_TESTS_DEVICE_SUPPORT_HPP
