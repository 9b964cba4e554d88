// Estimate vs official pre-settlement (2206): exact yuan parsing and the diff.
#include <cstring>
#include <string>

#include "estimate/arith.hpp"
#include "internal/json_util.hpp"
#include "estimate/estimate_internal.hpp"
#include "medins/estimate.hpp"

namespace medins::estimate {
namespace {

using nlohmann::json;

// Official amounts beyond 10^13 yuan are refused: below this bound a binary64
// is finer than a fen (ulp < 0.004 yuan), so at most one two-decimal value can
// round to a given double, and every such value has ≤ 15 significant digits.
constexpr std::int64_t kMaxFen = 1'000'000'000'000'000;  // 10^15 fen

std::optional<std::int64_t> parse_yuan_text(std::string_view text) {
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  std::int64_t fen = 0;
  std::size_t i = 0, int_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++int_digits)
    if (!internal::checked_mul(fen, 10, fen) || !internal::add_to(fen, text[i] - '0')) return std::nullopt;
  if (int_digits == 0) return std::nullopt;
  std::size_t decimals = 0;
  std::int64_t cents = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++decimals) {
      if (decimals == 2) return std::nullopt;
      cents = cents * 10 + (text[i] - '0');
    }
    if (decimals == 0) return std::nullopt;  // "12." is not a decimal
  }
  if (i != text.size()) return std::nullopt;
  if (decimals == 1) cents *= 10;
  if (!internal::checked_mul(fen, 100, fen) || !internal::add_to(fen, cents) || fen > kMaxFen) return std::nullopt;
  return negative ? -fen : fen;
}

// The decimal n/100 read as a binary64 (round to nearest, ties to even) is
// `bits` exactly when n/100 lies in the double's rounding interval. That is
// decided here on integers: v = m·2^e, so with k = −e the interval
// [v − low/2, v + ulp/2] scaled by 100·2^(k+2) compares 4·n·2^k with 100·(4m ± …).
std::optional<std::int64_t> fen_of_double(std::uint64_t bits) {
  const bool negative = (bits >> 63) != 0;
  const int biased = static_cast<int>((bits >> 52) & 0x7ff);
  const std::uint64_t fraction = bits & ((std::uint64_t{1} << 52) - 1);
  if (biased == 0x7ff) return std::nullopt;
  if (biased == 0 && fraction == 0) return 0;
  // Subnormals are far below a fen; a cent amount is never one.
  if (biased == 0) return std::nullopt;
  const std::uint64_t m = fraction | (std::uint64_t{1} << 52);
  const int e = biased - 1075;
  std::int64_t fen = 0;
  if (e >= 0) {
    // An integer number of yuan; below 10^13 yuan the shift stays small.
    if (e > 10) return std::nullopt;
    const unsigned __int128 yuan = static_cast<unsigned __int128>(m) << e;
    if (yuan > static_cast<unsigned __int128>(kMaxFen / 100)) return std::nullopt;
    fen = static_cast<std::int64_t>(yuan) * 100;
  } else {
    const int k = -e;
    // v < 2^53 · 2^-100 is far below a fen (and is not zero).
    if (k > 100) return std::nullopt;
    const unsigned __int128 scaled = static_cast<unsigned __int128>(m) * 100;  // 100·v·2^k
    const unsigned __int128 floor_n = scaled >> k;
    if (floor_n > static_cast<unsigned __int128>(kMaxFen)) return std::nullopt;
    // At a power of two the next double down is half as far away.
    const bool boundary = fraction == 0 && biased > 1;
    const bool even = (m & 1) == 0;
    // Interval in units of 2^(e−2) yuan·100: [100·(4m − (boundary ? 1 : 2)), 100·(4m + 2)].
    const unsigned __int128 lo = static_cast<unsigned __int128>(100) * (4 * static_cast<unsigned __int128>(m) - (boundary ? 1 : 2));
    const unsigned __int128 hi = static_cast<unsigned __int128>(100) * (4 * static_cast<unsigned __int128>(m) + 2);
    bool found = false;
    for (unsigned __int128 n = floor_n; n <= floor_n + 1; ++n) {
      const unsigned __int128 x = (n << k) * 4;  // n·2^(k+2), below 2^104·4 for k ≤ 100 and small n
      const bool inside = even ? (x >= lo && x <= hi) : (x > lo && x < hi);
      if (inside) {
        if (found) return std::nullopt;
        found = true;
        fen = static_cast<std::int64_t>(n);
      }
    }
    if (!found) return std::nullopt;
  }
  return negative ? -fen : fen;
}

