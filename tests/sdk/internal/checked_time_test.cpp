#include <doctest/doctest.h>

#include <limits>

#include "internal/checked_time.hpp"
#include "internal/json_util.hpp"

using namespace medins::internal;
using medins::Code;

namespace {
constexpr std::int64_t kI64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kI64Min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kT0 = 1767225600;  // 2026-01-01T00:00:00Z
}  // namespace

TEST_SUITE("internal") {
  TEST_CASE("checked arithmetic reports overflow instead of wrapping") {
    CHECK(checked_add(kI64Max - 1, 1) == kI64Max);
    CHECK_FALSE(checked_add(kI64Max, 1));
    CHECK_FALSE(checked_add(kI64Min, -1));
    CHECK(checked_sub(kT0, 60) == kT0 - 60);
    CHECK_FALSE(checked_sub(kI64Min, 1));
    CHECK_FALSE(checked_sub(kT0, kI64Min));
    CHECK(checked_mul(-3, 1000) == -3000);
    CHECK_FALSE(checked_mul(kI64Max / 1000 + 1, 1000));
    CHECK_FALSE(checked_mul(kI64Min, -1));
  }

  TEST_CASE("saturating sums keep comparisons with times exact") {
    CHECK(add_sat(kT0, 60) == kT0 + 60);
    CHECK(add_sat(kI64Max - 10, 300) == kI64Max);
    CHECK(add_sat(kI64Min + 10, -300) == kI64Min);
    CHECK(sub_sat(kT0, 900) == kT0 - 900);
    CHECK(sub_sat(kT0, kI64Min) == kI64Max);  // now - at with a corrupt `at` is "very old"
    CHECK(sub_sat(kI64Min, 1) == kI64Min);
  }

  TEST_CASE("the accepted times are 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z") {
    CHECK(in_time_range(0));
    CHECK(in_time_range(kMaxTime));
    CHECK_FALSE(in_time_range(-1));
    CHECK_FALSE(in_time_range(kMaxTime + 1));
    CHECK(time_add(kMaxTime - 300, 300) == kMaxTime);
    CHECK_FALSE(time_add(kMaxTime, 1));
    CHECK_FALSE(time_add(kI64Max - 10, 60));  // would wrap to a negative time
    CHECK_FALSE(time_add(60, -61));
  }

  TEST_CASE("clock readings in milliseconds round down to seconds, outside the range refused") {
    CHECK(seconds_of_ms(kT0 * 1000 + 999) == kT0);
    CHECK(seconds_of_ms(0) == 0);
    CHECK_FALSE(seconds_of_ms(-1));  // 1969-12-31T23:59:59.999Z, not second 0
    CHECK(seconds_of_ms(kMaxTime * 1000 + 999) == kMaxTime);
    CHECK_FALSE(seconds_of_ms((kMaxTime + 1) * 1000));
    CHECK_FALSE(seconds_of_ms(kI64Max));
    CHECK_FALSE(seconds_of_ms(kI64Min));
  }

  TEST_CASE("Fields::time refuses integers outside the range with the caller's code") {
    const nlohmann::json in = {{"ok", kT0}, {"neg", -1}, {"big", kI64Max}, {"year10000", kMaxTime + 1},
                               {"huge", 18446744073709551615u}, {"frac", 1.5}};
    Fields f(in, Code::FlowBadState, "state.");
    CHECK(f.time("ok").value() == kT0);
    CHECK_FALSE(f.optional_time("absent").value());
    for (const char* name : {"neg", "big", "year10000", "huge", "frac", "absent"}) {
      CAPTURE(name);
      auto got = f.time(name);
      REQUIRE_FALSE(got.ok());
      CHECK(got.status().code() == Code::FlowBadState);
    }
    CHECK(f.time("big").status().message() == "state.big: must be Unix seconds within years 1970-9999");
  }
}
