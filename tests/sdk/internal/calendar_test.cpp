#include <doctest/doctest.h>

#include <string_view>

#include "internal/calendar.hpp"

namespace cal = medins::internal;

TEST_SUITE("internal") {
  TEST_CASE("calendar: days since the epoch and back, both ways") {
    CHECK(cal::days_from_civil({1970, 1, 1}) == 0);
    CHECK(cal::days_from_civil({2000, 3, 1}) == 11017);
    CHECK(cal::days_from_civil({1969, 12, 31}) == -1);
    CHECK(cal::days_from_civil({9999, 12, 31}) == 2932896);
    CHECK(cal::days_from_civil({1, 1, 1}) == -719162);
    for (std::int64_t days = -800000; days <= 3000000; days += 37) {
      const cal::CivilDate date = cal::civil_from_days(days);
      REQUIRE(date.month >= 1);
      REQUIRE(date.month <= 12);
      REQUIRE(date.day >= 1);
      REQUIRE(date.day <= cal::days_in_month(date.year, date.month));
      REQUIRE(cal::days_from_civil(date) == days);
    }
  }

  TEST_CASE("calendar: leap years and month lengths") {
    CHECK(cal::is_leap_year(2024));
    CHECK(cal::is_leap_year(2000));
    CHECK_FALSE(cal::is_leap_year(1900));
    CHECK_FALSE(cal::is_leap_year(2023));
    CHECK(cal::days_in_month(2024, 2) == 29);
    CHECK(cal::days_in_month(2100, 2) == 28);
    CHECK(cal::days_in_month(2023, 12) == 31);
    CHECK(cal::days_in_month(2023, 4) == 30);
  }

  TEST_CASE("calendar: strict YYYY-MM-DD") {
    const auto date = cal::parse_iso_date("2024-02-29");
    REQUIRE(date);
    CHECK(date->year == 2024);
    CHECK(date->month == 2);
    CHECK(date->day == 29);
    CHECK(cal::parse_iso_date("0001-01-01"));
    CHECK(cal::parse_iso_date("9999-12-31"));
    for (std::string_view bad : {"", "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
                                 "2024-01-00", "0000-01-01", "2024-1-01", "2024-01-1", "2024-01-011",
                                 " 2024-01-01", "2024/01/01", "2024-01-01T00:00:00Z", "+202-01-01",
                                 "20a4-01-01", "2024-0a-01", "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x94-01-01"}) {
      CAPTURE(bad);
      CHECK_FALSE(cal::parse_iso_date(bad));
    }
  }
}