struct FieldMap {
  const char* official;
  const char* totals;
};

// 2206 output fields and the estimate figures they correspond to.
constexpr FieldMap kFields[] = {
    {"medfee_sumamt", "medfee_sumamt_fen"},   {"fulamt_ownpay_amt", "fulamt_ownpay_fen"},
    {"overlmt_selfpay", "overlmt_selfpay_fen"}, {"preselfpay_amt", "preselfpay_fen"},
    {"inscp_scp_amt", "inscp_fen"},           {"act_pay_dedc", "deductible_applied_fen"},
    {"hifp_pay", "fund_pay_fen"},             {"acct_pay", "account_pay_fen"},
    {"psn_cash_pay", "cash_pay_fen"},
};

}  // namespace

std::optional<std::int64_t> parse_yuan(const json& value) {
  if (value.is_string()) return parse_yuan_text(value.get_ref<const std::string&>());
  std::int64_t yuan = 0;
  switch (internal::read_int(&value, yuan)) {
    case internal::IntRead::kOk:
      if (yuan > kMaxFen / 100 || yuan < -kMaxFen / 100) return std::nullopt;
      return yuan * 100;
    case internal::IntRead::kFraction:
    {
      // std::bit_cast is missing from Emscripten 3.1.6's libc++; memcpy is its portable spelling.
      const double number = value.get<double>();
      std::uint64_t bits;
      std::memcpy(&bits, &number, sizeof bits);
      return fen_of_double(bits);
    }
    default:
      return std::nullopt;
  }
}

Result<json> compare(const json& estimate_output, const json& official) {
  medins::internal::Fields top(estimate_output, Code::EstimateBadInput, "estimate.");
  MEDINS_RETURN_IF_ERROR(top.require_object());
  MEDINS_ASSIGN_OR_RETURN(const json* totals, top.object("totals"));
  medins::internal::Fields totals_fields(*totals, Code::EstimateBadInput, "estimate.totals.");
  if (!official.is_object())
    return Status(Code::EstimateBadInput, "official: must be an object", json{{"field", "official"}});

  json compared = json::array(), not_compared = json::array(), differences = json::array();
  for (const FieldMap& field : kFields) {
    MEDINS_ASSIGN_OR_RETURN(std::int64_t estimated, totals_fields.integer(field.totals));
    auto it = official.find(field.official);
    if (it == official.end() || it->is_null()) {
      not_compared.push_back(field.official);
      continue;
    }
    auto fen = parse_yuan(*it);
    if (!fen) {
      std::string path = std::string("official.") + field.official;
      return Status(Code::EstimateBadInput,
                    path + ": must be yuan with at most two decimals (a decimal string, or a number)",
                    json{{"field", path}});
    }
    compared.push_back(field.official);
    if (*fen != estimated) {
      std::int64_t difference = *fen;
      if (__builtin_sub_overflow(*fen, estimated, &difference))
        return Status(Code::EstimateOverflow, "the difference is beyond 64-bit arithmetic");
      differences.push_back(json{{"field", field.official},
                                 {"estimate_field", field.totals},
                                 {"estimate_fen", estimated},
                                 {"official_fen", *fen},
                                 {"difference_fen", difference}});
    }
  }
  const bool matches = differences.empty();
  return json{{"matches", matches},
              {"compared", std::move(compared)},
              {"not_compared", std::move(not_compared)},
              {"differences", std::move(differences)}};
}

}  // namespace medins::estimate
