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
    // Copy runs that need no escaping whole, found eight bytes at a time: most strings have
    // none, and a reason like `ref == "r106"` has two quotes in a hundred bytes.
    const size_t n = s.size();
    size_t run = 0;
    for (size_t i = 0;;) {
        while (i + 8 <= n) {
            uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            if (needs_escape(w)) break;
            i += 8;
        }
        while (i < n && !needs_escape(static_cast<unsigned char>(s[i]))) ++i;
        if (i == n) break;
        out.append(s.data() + run, i - run);
        const auto c = static_cast<unsigned char>(s[i]);
        run = ++i;
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
    out.append(s.data() + run, n - run);
    out += '"';
}

}  // namespace abide::core
