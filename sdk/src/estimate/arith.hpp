// Checked integer arithmetic for money: every sum and product on the estimate
// path goes through these, so an overflow becomes estimate.overflow instead of
// a silently wrapped amount.
#ifndef MEDINS_SRC_ESTIMATE_ARITH_HPP
#define MEDINS_SRC_ESTIMATE_ARITH_HPP

#include <cstdint>
#include <nlohmann/json.hpp>

namespace medins::estimate::internal {

// Adds `b` to `acc`; returns false (leaving `acc` unspecified) on overflow.
inline bool add_to(std::int64_t& acc, std::int64_t b) { return !__builtin_add_overflow(acc, b, &acc); }

inline bool checked_mul(std::int64_t a, std::int64_t b, std::int64_t& out) {
  return !__builtin_mul_overflow(a, b, &out);
}

// How a JSON value reads as an int64 amount. Fractions and integers beyond
// int64 are told apart because the spec gives them different codes.
enum class IntRead { kOk, kAbsent, kNotNumber, kFraction, kTooLarge };

inline IntRead read_int(const nlohmann::json* value, std::int64_t& out) {
  if (value == nullptr || value->is_null()) return IntRead::kAbsent;
  if (value->is_number_integer() && !value->is_number_unsigned()) {
    out = value->get<std::int64_t>();
    return IntRead::kOk;
  }
  if (value->is_number_unsigned()) {
    auto u = value->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(INT64_MAX)) return IntRead::kTooLarge;
    out = static_cast<std::int64_t>(u);
    return IntRead::kOk;
  }
  // nlohmann reads 3.0, 1e3 and integers beyond 64 bits as doubles; none of
  // them is an exact integer amount as sent, so all are refused as fractions.
  if (value->is_number_float()) return IntRead::kFraction;
  return IntRead::kNotNumber;
}

// Returns the member `name` of `object`, or nullptr when absent (no throw).
inline const nlohmann::json* member(const nlohmann::json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

}  // namespace medins::estimate::internal

#endif  // MEDINS_SRC_ESTIMATE_ARITH_HPP
