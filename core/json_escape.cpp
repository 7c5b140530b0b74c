#include "core/json_escape.hpp"

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace abide::core {

namespace {

// Eight bytes at a time: a mask with the high bit of each byte that needs escaping (a control
// byte, '"' or '\\'). Borrows only run upward, so the lowest set bit is exact.
uint64_t escape_mask(uint64_t w) {
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    auto zero_bytes = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
    uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
    return below_space | zero_bytes(w ^ (kOnes * '"')) | zero_bytes(w ^ (kOnes * '\\'));
}

static_assert(std::endian::native == std::endian::little, "the lowest set bit is the first byte");

// The position of the first byte of s[i...] that needs escaping, or s.size(). A tail shorter
// than a word is copied into one padded with a harmless byte: ids are mostly short.
size_t first_escape(std::string_view s, size_t i) {
    const size_t n = s.size();
#if defined(__SSE2__)
    // Sixteen bytes at a time where the target has SSE2 (every x86-64): a reason of a hundred
    // bytes is a few steps.
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    const __m128i last_control = _mm_set1_epi8(0x1f);
    for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
        const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, last_control), last_control);
        const __m128i special =
            _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
        if (int bits = _mm_movemask_epi8(_mm_or_si128(control, special)))
            return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(bits)));
    }
#endif
    uint64_t w;
    for (; i + 8 <= n; i += 8) {
        std::memcpy(&w, s.data() + i, 8);
        if (uint64_t m = escape_mask(w)) return i + static_cast<size_t>(__builtin_ctzll(m)) / 8;
    }
    if (i == n) return n;
    w = 0x4141414141414141ull;  // "AAAAAAAA"
    std::memcpy(&w, s.data() + i, n - i);
    uint64_t m = escape_mask(w);
    return m ? i + static_cast<size_t>(__builtin_ctzll(m)) / 8 : n;
}

}  // namespace

bool json_plain(std::string_view s) {
    return first_escape(s, 0) == s.size();
}

namespace {

// The escaping, to any output: put(bytes, n) appends. Runs that need no escaping are copied
// whole: most strings are one run, and a reason like `ref == "r106"` has two quotes in a
// hundred bytes.
template <class Put>
void escape_into(std::string_view s, Put put) {
    put("\"", 1);
    size_t run = 0;
    for (size_t i = first_escape(s, 0); i < s.size(); i = first_escape(s, run)) {
        put(s.data() + run, i - run);
        const auto c = static_cast<unsigned char>(s[i]);
        run = i + 1;
        switch (c) {
            case '"': put("\\\"", 2); break;
            case '\\': put("\\\\", 2); break;
            case '\n': put("\\n", 2); break;
            case '\r': put("\\r", 2); break;
            case '\t': put("\\t", 2); break;
            default: {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                put(buf, 6);
            }
        }
    }
    put(s.data() + run, s.size() - run);
    put("\"", 1);
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
    escape_into(s, [&out](const char* p, size_t n) { out.append(p, n); });
}

char* write_json_string(char* out, std::string_view s) {
    escape_into(s, [&out](const char* p, size_t n) {
        std::memcpy(out, p, n);
        out += n;
    });
    return out;
}

}  // namespace abide::core
