// Registered PASETO claims: RFC 3339 dates and their checks against a clock,
// shared by identity tokens and device proofs.
#ifndef MEDINS_SRC_IDENTITY_CLAIMS_HPP
#define MEDINS_SRC_IDENTITY_CLAIMS_HPP

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "internal/checked_time.hpp"
#include "keys/paserk.hpp"
#include "medins/status.hpp"

namespace medins::identity {

// The Unix seconds range a claim date may take: 0000-01-01 to 9999-12-31, what
// RFC 3339's four-digit year can write. Times medins itself reads (`now`) are
// narrower: internal::kMinTime..kMaxTime.
inline constexpr std::int64_t kMinUnix = -62167219200;
inline constexpr std::int64_t kMaxUnix = internal::kMaxTime;

// Returns the Unix seconds of an RFC 3339 date-time with a mandatory offset
// ("2026-01-01T08:00:00+08:00", "…Z", fractions truncated), or nullopt for
// anything else (no offset, out-of-range fields, trailing bytes).
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

// Returns `unix_s` as "YYYY-MM-DDTHH:MM:SS+00:00"; `unix_s` must lie in
// [kMinUnix, kMaxUnix].
std::string format_rfc3339(std::int64_t unix_s);

// The times of a claims object, already parsed.
struct ClaimTimes {
  std::int64_t exp = 0;
  std::optional<std::int64_t> nbf;
  std::optional<std::int64_t> iat;
};

// Reads exp (required: token.missing_claim), nbf and iat; token.invalid_claim
// when one is not an RFC 3339 string with an offset.
Result<ClaimTimes> read_times(const nlohmann::json& claims);

// token.expired when now >= exp + leeway; token.not_yet_valid when nbf or iat
// lies beyond now + leeway. `now` and `leeway` are already range-checked.
Status check_times(const ClaimTimes& times, std::int64_t now, std::int64_t leeway);

// Returns the string claim `name`, nullopt when absent, token.invalid_claim
// when present but not a string.
Result<std::optional<std::string>> string_claim(const nlohmann::json& claims, std::string_view name);

// The confirmation claim binding a token to a device key (RFC 7800 ideas):
// {"kpid": "k4.pid.…", "k": "k4.public.…"}, kpid being k's PASERK id.
struct Cnf {
  std::string kpid;
  keys::PublicKey key;
};

// Returns the parsed cnf, nullopt when absent, token.invalid_claim when it is
// not an object of exactly those two members or kpid is not k's id.
Result<std::optional<Cnf>> read_cnf(const nlohmann::json& claims);

// Returns the cnf object for the device key `key`.
nlohmann::json make_cnf(const keys::PublicKey& key);

// Returns the k4.pid of the device a v4.public token's cnf claim binds it to,
// read WITHOUT checking the signature: for a device to refuse signing under
// another device's token (what it cannot verify); nullopt when the token is
// not a v4.public token with claims in 64 KiB, or names no device.
std::optional<std::string> unverified_device_pid(std::string_view token);

}  // namespace medins::identity

#endif  // MEDINS_SRC_IDENTITY_CLAIMS_HPP
