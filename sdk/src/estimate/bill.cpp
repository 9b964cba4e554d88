// Reading the patient's side of an estimate: the bill and the accumulators.
#include <string>

#include "estimate/arith.hpp"
#include "estimate/estimate_internal.hpp"
#include "internal/json_util.hpp"
#include "internal/secret.hpp"
#include "medins/estimate.hpp"

namespace medins::estimate {
namespace {

using nlohmann::json;
using medins::internal::Fields;
using internal::IntRead;

// An amount of line `index`: absent or not a number is bad_input, a fraction
// non_integer_amount, beyond int64 overflow, below zero `negative`.
Status read_line_amount(const json* amount, std::size_t index, const char* name, bool required, Code negative,
                        std::optional<std::int64_t>& out) {
  std::int64_t value = 0;
  switch (internal::read_int(amount, value)) {
    case IntRead::kOk:
      if (value < 0) return line_error(negative, index, name, "must not be negative");
      out = value;
      return ok_status();
    case IntRead::kAbsent:
      if (required) return line_error(Code::EstimateBadInput, index, name, "is required (an integer)");
      return ok_status();
    case IntRead::kNotNumber:
      return line_error(Code::EstimateBadInput, index, name, "must be an integer");
    case IntRead::kFraction:
      return line_error(Code::EstimateNonIntegerAmount, index, name, "must be an integer");
    case IntRead::kTooLarge:
      return line_error(Code::EstimateOverflow, index, name, "is beyond 64-bit arithmetic");
  }
  return ok_status();
}

// The members of a line that the estimate reads, by LineField.
constexpr const char* kLineFieldNames[kLineFieldCount] = {"code", "class", "unit_price_fen", "quantity",
                                                         "price_cap_fen", "b_self_pay_first_bp"};

using LineValues = std::array<const json*, kLineFieldCount>;  // nullptr or null: absent

Result<Line> read_line(bool is_object, const LineValues& values, std::size_t index) {
  if (!is_object) return line_error(Code::EstimateBadInput, index, "", "must be an object");
  Line line;
  const json* code = values[kLineCode];
  if (code == nullptr || !code->is_string())
    return line_error(Code::EstimateBadInput, index, "code", "is required (a string)");
  line.code = code->get_ref<const std::string&>();
  const json* item_class = values[kLineClass];
  if (item_class == nullptr || !item_class->is_string())
    return line_error(Code::EstimateBadInput, index, "class", "is required (a string)");
  const std::string& cls = item_class->get_ref<const std::string&>();
  if (cls == "A") line.item_class = ItemClass::kA;
  else if (cls == "B") line.item_class = ItemClass::kB;
  else if (cls == "C") line.item_class = ItemClass::kC;
  else return line_error(Code::EstimateUnknownClass, index, "class", "must be \"A\", \"B\" or \"C\"");

  std::optional<std::int64_t> price, quantity;
  MEDINS_RETURN_IF_ERROR(
      read_line_amount(values[kLineUnitPrice], index, "unit_price_fen", true, Code::EstimateNegativePrice, price));
  MEDINS_RETURN_IF_ERROR(
      read_line_amount(values[kLineQuantity], index, "quantity", true, Code::EstimateNegativeQuantity, quantity));
  line.unit_price_fen = *price;
  line.quantity = *quantity;
  MEDINS_RETURN_IF_ERROR(
      read_line_amount(values[kLinePriceCap], index, "price_cap_fen", false, Code::EstimateNegativePrice, line.price_cap_fen));

  std::int64_t bp = 0;
  switch (internal::read_int(values[kLineSelfPayFirst], bp)) {
    case IntRead::kAbsent:
      break;
    case IntRead::kOk:
      line.b_self_pay_first_bp = bp;
      break;
    default:
      return line_error(Code::EstimateBadInput, index, "b_self_pay_first_bp", "must be an integer within 0..10000");
  }
  MEDINS_RETURN_IF_ERROR(check_line(line, index));
  return line;
}

}  // namespace

Status line_error(Code code, std::size_t index, std::string_view field, std::string_view what) {
  std::string path = "bill.lines[" + std::to_string(index) + "]";
  if (!field.empty()) path.append(".").append(field);
  std::string message = path + ": ";
  message.append(what);
  json detail = {{"line", index}};
  if (code == Code::EstimateBadInput) detail["field"] = path;
  return Status(code, std::move(message), std::move(detail));
}

Status check_line(const Line& line, std::size_t index) {
  if (line.unit_price_fen < 0)
    return line_error(Code::EstimateNegativePrice, index, "unit_price_fen", "must not be negative");
  if (line.quantity < 0)
    return line_error(Code::EstimateNegativeQuantity, index, "quantity", "must not be negative");
  if (line.price_cap_fen && *line.price_cap_fen < 0)
    return line_error(Code::EstimateNegativePrice, index, "price_cap_fen", "must not be negative");
  if (line.b_self_pay_first_bp && (*line.b_self_pay_first_bp < 0 || *line.b_self_pay_first_bp > kFullBp))
    return line_error(Code::EstimateBadInput, index, "b_self_pay_first_bp", "must be an integer within 0..10000");
  std::int64_t amount = 0;
  if (!internal::checked_mul(line.unit_price_fen, line.quantity, amount))
    return line_error(Code::EstimateOverflow, index, "", "unit_price_fen × quantity is beyond 64-bit arithmetic");
  return ok_status();
}

Result<Bill> parse_bill_tapped(const json& bill, TappedLines* tapped) {
  Fields fields(bill, Code::EstimateBadInput, "bill.");
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  Bill out;
  MEDINS_ASSIGN_OR_RETURN(const json* visit, fields.object("visit"));
  Fields visit_fields(*visit, Code::EstimateBadInput, "bill.visit.");
  MEDINS_ASSIGN_OR_RETURN(std::string date, visit_fields.string("date"));
  auto key = parse_date(date);
  if (!key) return visit_fields.error("date", "must be a date YYYY-MM-DD");
  out.visit.date = *key;
  MEDINS_ASSIGN_OR_RETURN(out.visit.type, visit_fields.string("type"));
  MEDINS_ASSIGN_OR_RETURN(out.visit.hospital_level, visit_fields.string("hospital_level"));
  MEDINS_ASSIGN_OR_RETURN(auto use_account, visit_fields.optional_boolean("use_personal_account"));
  out.visit.use_personal_account = use_account.value_or(false);
  MEDINS_ASSIGN_OR_RETURN(out.visit.disease_code, visit_fields.optional_string("disease_code"));

  MEDINS_ASSIGN_OR_RETURN(const json* lines, fields.array("lines"));
  if (tapped != nullptr) {
    if (tapped->first_error) return *tapped->first_error;
    out.lines = std::move(tapped->lines);
    return out;
  }
  out.lines.reserve(lines->size());
  for (std::size_t i = 0; i < lines->size(); ++i) {
    const json& object = (*lines)[i];
    LineValues values{};
    if (object.is_object())
      for (int f = 0; f < kLineFieldCount; ++f) values[f] = internal::member(object, kLineFieldNames[f]);
    MEDINS_ASSIGN_OR_RETURN(Line line, read_line(object.is_object(), values, i));
    out.lines.push_back(std::move(line));
  }
  return out;
}

Result<Bill> parse_bill(const json& bill) { return parse_bill_tapped(bill, nullptr); }

TappedLines::~TappedLines() {
  for (Line& line : lines) medins::internal::wipe(line.code);
}

bool TappedLines::skip(bool accepted) {
  if (skipped_->events().duplicate) duplicate = true;
  if (skipped_->done()) skipped_.reset();
  return accepted;
}

void TappedLines::end_line(bool is_object) {
  const std::size_t index = count_++;
  if (!first_error) {
    LineValues values{};
    if (is_object)
      for (int f = 0; f < kLineFieldCount; ++f) values[f] = &current_[f];
    Result<Line> line = read_line(is_object, values, index);
    if (line.ok()) lines.push_back(std::move(line).value());
    else first_error = line.status();
  }
  for (json& value : current_) {
    if (value.is_string()) medins::internal::wipe(value.get_ref<std::string&>());
    value = nullptr;
  }
}

bool TappedLines::value(json&& v) {
  if (!in_line_) end_line(false);  // a line that is not an object
  else if (field_ >= 0) current_[field_] = std::move(v);
  return true;
}

bool TappedLines::null() { return skipped_ ? skip(skipped_->events().null()) : value(nullptr); }
bool TappedLines::boolean(bool v) { return skipped_ ? skip(skipped_->events().boolean(v)) : value(v); }
bool TappedLines::number_integer(json::number_integer_t v) {
  return skipped_ ? skip(skipped_->events().number_integer(v)) : value(v);
}
bool TappedLines::number_unsigned(json::number_unsigned_t v) {
  return skipped_ ? skip(skipped_->events().number_unsigned(v)) : value(v);
}
bool TappedLines::number_float(json::number_float_t v) {
  return skipped_ ? skip(skipped_->events().number_float(v)) : value(v);
}
bool TappedLines::string(json::string_t& v) {
  return skipped_ ? skip(skipped_->events().string(v)) : value(std::move(v));
}

bool TappedLines::start_object() {
  if (skipped_) return skip(skipped_->events().start_object());
  if (!in_line_ && !first_error) {
    in_line_ = true;
    seen_ = 0;
    field_ = -1;
    other_names_.clear();
    return true;
  }
  if (!in_line_) {
    ++count_;  // a line after the first that failed: only checked
  } else if (field_ >= 0) {
    // A member's value that is an object: read as "not a number, not a
    // string", as the tree's reader would, and checked while skipped.
    current_[field_] = json::object();
  }
  skipped_.emplace();
  return skip(skipped_->events().start_object());
}

bool TappedLines::start_array() {
  if (skipped_) return skip(skipped_->events().start_array());
  if (!in_line_) end_line(false);  // a line that is not an object
  else if (field_ >= 0) current_[field_] = json::array();
  skipped_.emplace();
  return skip(skipped_->events().start_array());
}

bool TappedLines::key(json::string_t& name) {
  if (skipped_) return skip(skipped_->events().key(name));
  for (int f = 0; f < kLineFieldCount; ++f) {
    if (name != kLineFieldNames[f]) continue;
    if (seen_ & (1u << f)) {
      duplicate = true;
      return false;
    }
    seen_ |= 1u << f;
    field_ = f;
    return true;
  }
  if (!other_names_.insert(std::move(name)).second) {
    duplicate = true;
    return false;
  }
  field_ = -1;
  return true;
}

bool TappedLines::end_object() {
  if (skipped_) return skip(skipped_->events().end_object());
  in_line_ = false;
  end_line(true);
  return true;
}

bool TappedLines::end_array() { return skipped_ ? skip(skipped_->events().end_array()) : true; }

Status check_pool_accumulators(const PoolAccumulators& pool, const std::string& path) {
  const std::pair<const char*, std::int64_t> values[] = {{"deductible_met_fen", pool.deductible_met_fen},
                                                         {"in_scope_ytd_fen", pool.in_scope_ytd_fen},
                                                         {"fund_paid_ytd_fen", pool.fund_paid_ytd_fen},
                                                         {"admissions_ytd", pool.admissions_ytd}};
  for (const auto& [name, value] : values) {
    if (value < 0) {
      std::string field = path + name;
      return Status(Code::EstimateBadInput, field + ": must not be negative", json{{"field", field}});
    }
  }
  return ok_status();
}

Result<Accumulators> parse_accumulators(const json& accumulators) {
  Fields fields(accumulators, Code::EstimateBadInput, "accumulators.");
  MEDINS_RETURN_IF_ERROR(fields.require_object());
  Accumulators out;
  MEDINS_ASSIGN_OR_RETURN(std::int64_t year, fields.integer("year"));
  if (year < 1 || year > 9999) return fields.error("year", "must be within 1..9999");
  out.year = static_cast<std::int32_t>(year);
  MEDINS_ASSIGN_OR_RETURN(out.as_of, fields.optional_string("as_of"));
  MEDINS_ASSIGN_OR_RETURN(out.account_balance_fen, fields.optional_integer("account_balance_fen"));
  if (out.account_balance_fen && *out.account_balance_fen < 0)
    return fields.error("account_balance_fen", "must not be negative");
  MEDINS_ASSIGN_OR_RETURN(const json* diseases, fields.optional_array("registered_diseases"));
  if (diseases) {
    out.registered_diseases.emplace();
    for (const json& code : *diseases) {
      if (!code.is_string()) return fields.error("registered_diseases", "must be an array of strings");
      out.registered_diseases->push_back(code.get_ref<const std::string&>());
    }
  }
  MEDINS_ASSIGN_OR_RETURN(const json* pools, fields.optional_object("pools"));
  if (pools) {
    for (auto it = pools->begin(); it != pools->end(); ++it) {
      std::string path = "accumulators.pools." + it.key() + ".";
      Fields pool_fields(*it, Code::EstimateBadInput, path);
      MEDINS_RETURN_IF_ERROR(pool_fields.require_object());
      PoolAccumulators pool;
      MEDINS_ASSIGN_OR_RETURN(pool.deductible_met_fen, pool_fields.integer("deductible_met_fen"));
      MEDINS_ASSIGN_OR_RETURN(pool.in_scope_ytd_fen, pool_fields.integer("in_scope_ytd_fen"));
      MEDINS_ASSIGN_OR_RETURN(pool.fund_paid_ytd_fen, pool_fields.integer("fund_paid_ytd_fen"));
      MEDINS_ASSIGN_OR_RETURN(pool.admissions_ytd, pool_fields.integer("admissions_ytd"));
      MEDINS_RETURN_IF_ERROR(check_pool_accumulators(pool, path));
      out.pools.emplace_back(it.key(), pool);
    }
  }
  return out;
}

}  // namespace medins::estimate
