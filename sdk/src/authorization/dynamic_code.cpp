// Dynamic insurance codes: an 18-digit number a counter scans from a QR code
// or barcode, rotating every 30 s. The issuer provisions each device with its
// own code secret, sealed to the device key; the code carries the issuer's key
// index so the counter's backend can find that secret, and a Luhn digit so a
// misread code is told apart from a wrong one (misreads do not count as
// failed guesses).
#include <algorithm>

#include "authorization/internal.hpp"
#include "identity/claims.hpp"
#include "identity/device_key.hpp"
#include "internal/checked_time.hpp"
#include "internal/encoding.hpp"
#include "internal/secret.hpp"
#include "internal/sodium.hpp"

namespace medins::authorization {
namespace {

constexpr std::size_t kCodeSecretBytes = 32;
constexpr std::size_t kIndexDigits = 7;
constexpr std::int64_t kMaxFailuresLimit = 100;

Status code_bad(std::string_view field, std::string_view what) {
  return internal::field_error(Code::CodeBadInput, field, what);
}

void put_digits(std::string& out, std::uint64_t value, std::size_t width) {
  std::string digits(width, '0');
  for (std::size_t i = width; i-- > 0;) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out += digits;
}

OtpParams code_params(std::span<const std::uint8_t> secret) {
  return OtpParams{secret, OtpAlgorithm::kSha256, kCodeTotpDigits};
}

}  // namespace

char luhn_digit(std::string_view digits) {
  // The check digit is appended on the right, so doubling starts with the
  // rightmost payload digit.
  int sum = 0;
  bool twice = true;
  for (std::size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

Result<ProvisionedCode> provision_code(std::string_view device_public_key, std::int64_t key_index,
                                       Random& random) {
  if (key_index < 0 || key_index > kMaxKeyIndex) return code_bad("key_index", "must be 0 to 9999999");
  MEDINS_ASSIGN_OR_RETURN(keys::PublicKey device, keys::require_public(device_public_key));
  keys::LocalKey secret;
  if (!random.fill(secret.bytes.data(), secret.bytes.size()))
    return Status(Code::CodeNoEntropy, "no secure randomness available");
  auto sealed = keys::seal(secret, device, random);
  if (!sealed.ok() && sealed.status().code() == Code::KeysNoEntropy)
    return Status(Code::CodeNoEntropy, "no secure randomness available");
  MEDINS_RETURN_IF_ERROR(sealed.status());
  return ProvisionedCode{std::move(sealed.value()), keys::encode_local(secret.bytes.span()), key_index};
}

Result<GeneratedCode> code_for_secret(std::span<const std::uint8_t> secret, std::int64_t key_index,
                                      std::int64_t now_unix_s) {
  if (secret.size() != kCodeSecretBytes) return code_bad("secret", "must be 32 bytes");
  if (key_index < 0 || key_index > kMaxKeyIndex) return code_bad("key_index", "must be 0 to 9999999");
  if (!internal::in_time_range(now_unix_s)) return code_bad("now", internal::kTimeRangeText);
  MEDINS_ASSIGN_OR_RETURN(std::uint64_t step, totp_step(now_unix_s, kCodePeriodS, 0));
  MEDINS_ASSIGN_OR_RETURN(std::string totp, hotp(code_params(secret), step));
  std::string code(kCodeScheme);
  put_digits(code, static_cast<std::uint64_t>(key_index), kIndexDigits);
  code += totp;
  code += luhn_digit(code);
  const auto from = static_cast<std::int64_t>(step) * kCodePeriodS;
  return GeneratedCode{std::move(code), from, from + kCodePeriodS};
}

Result<GeneratedCode> generate_code(std::string_view sealed, std::int64_t key_index, std::string_view device,
                                    const identity::DeviceSecret& secret, std::int64_t now_unix_s) {
  MEDINS_ASSIGN_OR_RETURN(keys::SecretKey device_key, identity::open_device(device, secret));
  auto code_secret = keys::unseal(sealed, device_key);
  if (!code_secret.ok() && code_secret.status().code() == Code::KeysUnwrapFailed)
    return Status(Code::CodeWrongDevice, "the sealed code secret does not open with this device's key");
  if (!code_secret.ok()) return code_bad("sealed", "must be the k4.seal of code.provision");
  return code_for_secret(code_secret->bytes.span(), key_index, now_unix_s);
}

Result<CodeVerdict> verify_code(std::string_view code, std::span<const std::uint8_t> secret,
                                const CodeCheck& check, const CodeState& state) {
  if (secret.size() != kCodeSecretBytes) return code_bad("secret", "must be 32 bytes");
  if (check.key_index < 0 || check.key_index > kMaxKeyIndex) return code_bad("key_index", "must be 0 to 9999999");
  if (check.window < 0 || check.window > kMaxCodeWindow) return code_bad("window", "must be 0 to 4");
  if (check.max_failures < 1 || check.max_failures > kMaxFailuresLimit)
    return code_bad("max_failures", "must be 1 to 100");
  if (!internal::in_time_range(check.now_unix_s)) return code_bad("now", internal::kTimeRangeText);
  if (state.failures < 0) return code_bad("state.failures", "must not be negative");
  if (state.last_step && *state.last_step < 0) return code_bad("state.last_step", "must not be negative");

  if (code.size() != kCodeLength || code.substr(0, kCodeScheme.size()) != kCodeScheme ||
      !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return Status(Code::CodeMalformed, "not an 18-digit medins dynamic code");
  if (luhn_digit(code.substr(0, kCodeLength - 1)) != code.back())
    return Status(Code::CodeCheckDigit, "the code's check digit is wrong: it was misread or mistyped");
  std::int64_t index = 0;
  for (char c : code.substr(kCodeScheme.size(), kIndexDigits)) index = index * 10 + (c - '0');
  if (index != check.key_index)
    return Status(Code::CodeWrongKeyIndex, "the code names another key index", nlohmann::json{{"key_index", index}});
  // Locked before any comparison, so a locked device gives no more guesses.
  if (state.failures >= check.max_failures)
    return Status(Code::CodeLocked, "too many wrong codes for this device; the issuer must reset it");

  MEDINS_ASSIGN_OR_RETURN(std::uint64_t step, totp_step(check.now_unix_s, kCodePeriodS, 0));
  const std::string_view totp = code.substr(kCodeScheme.size() + kIndexDigits, kCodeTotpDigits);
  MEDINS_ASSIGN_OR_RETURN(OtpMatch match, verify_hotp(code_params(secret), step, totp, check.window));
  CodeVerdict verdict;
  verdict.state = state;
  if (!match.valid) {
    verdict.state.failures = state.failures + 1;
    return verdict;
  }
  const std::int64_t matched = static_cast<std::int64_t>(step) + *match.offset;
  // One use per time step, and never an older step after a newer one: a code
  // seen over the patient's shoulder is worthless once it was scanned.
  if (state.last_step && matched <= *state.last_step)
    return Status(Code::CodeReused, "this code (or a newer one) was already accepted");
  verdict.valid = true;
  verdict.offset = match.offset;
  verdict.state.last_step = matched;
  verdict.state.failures = 0;
  return verdict;
}

}  // namespace medins::authorization
