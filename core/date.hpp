#pragma once
/// Calendar dates and periods. A Date is a day number (days since 1970-01-01, proleptic
/// Gregorian), so comparisons and day arithmetic are integer operations.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace abide::core {

struct Date {
    int32_t days = 0;
    auto operator<=>(const Date&) const = default;
};

enum class PeriodUnit : uint8_t { Day, Week, Month, Year };

struct Period {
    int32_t count = 0;
    PeriodUnit unit = PeriodUnit::Day;
    bool operator==(const Period&) const = default;
};

struct YearMonthDay {
    int year = 1970;
    int month = 1;
    int day = 1;
};

/// Builds a date from its parts; nullopt if it is not a real calendar date
/// (2026-02-30, month 13) or outside the years 1400..9999 that Boost.Date_Time supports.
std::optional<Date> make_date(int year, int month, int day);

/// Parses exactly `YYYY-MM-DD`; nullopt for any other text or an impossible date.
std::optional<Date> parse_date(std::string_view text);

/// Parses `YYYY-MM-DD` or an RFC 3339 date-time (`2025-11-10T09:30:00-05:00`, `...Z`,
/// fractional seconds allowed) and returns its UTC calendar date.
std::optional<Date> parse_date_or_datetime(std::string_view text);

/// An instant as microseconds since 1970-01-01T00:00:00Z (the fact store's `recorded_at`).
/// Parses an RFC 3339 date-time (fraction of up to 9 digits, cut to microseconds) or, when
/// `date_only` allows it, `YYYY-MM-DD` as the start of that UTC day. nullopt otherwise.
std::optional<int64_t> parse_instant(std::string_view text, bool date_only = true);
/// `YYYY-MM-DDThh:mm:ss.ffffffZ`: fixed width, so the texts sort as the instants do.
std::string format_instant(int64_t micros);

YearMonthDay to_ymd(Date d);
std::string to_string(Date d);
/// Appends `YYYY-MM-DD` (to_string's text, without a string of its own).
void append_date(std::string& out, Date d);
/// Writes the same 10 bytes at `out`; returns the end.
char* write_date(char* out, Date d);
int days_in_month(int year, int month);

/// Adds (sign +1) or subtracts (sign -1) a period. Months and years keep the day of the
/// month and clamp it to the end of a shorter target month: 2025-08-31 + 6 months =
/// 2026-02-28, 2026-04-30 + 1 month = 2026-05-30 (a day that is not past the target month's
/// end never moves). nullopt if the result leaves the supported range.
std::optional<Date> add(Date d, Period p, int sign = +1);

std::string to_string(Period p);  ///< "180 days", "1 month"

}  // namespace abide::core
