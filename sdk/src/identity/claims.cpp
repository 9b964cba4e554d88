#include "identity/claims.hpp"

#include "identity/paseto.hpp"
#include "internal/calendar.hpp"
#include "internal/encoding.hpp"
#include "internal/json_util.hpp"

namespace medins::identity {
namespace {

// Reads exactly `n` ASCII digits at `pos`.
bool digits(std::string_view s, std::size_t pos, std::size_t n, unsigned& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return true;
}

void put2(std::string& out, unsigned v) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view s) {
  unsigned year, month, day, hour, minute, second;
  if (!digits(s, 0, 4, year) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, month) ||
      s[7] != '-' || !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't') ||
      !digits(s, 11, 2, hour) || s[13] != ':' || !digits(s, 14, 2, minute) || s[16] != ':' ||
      !digits(s, 17, 2, second))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > internal::days_in_month(year, month) || hour > 23 ||
      minute > 59 || second > 60)
    return std::nullopt;
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    const std::size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  // The offset is mandatory: a date without one names a different instant in
  // every time zone, and an identity token must mean one instant.
  std::int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    unsigned oh, om;
    if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset = (s[pos] == '+' ? 1 : -1) * static_cast<std::int64_t>(oh * 3600 + om * 60);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const std::int64_t unix_s = internal::days_from_civil({year, month, day}) * 86400 + hour * 3600 +
                              minute * 60 + second - offset;
  if (unix_s < kMinUnix || unix_s > kMaxUnix) return std::nullopt;
  return unix_s;
}

std::string format_rfc3339(std::int64_t unix_s) {
  std::int64_t days = unix_s / 86400;
  std::int64_t rem = unix_s % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  const internal::CivilDate date = internal::civil_from_days(days);
  const std::int64_t y = date.year;
  const unsigned m = date.month, d = date.day;
  std::string out;
  out.reserve(25);
  put2(out, static_cast<unsigned>(y / 100));
  put2(out, static_cast<unsigned>(y % 100));
  out.push_back('-');
  put2(out, m);
  out.push_back('-');
  put2(out, d);
  out.push_back('T');
  put2(out, static_cast<unsigned>(rem / 3600));
  out.push_back(':');
  put2(out, static_cast<unsigned>(rem / 60 % 60));
  out.push_back(':');
  put2(out, static_cast<unsigned>(rem % 60));
  out += "+00:00";
  return out;
}

Result<std::optional<std::string>> string_claim(const nlohmann::json& claims, std::string_view name) {
  auto it = claims.find(name);
  if (it == claims.end()) return std::optional<std::string>();
  if (!it->is_string())
    return Status(Code::TokenInvalidClaim, "claim " + std::string(name) + " must be a string");
  return std::optional<std::string>(it->get_ref<const std::string&>());
}

namespace {

// The date-time claim `name` as Unix seconds; nullopt when the token has none.
Result<std::optional<std::int64_t>> time_claim(const nlohmann::json& claims, std::string_view name) {
  MEDINS_ASSIGN_OR_RETURN(auto text, string_claim(claims, name));
  if (!text) return std::optional<std::int64_t>();
  auto value = parse_rfc3339(*text);
  if (!value)
    return Status(Code::TokenInvalidClaim,
                  "claim " + std::string(name) + " must be an RFC 3339 date-time with an offset");
  return value;
}

}  // namespace

Result<ClaimTimes> read_times(const nlohmann::json& claims) {
  ClaimTimes times;
  MEDINS_ASSIGN_OR_RETURN(auto exp, time_claim(claims, "exp"));
  if (!exp) return Status(Code::TokenMissingClaim, "claim exp is required");
  times.exp = *exp;
  MEDINS_ASSIGN_OR_RETURN(times.nbf, time_claim(claims, "nbf"));
  MEDINS_ASSIGN_OR_RETURN(times.iat, time_claim(claims, "iat"));
  return times;
}

Status check_times(const ClaimTimes& times, std::int64_t now, std::int64_t leeway) {
  const std::int64_t latest = internal::add_sat(now, leeway);
  if (now >= internal::add_sat(times.exp, leeway)) return Status(Code::TokenExpired, "token has expired");
  if (times.nbf && *times.nbf > latest)
    return Status(Code::TokenNotYetValid, "token is not valid yet (nbf)");
  if (times.iat && *times.iat > latest)
    return Status(Code::TokenNotYetValid, "token was issued in the future (iat)");
  return ok_status();
}

Result<std::optional<Cnf>> read_cnf(const nlohmann::json& claims) {
  auto it = claims.find("cnf");
  if (it == claims.end()) return std::optional<Cnf>();
  const Status bad(Code::TokenInvalidClaim, "claim cnf must be {\"kpid\": k4.pid, \"k\": k4.public}");
  if (!it->is_object() || it->size() != 2) return bad;
  auto kpid = it->find("kpid");
  auto k = it->find("k");
  if (kpid == it->end() || k == it->end() || !kpid->is_string() || !k->is_string()) return bad;
  auto key = keys::parse_public(k->get_ref<const std::string&>(), Code::TokenInvalidClaim);
  if (!key.ok()) return bad;
  Cnf cnf{keys::pid_of(*key), *key};
  if (cnf.kpid != kpid->get_ref<const std::string&>()) return bad;
  return std::optional<Cnf>(std::move(cnf));
}

nlohmann::json make_cnf(const keys::PublicKey& key) {
  return {{"kpid", keys::pid_of(key)}, {"k", keys::encode_public(key.bytes)}};
}

std::optional<std::string> unverified_device_pid(std::string_view token) {
  if (token.substr(0, paseto::kPublicHeader.size()) != paseto::kPublicHeader) return std::nullopt;
  std::string_view body = token.substr(paseto::kPublicHeader.size());
  body = body.substr(0, body.find('.'));
  auto raw = internal::base64url_decode(body);
  if (!raw || raw->size() < paseto::kSignatureBytes) return std::nullopt;
  const std::string_view payload(reinterpret_cast<const char*>(raw->data()), raw->size() - paseto::kSignatureBytes);
  auto claims = internal::parse_strict(payload, Code::TokenInvalid, {8, 65536});
  if (!claims.ok() || !claims->is_object()) return std::nullopt;
  auto cnf = read_cnf(*claims);
  if (!cnf.ok() || !cnf->has_value()) return std::nullopt;
  return std::move((*cnf)->kpid);
}

}  // namespace medins::identity
