#include "report/json_writer.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace abide::report {
namespace {

std::string compact(auto build) {
    std::ostringstream out;
    JsonWriter w(out, 0);
    build(w);
    w.flush();
    return out.str();
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
    std::string s;
    JsonWriter::escape(s, "a\"b\\c\nd\te\x01");
    EXPECT_EQ(s, "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
}

TEST(JsonWriter, KeepsUtf8AsIs) {
    std::string s;
    JsonWriter::escape(s, "United States–Japan");
    EXPECT_EQ(s, "\"United States–Japan\"");
}

TEST(JsonWriter, WritesNestedStructuresWithCommas) {
    auto text = compact([](JsonWriter& w) {
        w.begin_object();
        w.key("a").integer(1);
        w.key("b").begin_array().string("x").null().boolean(false).end_array();
        w.key("c").begin_object().end_object();
        w.key("d").number(4.25);
        w.end_object();
    });
    EXPECT_EQ(text, R"({"a":1,"b":["x",null,false],"c":{},"d":4.25})");
}

TEST(JsonWriter, EmptyArrayStaysOnOneLineWhenIndented) {
    std::ostringstream out;
    JsonWriter w(out, 2);
    w.begin_object().key("children").begin_array().end_array().end_object();
    w.flush();
    EXPECT_EQ(out.str(), "{\n  \"children\": []\n}\n");
}

TEST(JsonWriter, NumbersHaveNoExponentOrTrailingZeros) {
    EXPECT_EQ(compact([](JsonWriter& w) { w.number(12000000); }), "12000000");
    EXPECT_EQ(compact([](JsonWriter& w) { w.number(4.2); }), "4.2");
    EXPECT_EQ(compact([](JsonWriter& w) { w.number(-0.5); }), "-0.5");
}

}  // namespace
}  // namespace abide::report
