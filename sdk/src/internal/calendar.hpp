// The proleptic Gregorian calendar, once: strict "YYYY-MM-DD" dates and the
// day arithmetic of RFC 3339 times, notification dates and validity periods.
#ifndef MEDINS_SRC_INTERNAL_CALENDAR_HPP
#define MEDINS_SRC_INTERNAL_CALENDAR_HPP

#include <cstdint>
#include <optional>
#include <string_view>

namespace medins::internal {

struct CivilDate {
  std::int64_t year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..days_in_month
};

bool is_leap_year(std::int64_t year);
// Days of `month` (1..12) in `year`.
unsigned days_in_month(std::int64_t year, unsigned month);

// Days since 1970-01-01 of a valid date, and back (Howard Hinnant's
// algorithms, exact for every int32 year; `days` may be negative).
std::int64_t days_from_civil(const CivilDate& date);
CivilDate civil_from_days(std::int64_t days);

// Reads exactly "YYYY-MM-DD" (ASCII digits, a real calendar day, year 0001 to
// 9999); nullopt for anything else. Callers add their own year floor.
std::optional<CivilDate> parse_iso_date(std::string_view text);

}  // namespace medins::internal

#endif  // MEDINS_SRC_INTERNAL_CALENDAR_HPP
