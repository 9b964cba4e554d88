// RFC 4226 HOTP and RFC 6238 TOTP. HMAC-SHA-256/512 come from libsodium;
// libsodium has no SHA-1, and the classic RFC vectors (and most authenticator
// apps) use it, so a small SHA-1 (FIPS 180-4) lives here. SHA-1's collision
// weakness does not touch HMAC-SHA-1 as a PRF, which is all OTP needs.
#include <array>
#include <cstring>

#include "authorization/internal.hpp"
#include "internal/json_util.hpp"
#include "internal/secret.hpp"
#include "internal/sodium.hpp"
#include "medins/authorization.hpp"

namespace medins::authorization {
namespace {

constexpr std::size_t kSha1Block = 64;
constexpr std::size_t kSha1Bytes = 20;

std::uint32_t rotl(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

class Sha1 {
 public:
  void update(const std::uint8_t* data, std::size_t len) {
    total_ += len;
    while (len > 0) {
      std::size_t take = std::min(len, kSha1Block - used_);
      std::memcpy(block_ + used_, data, take);
      used_ += take;
      data += take;
      len -= take;
      if (used_ == kSha1Block) {
        compress();
        used_ = 0;
      }
    }
  }

  void final(std::uint8_t out[kSha1Bytes]) {
    const std::uint64_t bits = total_ * 8;
    const std::uint8_t one = 0x80;
    update(&one, 1);
    const std::uint8_t zero = 0;
    while (used_ != 56) update(&zero, 1);
    std::uint8_t length[8];
    for (int i = 0; i < 8; ++i) length[i] = static_cast<std::uint8_t>(bits >> (56 - 8 * i));
    update(length, 8);
    for (int i = 0; i < 5; ++i)
      for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<std::uint8_t>(h_[i] >> (24 - 8 * j));
  }

  ~Sha1() {
    internal::wipe(block_, sizeof block_);
    internal::wipe(h_, sizeof h_);
  }

 private:
  void compress() {
    std::uint32_t w[80];
    for (int i = 0; i < 16; ++i)
      w[i] = (std::uint32_t{block_[4 * i]} << 24) | (std::uint32_t{block_[4 * i + 1]} << 16) |
             (std::uint32_t{block_[4 * i + 2]} << 8) | std::uint32_t{block_[4 * i + 3]};
    for (int i = 16; i < 80; ++i) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    std::uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4];
    for (int i = 0; i < 80; ++i) {
      std::uint32_t f, k;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const std::uint32_t t = rotl(a, 5) + f + e + k + w[i];
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = t;
    }
    h_[0] += a;
    h_[1] += b;
    h_[2] += c;
    h_[3] += d;
    h_[4] += e;
    internal::wipe(w, sizeof w);
  }

  std::uint32_t h_[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
  std::uint8_t block_[kSha1Block] = {};
  std::size_t used_ = 0;
  std::uint64_t total_ = 0;
};

// RFC 2104 over SHA-1: keys longer than a block are hashed first.
void hmac_sha1(std::span<const std::uint8_t> key, const std::uint8_t* msg, std::size_t len,
               std::uint8_t out[kSha1Bytes]) {
  std::uint8_t k[kSha1Block] = {};
  if (key.size() > kSha1Block) {
    Sha1 h;
    h.update(key.data(), key.size());
    h.final(k);
  } else if (!key.empty()) {
    std::memcpy(k, key.data(), key.size());
  }
  std::uint8_t pad[kSha1Block];
  for (std::size_t i = 0; i < kSha1Block; ++i) pad[i] = k[i] ^ 0x36;
  std::uint8_t inner[kSha1Bytes];
  {
    Sha1 h;
    h.update(pad, sizeof pad);
    h.update(msg, len);
    h.final(inner);
  }
  for (std::size_t i = 0; i < kSha1Block; ++i) pad[i] = k[i] ^ 0x5c;
  Sha1 h;
  h.update(pad, sizeof pad);
  h.update(inner, sizeof inner);
  h.final(out);
  internal::wipe(k, sizeof k);
  internal::wipe(pad, sizeof pad);
  internal::wipe(inner, sizeof inner);
}

Status otp_bad(std::string_view field, std::string_view what) {
  return internal::field_error(Code::OtpBadInput, field, what);
}

Status check_params(const OtpParams& params) {
  if (params.secret.size() < kMinOtpSecretBytes || params.secret.size() > kMaxOtpSecretBytes)
    return otp_bad("secret", "must be 16 to 1024 bytes");
  if (params.digits < kMinOtpDigits || params.digits > kMaxOtpDigits) return otp_bad("digits", "must be 6 to 10");
  return ok_status();
}

// HOTP without the parameter checks, for the verify loop.
void hotp_digits(const OtpParams& params, std::uint64_t counter, char* out) {
  std::uint8_t msg[8];
  for (int i = 0; i < 8; ++i) msg[i] = static_cast<std::uint8_t>(counter >> (56 - 8 * i));
  std::uint8_t mac[crypto_auth_hmacsha512_BYTES];
  std::size_t mac_len = 0;
  switch (params.algorithm) {
    case OtpAlgorithm::kSha1:
      hmac_sha1(params.secret, msg, sizeof msg, mac);
      mac_len = kSha1Bytes;
      break;
    case OtpAlgorithm::kSha256: {
      // The init/update/final form takes a key of any length (RFC 2104);
      // crypto_auth_hmacsha256() itself wants exactly 32 bytes.
      crypto_auth_hmacsha256_state st;
      crypto_auth_hmacsha256_init(&st, params.secret.data(), params.secret.size());
      crypto_auth_hmacsha256_update(&st, msg, sizeof msg);
      crypto_auth_hmacsha256_final(&st, mac);
      internal::wipe(&st, sizeof st);
      mac_len = crypto_auth_hmacsha256_BYTES;
      break;
    }
    case OtpAlgorithm::kSha512: {
      crypto_auth_hmacsha512_state st;
      crypto_auth_hmacsha512_init(&st, params.secret.data(), params.secret.size());
      crypto_auth_hmacsha512_update(&st, msg, sizeof msg);
      crypto_auth_hmacsha512_final(&st, mac);
      internal::wipe(&st, sizeof st);
      mac_len = crypto_auth_hmacsha512_BYTES;
      break;
    }
  }
  // RFC 4226 §5.3 dynamic truncation to 31 bits.
  const std::size_t offset = mac[mac_len - 1] & 0x0f;
  std::uint64_t value = (std::uint64_t{mac[offset] & 0x7fu} << 24) | (std::uint64_t{mac[offset + 1]} << 16) |
                        (std::uint64_t{mac[offset + 2]} << 8) | std::uint64_t{mac[offset + 3]};
  internal::wipe(mac, sizeof mac);
  // 10^10 exceeds 2^31, so a 10-digit code is the whole 31-bit value.
  std::uint64_t modulus = 1;
  for (int i = 0; i < params.digits; ++i) modulus *= 10;
  value %= modulus;
  for (int i = params.digits - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

Result<std::string> hotp(const OtpParams& params, std::uint64_t counter) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  MEDINS_RETURN_IF_ERROR(check_params(params));
  std::string code(static_cast<std::size_t>(params.digits), '0');
  hotp_digits(params, counter, code.data());
  return code;
}

Result<std::uint64_t> totp_step(std::int64_t time, std::int64_t period, std::int64_t t0) {
  if (period < 1) return otp_bad("period", "must be at least 1 second");
  if (time < t0) return otp_bad("time", "must not be before t0");
  // Both are int64 and time >= t0, so the difference fits in uint64.
  const std::uint64_t elapsed = static_cast<std::uint64_t>(time) - static_cast<std::uint64_t>(t0);
  return elapsed / static_cast<std::uint64_t>(period);
}

Result<OtpMatch> verify_hotp(const OtpParams& params, std::uint64_t counter, std::string_view code,
                             std::int64_t window) {
  if (!internal::sodium_ready()) return Status(Code::InternalError, "crypto library unavailable");
  MEDINS_RETURN_IF_ERROR(check_params(params));
  if (window < 0 || window > kMaxOtpWindow) return otp_bad("window", "must be 0 to 10");
  OtpMatch match;
  // A code of another length can match nothing; answering early reveals only
  // the length, which the caller knows.
  if (code.size() != static_cast<std::size_t>(params.digits)) return match;
  char candidate[kMaxOtpDigits];
  // Nearest first (0, -1, +1, -2, +2, …) so a code valid for two steps reports
  // the smaller offset; every candidate is computed and compared regardless.
  for (std::int64_t i = 0; i <= 2 * window; ++i) {
    const std::int64_t offset = (i % 2 == 1) ? -(i + 1) / 2 : i / 2;
    if (offset < 0 && static_cast<std::uint64_t>(-offset) > counter) continue;
    if (offset > 0 && counter > UINT64_MAX - static_cast<std::uint64_t>(offset)) continue;
    hotp_digits(params, counter + static_cast<std::uint64_t>(offset), candidate);
    const bool equal = sodium_memcmp(candidate, code.data(), code.size()) == 0;
    if (equal && !match.valid) {
      match.valid = true;
      match.offset = offset;
    }
  }
  internal::wipe(candidate, sizeof candidate);
  return match;
}

std::optional<OtpAlgorithm> parse_algorithm(std::string_view name) {
  if (name == "SHA1") return OtpAlgorithm::kSha1;
  if (name == "SHA256") return OtpAlgorithm::kSha256;
  if (name == "SHA512") return OtpAlgorithm::kSha512;
  return std::nullopt;
}

}  // namespace medins::authorization
