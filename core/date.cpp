#include "core/date.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>

namespace abide::core {
namespace {

namespace greg = boost::gregorian;
using Calendar = greg::gregorian_calendar;

// Boost's day number counts from 4713 BC; ours from the Unix epoch, so that dates fit in
// 32 bits and day differences read naturally.
const int64_t kEpochDayNumber = Calendar::day_number(greg::date(1970, 1, 1).year_month_day());

constexpr int kMinYear = 1400;  // the range Boost.Date_Time's greg_year accepts
constexpr int kMaxYear = 9999;

bool parse_int(std::string_view s, int& out) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

int days_in_month(int year, int month) {
    if (month < 1 || month > 12) return 0;
    return Calendar::end_of_month_day(static_cast<unsigned short>(year),
                                      static_cast<unsigned short>(month));
}

std::optional<Date> make_date(int year, int month, int day) {
    // Validate before constructing: Boost throws on impossible dates, and exceptions must not
    // leave this module.
    if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1) return {};
    if (day > days_in_month(year, month)) return {};
    greg::date::ymd_type ymd(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
                             static_cast<unsigned short>(day));
    return Date{static_cast<int32_t>(Calendar::day_number(ymd) - kEpochDayNumber)};
}

YearMonthDay to_ymd(Date d) {
    auto ymd = Calendar::from_day_number(d.days + kEpochDayNumber);
    return {static_cast<int>(ymd.year), static_cast<int>(ymd.month), static_cast<int>(ymd.day)};
}

std::optional<Date> parse_date(std::string_view t) {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return {};
    int y = 0, m = 0, d = 0;
    if (!parse_int(t.substr(0, 4), y) || !parse_int(t.substr(5, 2), m) ||
        !parse_int(t.substr(8, 2), d))
        return {};
    return make_date(y, m, d);
}

std::optional<Date> parse_date_or_datetime(std::string_view t) {
    auto date = parse_date(t.substr(0, std::min<size_t>(t.size(), 10)));
    if (!date) return {};
    if (t.size() == 10) return date;
    // RFC 3339: 'T' (or 't' / ' '), hh:mm:ss, optional fraction, then Z or +hh:mm / -hh:mm.
    std::string_view rest = t.substr(10);
    if (rest.size() < 9 || (rest[0] != 'T' && rest[0] != 't' && rest[0] != ' ')) return {};
    int hh = 0, mi = 0, ss = 0;
    if (rest[3] != ':' || rest[6] != ':' || !parse_int(rest.substr(1, 2), hh) ||
        !parse_int(rest.substr(4, 2), mi) || !parse_int(rest.substr(7, 2), ss))
        return {};
    if (hh > 23 || mi > 59 || ss > 60) return {};  // 60: a leap second
    rest = rest.substr(9);
    if (!rest.empty() && rest[0] == '.') {
        size_t i = 1;
        while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
        if (i == 1) return {};
        rest = rest.substr(i);
    }
    int offset_minutes = 0;
    if (rest == "Z" || rest == "z") {
        offset_minutes = 0;
    } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
        int oh = 0, om = 0;
        if (!parse_int(rest.substr(1, 2), oh) || !parse_int(rest.substr(4, 2), om) || oh > 23 ||
            om > 59)
            return {};
        offset_minutes = (rest[0] == '+' ? 1 : -1) * (oh * 60 + om);
    } else {
        return {};
    }
    // UTC = local - offset; only the day can move, by at most one.
    int minutes = hh * 60 + mi - offset_minutes;
    int shift = minutes < 0 ? -1 : (minutes >= 24 * 60 ? 1 : 0);
    if (shift == 0) return date;
    // The UTC date must stay in the supported range too (1400-01-01T00:00+01:00 is 1399).
    return add(*date, Period{shift, PeriodUnit::Day});
}

