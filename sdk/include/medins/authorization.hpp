// Authorization: one-time passwords (RFC 4226 / RFC 6238), canonical order
// digests (RFC 8785 + BLAKE2b-256), order-bound one-time grants signed by the
// device key and verified offline by a backend, and 18-digit dynamic
// insurance codes for counters. Every function mirrors an op of the table
// (otp.*, order.*, grant.*, code.*) and reports failures by value.
// docs/authorization.md describes the flow and what each check prevents.
#ifndef MEDINS_AUTHORIZATION_HPP
#define MEDINS_AUTHORIZATION_HPP

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "medins/coverage.hpp"
#include "medins/env.hpp"
#include "medins/identity.hpp"
#include "medins/status.hpp"

namespace medins::authorization {

// ---- One-time passwords ----

enum class OtpAlgorithm { kSha1, kSha256, kSha512 };

inline constexpr int kMinOtpDigits = 6;
inline constexpr int kMaxOtpDigits = 10;
// RFC 4226 §4 R6: shared secrets of at least 128 bits.
inline constexpr std::size_t kMinOtpSecretBytes = 16;
inline constexpr std::size_t kMaxOtpSecretBytes = 1024;
inline constexpr std::int64_t kMaxOtpWindow = 10;

struct OtpParams {
  std::span<const std::uint8_t> secret;  // the shared secret; the caller owns and wipes it
  OtpAlgorithm algorithm = OtpAlgorithm::kSha256;
  int digits = 6;
};

// Returns the RFC 4226 HOTP value of `counter` as `digits` zero-padded digits;
// fails with otp.bad_input when the secret length or digit count is out of range.
Result<std::string> hotp(const OtpParams& params, std::uint64_t counter);

// Returns the RFC 6238 time step floor((time - t0) / period); fails with
// otp.bad_input when period < 1 or time < t0.
Result<std::uint64_t> totp_step(std::int64_t time, std::int64_t period, std::int64_t t0);

struct OtpMatch {
  bool valid = false;
  std::optional<std::int64_t> offset;  // steps from `counter` to the matching one
};

// Returns whether `code` equals the HOTP value of a counter within `window`
// steps either side of `counter` (the nearest match wins, every candidate is
// computed and compared in constant time); fails with otp.bad_input for a
// window outside 0..10 or the errors of hotp().
Result<OtpMatch> verify_hotp(const OtpParams& params, std::uint64_t counter, std::string_view code,
                             std::int64_t window);

// ---- Canonical order digests ----

// Limits on an order: its canonical form and its nesting.
inline constexpr std::size_t kMaxOrderBytes = 64 * 1024;
inline constexpr int kMaxOrderDepth = 8;
// Integers an ES6 number holds exactly (RFC 8785 serializes numbers as doubles).
inline constexpr std::int64_t kMaxSafeInteger = 9007199254740991;

// Returns the RFC 8785 canonical form of `value` (keys sorted by UTF-16 code
// units, ES6 string escaping, integers in decimal); fails with
// order.non_integer_number for any fraction or exponent number,
// order.integer_out_of_range beyond ±(2^53 - 1), order.too_large past the limits.
Result<std::string> canonicalize(const nlohmann::json& value);

struct OrderDigest {
  std::string digest;     // base64url(BLAKE2b-256(canonical))
  std::string canonical;  // the exact bytes hashed
};

// Returns the digest of `order`, which must be a JSON object; fails like
// canonicalize() and with order.bad_input for a non-object.
Result<OrderDigest> order_digest(const nlohmann::json& order);

// ---- Grants ----

// The longest (and default) lifetime of a grant, seconds.
inline constexpr std::int64_t kMaxGrantTtlS = 300;
// How long after its exp a grant's jti stays in the replay store: longer than
// any leeway a verifier may use, so the jti is remembered while the grant can
// still pass the time checks anywhere.
inline constexpr std::int64_t kGrantReplayMarginS = 86400 + 60;

// What the patient agreed to pay, split by source, in fen.
struct Amounts {
  std::int64_t fund_fen = 0;     // insurance pooling fund
  std::int64_t account_fen = 0;  // personal account
  std::int64_t cash_fen = 0;     // paid by the patient
  bool operator==(const Amounts&) const = default;
};

struct GrantRequest {
  std::string device;                 // the device blob of identity.device.create
  identity::DeviceSecret secret;      // its PIN or platform key; the caller wipes it
  std::string identity_token;         // the v4.public identity token bound (cnf) to this device
  nlohmann::json order;               // the order as shown (an object; see docs/authorization.md)
  std::string scope;
  Amounts amounts;                    // must equal order.amounts
  std::string consent_text;           // the exact text the patient confirmed
  std::int64_t now_unix_s = 0;
  std::int64_t ttl_s = kMaxGrantTtlS;
  // A guardian authorizing a dependent's order: the dependent's sub, and the
  // dependent's verified coverage naming the identity token's sub as guardian.
  std::optional<std::string> on_behalf_of;
  std::optional<coverage::Claims> coverage;
};

struct Grant {
  std::string token;  // v4.public, signed by the device key
  std::string jti;
  std::string order_digest;
  std::int64_t iat = 0;
  std::int64_t exp = 0;
};

// Returns a grant signed by the device key opened from `request.device`
// (the device side of grant.create); fails with the device.* codes of opening
// the blob, grant.bad_input, order.*, grant.amount_mismatch (amounts differ
// from the order's), grant.wrong_device (the identity token names another
// device), grant.no_entropy, or for on_behalf_of grant.coverage_required,
// grant.on_behalf_mismatch (the coverage is someone else's),
// grant.guardian_mismatch (it names another guardian than the token's sub),
// grant.coverage_not_active (not valid on now's date, China Standard Time).
Result<Grant> create_grant(const GrantRequest& request, Random& random);


struct GrantCheck {
  identity::VerifyIdentityOptions identity;   // how the identity token is verified; now_unix_s is the clock
  nlohmann::json order;                       // the order as the backend knows it
  std::string scope;                          // the scope this endpoint serves
  std::string consent_text;                   // the consent text the backend gave the app for this order (required)
  std::optional<std::string> on_behalf_of;    // the dependent the order is for, if not the token's subject
  std::optional<coverage::Claims> coverage;   // that dependent's verified coverage
};

struct Authorization {
  std::string number;        // 20 decimal digits derived from the grant (docs/authorization.md)
  std::string order_id;
  std::string order_digest;
  std::string payee;
  std::string scope;
  Amounts amounts;
  std::string device;        // k4.pid of the device key
  std::optional<std::string> subject;  // the identity token's sub
  std::optional<std::string> on_behalf_of;  // the dependent's sub, when the subject acted as guardian
  std::string jti;
  std::int64_t iat = 0;
  std::int64_t exp = 0;
  ReplayClaim replay;  // the key remembered in `replay`, for a store shared across processes
};

// Returns the authorization record of `grant` if the identity token verifies,
// the grant is signed by the token's cnf device key, matches the order,
// payee, amounts, scope, consent and identity token, is within its lifetime,
// and its jti is new to `replay` (remembered from then on); fails with
// grant.bad_input for an empty consent text, the token.* codes of
// identity::verify_identity, grant.invalid for any
// cryptographic or format failure, or the specific grant.* code of the first
// check that fails; a grant signed on behalf of a dependent must be expected
// (check.on_behalf_of) and come with that dependent's coverage, checked as
// create_grant checks it (grant.on_behalf_mismatch, grant.coverage_required,
// grant.guardian_mismatch, grant.coverage_not_active).
Result<Authorization> verify_grant(std::string_view grant, std::string_view identity_token,
                                   const GrantCheck& check, ReplayStore& replay);

// Returns the authorization number of a grant token: the first 8 bytes of
// BLAKE2b-256("medins.authorization-number.v1" || token), big-endian, as 20
// zero-padded decimal digits.
std::string authorization_number(std::string_view grant);

// ---- Dynamic insurance codes ----

// The 18-digit code: scheme prefix (2) || key index (7) || TOTP (8) || Luhn check (1).
inline constexpr std::string_view kCodeScheme = "90";
inline constexpr std::size_t kCodeLength = 18;
inline constexpr std::int64_t kMaxKeyIndex = 9999999;
inline constexpr std::int64_t kCodePeriodS = 30;
inline constexpr int kCodeTotpDigits = 8;
inline constexpr std::int64_t kDefaultCodeWindow = 1;
inline constexpr std::int64_t kMaxCodeWindow = 4;
inline constexpr std::int64_t kDefaultMaxCodeFailures = 5;

struct ProvisionedCode {
  std::string sealed;     // k4.seal of the code secret to the device key (only the device opens it)
  std::string secret;     // the same secret, k4.local, for the issuer's records
  std::int64_t key_index = 0;
};

// Returns a fresh 32-byte code secret for the device `device_public_key`
// ("k4.public.…"), sealed to it; fails with code.bad_input for a key index
// outside 0..9999999, keys.* for a bad key, code.no_entropy.
Result<ProvisionedCode> provision_code(std::string_view device_public_key, std::int64_t key_index,
                                       Random& random);

struct GeneratedCode {
  std::string code;            // 18 digits
  std::int64_t valid_from = 0; // start of its time step, Unix seconds
  std::int64_t valid_until = 0;// end of its time step (exclusive)
};

// Returns the dynamic code at `now_unix_s` for the code secret `sealed`
// (code.provision's k4.seal), opened with the device key of `device` (the
// device side of code.generate); fails with the device.* codes of opening the
// blob, code.wrong_device (sealed to another device, or altered) or
// code.bad_input.
Result<GeneratedCode> generate_code(std::string_view sealed, std::int64_t key_index, std::string_view device,
                                    const identity::DeviceSecret& secret, std::int64_t now_unix_s);

// Returns the code for a code secret already opened (the issuer's side, and
// tests); fails with code.bad_input for a key index or time out of range.
Result<GeneratedCode> code_for_secret(std::span<const std::uint8_t> secret, std::int64_t key_index,
                                      std::int64_t now_unix_s);

// The issuer's per-device verification state, persisted between calls.
struct CodeState {
  std::optional<std::int64_t> last_step;  // the time step of the last accepted code
  std::int64_t failures = 0;              // wrong codes since the last accepted one
};

struct CodeCheck {
  std::int64_t key_index = 0;  // the index the issuer looked the secret up by
  std::int64_t now_unix_s = 0;
  std::int64_t window = kDefaultCodeWindow;
  std::int64_t max_failures = kDefaultMaxCodeFailures;
};

struct CodeVerdict {
  bool valid = false;
  std::optional<std::int64_t> offset;  // steps between the code's and now's
  CodeState state;                     // the state to persist
};

// Returns whether `code` is the device's code within `check.window` steps of
// now and newer than the last accepted one, with the updated state (a wrong
// code counts a failure, a right one resets the count); fails with
// code.malformed, code.check_digit, code.wrong_key_index, code.reused (its
// step, or a later one, was already accepted), code.locked (max_failures
// reached) or code.bad_input.
Result<CodeVerdict> verify_code(std::string_view code, std::span<const std::uint8_t> secret,
                                const CodeCheck& check, const CodeState& state);

}  // namespace medins::authorization

#endif  // MEDINS_AUTHORIZATION_HPP
