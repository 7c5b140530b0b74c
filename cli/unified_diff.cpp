#include "cli/unified_diff.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace abide::cli {
namespace {

struct Line {
    std::string_view text;
    bool newline = true;  ///< false for a last line with no line break
    bool operator==(const Line& o) const { return text == o.text && newline == o.newline; }
};

std::vector<Line> split(std::string_view s) {
    std::vector<Line> out;
    size_t i = 0;
    while (i < s.size()) {
        size_t j = s.find('\n', i);
        if (j == std::string_view::npos) {
            out.push_back({s.substr(i), false});
            break;
        }
        out.push_back({s.substr(i, j - i), true});
        i = j + 1;
    }
    return out;
}

struct Edit {
    char op;      ///< ' ', '-' or '+'
    size_t a, b;  ///< line indexes in before / after (of the line shown)
};

// The edit script: common head, an LCS of the middle (dynamic programming, which is plenty for
// the few hundred changed lines a formatting diff has), common tail.
std::vector<Edit> edits(const std::vector<Line>& a, const std::vector<Line>& b) {
    size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
    size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head &&
           a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;
    std::vector<Edit> out;
    for (size_t i = 0; i < head; ++i) out.push_back({' ', i, i});
    const size_t n = a.size() - head - tail, m = b.size() - head - tail;
    constexpr size_t kMaxSide = 4000;
    if (n <= kMaxSide && m <= kMaxSide && n > 0 && m > 0) {
        // lcs[i][j]: LCS length of a[head+i..] and b[head+j..].
        std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
        auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
        for (size_t i = n; i-- > 0;)
            for (size_t j = m; j-- > 0;)
                at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1
                                                      : std::max(at(i + 1, j), at(i, j + 1));
        size_t i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[head + i] == b[head + j]) {
                out.push_back({' ', head + i++, head + j++});
            } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
                out.push_back({'-', head + i++, head + j});
            } else {
                out.push_back({'+', head + i, head + j++});
            }
        }
    } else {
        for (size_t i = 0; i < n; ++i) out.push_back({'-', head + i, head});
        for (size_t j = 0; j < m; ++j) out.push_back({'+', head + n, head + j});
    }
    for (size_t k = 0; k < tail; ++k) out.push_back({' ', head + n + k, head + m + k});
    return out;
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, std::string_view from,
                         std::string_view to) {
    if (before == after) return {};
    const auto a = split(before), b = split(after);
    const auto script = edits(a, b);
    constexpr size_t kContext = 3;
    std::string out = "--- " + std::string(from) + "\n+++ " + std::string(to) + "\n";
    size_t k = 0;
    while (k < script.size()) {
        while (k < script.size() && script[k].op == ' ') ++k;
        if (k == script.size()) break;
        // A hunk: from kContext lines before this change to kContext lines after the last
        // change that is no more than 2 * kContext unchanged lines from the previous one.
        size_t first = k > kContext ? k - kContext : 0;
        size_t last = k;  // one past the last change
        size_t j = k;
        while (j < script.size()) {
            if (script[j].op != ' ') {
                last = ++j;
                continue;
            }
            size_t run = j;
            while (run < script.size() && script[run].op == ' ') ++run;
            if (run == script.size() || run - j > 2 * kContext) break;
            j = run;
        }
        size_t end = std::min(script.size(), last + kContext);
        size_t a_len = 0, b_len = 0;
        for (size_t i = first; i < end; ++i) {
            a_len += script[i].op != '+';
            b_len += script[i].op != '-';
        }
        size_t a_start = script[first].a + (a_len > 0 ? 1 : 0);
        size_t b_start = script[first].b + (b_len > 0 ? 1 : 0);
        out += "@@ -" + std::to_string(a_start) + "," + std::to_string(a_len) + " +" +
               std::to_string(b_start) + "," + std::to_string(b_len) + " @@\n";
        for (size_t i = first; i < end; ++i) {
            const Edit& e = script[i];
            const Line& l = e.op == '+' ? b[e.b] : a[e.a];
            out += e.op;
            out += l.text;
            out += '\n';
            if (!l.newline) out += "\\ No newline at end of file\n";
        }
        k = end;
    }
    return out;
}

}  // namespace abide::cli
