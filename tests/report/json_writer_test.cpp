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

namespace abide::report {
namespace {

// Decodes a JSON string literal (the escapes JsonWriter writes); "<bad>" if malformed.
std::string unescape(const std::string& lit) {
    if (lit.size() < 2 || lit.front() != '"' || lit.back() != '"') return "<bad>";
    std::string out;
    for (size_t i = 1; i + 1 < lit.size(); ++i) {
        char c = lit[i];
        if (c == '"') return "<bad>";  // an unescaped quote inside
        if (c != '\\') {
            out += c;
            continue;
        }
        if (++i + 1 >= lit.size() + 1) return "<bad>";
        switch (lit[i]) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u':
                if (i + 4 >= lit.size()) return "<bad>";
                out += static_cast<char>(std::stoi(lit.substr(i + 1, 4), nullptr, 16));
                i += 4;
                break;
            default: return "<bad>";
        }
    }
    return out;
}

// The escape fast path looks at eight bytes at a time: a byte to escape must be found at every
// position of a word and in the tail, and bytes >= 0x80 (UTF-8) must pass through.
TEST(JsonWriter, EscapesAtEveryPositionOfAWord) {
    for (size_t len = 1; len <= 24; ++len) {
        for (size_t pos = 0; pos < len; ++pos) {
            for (char bad : {'"', '\\', '\n', '\x1f', '\0'}) {
                std::string in(len, 'a');
                in[pos] = bad;
                std::string out;
                JsonWriter::escape(out, in);
                for (char c : out) EXPECT_GE(static_cast<unsigned char>(c), 0x20);
                EXPECT_EQ(unescape(out), in)
                    << "len " << len << " pos " << pos << " char " << int(bad);
            }
        }
    }
    std::string out;
    JsonWriter::escape(out, "\xe2\x80\x93\xe2\x80\x93\xe2\x80\x93 UTF-8 stays");
    EXPECT_EQ(out, "\"\xe2\x80\x93\xe2\x80\x93\xe2\x80\x93 UTF-8 stays\"");
}

}  // namespace
}  // namespace abide::report
