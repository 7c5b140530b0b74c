#pragma once
/// Quantities with units. Values are held in the dimension's base unit (tonnes, US dollars,
/// percent, percentage points), so quantities of one dimension compare directly; the unit a
/// quantity was written in is kept for display ("12 Mt" stays "12 Mt" in a report).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace abide::core {

/// `None` is a bare number.
enum class Dimension : uint8_t { None, Mass, Money, Percent, PercentagePoints };

struct Unit {
    std::string_view symbol;  ///< canonical spelling: "t", "kt", "Mt", "USD", "%", "pp", ""
    Dimension dimension = Dimension::None;
    double factor = 1;  ///< base units per one of this unit
};

/// Looks up a unit by its spelling (`MMT` is `Mt`); nullopt for an unknown unit.
std::optional<Unit> find_unit(std::string_view symbol);
/// The multiplier of a scale word (`thousand`, `million`, `billion`); nullopt otherwise.
std::optional<double> find_scale(std::string_view word);
/// Every unit spelling and scale word, for "did you mean" suggestions.
const std::vector<std::string_view>& unit_spellings();

std::string_view dimension_name(Dimension d);  ///< "mass", "money", "percent", "pp", "number"
/// The symbol of the unit a dimension's values are held in: "t", "USD", "%", "pp"; "" for None.
std::string_view base_unit(Dimension d);

struct Quantity {
    double value = 0;  ///< in the dimension's base unit
    Dimension dimension = Dimension::None;
    std::string_view unit = "";  ///< display unit (canonical symbol), "" for a bare number

    /// The value expressed in the display unit.
    double in_display_unit() const;
};

/// Parses `NUMBER [SCALE] UNIT` or a bare NUMBER, e.g. "4.2 Mt", "500 million USD", "15%",
/// "25_000_000", "-10 pp". Spaces between the parts are optional where the boundary is clear.
/// nullopt if the text is anything else; `error` (when given) then says why.
std::optional<Quantity> parse_quantity(std::string_view text, std::string* error = nullptr);

/// Parses a number as the language writes it: optional '-', digits with '_' only between
/// digits, optional fraction. nullopt otherwise.
std::optional<double> parse_number(std::string_view text);

/// Formats a number for people: no exponent, no trailing zeros ("12", "4.2", "0.35").
std::string format_number(double v);
/// A value in its display unit with that unit: "12 Mt", "15%"; money of a thousand or more
/// takes a scale word ("3 billion USD").
std::string format_quantity(double value_in_display_unit, std::string_view unit);

}  // namespace abide::core
