// Coverage credentials: claims checked field by field, signed and verified
// under a keyset by signed_json like every other token medins hands out.
#include "medins/coverage.hpp"

#include <algorithm>

#include "identity/paseto.hpp"
#include "identity/signed_json.hpp"
#include "internal/calendar.hpp"
#include "internal/json_util.hpp"
#include "keys/paserk.hpp"

namespace medins::coverage {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxIdBytes = 256;
constexpr std::size_t kMaxCodeBytes = 32;

Status bad(std::string_view field, std::string_view what) {
  return internal::field_error(Code::CoverageBadClaims, field, what);
}

// Codes (condition, category, care level) are short ASCII tokens, so a
// phone's page can key translations and the catalogue by them.
bool is_code(std::string_view s) {
  if (s.empty() || s.size() > kMaxCodeBytes) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

bool is_digits(std::string_view s, std::size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A member of `object` (absent and null alike nullptr): claims are read by
// name, and every member not read is refused below.
const json* member(const json& object, const char* name) {
  auto it = object.find(name);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

Result<std::string> text(const json& object, const char* name, const std::string& path, bool code) {
  const json* v = member(object, name);
  if (!v || !v->is_string()) return bad(path, "is required (a string)");
  const std::string& s = v->get_ref<const std::string&>();
  if (code ? !is_code(s) : (s.empty() || s.size() > kMaxIdBytes || !identity::paseto::is_utf8(s)))
    return bad(path, code ? "must be 1 to 32 characters A-Z a-z 0-9 _ - ." : "must be 1 to 256 bytes of UTF-8");
  return s;
}

Result<Date> date(const json& object, const char* name, const std::string& path) {
  const json* v = member(object, name);
  if (!v || !v->is_string()) return bad(path, "is required (a date YYYY-MM-DD)");
  auto day = internal::parse_iso_date(v->get_ref<const std::string&>());
  if (!day) return bad(path, "must be a date YYYY-MM-DD");
  return static_cast<Date>(day->year * 10000 + day->month * 100 + day->day);
}

// {from, until?} under `prefix`; until, when given, is not before from.
Result<Period> period(const json& object, const std::string& prefix, const char* from_name, const char* until_name,
                      bool until_required) {
  Period p;
  MEDINS_ASSIGN_OR_RETURN(p.from, date(object, from_name, prefix + from_name));
  if (until_required || member(object, until_name)) {
    MEDINS_ASSIGN_OR_RETURN(p.until, date(object, until_name, prefix + until_name));
    if (*p.until < p.from) return bad(prefix + until_name, "is before " + std::string(from_name));
  }
  return p;
}

// Unknown members are refused: a misspelt "guardain" must not silently
// drop the check it was meant to enable.
Status only(const json& object, std::initializer_list<std::string_view> names, const std::string& prefix) {
  for (auto it = object.begin(); it != object.end(); ++it)
    if (std::find(names.begin(), names.end(), it.key()) == names.end())
      return bad(prefix + it.key(), "is not a coverage claim");
  return ok_status();
}

Result<std::vector<Condition>> read_conditions(const json& claims) {
  std::vector<Condition> out;
  const json* list = member(claims, "conditions");
  if (!list) return out;
  if (!list->is_array()) return bad("conditions", "must be an array");
  if (list->size() > kMaxConditions) return bad("conditions", "lists more than 64 conditions");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string prefix = "conditions[" + std::to_string(i) + "].";
    const json& item = (*list)[i];
    if (!item.is_object()) return bad(prefix.substr(0, prefix.size() - 1), "must be an object");
    MEDINS_RETURN_IF_ERROR(only(item, {"code", "from", "until"}, prefix));
    Condition c;
    MEDINS_ASSIGN_OR_RETURN(c.code, text(item, "code", prefix + "code", true));
    MEDINS_ASSIGN_OR_RETURN(c.recognized, period(item, prefix, "from", "until", false));
    for (const Condition& before : out)
      if (before.code == c.code) return bad(prefix + "code", "is listed twice");
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::optional<CareEligibility>> read_care(const json& claims) {
  const json* care = member(claims, "long_term_care");
  if (!care) return std::optional<CareEligibility>();
  if (!care->is_object()) return bad("long_term_care", "must be an object");
  MEDINS_RETURN_IF_ERROR(only(*care, {"level", "from", "until"}, "long_term_care."));
  CareEligibility e;
  MEDINS_ASSIGN_OR_RETURN(e.level, text(*care, "level", "long_term_care.level", true));
  MEDINS_ASSIGN_OR_RETURN(e.period, period(*care, "long_term_care.", "from", "until", false));
  return std::optional<CareEligibility>(std::move(e));
}

}  // namespace

std::string_view scheme_string(Scheme scheme) { return scheme == Scheme::kEmployee ? "employee" : "resident"; }

Result<Claims> parse_claims(const json& claims) {
  if (!claims.is_object()) return bad("coverage", "must be an object");
  MEDINS_RETURN_IF_ERROR(only(claims,
                              {"sub", "scheme", "member_category", "admdvs", "insutype", "valid_from", "valid_until",
                               "conditions", "long_term_care", "guardian"},
                              ""));
  Claims c;
  MEDINS_ASSIGN_OR_RETURN(c.sub, text(claims, "sub", "sub", false));
  MEDINS_ASSIGN_OR_RETURN(std::string scheme, text(claims, "scheme", "scheme", true));
  if (scheme == "employee") c.scheme = Scheme::kEmployee;
  else if (scheme == "resident") c.scheme = Scheme::kResident;
  else return bad("scheme", "must be \"employee\" or \"resident\"");
  MEDINS_ASSIGN_OR_RETURN(c.member_category, text(claims, "member_category", "member_category", true));
  MEDINS_ASSIGN_OR_RETURN(c.admdvs, text(claims, "admdvs", "admdvs", true));
  if (!is_digits(c.admdvs, 6)) return bad("admdvs", "must be a 6-digit administrative division code");
  MEDINS_ASSIGN_OR_RETURN(c.insutype, text(claims, "insutype", "insutype", true));
  if (!is_digits(c.insutype, 3)) return bad("insutype", "must be a 3-digit insurance type code");
  MEDINS_ASSIGN_OR_RETURN(c.valid, period(claims, "", "valid_from", "valid_until", true));
  MEDINS_ASSIGN_OR_RETURN(c.conditions, read_conditions(claims));
  MEDINS_ASSIGN_OR_RETURN(c.long_term_care, read_care(claims));
  if (member(claims, "guardian")) {
    MEDINS_ASSIGN_OR_RETURN(c.guardian, text(claims, "guardian", "guardian", false));
    if (*c.guardian == c.sub) return bad("guardian", "must be another person than sub");
  }
  return c;
}

Result<Issued> issue(const json& claims, std::string_view secret_key) {
  MEDINS_ASSIGN_OR_RETURN(keys::SecretKey key, keys::require_secret(secret_key));
  // Issuers get the same checks as phones, before anything is signed.
  MEDINS_RETURN_IF_ERROR(parse_claims(claims).status());
  const std::string payload = internal::dump_safe(claims);
  if (payload.size() > kMaxClaimsBytes) return bad("coverage", "is over 16 KiB as JSON text");
  Issued out;
  out.token = identity::signed_json::sign(key, payload, kImplicit);
  out.kid = keys::pid_of(key.public_key());
  return out;
}

Result<Verified> verify(std::string_view token, std::span<const std::string> public_keys) {
  if (public_keys.empty() || public_keys.size() > kMaxKeys)
    return internal::field_error(Code::CoverageBadInput, "keys", "must list 1 to 32 k4.public keys");
  std::vector<keys::PublicKey> keys;
  for (std::size_t i = 0; i < public_keys.size(); ++i) {
    auto key = keys::parse_public(public_keys[i], Code::CoverageBadInput);
    if (!key.ok())
      return internal::field_error(Code::CoverageBadInput, "keys[" + std::to_string(i) + "]", "must be a k4.public key");
    keys.push_back(*key);
  }
  auto verified = identity::signed_json::verify(token, keys, kImplicit);
  if (verified.fault == identity::signed_json::Fault::kUnknownKid)
    return Status(Code::CoverageUnknownKey, "the coverage's kid names none of the insurer keys");
  // One message for every other failure, so a forger learns nothing.
  const Status forged(Code::CoverageInvalid, "the coverage does not verify against the insurer keys");
  if (verified.fault != identity::signed_json::Fault::kNone || !identity::paseto::is_utf8(verified.payload))
    return forged;
  auto parsed = internal::parse_strict(verified.payload, Code::CoverageInvalid, {4, kMaxClaimsBytes});
  if (!parsed.ok()) return forged;
  Verified out;
  // Signed by a trusted insurer, so naming the field at fault tells a forger nothing.
  MEDINS_ASSIGN_OR_RETURN(out.claims, parse_claims(*parsed));
  out.json = std::move(*parsed);
  out.kid = keys::pid_of(keys[verified.signer]);
  return out;
}

Date date_of(std::int64_t unix_s) {
  constexpr std::int64_t kChinaOffsetS = 8 * 3600;
  constexpr std::int64_t kDayS = 86400;
  std::int64_t local = unix_s + kChinaOffsetS;
  std::int64_t days = local / kDayS - (local % kDayS < 0 ? 1 : 0);
  const auto day = internal::civil_from_days(days);
  return static_cast<Date>(day.year * 10000 + static_cast<std::int64_t>(day.month) * 100 + day.day);
}

bool region_within(std::string_view admdvs, std::string_view scope) {
  if (!is_digits(admdvs, 6) || !is_digits(scope, 6)) return false;
  std::size_t prefix = 6;
  while (prefix > 2 && scope.substr(prefix - 2, 2) == "00") prefix -= 2;
  return admdvs.substr(0, prefix) == scope.substr(0, prefix);
}

const Condition* recognized_on(const Claims& claims, std::string_view code, Date day) {
  for (const Condition& c : claims.conditions)
    if (c.code == code && c.recognized.contains(day)) return &c;
  return nullptr;
}

}  // namespace medins::coverage
