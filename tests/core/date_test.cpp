// Calendar arithmetic and date parsing (language.md §2, §5, §7, §9.5).
#include "core/date.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace abide::core {
// Readable failure messages: gtest prints these instead of raw bytes.
inline void PrintTo(const Date& d, std::ostream* os) {
    *os << to_string(d);
}
}  // namespace abide::core

namespace {

using abide::core::add;
using abide::core::Date;
using abide::core::days_in_month;
using abide::core::make_date;
using abide::core::parse_date;
using abide::core::parse_date_or_datetime;
using abide::core::Period;
using abide::core::PeriodUnit;
using abide::core::to_string;
using abide::core::to_ymd;

Date d(const char* text) {
    auto date = parse_date(text);
    if (!date) ADD_FAILURE() << "bad date literal in test: " << text;
    return date.value_or(Date{});
}

Period days(int n) {
    return {n, PeriodUnit::Day};
}
Period weeks(int n) {
    return {n, PeriodUnit::Week};
}
Period months(int n) {
    return {n, PeriodUnit::Month};
}
Period years(int n) {
    return {n, PeriodUnit::Year};
}

// --- add: one step --------------------------------------------------------------------------

struct AddCase {
    const char* start;
    int sign;
    Period period;
    const char* expected;  ///< nullptr: the result leaves the supported range
};

std::ostream& operator<<(std::ostream& os, const AddCase& c) {
    return os << c.start << (c.sign > 0 ? " + " : " - ") << to_string(c.period) << " = "
              << (c.expected ? c.expected : "nullopt");
}

class AddTest : public testing::TestWithParam<AddCase> {};

TEST_P(AddTest, ClampsToTheEndOfAShorterMonth) {
    const AddCase& c = GetParam();
    std::optional<Date> got = add(d(c.start), c.period, c.sign);
    if (c.expected == nullptr) {
        EXPECT_FALSE(got.has_value()) << "got " << to_string(*got);
    } else {
        ASSERT_TRUE(got.has_value());
        EXPECT_EQ(to_string(*got), c.expected);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Months, AddTest,
    testing::Values(
        // The examples of §5.
        AddCase{"2025-08-31", +1, months(6), "2026-02-28"},
        AddCase{"2024-02-29", +1, years(1), "2025-02-28"},
        AddCase{"2026-04-30", +1, months(1), "2026-05-30"},  // not 05-31: no snapping
        // Into February of leap and common years.
        AddCase{"2024-01-31", +1, months(1), "2024-02-29"},
        AddCase{"2023-01-31", +1, months(1), "2023-02-28"},
        AddCase{"2024-01-29", +1, months(1), "2024-02-29"},
        AddCase{"2023-01-29", +1, months(1), "2023-02-28"},
        AddCase{"2023-01-28", +1, months(1), "2023-02-28"},
        // Subtraction clamps the same way.
        AddCase{"2025-03-31", -1, months(1), "2025-02-28"},
        AddCase{"2024-03-31", -1, months(1), "2024-02-29"},
        AddCase{"2025-05-31", -1, months(1), "2025-04-30"},
        AddCase{"2025-01-15", -1, months(1), "2024-12-15"},
        // Across year ends, and several years.
        AddCase{"2025-10-28", +1, months(6), "2026-04-28"},
        AddCase{"2025-12-31", +1, months(2), "2026-02-28"},
        AddCase{"2025-11-30", +1, months(3), "2026-02-28"},
        AddCase{"2025-01-31", +1, months(2), "2025-03-31"},
        AddCase{"2025-01-31", +1, months(12), "2026-01-31"},
        AddCase{"2025-01-31", +1, months(25), "2027-02-28"},
        AddCase{"2026-02-28", +1, months(1), "2026-03-28"},  // a month end does not snap
        AddCase{"2024-02-29", +1, years(4), "2028-02-29"},
        AddCase{"2024-02-29", -1, years(1), "2023-02-28"},
        AddCase{"2100-01-31", +1, months(1), "2100-02-28"},  // 2100 is not a leap year
        AddCase{"2000-01-31", +1, months(1), "2000-02-29"},  // 2000 is
        AddCase{"2025-06-15", +1, months(0), "2025-06-15"}));

INSTANTIATE_TEST_SUITE_P(DaysAndWeeks, AddTest,
                         testing::Values(AddCase{"2024-02-28", +1, days(1), "2024-02-29"},
                                         AddCase{"2024-02-29", +1, days(1), "2024-03-01"},
                                         AddCase{"2023-02-28", +1, days(1), "2023-03-01"},
                                         AddCase{"2025-12-31", +1, days(1), "2026-01-01"},
                                         AddCase{"2026-01-01", -1, days(1), "2025-12-31"},
                                         AddCase{"2025-10-28", +1, days(180), "2026-04-26"},
                                         AddCase{"2026-04-26", -1, days(180), "2025-10-28"},
                                         AddCase{"2024-01-01", +1, days(366), "2025-01-01"},
                                         AddCase{"2025-01-01", +1, days(365), "2026-01-01"},
                                         AddCase{"2025-06-15", +1, days(0), "2025-06-15"},
                                         AddCase{"2025-12-29", +1, weeks(1), "2026-01-05"},
                                         AddCase{"2024-02-22", +1, weeks(1), "2024-02-29"},
                                         AddCase{"2025-01-01", +1, weeks(52), "2025-12-31"},
                                         AddCase{"2026-01-05", -1, weeks(2), "2025-12-22"}));

INSTANTIATE_TEST_SUITE_P(OutOfRange, AddTest,
                         testing::Values(AddCase{"9999-12-31", +1, days(1), nullptr},
                                         AddCase{"9999-12-31", +1, weeks(1), nullptr},
                                         AddCase{"9999-12-15", +1, months(1), nullptr},
                                         AddCase{"9999-01-01", +1, years(1), nullptr},
                                         AddCase{"1400-01-01", -1, days(1), nullptr},
                                         AddCase{"1400-01-31", -1, months(1), nullptr},
                                         AddCase{"2025-01-01", +1, years(8000), nullptr},
                                         AddCase{"2025-01-01", +1, days(3'000'000), nullptr},
                                         // The last and first supported days are still reachable.
                                         AddCase{"9999-12-30", +1, days(1), "9999-12-31"},
                                         AddCase{"9999-11-30", +1, months(1), "9999-12-30"},
                                         AddCase{"1400-01-02", -1, days(1), "1400-01-01"}));

// --- add: several steps, left to right (§9.5) -----------------------------------------------

std::optional<Date> add_steps(Date start, const std::vector<Period>& steps) {
    std::optional<Date> d = start;
    for (const Period& p : steps) {
        if (!d) return d;
        d = add(*d, p);
    }
    return d;
}

TEST(AddSteps, EachStepClampsSoTwoSingleMonthsDifferFromTwoMonths) {
    EXPECT_EQ(add_steps(d("2025-01-31"), {months(1), months(1)}), d("2025-03-28"));
    EXPECT_EQ(add(d("2025-01-31"), months(2)), d("2025-03-31"));
}

TEST(AddSteps, MixedUnitsApplyInOrder) {
    // 2025-01-31 + 1 month = 02-28, + 3 days = 03-03; the other order gives 02-03 + 1 month.
    EXPECT_EQ(add_steps(d("2025-01-31"), {months(1), days(3)}), d("2025-03-03"));
    EXPECT_EQ(add_steps(d("2025-01-31"), {days(3), months(1)}), d("2025-03-03"));
    EXPECT_EQ(add_steps(d("2025-01-30"), {days(1), months(1)}), d("2025-02-28"));
    EXPECT_EQ(add_steps(d("2025-01-30"), {months(1), days(1)}), d("2025-03-01"));
}

TEST(AddSteps, AddingThenSubtractingAMonthNeedNotRoundTrip) {
    auto there = add(d("2025-01-31"), months(1));
    ASSERT_TRUE(there);
    EXPECT_EQ(add(*there, months(1), -1), d("2025-01-28"));
}

TEST(Add, NegativeCountIsTheSameAsNegativeSign) {
    EXPECT_EQ(add(d("2025-03-31"), Period{-1, PeriodUnit::Month}), d("2025-02-28"));
    EXPECT_EQ(add(d("2025-03-31"), Period{-1, PeriodUnit::Month}, -1), d("2025-04-30"));
    EXPECT_EQ(add(d("2026-01-01"), Period{-1, PeriodUnit::Day}), d("2025-12-31"));
}

// --- make_date / parse_date -------------------------------------------------------------------

TEST(MakeDate, RejectsImpossibleDatesAndYearsOutsideTheRange) {
    EXPECT_TRUE(make_date(2024, 2, 29));
    EXPECT_FALSE(make_date(2025, 2, 29));
    EXPECT_FALSE(make_date(2026, 2, 30));
    EXPECT_FALSE(make_date(2025, 4, 31));
    EXPECT_FALSE(make_date(2025, 13, 1));
    EXPECT_FALSE(make_date(2025, 0, 1));
    EXPECT_FALSE(make_date(2025, 1, 0));
    EXPECT_FALSE(make_date(1399, 12, 31));
    EXPECT_FALSE(make_date(10000, 1, 1));
    EXPECT_TRUE(make_date(1400, 1, 1));
    EXPECT_TRUE(make_date(9999, 12, 31));
}

TEST(MakeDate, DayNumbersCountFromTheUnixEpoch) {
    EXPECT_EQ(make_date(1970, 1, 1)->days, 0);
    EXPECT_EQ(make_date(1970, 1, 2)->days, 1);
    EXPECT_EQ(make_date(1969, 12, 31)->days, -1);
    EXPECT_EQ(make_date(2000, 1, 1)->days, 10957);
}

struct ParseCase {
    const char* text;
    const char* expected;  ///< nullptr: rejected
};

std::ostream& operator<<(std::ostream& os, const ParseCase& c) {
    return os << '"' << c.text << "\" -> " << (c.expected ? c.expected : "nullopt");
}

class ParseDateTest : public testing::TestWithParam<ParseCase> {};

TEST_P(ParseDateTest, AcceptsOnlyRealCalendarDatesInIsoForm) {
    const ParseCase& c = GetParam();
    auto got = parse_date(c.text);
    if (c.expected == nullptr) {
        EXPECT_FALSE(got.has_value()) << "got " << to_string(*got);
    } else {
        ASSERT_TRUE(got.has_value());
        EXPECT_EQ(to_string(*got), c.expected);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseDateTest,
    testing::Values(ParseCase{"2025-10-28", "2025-10-28"}, ParseCase{"2024-02-29", "2024-02-29"},
                    ParseCase{"2000-02-29", "2000-02-29"}, ParseCase{"1970-01-01", "1970-01-01"},
                    ParseCase{"9999-12-31", "9999-12-31"}, ParseCase{"2026-02-30", nullptr},
                    ParseCase{"2025-02-29", nullptr}, ParseCase{"2100-02-29", nullptr},
                    ParseCase{"2025-04-31", nullptr}, ParseCase{"2025-13-01", nullptr},
                    ParseCase{"2025-00-10", nullptr}, ParseCase{"2025-01-00", nullptr},
                    ParseCase{"2025-01-32", nullptr}, ParseCase{"2025-1-01", nullptr},
                    ParseCase{"2025-01-1", nullptr}, ParseCase{"25-01-01", nullptr},
                    ParseCase{"2025/01/01", nullptr}, ParseCase{"20250101", nullptr},
                    ParseCase{"2025-01-01 ", nullptr}, ParseCase{" 2025-01-01", nullptr},
                    ParseCase{"2025-01-01T00:00:00Z", nullptr}, ParseCase{"", nullptr},
                    ParseCase{"abcd-ef-gh", nullptr}, ParseCase{"+025-01-01", nullptr},
                    ParseCase{"2025-+1-01", nullptr}, ParseCase{"2025--1-01", nullptr},
                    ParseCase{"0000-01-01", nullptr}));

class ParseDateTimeTest : public testing::TestWithParam<ParseCase> {};

TEST_P(ParseDateTimeTest, ReturnsTheUtcCalendarDate) {
    const ParseCase& c = GetParam();
    auto got = parse_date_or_datetime(c.text);
    if (c.expected == nullptr) {
        EXPECT_FALSE(got.has_value()) << "got " << to_string(*got);
    } else {
        ASSERT_TRUE(got.has_value());
        EXPECT_EQ(to_string(*got), c.expected);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseDateTimeTest,
    testing::Values(
        // Plain dates.
        ParseCase{"2025-11-10", "2025-11-10"}, ParseCase{"2025-02-29", nullptr},
        // Z and zero offsets.
        ParseCase{"2025-11-10T09:30:00Z", "2025-11-10"},
        ParseCase{"2025-11-10T23:59:59Z", "2025-11-10"},
        ParseCase{"2025-11-10T00:00:00Z", "2025-11-10"},
        ParseCase{"2025-11-10T09:30:00z", "2025-11-10"},
        ParseCase{"2025-11-10t09:30:00Z", "2025-11-10"},
        ParseCase{"2025-11-10 09:30:00Z", "2025-11-10"},
        ParseCase{"2025-11-10T09:30:00+00:00", "2025-11-10"},
        ParseCase{"2025-11-10T09:30:00-00:00", "2025-11-10"},
        // Offsets that keep the day.
        ParseCase{"2025-11-10T09:30:00-05:00", "2025-11-10"},
        ParseCase{"2025-11-10T18:59:59-05:00", "2025-11-10"},
        ParseCase{"2025-11-10T02:00:00+02:00", "2025-11-10"},
        // Offsets that move the UTC date forward, across a year end and a leap day.
        ParseCase{"2025-12-31T23:30:00-05:00", "2026-01-01"},
        ParseCase{"2025-11-10T19:00:00-05:00", "2025-11-11"},
        ParseCase{"2024-02-28T22:00:00-03:00", "2024-02-29"},
        ParseCase{"2024-02-29T22:00:00-03:00", "2024-03-01"},
        ParseCase{"2025-02-28T22:00:00-03:00", "2025-03-01"},
        // ... and back.
        ParseCase{"2026-01-01T01:00:00+02:00", "2025-12-31"},
        ParseCase{"2024-03-01T00:30:00+05:30", "2024-02-29"},
        ParseCase{"2025-11-10T01:59:59+02:00", "2025-11-09"},
        // Fractions of a second.
        ParseCase{"2025-11-10T09:30:00.5Z", "2025-11-10"},
        ParseCase{"2025-11-10T09:30:00.123456789+01:00", "2025-11-10"},
        ParseCase{"2025-12-31T23:59:59.999-00:30", "2026-01-01"},
        ParseCase{"2025-11-10T09:30:00.Z", nullptr}, ParseCase{"2025-11-10T09:30:00.5", nullptr},
        // Invalid times and offsets.
        ParseCase{"2025-11-10T24:00:00Z", nullptr}, ParseCase{"2025-11-10T09:60:00Z", nullptr},
        ParseCase{"2025-11-10T09:30:61Z", nullptr}, ParseCase{"2025-11-10T09:30:00", nullptr},
        ParseCase{"2025-11-10T09:30Z", nullptr}, ParseCase{"2025-11-10T9:30:00Z", nullptr},
        ParseCase{"2025-11-10T09:30:00+24:00", nullptr},
        ParseCase{"2025-11-10T09:30:00+05:60", nullptr},
        ParseCase{"2025-11-10T09:30:00+0500", nullptr},
        ParseCase{"2025-11-10T09:30:00+05", nullptr}, ParseCase{"2025-11-10T09:30:00 Z", nullptr},
        ParseCase{"2025-11-10T09:30:00ZZ", nullptr}, ParseCase{"2025-11-10X09:30:00Z", nullptr},
        ParseCase{"2025-02-30T09:30:00Z", nullptr}, ParseCase{"2025-11-10T", nullptr},
        ParseCase{"2025-11-10T-1:30:00Z", nullptr}));

// --- to_string, to_ymd, days_in_month -------------------------------------------------------

TEST(ToString, PadsYearMonthAndDay) {
    EXPECT_EQ(to_string(Date{0}), "1970-01-01");
    EXPECT_EQ(to_string(Date{-1}), "1969-12-31");
    EXPECT_EQ(to_string(*make_date(2026, 4, 5)), "2026-04-05");
    EXPECT_EQ(to_string(*make_date(1400, 1, 1)), "1400-01-01");
    EXPECT_EQ(to_string(*make_date(9999, 12, 31)), "9999-12-31");
}

TEST(ToString, RoundTripsWithParseDate) {
    for (const char* s : {"2024-02-29", "2025-10-28", "2026-04-26", "2000-12-31", "1999-01-01"})
        EXPECT_EQ(to_string(d(s)), s);
}

TEST(ToYmd, SplitsADate) {
    auto ymd = to_ymd(d("2024-02-29"));
    EXPECT_EQ(ymd.year, 2024);
    EXPECT_EQ(ymd.month, 2);
    EXPECT_EQ(ymd.day, 29);
    auto epoch = to_ymd(Date{0});
    EXPECT_EQ(epoch.year, 1970);
    EXPECT_EQ(epoch.month, 1);
    EXPECT_EQ(epoch.day, 1);
    auto before = to_ymd(Date{-1});
    EXPECT_EQ(before.year, 1969);
    EXPECT_EQ(before.month, 12);
    EXPECT_EQ(before.day, 31);
}

TEST(DaysInMonth, KnowsLeapYears) {
    const int common[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; ++m) {
        EXPECT_EQ(days_in_month(2025, m), common[m - 1]) << "month " << m;
        EXPECT_EQ(days_in_month(2024, m), m == 2 ? 29 : common[m - 1]) << "month " << m;
    }
    EXPECT_EQ(days_in_month(2000, 2), 29);
    EXPECT_EQ(days_in_month(2100, 2), 28);
    EXPECT_EQ(days_in_month(1900, 2), 28);
}

TEST(Compare, DatesOrderByDay) {
    EXPECT_LT(d("2025-12-31"), d("2026-01-01"));
    EXPECT_EQ(d("2026-01-01"), d("2026-01-01"));
    EXPECT_EQ(d("2026-01-01").days - d("2025-01-01").days, 365);
    EXPECT_EQ(d("2025-01-01").days - d("2024-01-01").days, 366);
}

TEST(PeriodToString, SingularAndPlural) {
    EXPECT_EQ(to_string(days(180)), "180 days");
    EXPECT_EQ(to_string(days(1)), "1 day");
    EXPECT_EQ(to_string(days(0)), "0 days");
    EXPECT_EQ(to_string(weeks(1)), "1 week");
    EXPECT_EQ(to_string(weeks(2)), "2 weeks");
    EXPECT_EQ(to_string(months(1)), "1 month");
    EXPECT_EQ(to_string(months(6)), "6 months");
    EXPECT_EQ(to_string(years(1)), "1 year");
    EXPECT_EQ(to_string(years(3)), "3 years");
}

}  // namespace

namespace abide::core {
namespace {

// Regression (found by fuzzing): an offset that moves the UTC date outside the supported years
// used to produce a Date that made Boost throw later, when it was printed.
TEST(ParseDateTimeRange, UtcDateOutsideTheSupportedYearsIsRejected) {
    EXPECT_FALSE(parse_date_or_datetime("1400-01-01T00:30:00+01:00").has_value());
    EXPECT_FALSE(parse_date_or_datetime("9999-12-31T23:30:00-01:00").has_value());
    ASSERT_TRUE(parse_date_or_datetime("1400-01-01T01:30:00+01:00").has_value());
    EXPECT_EQ(to_string(*parse_date_or_datetime("1400-01-01T01:30:00+01:00")), "1400-01-01");
}

TEST(DaysInMonthRange, MonthOutsideOneToTwelveIsZero) {
    EXPECT_EQ(days_in_month(2026, 0), 0);
    EXPECT_EQ(days_in_month(2026, 13), 0);
}

}  // namespace
}  // namespace abide::core
