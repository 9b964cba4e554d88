// Coverage credentials (docs/coverage.md): the insurer signs, as a v4.public
// token, who a patient is covered by and for what (scheme, region, validity,
// recognized chronic conditions, long-term-care eligibility, a guardian for a
// dependent); the phone keeps it and hands it to estimate and grant.create.
#ifndef MEDINS_COVERAGE_HPP
#define MEDINS_COVERAGE_HPP

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "medins/status.hpp"

namespace medins::coverage {

// The implicit assertion every coverage token is signed under, so no other
// medins signature (a grant, a receipt, a status event) passes as coverage.
inline constexpr std::string_view kImplicit = "medins.coverage.v1";
// Bounds on what a phone reads: Chongqing recognizes 53 special chronic
// diseases, so 64 conditions per person is above any real credential.
inline constexpr std::size_t kMaxConditions = 64;
inline constexpr std::size_t kMaxClaimsBytes = 16 * 1024;
inline constexpr std::size_t kMaxKeys = 32;

enum class Scheme { kEmployee, kResident };

// A calendar date as yyyymmdd (20250630), comparable as an integer: the same
// key as estimate::DateKey.
using Date = std::int32_t;

// Inclusive dates; `until` nullopt is open-ended.
struct Period {
  Date from = 0;
  std::optional<Date> until;
  bool contains(Date day) const { return from <= day && (!until || day <= *until); }
};

struct Condition {
  std::string code;  // a code of the policy's condition catalogue
  Period recognized;
};

struct CareEligibility {
  std::string level;  // the assessed level, as the insurer's assessment names it
  Period period;
};

struct Claims {
  std::string sub;
  Scheme scheme = Scheme::kEmployee;
  std::string member_category;
  std::string admdvs;    // 6-digit administrative division code of the insuring region
  std::string insutype;  // 3-digit national insurance type (310, 390, …)
  Period valid;          // valid_from..valid_until; until is always set
  std::vector<Condition> conditions;
  std::optional<CareEligibility> long_term_care;
  std::optional<std::string> guardian;  // the parent's sub, for a dependent on their account
};

struct Verified {
  Claims claims;
  nlohmann::json json;  // the signed claims object
  std::string kid;      // k4.pid of the insurer key that signed it
};

// Returns "employee" or "resident".
std::string_view scheme_string(Scheme scheme);

// Reads and checks claims; fails with coverage.bad_claims naming the first
// field at fault (every field is checked; unknown members are refused).
Result<Claims> parse_claims(const nlohmann::json& claims);

struct Issued {
  std::string token;  // v4.public, footer {"kid": k4.pid}
  std::string kid;
};

// Signs `claims` once parse_claims accepts them; fails with coverage.bad_claims,
// or keys.invalid_key / keys.wrong_key_type for a bad k4.secret.
Result<Issued> issue(const nlohmann::json& claims, std::string_view secret_key);

// Returns the claims of `token` if one of `public_keys` (k4.public, picked by
// the footer's kid) signed it: coverage.bad_input for a bad key list,
// coverage.unknown_key when the kid names none of them, coverage.invalid for
// any other failure of the token, coverage.bad_claims for signed claims that
// parse_claims refuses.
Result<Verified> verify(std::string_view token, std::span<const std::string> public_keys);

// The calendar date of `unix_s` in China Standard Time (UTC+8, the one time
// zone of the schemes whose claims these are), for "is it active now".
Date date_of(std::int64_t unix_s);

// Whether a region of the policy, `scope` (6 digits), includes `admdvs`:
// trailing "00" pairs of the scope are wildcards (500000 is all of Chongqing,
// 500100 its districts 5001xx), so a district's coverage meets a city's policy.
bool region_within(std::string_view admdvs, std::string_view scope);

// The condition `code` if recognized on `day`, else nullptr.
const Condition* recognized_on(const Claims& claims, std::string_view code, Date day);

}  // namespace medins::coverage

#endif  // MEDINS_COVERAGE_HPP