std::optional<int64_t> parse_instant(std::string_view t, bool date_only) {
    constexpr int64_t kDay = 86'400'000'000;
    auto date = parse_date(t.substr(0, std::min<size_t>(t.size(), 10)));
    if (!date) return {};
    if (t.size() == 10) return date_only ? std::optional<int64_t>(date->days * kDay) : std::nullopt;
    // Checked by the same rules as fact dates; then the parts are read again for the time.
    if (!parse_date_or_datetime(t)) return {};
    std::string_view rest = t.substr(10);
    int hh = 0, mi = 0, ss = 0;
    parse_int(rest.substr(1, 2), hh);
    parse_int(rest.substr(4, 2), mi);
    parse_int(rest.substr(7, 2), ss);
    rest = rest.substr(9);
    int64_t micros = 0;
    if (!rest.empty() && rest[0] == '.') {
        size_t i = 1;
        int64_t scale = 100'000;
        for (; i < rest.size() && rest[i] >= '0' && rest[i] <= '9'; ++i, scale /= 10)
            micros += (rest[i] - '0') * scale;
        rest = rest.substr(i);
    }
    int offset_minutes = 0;
    if (rest.size() == 6) {
        int oh = 0, om = 0;
        parse_int(rest.substr(1, 2), oh);
        parse_int(rest.substr(4, 2), om);
        offset_minutes = (rest[0] == '+' ? 1 : -1) * (oh * 60 + om);
    }
    int64_t seconds = int64_t{hh} * 3600 + mi * 60 + ss - int64_t{offset_minutes} * 60;
    return date->days * kDay + seconds * 1'000'000 + micros;
}

std::string format_instant(int64_t micros) {
    constexpr int64_t kDay = 86'400'000'000;
    int64_t days = micros >= 0 ? micros / kDay : -((-micros + kDay - 1) / kDay);
    int64_t rest = micros - days * kDay;
    YearMonthDay ymd = to_ymd(Date{static_cast<int32_t>(days)});
    int64_t secs = rest / 1'000'000;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", ymd.year, ymd.month,
                  ymd.day, static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                  static_cast<int>(secs % 60), static_cast<int>(rest % 1'000'000));
    return buf;
}

namespace {

// `YYYY-MM-DD`. Reports print dates per node, and mostly the same few: keep the text of recent
// day numbers per thread (Boost's conversion is the costly part), and format the digits
// directly rather than through printf.
const char* date_text(Date d) {
    struct Entry {
        int32_t days;
        bool valid;
        char text[10];
    };
    constexpr size_t kSlots = 256;
    thread_local Entry cache[kSlots] = {};
    Entry& e = cache[static_cast<uint32_t>(d.days) % kSlots];
    if (!e.valid || e.days != d.days) {
        auto ymd = to_ymd(d);
        char* s = e.text;
        for (int i = 3, y = ymd.year; i >= 0; --i, y /= 10) s[i] = static_cast<char>('0' + y % 10);
        s[4] = '-';
        s[5] = static_cast<char>('0' + ymd.month / 10);
        s[6] = static_cast<char>('0' + ymd.month % 10);
        s[7] = '-';
        s[8] = static_cast<char>('0' + ymd.day / 10);
        s[9] = static_cast<char>('0' + ymd.day % 10);
        e.days = d.days;
        e.valid = true;
    }
    return e.text;
}

}  // namespace

std::string to_string(Date d) {
    return std::string(date_text(d), 10);
}

void append_date(std::string& out, Date d) {
    out.append(date_text(d), 10);
}

char* write_date(char* out, Date d) {
    std::memcpy(out, date_text(d), 10);
    return out + 10;
}

std::optional<Date> add(Date d, Period p, int sign) {
    int64_t n = static_cast<int64_t>(p.count) * sign;
    switch (p.unit) {
        case PeriodUnit::Day:
        case PeriodUnit::Week: {
            int64_t days = d.days + n * (p.unit == PeriodUnit::Week ? 7 : 1);
            static const int64_t lo = make_date(kMinYear, 1, 1)->days;
            static const int64_t hi = make_date(kMaxYear, 12, 31)->days;
            if (days < lo || days > hi) return {};
            return Date{static_cast<int32_t>(days)};
        }
        case PeriodUnit::Month:
        case PeriodUnit::Year: {
            // Our rule, not Boost's month iterator: that one snaps a month-end start to the
            // target's end (04-30 + 1 month -> 05-31); we keep the day and only clamp.
            auto ymd = to_ymd(d);
            int64_t months = n * (p.unit == PeriodUnit::Year ? 12 : 1);
            int64_t index = static_cast<int64_t>(ymd.year) * 12 + (ymd.month - 1) + months;
            if (index < int64_t{kMinYear} * 12 || index > int64_t{kMaxYear} * 12 + 11) return {};
            int year = static_cast<int>(index / 12);
            int month = static_cast<int>(index % 12) + 1;
            int day = std::min(ymd.day, days_in_month(year, month));
            return make_date(year, month, day);
        }
    }
    return {};
}

std::string to_string(Period p) {
    static const char* const names[] = {"day", "week", "month", "year"};
    std::string s = std::to_string(p.count) + " " + names[static_cast<int>(p.unit)];
    if (p.count != 1 && p.count != -1) s += 's';
    return s;
}

}  // namespace abide::core
