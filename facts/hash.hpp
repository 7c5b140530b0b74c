#pragma once
/// Internal to facts/: a fast 64-bit hash for ids (the id table) and fact content (duplicate
/// detection, §9.15). Multiply-fold mixing in the style of wyhash: 8 bytes a step, every input
/// bit reaches every output bit. Not for persistent formats: the constants may change.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace abide::facts::detail {

inline uint64_t mix(uint64_t a, uint64_t b) {
    __uint128_t r = static_cast<__uint128_t>(a) * b;
    return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

constexpr uint64_t kHashK0 = 0xa0761d6478bd642full;
constexpr uint64_t kHashK1 = 0xe7037ed1a0b428dbull;
constexpr uint64_t kHashK2 = 0x8ebc6af09c88c6e3ull;

/// The last `n` < 8 bytes at `p` as a little-endian word, zero above them (as a memcpy into a
/// zeroed word would give on x86). Two overlapping loads instead of the byte-wise copy a
/// variable-length memcpy compiles to, whose stores the next load of the word waits on.
inline uint64_t tail_word(const char* p, size_t n) {
    if constexpr (std::endian::native != std::endian::little) {
        uint64_t w = 0;
        for (size_t i = 0; i < n; ++i)
            w |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
        return w;
    }
    if (n >= 4) {
        uint32_t lo, hi;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + n - 4, 4);
        return lo | static_cast<uint64_t>(hi) << (8 * (n - 4));
    }
    if (n == 0) return 0;
    auto byte = [&](size_t i) {
        return static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    };
    return byte(0) | byte(n / 2) | byte(n - 1);
}

/// Whether the `n` bytes at `a` and `b` are equal. Texts of up to 16 bytes (most interned
/// values) are compared inline with overlapping loads, not by a call to memcmp.
inline bool same_bytes(const char* a, const char* b, size_t n) {
    auto load = [](const char* p, auto word) {
        std::memcpy(&word, p, sizeof word);
        return word;
    };
    if (n >= 8) {
        if (n > 16) return std::memcmp(a, b, n) == 0;
        return ((load(a, uint64_t{}) ^ load(b, uint64_t{})) |
                (load(a + n - 8, uint64_t{}) ^ load(b + n - 8, uint64_t{}))) == 0;
    }
    if (n >= 4)
        return ((load(a, uint32_t{}) ^ load(b, uint32_t{})) |
                (load(a + n - 4, uint32_t{}) ^ load(b + n - 4, uint32_t{}))) == 0;
    return tail_word(a, n) == tail_word(b, n);
}

inline uint64_t hash_bytes(std::string_view s, uint64_t seed = 0) {
    const char* p = s.data();
    size_t n = s.size();
    uint64_t h = seed ^ kHashK0 ^ (n * kHashK2);
    while (n >= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        h = mix(h ^ w, kHashK1);
        p += 8;
        n -= 8;
    }
    return mix(mix(h ^ tail_word(p, n), kHashK1) ^ kHashK0, kHashK2);
}

inline uint64_t hash_u64(uint64_t v, uint64_t seed = 0) {
    return mix(mix(v ^ seed ^ kHashK0, kHashK1) ^ kHashK2, kHashK1);
}

}  // namespace abide::facts::detail
