// Device keys: an Ed25519 key made inside the core and only ever handed out
// wrapped (XChaCha20-Poly1305 under a PIN-derived or platform key), and
// v4.public proofs of possession that bind one request to that key.
#include <algorithm>
#include <string>
#include <vector>

#include "identity/claims.hpp"
#include "identity/device_key.hpp"
#include "identity/paseto.hpp"
#include "identity/signed_json.hpp"
#include "internal/checked_time.hpp"
#include "internal/encoding.hpp"
#include "internal/json_util.hpp"
#include "internal/replay.hpp"
#include "internal/secret.hpp"
#include "internal/sodium.hpp"
#include "medins/identity.hpp"

namespace medins::identity {
namespace {

// Blob layouts (all integers big-endian; everything before the nonce is
// authenticated as associated data together with the header):
//   pin: salt(16) || memlimit(8) || opslimit(4) || pk(32) || nonce(24) || seal(seed 32 + tag 16)
//   key: pk(32) || nonce(24) || seal(seed 32 + tag 16)
constexpr std::string_view kPinHeader = "medins.device.v1.pin.";
constexpr std::string_view kKeyHeader = "medins.device.v1.key.";
constexpr std::string_view kPlatformKeyInfo = "medins.device.v1.key";
// Proofs are signed with this implicit assertion, so no device signature
// over some other PASETO can ever pass as a proof (and the reverse).
constexpr std::string_view kProofImplicit = "medins.device-proof.v1";

constexpr std::size_t kSalt = crypto_pwhash_argon2id_SALTBYTES;
constexpr std::size_t kParams = 8 + 4;
constexpr std::size_t kPk = crypto_sign_PUBLICKEYBYTES;
constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kSealed = keys::kSeedBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kPinPrefixBytes = kSalt + kParams + kPk;
constexpr std::size_t kKeyPrefixBytes = kPk;
constexpr std::size_t kMinPinDigits = 6;
constexpr std::size_t kMaxPinBytes = 256;
constexpr std::size_t kMaxUrlBytes = 8192;
constexpr std::size_t kMaxMethodBytes = 32;
constexpr std::size_t kMaxJtiBytes = 128;
constexpr std::size_t kMaxProofPayloadBytes = 16384;

Status bad(std::string_view field, std::string_view what) {
  return internal::field_error(Code::DeviceBadInput, field, what);
}
Status no_entropy() { return Status(Code::DeviceNoEntropy, "no secure randomness available"); }
Status invalid_blob() { return Status(Code::DeviceInvalidBlob, "not a medins device blob of a supported version"); }
Status invalid_proof() { return Status(Code::DeviceInvalidProof, "proof is not valid"); }

Status check_secret(const DeviceSecret& secret) {
  if (secret.pin.empty() == secret.platform_key.empty())
    return bad("pin", "give exactly one of pin and platform_key");
  if (secret.pin.size() > kMaxPinBytes) return bad("pin", "must be at most 256 bytes");
  if (!secret.platform_key.empty() && secret.platform_key.size() != 32)
    return bad("platform_key", "must be 32 bytes");
  return ok_status();
}

// A PIN is all an offline attacker with the blob must guess: six digits are
// 10^6 Argon2id runs, four only 10^4 (minutes). Only new devices are held to
// it; opening takes any PIN, so devices wrapped before the rule still open.
Status check_new_pin(std::string_view pin) {
  const bool digits = std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (pin.size() < kMinPinDigits || !digits) return bad("pin", "must be at least 6 digits (0-9)");
  return ok_status();
}

// OWASP's Argon2id minimum as its pairs of equal cost (Password Storage Cheat
// Sheet: 46 MiB x 1, 19 x 2, 12 x 3, 9 x 4, 7 x 5 passes): the least memory a
// new PIN wrap may use at each pass count. A product rule (m x t >= 38 MiB)
// would refuse 12 x 3 and 9 x 4, which OWASP rates equal, and admit 35 MiB x 1,
// which it does not; 7 x 5 lies past the 4-pass ceiling.
constexpr std::uint64_t kMiB = 1024u * 1024u;
constexpr std::uint64_t kMinPinMemlimit[keys::kMaxPwOpslimit] = {46 * kMiB, 19 * kMiB, 12 * kMiB, 9 * kMiB};

// A new PIN wrap: within the ceiling every wrap must open under, and at or
// above OWASP's floor, so no app ships a PIN stretched in name only (1 MiB x 1
// is a few ms per guess). Opening applies the ceiling alone, so devices
// wrapped before the floor still open.
Status check_new_cost(const DeviceCost& cost) {
  if (cost.opslimit < keys::kMinPwOpslimit || cost.opslimit > keys::kMaxPwOpslimit)
    return bad("opslimit", "Argon2id passes must be 1 to 4");
  if (cost.memlimit > keys::kMaxPwMemlimit) return bad("memlimit", "Argon2id memory must be at most 64 MiB");
  const std::uint64_t floor = kMinPinMemlimit[cost.opslimit - 1];
  if (cost.memlimit < floor)
    return bad("memlimit", "Argon2id at " + std::to_string(cost.opslimit) + " passes needs at least " +
                               std::to_string(floor / kMiB) +
                               " MiB (OWASP's minimum: 46 MiB x 1, 19 x 2, 12 x 3 or 9 x 4 passes)");
  return ok_status();
}

// The AEAD key: Argon2id(PIN) or a subkey of the platform key (which the glue
// may hold for other purposes, so it is never used directly).
Status wrapping_key(const DeviceSecret& secret, const std::uint8_t* salt, std::uint64_t memlimit,
                    std::uint32_t opslimit, internal::SecretBytes& out) {
  if (!secret.pin.empty()) {
    if (crypto_pwhash(out.data(), out.size(), secret.pin.data(), secret.pin.size(), salt, opslimit,
                      static_cast<std::size_t>(memlimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
      return Status(Code::DeviceInvalidBlob, "Argon2id could not run with the blob's parameters (memory)");
    return ok_status();
  }
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(kPlatformKeyInfo.data()),
                     kPlatformKeyInfo.size(), reinterpret_cast<const unsigned char*>(secret.platform_key.data()),
                     secret.platform_key.size());
  return ok_status();
}

std::string ad_of(std::string_view header, const std::uint8_t* prefix, std::size_t size) {
  std::string ad(header);
  ad.append(reinterpret_cast<const char*>(prefix), size);
  return ad;
}

std::string token_hash(std::string_view token) {
  std::uint8_t hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return internal::base64url_encode(std::span<const std::uint8_t>(hash, sizeof hash));
}

// A device.unlock session's key, already opened: no Argon2id, no blob.
Result<keys::SecretKey> session_device_key(std::string_view blob, const DeviceSecret& secret) {
  if (!blob.empty() || !secret.pin.empty() || !secret.platform_key.empty())
    return bad("session", "give a session alone, without a device blob, pin or platform_key");
  keys::SecretKey key;
  if (secret.session_key.size() != key.bytes.size()) return bad("session", "is not a device key");
  std::copy(secret.session_key.begin(), secret.session_key.end(), key.bytes.data());
  return key;
}

}  // namespace

Result<keys::SecretKey> open_device(std::string_view blob, const DeviceSecret& secret) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  if (!secret.session_key.empty()) return session_device_key(blob, secret);
  MEDINS_RETURN_IF_ERROR(check_secret(secret));
  const bool pin = blob.rfind(kPinHeader, 0) == 0;
  if (!pin && blob.rfind(kKeyHeader, 0) != 0) return invalid_blob();
  if (pin && secret.pin.empty()) return bad("pin", "this device is wrapped with a PIN");
  if (!pin && secret.platform_key.empty()) return bad("platform_key", "this device is wrapped with a platform key");
  const std::string_view header = pin ? kPinHeader : kKeyHeader;
  const std::size_t prefix_bytes = pin ? kPinPrefixBytes : kKeyPrefixBytes;
  std::vector<std::uint8_t> body(prefix_bytes + kNonce + kSealed);
  if (!internal::base64url_decode_exact(blob.substr(header.size()), body.data(), body.size()))
    return invalid_blob();
  std::uint64_t memlimit = 0;
  std::uint32_t opslimit = 0;
  if (pin) {
    memlimit = internal::get_be(body.data() + kSalt, 8);
    opslimit = static_cast<std::uint32_t>(internal::get_be(body.data() + kSalt + 8, 4));
    // The costs come from stored bytes: bounded before Argon2 runs, so a
    // corrupted or planted blob cannot demand gigabytes.
    if (!keys::check_pw_params({memlimit, opslimit, 1}).ok()) return invalid_blob();
  }
  internal::SecretBytes wk(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  MEDINS_RETURN_IF_ERROR(wrapping_key(secret, body.data(), memlimit, opslimit, wk));
  const std::uint8_t* pk = body.data() + prefix_bytes - kPk;
  const std::uint8_t* nonce = body.data() + prefix_bytes;
  const std::string ad = ad_of(header, body.data(), prefix_bytes);
  internal::SecretBytes seed(keys::kSeedBytes);
  unsigned long long seed_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(seed.data(), &seed_len, nullptr, nonce + kNonce, kSealed,
                                                 reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
                                                 nonce, wk.data()) != 0)
    return Status(Code::DeviceWrongSecret, "the PIN or platform key does not open this device");
  keys::SecretKey key;
  unsigned char derived_pk[kPk];
  crypto_sign_seed_keypair(derived_pk, key.bytes.data(), seed.data());
  if (sodium_memcmp(derived_pk, pk, kPk) != 0) return invalid_blob();
  return key;
}

Result<CreatedDevice> create_device(const DeviceSecret& secret, const DeviceCost& cost, Random& random) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  MEDINS_RETURN_IF_ERROR(check_secret(secret));
  const bool pin = !secret.pin.empty();
  if (pin) {
    MEDINS_RETURN_IF_ERROR(check_new_pin(secret.pin));
    MEDINS_RETURN_IF_ERROR(check_new_cost(cost));
  }
  const std::string_view header = pin ? kPinHeader : kKeyHeader;
  const std::size_t prefix_bytes = pin ? kPinPrefixBytes : kKeyPrefixBytes;
  std::vector<std::uint8_t> body(prefix_bytes + kNonce + kSealed);
  internal::SecretBytes seed(keys::kSeedBytes);
  if (!random.fill(seed.data(), seed.size())) return no_entropy();
  std::uint8_t* nonce = body.data() + prefix_bytes;
  if (!random.fill(nonce, kNonce)) return no_entropy();
  if (pin) {
    if (!random.fill(body.data(), kSalt)) return no_entropy();
    internal::put_be(body.data() + kSalt, cost.memlimit, 8);
    internal::put_be(body.data() + kSalt + 8, cost.opslimit, 4);
  }
  std::uint8_t* pk = body.data() + prefix_bytes - kPk;
  internal::SecretBytes sk(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(pk, sk.data(), seed.data());
  internal::SecretBytes wk(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  MEDINS_RETURN_IF_ERROR(wrapping_key(secret, body.data(), cost.memlimit, cost.opslimit, wk));
  const std::string ad = ad_of(header, body.data(), prefix_bytes);
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonce, nullptr, seed.data(), seed.size(),
                                             reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
                                             nullptr, nonce, wk.data());
  keys::PublicKey public_key;
  std::copy(pk, pk + kPk, public_key.bytes.begin());
  return CreatedDevice{std::string(header) + internal::base64url_encode(body),
                       keys::encode_public(public_key.bytes), keys::pid_of(public_key)};
}

Result<Proof> prove_request(std::string_view blob, const DeviceSecret& secret,
                            const ProofRequest& request, Random& random) {
  if (request.method.empty() || request.method.size() > kMaxMethodBytes)
    return bad("method", "must be 1 to 32 bytes");
  if (request.url.empty() || request.url.size() > kMaxUrlBytes) return bad("url", "must be 1 to 8192 bytes");
  if (request.identity_token.empty()) return bad("token", "is required");
  if (request.ttl_s < 1 || request.ttl_s > kMaxProofTtlS) return bad("ttl_s", "must be 1 to 300");
  if (!internal::in_time_range(request.now_unix_s)) return bad("now", internal::kTimeRangeText);
  const auto exp = internal::time_add(request.now_unix_s, request.ttl_s);
  if (!exp) return bad("ttl_s", "now + ttl_s is past year 9999");
  MEDINS_ASSIGN_OR_RETURN(keys::SecretKey key, open_device(blob, secret));
  std::uint8_t jti_bytes[16];
  if (!random.fill(jti_bytes, sizeof jti_bytes)) return no_entropy();
  const std::string jti = internal::base64url_encode(std::span<const std::uint8_t>(jti_bytes, sizeof jti_bytes));
  nlohmann::json claims = {{"htm", request.method},
                           {"htu", request.url},
                           {"ath", token_hash(request.identity_token)},
                           {"iat", format_rfc3339(request.now_unix_s)},
                           {"exp", format_rfc3339(*exp)},
                           {"jti", jti}};
  if (request.nonce) claims["nonce"] = *request.nonce;
  return Proof{signed_json::sign(key, internal::dump_safe(claims), kProofImplicit), jti, keys::pid_of(key.public_key())};
}

Result<VerifiedProof> verify_proof(std::string_view proof, std::string_view identity_token,
                                   const ProofCheck& check, ReplayStore& replay) {
  if (check.max_age_s < 1 || check.max_age_s > 3600) return bad("max_age_s", "must be 1 to 3600");
  MEDINS_ASSIGN_OR_RETURN(VerifiedIdentity identity, verify_identity(identity_token, check.identity));
  MEDINS_ASSIGN_OR_RETURN(std::optional<Cnf> cnf, read_cnf(identity.claims));
  if (!cnf) return Status(Code::TokenMissingClaim, "claim cnf is required: the token is not bound to a device");

  auto opened = paseto::verify(cnf->key, proof, kProofImplicit);
  if (!opened.ok()) return invalid_proof();
  auto claims = internal::parse_strict(opened->payload, Code::DeviceInvalidProof, {4, kMaxProofPayloadBytes});
  if (!claims.ok() || !claims->is_object()) return invalid_proof();
  std::string htm, htu, ath, jti, iat_text, exp_text;
  for (auto [name, out] : {std::pair{"htm", &htm}, std::pair{"htu", &htu}, std::pair{"ath", &ath},
                           std::pair{"jti", &jti}, std::pair{"iat", &iat_text}, std::pair{"exp", &exp_text}}) {
    auto it = claims->find(name);
    if (it == claims->end() || !it->is_string()) return invalid_proof();
    *out = it->get_ref<const std::string&>();
  }
  const auto iat = parse_rfc3339(iat_text);
  const auto exp = parse_rfc3339(exp_text);
  if (!iat || !exp || *exp < *iat || jti.empty() || jti.size() > kMaxJtiBytes) return invalid_proof();

  if (htm != check.method || htu != check.url || ath != token_hash(identity_token))
    return Status(Code::DeviceProofMismatch, "proof was made for another request or token");
  if (check.nonce) {
    auto it = claims->find("nonce");
    if (it == claims->end() || !it->is_string() || it->get_ref<const std::string&>() != *check.nonce)
      return Status(Code::DeviceProofMismatch, "proof does not carry the server's nonce");
  }
  const std::int64_t now = check.identity.now_unix_s;
  const std::int64_t leeway = check.identity.leeway_s;
  using internal::add_sat, internal::sub_sat;
  if (*iat > add_sat(now, leeway) || *iat < sub_sat(sub_sat(now, check.max_age_s), leeway) ||
      now >= add_sat(*exp, leeway))
    return Status(Code::DeviceStaleProof, "proof is too old or from the future");
  // Remembered until the proof could no longer pass the freshness check.
  const std::int64_t forget_at = add_sat(std::min(*exp, add_sat(*iat, check.max_age_s)), leeway);
  ReplayClaim claim{"device.proof|" + cnf->kpid + "|" + jti, forget_at};
  MEDINS_RETURN_IF_ERROR(internal::remember_once(replay, cnf->kpid, claim, now, Code::DeviceReplayedProof,
                                                 "proof was already used"));
  return VerifiedProof{std::move(identity), cnf->kpid, std::move(jti), std::move(claim)};
}

}  // namespace medins::identity
