// Quantities, units and number formatting (language.md §2, §9.4).
#include "core/quantity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>

namespace {

using abide::core::Dimension;
using abide::core::dimension_name;
using abide::core::find_scale;
using abide::core::find_unit;
using abide::core::format_number;
using abide::core::format_quantity;
using abide::core::parse_number;
using abide::core::parse_quantity;
using abide::core::Quantity;
using abide::core::unit_spellings;

// --- parse_quantity: accepted ----------------------------------------------------------------

struct GoodQuantity {
    const char* text;
    double base_value;  ///< in tonnes, USD, percent or pp
    Dimension dimension;
    const char* unit;  ///< canonical display unit
    double display_value;
};

std::ostream& operator<<(std::ostream& os, const GoodQuantity& c) {
    return os << '"' << c.text << '"';
}

class ParseQuantityGood : public testing::TestWithParam<GoodQuantity> {};

TEST_P(ParseQuantityGood, ConvertsToTheBaseUnitAndKeepsTheDisplayUnit) {
    const GoodQuantity& c = GetParam();
    std::string error;
    auto q = parse_quantity(c.text, &error);
    ASSERT_TRUE(q.has_value()) << error;
    EXPECT_DOUBLE_EQ(q->value, c.base_value);
    EXPECT_EQ(q->dimension, c.dimension);
    EXPECT_EQ(q->unit, c.unit);
    EXPECT_DOUBLE_EQ(q->in_display_unit(), c.display_value);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseQuantityGood,
    testing::Values(GoodQuantity{"12 Mt", 12'000'000, Dimension::Mass, "Mt", 12},
                    GoodQuantity{"12_000_000 t", 12'000'000, Dimension::Mass, "t", 12'000'000},
                    GoodQuantity{"25 MMT", 25'000'000, Dimension::Mass, "Mt", 25},  // MMT is Mt
                    GoodQuantity{"4.2 Mt", 4'200'000, Dimension::Mass, "Mt", 4.2},
                    GoodQuantity{"12.5 kt", 12'500, Dimension::Mass, "kt", 12.5},
                    GoodQuantity{"300 t", 300, Dimension::Mass, "t", 300},
                    GoodQuantity{"2 million t", 2'000'000, Dimension::Mass, "t", 2'000'000},
                    GoodQuantity{"500 million USD", 500e6, Dimension::Money, "USD", 500e6},
                    GoodQuantity{"3 billion USD", 3e9, Dimension::Money, "USD", 3e9},
                    GoodQuantity{"2.5 thousand USD", 2500, Dimension::Money, "USD", 2500},
                    GoodQuantity{"100 USD", 100, Dimension::Money, "USD", 100},
                    GoodQuantity{"10 pp", 10, Dimension::PercentagePoints, "pp", 10},
                    GoodQuantity{"-10 pp", -10, Dimension::PercentagePoints, "pp", -10},
                    GoodQuantity{"15%", 15, Dimension::Percent, "%", 15},
                    GoodQuantity{"15 %", 15, Dimension::Percent, "%", 15},
                    GoodQuantity{"0.5 %", 0.5, Dimension::Percent, "%", 0.5},
                    GoodQuantity{"12Mt", 12'000'000, Dimension::Mass, "Mt", 12},
                    GoodQuantity{"  12 Mt\t", 12'000'000, Dimension::Mass, "Mt", 12},
                    GoodQuantity{"12   Mt", 12'000'000, Dimension::Mass, "Mt", 12},
                    GoodQuantity{"25_000_000", 25'000'000, Dimension::None, "", 25'000'000},
                    GoodQuantity{"12", 12, Dimension::None, "", 12},
                    GoodQuantity{"-3.25", -3.25, Dimension::None, "", -3.25},
                    GoodQuantity{"0", 0, Dimension::None, "", 0}));

TEST(ParseQuantity, QuantitiesOfOneDimensionCompareAfterConversion) {
    auto a = parse_quantity("12 Mt");
    auto b = parse_quantity("12_000_000 t");
    auto c = parse_quantity("12000 kt");
    auto e = parse_quantity("12 MMT");
    ASSERT_TRUE(a && b && c && e);
    EXPECT_EQ(a->value, b->value);
    EXPECT_EQ(a->value, c->value);
    EXPECT_EQ(a->value, e->value);
    EXPECT_EQ(a->dimension, b->dimension);
}

// §2: "12 Mt == 12_000_000 t" must hold for every decimal, not only for whole numbers: the
// conversion to base units may not leave binary rounding residue (2.01 x 1e6 in doubles is
// 2009999.9999999998).
TEST(ParseQuantity, DecimalConversionToBaseUnitsIsExact) {
    struct Row {
        const char* text;
        double base;
    };
    const Row rows[] = {{"2.01 Mt", 2'010'000},        {"4.1 Mt", 4'100'000},
                        {"2.05 Mt", 2'050'000},        {"4.2 Mt", 4'200'000},
                        {"0.29 million USD", 290'000}, {"1.15 billion USD", 1'150'000'000}};
    for (const Row& r : rows) {
        auto q = parse_quantity(r.text);
        ASSERT_TRUE(q.has_value()) << r.text;
        EXPECT_EQ(q->value, r.base) << r.text;
    }
    EXPECT_EQ(parse_quantity("2.01 Mt")->value, parse_quantity("2010 kt")->value);
}

// --- parse_quantity: rejected ----------------------------------------------------------------

class ParseQuantityBad : public testing::TestWithParam<const char*> {};

TEST_P(ParseQuantityBad, IsRejectedWithAReason) {
    std::string error;
    auto q = parse_quantity(GetParam(), &error);
    EXPECT_FALSE(q.has_value()) << "value " << q->value << " unit '" << q->unit << "'";
    EXPECT_FALSE(error.empty());
}

INSTANTIATE_TEST_SUITE_P(Table, ParseQuantityBad,
                         testing::Values("12 Mtt", "1__0", "_1", "1_", "million USD", "12 thousand",
                                         "12 million", "", "   ", "Mt", "12 mt", "12 usd", "12 Gt",
                                         "12 Mt Mt", "12 thousand million USD", "1.2.3", "12.",
                                         ".5", "--5", "- 5", "+5", "1e5", "1,000", "12 Mt extra",
                                         "12_ Mt", "1_.5 t"));

TEST(ParseQuantity, ErrorNamesAnUnknownUnit) {
    std::string error;
    EXPECT_FALSE(parse_quantity("12 Mtt", &error));
    EXPECT_NE(error.find("Mtt"), std::string::npos) << error;
}

TEST(ParseQuantity, ErrorPointerIsOptional) {
    EXPECT_FALSE(parse_quantity("12 Mtt"));
    EXPECT_FALSE(parse_quantity("million USD", nullptr));
}

// --- find_unit, find_scale, unit_spellings, dimension_name -----------------------------------

TEST(FindUnit, KnowsEveryUnitOfTheLanguage) {
    struct Row {
        const char* spelling;
        const char* symbol;
        Dimension dimension;
        double factor;
    };
    const Row rows[] = {
        {"t", "t", Dimension::Mass, 1},
        {"kt", "kt", Dimension::Mass, 1e3},
        {"Mt", "Mt", Dimension::Mass, 1e6},
        {"MMT", "Mt", Dimension::Mass, 1e6},
        {"USD", "USD", Dimension::Money, 1},
        {"%", "%", Dimension::Percent, 1},
        {"pp", "pp", Dimension::PercentagePoints, 1},
    };
    for (const Row& r : rows) {
        SCOPED_TRACE(r.spelling);
        auto u = find_unit(r.spelling);
        ASSERT_TRUE(u.has_value());
        EXPECT_EQ(u->symbol, r.symbol);
        EXPECT_EQ(u->dimension, r.dimension);
        EXPECT_DOUBLE_EQ(u->factor, r.factor);
    }
}

TEST(FindUnit, UnknownSpellingsAreRejected) {
    for (const char* s :
         {"mt", "MT", "Gt", "usd", "T", "tonnes", "percent", "PP", "%%", "Mtt", "million"})
        EXPECT_FALSE(find_unit(s).has_value()) << s;
}

TEST(FindScale, KnowsTheThreeScaleWords) {
    EXPECT_EQ(find_scale("thousand"), 1e3);
    EXPECT_EQ(find_scale("million"), 1e6);
    EXPECT_EQ(find_scale("billion"), 1e9);
    for (const char* s : {"Million", "trillion", "", "k", "M", "thousands", "USD"})
        EXPECT_FALSE(find_scale(s).has_value()) << s;
}

TEST(UnitSpellings, ListsUnitsAliasesAndScaleWords) {
    const auto& all = unit_spellings();
    for (const char* s :
         {"t", "kt", "Mt", "MMT", "USD", "%", "pp", "thousand", "million", "billion"})
        EXPECT_NE(std::find(all.begin(), all.end(), s), all.end()) << s;
}

TEST(DimensionName, NamesEachDimension) {
    EXPECT_EQ(dimension_name(Dimension::None), "number");
    EXPECT_EQ(dimension_name(Dimension::Mass), "mass");
    EXPECT_EQ(dimension_name(Dimension::Money), "money");
    EXPECT_EQ(dimension_name(Dimension::Percent), "percent");
    EXPECT_EQ(dimension_name(Dimension::PercentagePoints), "pp");
}

// --- parse_number ----------------------------------------------------------------------------

TEST(ParseNumber, AcceptsTheLanguageForm) {
    EXPECT_EQ(parse_number("12"), 12);
    EXPECT_EQ(parse_number("-10"), -10);
    EXPECT_EQ(parse_number("12.5"), 12.5);
    EXPECT_EQ(parse_number("0.35"), 0.35);
    EXPECT_EQ(parse_number("25_000_000"), 25'000'000);
    EXPECT_EQ(parse_number("1_000.5"), 1000.5);
    EXPECT_EQ(parse_number("-1_000"), -1000);
    EXPECT_EQ(parse_number("007"), 7);
    EXPECT_EQ(parse_number("0"), 0);
}

TEST(ParseNumber, RejectsAnythingElse) {
    for (const char* s : {"",      "-",    "12.", ".5",   "-.5",   "1e5", "1E5", "1__0",
                          "_1",    "1_",   "-_1", "1_.5", "1._5",  "+5",  "12 ", " 12",
                          "1,000", "0x10", "inf", "nan",  "12 Mt", "--1", "1-",  "1.2.3"})
        EXPECT_FALSE(parse_number(s).has_value()) << '"' << s << '"';
}

TEST(ParseNumber, RejectsANumberTooLargeForADouble) {
    std::string huge = "1" + std::string(400, '0');
    EXPECT_FALSE(parse_number(huge).has_value());
    EXPECT_FALSE(parse_quantity(huge + " t").has_value());
}

// --- format_number, format_quantity ----------------------------------------------------------

TEST(FormatNumber, NoExponentNoTrailingZeros) {
    EXPECT_EQ(format_number(12), "12");
    EXPECT_EQ(format_number(4.2), "4.2");
    EXPECT_EQ(format_number(0.35), "0.35");
    EXPECT_EQ(format_number(0), "0");
    EXPECT_EQ(format_number(-10), "-10");
    EXPECT_EQ(format_number(-2.5), "-2.5");
    EXPECT_EQ(format_number(12'000'000), "12000000");
    EXPECT_EQ(format_number(3e9), "3000000000");
    EXPECT_EQ(format_number(1e20), "100000000000000000000");
    EXPECT_EQ(format_number(0.1 + 0.2), "0.3");
    EXPECT_EQ(format_number(1.0 / 3.0), "0.333333");
    EXPECT_EQ(format_number(2.9999999999), "3");
    EXPECT_EQ(format_number(4.2000000001), "4.2");
}

// A negative zero, or a tiny negative rounding residue such as 0.3 - 0.1 - 0.2, is zero to a
// reader; "-0" in a report is noise.
TEST(FormatNumber, NegativeZeroPrintsAsZero) {
    EXPECT_EQ(format_number(-0.0), "0");
    EXPECT_EQ(format_number(0.3 - 0.1 - 0.2), "0");
    EXPECT_EQ(format_number(-1e-7), "0");
}

TEST(FormatQuantity, WritesTheValueWithItsUnit) {
    EXPECT_EQ(format_quantity(12, "Mt"), "12 Mt");
    EXPECT_EQ(format_quantity(4.2, "Mt"), "4.2 Mt");
    EXPECT_EQ(format_quantity(300, "t"), "300 t");
    EXPECT_EQ(format_quantity(12.5, "kt"), "12.5 kt");
    EXPECT_EQ(format_quantity(15, "%"), "15%");
    EXPECT_EQ(format_quantity(10, "pp"), "10 pp");
    EXPECT_EQ(format_quantity(-10, "pp"), "-10 pp");
    EXPECT_EQ(format_quantity(7, ""), "7");
    EXPECT_EQ(format_quantity(2.5, ""), "2.5");
}

TEST(FormatQuantity, MoneyTakesAScaleWord) {
    EXPECT_EQ(format_quantity(3e9, "USD"), "3 billion USD");
    EXPECT_EQ(format_quantity(2.5e9, "USD"), "2.5 billion USD");
    EXPECT_EQ(format_quantity(500e6, "USD"), "500 million USD");
    EXPECT_EQ(format_quantity(1e6, "USD"), "1 million USD");
    EXPECT_EQ(format_quantity(1500, "USD"), "1.5 thousand USD");
    EXPECT_EQ(format_quantity(1000, "USD"), "1 thousand USD");
    EXPECT_EQ(format_quantity(999, "USD"), "999 USD");
    EXPECT_EQ(format_quantity(0, "USD"), "0 USD");
    EXPECT_EQ(format_quantity(-5e8, "USD"), "-500 million USD");
}

TEST(FormatQuantity, RoundTripsThroughParseQuantity) {
    for (const char* s : {"12 Mt", "4.2 Mt", "500 million USD", "3 billion USD", "15%", "10 pp",
                          "-10 pp", "300 t"}) {
        auto q = parse_quantity(s);
        ASSERT_TRUE(q.has_value()) << s;
        EXPECT_EQ(format_quantity(q->in_display_unit(), q->unit), s);
    }
}

}  // namespace
