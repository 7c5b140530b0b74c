#include "core/json_escape.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace abide::core {

namespace {

// Eight bytes at a time: does any byte need escaping (a control byte, '"' or '\')? The usual
// SWAR tests: a byte below 0x20, or equal to one of the two characters.
bool needs_escape(uint64_t w) {
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    auto has_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
    uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
    return below_space | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'));
}

bool needs_escape(unsigned char c) {
    return c < 0x20 || c == '"' || c == '\\';
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    // Skip to the first byte that needs escaping; most strings have none and are copied whole.
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        if (needs_escape(w)) break;
    }
    while (i < s.size() && !needs_escape(static_cast<unsigned char>(s[i]))) ++i;
    out.append(s.data(), i);
    size_t run = i;
    for (; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (!needs_escape(c)) continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            }
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

}  // namespace abide::core
