#include "core/quantity.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <vector>

namespace abide::core {
namespace {

constexpr std::array kUnits = {
    Unit{"t", Dimension::Mass, 1},    Unit{"kt", Dimension::Mass, 1e3},
    Unit{"Mt", Dimension::Mass, 1e6}, Unit{"USD", Dimension::Money, 1},
    Unit{"%", Dimension::Percent, 1}, Unit{"pp", Dimension::PercentagePoints, 1},
};

struct Scale {
    std::string_view word;
    double factor;
};
constexpr std::array kScales = {Scale{"thousand", 1e3}, Scale{"million", 1e6},
                                Scale{"billion", 1e9}};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_space(char c) {
    return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// Length of the number at the start of `s` in the language's form, 0 if none.
size_t number_length(std::string_view s) {
    size_t i = 0;
    if (i < s.size() && s[i] == '-') ++i;
    size_t digits_start = i;
    auto digits = [&] {
        size_t start = i;
        while (i < s.size() && (is_digit(s[i]) || (s[i] == '_' && i > start && is_digit(s[i - 1]) &&
                                                   i + 1 < s.size() && is_digit(s[i + 1]))))
            ++i;
        return i > start;
    };
    if (!digits()) return 0;
    if (i < s.size() && s[i] == '.') {
        size_t dot = i++;
        if (!digits()) i = dot;  // "12." is the number 12 followed by a dot
    }
    return i > digits_start ? i : 0;
}

}  // namespace

std::optional<Unit> find_unit(std::string_view symbol) {
    if (symbol == "MMT") return kUnits[2];
    for (const auto& u : kUnits)
        if (u.symbol == symbol) return u;
    return {};
}

std::optional<double> find_scale(std::string_view word) {
    for (const auto& s : kScales)
        if (s.word == word) return s.factor;
    return {};
}

const std::vector<std::string_view>& unit_spellings() {
    static const std::vector<std::string_view> all = [] {
        std::vector<std::string_view> v;
        for (const auto& u : kUnits) v.push_back(u.symbol);
        v.push_back("MMT");
        for (const auto& s : kScales) v.push_back(s.word);
        return v;
    }();
    return all;
}

std::string_view dimension_name(Dimension d) {
    switch (d) {
        case Dimension::None: return "number";
        case Dimension::Mass: return "mass";
        case Dimension::Money: return "money";
        case Dimension::Percent: return "percent";
        case Dimension::PercentagePoints: return "pp";
    }
    return "number";
}

std::string_view base_unit(Dimension d) {
    switch (d) {
        case Dimension::Mass: return "t";
        case Dimension::Money: return "USD";
        case Dimension::Percent: return "%";
        case Dimension::PercentagePoints: return "pp";
        case Dimension::None: return "";
    }
    return "";
}

double Quantity::in_display_unit() const {
    auto u = find_unit(unit);
    return u ? value / u->factor : value;
}

std::optional<double> parse_number(std::string_view s) {
    size_t n = number_length(s);
    if (n == 0 || n != s.size()) return {};
    std::string clean;
    clean.reserve(s.size());
    for (char c : s)
        if (c != '_') clean += c;
    double v = 0;
    auto [p, ec] = std::from_chars(clean.data(), clean.data() + clean.size(), v);
    if (ec != std::errc() || p != clean.data() + clean.size() || !std::isfinite(v)) return {};
    return v;
}

std::optional<Quantity> parse_quantity(std::string_view text, std::string* error) {
    auto fail = [&](std::string why) -> std::optional<Quantity> {
        if (error) *error = std::move(why);
        return {};
    };
    std::string_view s = trim(text);
    size_t n = number_length(s);
    if (n == 0) return fail("expected a number");
    auto number = parse_number(s.substr(0, n));
    if (!number) return fail("number out of range");
    std::string_view rest = trim(s.substr(n));
    if (rest.empty()) return Quantity{*number, Dimension::None, ""};
    double scale = 1;
    // A scale word, then the unit: "500 million USD".
    for (const auto& sc : kScales) {
        if (rest.substr(0, sc.word.size()) == sc.word &&
            (rest.size() == sc.word.size() || is_space(rest[sc.word.size()]))) {
            scale = sc.factor;
            rest = trim(rest.substr(sc.word.size()));
            if (rest.empty()) return fail("expected a unit after '" + std::string(sc.word) + "'");
            break;
        }
    }
    auto unit = find_unit(rest);
    if (!unit) return fail("unknown unit '" + std::string(rest) + "'");
    // Every factor is a power of ten: convert "2.01" Mt as the decimal text "2.01e6" so that
    // the base-unit value is the double nearest the exact product (2010000, not 2009999.99...).
    int exponent = static_cast<int>(std::lround(std::log10(scale * unit->factor)));
    std::string text_e;
    for (char c : s.substr(0, n))
        if (c != '_') text_e += c;
    text_e += "e" + std::to_string(exponent);
    double value = 0;
    auto [p, ec] = std::from_chars(text_e.data(), text_e.data() + text_e.size(), value);
    if (ec != std::errc() || p != text_e.data() + text_e.size() || !std::isfinite(value))
        return fail("number out of range");
    return Quantity{value, unit->dimension, unit->symbol};
}

std::string format_number(double v) {
    char buf[64];
    if (std::fabs(v) < 5e-7) v = 0;  // no "-0" from rounding leftovers
    if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", std::round(v));
    } else {
        std::snprintf(buf, sizeof buf, "%.6f", v);
        std::string s = buf;
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
    }
    return buf;
}

std::string format_quantity(double value, std::string_view unit) {
    if (unit.empty()) return format_number(value);
    if (unit == "%") return format_number(value) + "%";
    if (unit == "USD") {
        for (auto it = kScales.rbegin(); it != kScales.rend(); ++it)
            if (std::fabs(value) >= it->factor)
                return format_number(value / it->factor) + " " + std::string(it->word) + " USD";
    }
    return format_number(value) + " " + std::string(unit);
}

}  // namespace abide::core
