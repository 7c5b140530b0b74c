// The JSON string escaper every report and the fact store use (core/json_escape.hpp): checked
// against a byte-by-byte reference, with the characters to escape at every position around
// the eight-byte words it scans.
#include "core/json_escape.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdio>
#include <random>
#include <string>

namespace abide::core {
namespace {

std::string reference(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

// Both writers: appended to a string, and written into room made ahead (which they must not
// overrun: the byte after the bound is a guard).
std::string escaped(std::string_view s) {
    std::string out = "prefix:";
    append_json_string(out, s);
    std::string room(json_string_bound(s.size()) + 1, '#');
    char* end = write_json_string(room.data(), s);
    EXPECT_LE(end - room.data(), static_cast<ptrdiff_t>(json_string_bound(s.size())));
    EXPECT_EQ(room.back(), '#');
    EXPECT_EQ(std::string(room.data(), end), out.substr(7)) << "write_json_string differs";
    return out.substr(7);
}

TEST(JsonEscape, PlainAndSpecialCharacters) {
    EXPECT_EQ(escaped(""), "\"\"");
    EXPECT_EQ(escaped("met by f-1"), "\"met by f-1\"");
    EXPECT_EQ(escaped("ref == \"r106\" from 2025-01-01 to 2025-01-11"),
              "\"ref == \\\"r106\\\" from 2025-01-01 to 2025-01-11\"");
    EXPECT_EQ(escaped("a\\b\nc\td\re\x01"), "\"a\\\\b\\nc\\td\\re\\u0001\"");
    EXPECT_EQ(escaped("caf\xC3\xA9"), "\"caf\xC3\xA9\"");  // UTF-8 passes through
}

TEST(JsonEscape, EveryPositionAroundTheWords) {
    for (size_t len = 0; len <= 40; ++len)
        for (size_t at = 0; at < len; ++at)
            for (char special : {'"', '\\', '\n', '\x1f'}) {
                std::string s(len, 'x');
                s[at] = special;
                if (at + 9 < len) s[at + 9] = '"';  // a second one, a word further on
                EXPECT_EQ(escaped(s), reference(s)) << "len " << len << " at " << at;
            }
}

TEST(JsonEscape, RandomTextMatchesTheReference) {
    std::mt19937 rng(7);
    const std::string alphabet = "ab \"\\\n\t\x02\x7f\xC3\xA9";
    for (int n = 0; n < 2000; ++n) {
        std::string s(rng() % 64, ' ');
        for (auto& c : s) c = alphabet[rng() % alphabet.size()];
        ASSERT_EQ(escaped(s), reference(s)) << s;
    }
}

}  // namespace
}  // namespace abide::core
