// Pieces shared by the estimate module's translation units.
#ifndef MEDINS_SRC_ESTIMATE_ESTIMATE_INTERNAL_HPP
#define MEDINS_SRC_ESTIMATE_ESTIMATE_INTERNAL_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "medins/estimate.hpp"

namespace medins::estimate {

// Returns x × bp / 10000 rounded by `mode` (x ≥ 0, 0 ≤ bp ≤ 10000, so it never overflows).
std::int64_t apply_bp(std::int64_t x, std::int64_t bp, Rounding mode);

// Returns the yyyymmdd key of a strict "YYYY-MM-DD" calendar date, or nullopt.
std::optional<DateKey> parse_date(std::string_view text);

// Returns the exact fen of an official yuan amount with at most two decimals:
// a decimal string ("12.34", "-0.5", "7"), a JSON integer, or a JSON number
// whose binary64 value is the correctly rounded image of such a decimal
// (recovered with integer arithmetic only); nullopt otherwise.
std::optional<std::int64_t> parse_yuan(const nlohmann::json& value);

// An error about bill line `index` carrying {"line": index} (and "field" for bad_input).
Status line_error(Code code, std::size_t index, std::string_view field, std::string_view what);

// Checks a typed line as the JSON reader does: signs, ratio range, amount overflow.
Status check_line(const Line& line, std::size_t index);

// Checks that no accumulator of a pool is negative; `path` prefixes the field named.
Status check_pool_accumulators(const PoolAccumulators& pool, const std::string& path);

// The op's output text for a result, byte for byte what nlohmann's dump of
// to_json() would be, written without building the DOM (the estimate's hot path).
std::string to_text(const Estimate& result, const PolicySet& policy, const Accumulators& accumulators,
                    const Bill& bill);

// estimate_json's output as text.
Result<std::string> estimate_text(const nlohmann::json& policy, const nlohmann::json& accumulators,
                                  const nlohmann::json& bill);

// estimate_text for a policy set validate_policy has accepted (a prepared
// one): parses only the accumulators and the bill, and never re-validates.
Result<std::string> estimate_text_validated(const PolicySet& policy, const nlohmann::json& accumulators,
                                            const nlohmann::json& bill);

}  // namespace medins::estimate

#endif  // MEDINS_SRC_ESTIMATE_ESTIMATE_INTERNAL_HPP
