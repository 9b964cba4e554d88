// The one range of times medins accepts, and integer arithmetic on times and
// durations that cannot overflow. Every time that comes in (an op's `now`, a
// clock reading, a stored `at` or `due`) is checked against the range once,
// where it is read; every sum, difference or product of times goes through
// these helpers, so an out-of-range value can never reach signed overflow.
#ifndef MEDINS_SRC_INTERNAL_CHECKED_TIME_HPP
#define MEDINS_SRC_INTERNAL_CHECKED_TIME_HPP

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace medins::internal {

// Unix seconds from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z: the years
// a four-digit date can name, from the first second a Unix clock can read.
inline constexpr std::int64_t kMinTime = 0;
inline constexpr std::int64_t kMaxTime = 253402300799;
inline constexpr std::string_view kTimeRangeText = "must be Unix seconds within years 1970-9999";

constexpr bool in_time_range(std::int64_t t) { return t >= kMinTime && t <= kMaxTime; }

// a + b, a - b and a * b, or nullopt when the exact result does not fit int64.
inline std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}
inline std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) return std::nullopt;
  return r;
}
inline std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

// a + b and a - b clamped to int64. For bounds that are only compared: a
// comparison with a value inside int64 gives the same answer as the exact sum.
inline std::int64_t add_sat(std::int64_t a, std::int64_t b) {
  return checked_add(a, b).value_or(b < 0 ? std::numeric_limits<std::int64_t>::min()
                                          : std::numeric_limits<std::int64_t>::max());
}
inline std::int64_t sub_sat(std::int64_t a, std::int64_t b) {
  return checked_sub(a, b).value_or(b < 0 ? std::numeric_limits<std::int64_t>::max()
                                          : std::numeric_limits<std::int64_t>::min());
}

// t + d when the result is an accepted time, else nullopt (exp = now + ttl).
inline std::optional<std::int64_t> time_add(std::int64_t t, std::int64_t d) {
  auto r = checked_add(t, d);
  if (!r || !in_time_range(*r)) return std::nullopt;
  return r;
}

// The Unix seconds of a clock reading in milliseconds (rounded down), or
// nullopt when it is not an accepted time.
inline std::optional<std::int64_t> seconds_of_ms(std::int64_t ms) {
  const std::int64_t s = ms / 1000 - (ms % 1000 < 0);
  if (!in_time_range(s)) return std::nullopt;
  return s;
}

}  // namespace medins::internal

#endif  // MEDINS_SRC_INTERNAL_CHECKED_TIME_HPP
