// Pieces shared by the estimate module's translation units.
#ifndef MEDINS_SRC_ESTIMATE_ESTIMATE_INTERNAL_HPP
#define MEDINS_SRC_ESTIMATE_ESTIMATE_INTERNAL_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <span>
#include <string_view>
#include <vector>

#include "internal/json_util.hpp"
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

// The members of a bill line that the estimate reads, in the order they are checked.
enum LineField { kLineCode, kLineClass, kLineUnitPrice, kLineQuantity, kLinePriceCap, kLineSelfPayFirst, kLineFieldCount };

// bill.lines read from the input text by parse_strict (an ArrayTap at
// kBillLinesPath) instead of as a tree. Each line is checked as it ends, with
// the same code as a tree's line, and kept typed; after the first line that
// fails, lines are only checked for what parse_strict refuses (so memory stays
// below the text's size whatever the lines hold). parse_bill_tapped then
// answers exactly as parse_bill does on the tree.
class TappedLines final : public medins::internal::ArraySink {
 public:
  std::vector<Line> lines;          // the lines before the first that fails
  std::optional<Status> first_error;  // that line's error
  ~TappedLines() override;

  bool null() override;
  bool boolean(bool v) override;
  bool number_integer(nlohmann::json::number_integer_t v) override;
  bool number_unsigned(nlohmann::json::number_unsigned_t v) override;
  bool number_float(nlohmann::json::number_float_t v) override;
  bool string(nlohmann::json::string_t& v) override;
  bool start_object() override;
  bool key(nlohmann::json::string_t& name) override;
  bool end_object() override;
  bool start_array() override;
  bool end_array() override;

 private:
  bool value(nlohmann::json&& v);  // a scalar: a line that is not an object, or a member's value
  bool skip(bool accepted);       // an event of skipped_
  void end_line(bool is_object);  // checks the line just read and keeps it

  std::size_t count_ = 0;       // lines ended so far
  bool in_line_ = false;        // between the braces of a line being read
  int field_ = -1;              // the read member whose value comes next; -1: not read
  unsigned seen_ = 0;           // bit per LineField seen in this line
  std::array<nlohmann::json, kLineFieldCount> current_;  // this line's members (null: absent)
  std::set<std::string> other_names_;  // members not read, kept to refuse duplicates
  std::optional<medins::internal::SkippedValue> skipped_;  // a value not read, being checked
};

inline constexpr std::string_view kBillLinesPathNames[] = {"bill", "lines"};
inline constexpr std::span<const std::string_view> kBillLinesPath{kBillLinesPathNames};

// Checks a typed line as the JSON reader does: signs, ratio range, amount overflow.
Status check_line(const Line& line, std::size_t index);

// Checks that no accumulator of a pool is negative; `path` prefixes the field named.
Status check_pool_accumulators(const PoolAccumulators& pool, const std::string& path);

// The op's output text for a result, byte for byte what nlohmann's dump of
// to_json() would be, written without building the DOM (the estimate's hot path).
std::string to_text(const Estimate& result, const PolicySet& policy, const Accumulators& accumulators,
                    const Bill& bill);

// estimate_json's output as text.
// With `tapped`, the bill's lines are those (bill.lines in the tree is then empty).
// With `coverage`, estimate()'s checks of a coverage apply.
Result<std::string> estimate_text(const nlohmann::json& policy, const nlohmann::json& accumulators,
                                  const nlohmann::json& bill, TappedLines* tapped = nullptr,
                                  const coverage::Claims* coverage = nullptr);

// estimate_text for a policy set validate_policy has accepted (a prepared
// one): parses only the accumulators and the bill, and never re-validates.
Result<std::string> estimate_text_validated(const PolicySet& policy, const nlohmann::json& accumulators,
                                            const nlohmann::json& bill, TappedLines* tapped = nullptr,
                                            const coverage::Claims* coverage = nullptr);

// parse_bill, with the lines taken from `tapped` when given.
Result<Bill> parse_bill_tapped(const nlohmann::json& bill, TappedLines* tapped);

}  // namespace medins::estimate

#endif  // MEDINS_SRC_ESTIMATE_ESTIMATE_INTERNAL_HPP
