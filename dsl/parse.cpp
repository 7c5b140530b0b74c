// Syntax-error messages and recovery, and the rule parser (the parse loop is in recovery.hpp).
#include "dsl/parse.hpp"

#include <cstdio>
#include <string>

#include "core/suggest.hpp"
#include "dsl/config.hpp"
#include "dsl/grammar.hpp"
#include "dsl/recovery.hpp"

namespace abide::dsl {
namespace parser {

namespace {
bool is_ident_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
}  // namespace

const char* skip_blanks(const char* p, const char* end) {
    while (p != end) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            ++p;
        } else if (*p == '#') {
            while (p != end && *p != '\n') ++p;
        } else {
            break;
        }
    }
    return p;
}

std::string describe_token(const char* p, const char* end) {
    constexpr size_t kMax = 40;
    if (p == end) return "end of file";
    const char* q = p;
    if (is_ident_char(*q) || (*q == '-' && q + 1 != end && is_digit(q[1]))) {
        ++q;
        while (q != end && (is_ident_char(*q) || *q == '.' || *q == '-') && size_t(q - p) <= kMax)
            ++q;
    } else if (*q == '"') {
        ++q;
        while (q != end && *q != '"' && *q != '\n' && size_t(q - p) <= kMax) ++q;
        if (q != end && *q == '"') ++q;
    } else {
        // One character, whole if it is a multi-byte UTF-8 sequence.
        unsigned char c = static_cast<unsigned char>(*q++);
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        while (more-- > 0 && q != end) ++q;
        // Two-character operators read better whole ("found '=='").
        if (q != end && (c == '=' || c == '!' || c == '<' || c == '>') && *q == '=') ++q;
    }
    std::string tok(p, q);
    bool cut = size_t(q - p) > kMax;
    if (cut) tok = tok.substr(0, kMax) + "...";
    return "'" + tok + "'";
}

void ParseState::report(const char* where, std::string_view which) {
    error_at = where;
    if (!which.empty() && which.front() == kVerbatim) {
        diags->error(*src, size_t(where - begin), std::string(which.substr(1)));
        return;
    }
    const char* at = skip_blanks(where, end);
    std::string found = describe_token(at, end);
    std::string message = "expected " + std::string(which) + ", found " + found;
    // A did-you-mean among the quoted keywords the message lists.
    if (at != end && is_ident_char(*at)) {
        const char* q = at;
        while (q != end && is_ident_char(*q)) ++q;
        std::string word(at, q);
        std::vector<std::string_view> candidates;
        for (size_t i = which.find('\''); i != std::string_view::npos;) {
            size_t j = which.find('\'', i + 1);
            if (j == std::string_view::npos) break;
            std::string_view cand = which.substr(i + 1, j - i - 1);
            if (!cand.empty() && is_ident_char(cand.front()) &&
                cand.find(' ') == std::string_view::npos)
                candidates.push_back(cand);
            i = which.find('\'', j + 1);
        }
        if (auto s = core::closest(word, candidates); s && *s != word)
            message += "; did you mean '" + *s + "'?";
    }
    diags->error(*src, size_t(at - begin), std::move(message));
}

}  // namespace parser

size_t find_invalid_utf8(std::string_view s) {
    const auto* b = reinterpret_cast<const unsigned char*>(s.data());
    size_t n = s.size(), i = 0;
    while (i < n) {
        unsigned char c = b[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len;
        unsigned min;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2, min = 0x80, cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3, min = 0x800, cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4, min = 0x10000, cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n) return i;
        for (size_t k = 1; k < len; ++k) {
            if ((b[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (b[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += len;
    }
    return std::string_view::npos;
}

namespace parser {

// Error recovery, clox style: from the start of the item that failed, walk tokens (skipping
// strings and comments, counting braces) to the first keyword that stands at brace depth 0 and
// after the error. Skipping whole braced blocks keeps the rest of a broken agreement from being
// read as stray top-level items (no cascades), and the balanced braces of a test's inline JSON
// facts from being read as test blocks.
const char* resync(const char* item_start, const char* error_at, const char* end,
                   std::initializer_list<std::string_view> keywords) {
    int depth = 0;
    const char* p = item_start;
    bool first = true;
    while (p != end) {
        char c = *p;
        if (c == '#') {
            while (p != end && *p != '\n') ++p;
        } else if (c == '"') {
            ++p;
            while (p != end && *p != '"' && *p != '\n') {
                if (*p == '\\' && p + 1 != end && p[1] != '\n') ++p;
                ++p;
            }
            if (p != end && *p == '"') ++p;
        } else if (c == '{') {
            ++depth, ++p;
        } else if (c == '}') {
            if (depth > 0) --depth;
            ++p;
        } else if (is_ident_char(c)) {
            const char* w = p;
            while (p != end && is_ident_char(*p)) ++p;
            std::string_view word(w, size_t(p - w));
            bool keyword = false;
            for (std::string_view k : keywords) keyword = keyword || word == k;
            if (keyword && depth == 0 && w > error_at && !first) return w;
        } else {
            ++p;
        }
        first = false;
    }
    return end;
}

bool report_invalid_utf8(const core::SourceFile& src, core::Diagnostics& diags) {
    const std::string& text = src.text();
    size_t bad = find_invalid_utf8(text);
    if (bad == std::string_view::npos) return false;
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned char>(text[bad]));
    diags.error(src, bad, std::string("invalid UTF-8 byte ") + buf);
    return true;
}

}  // namespace parser

std::vector<ast::TopItem> parse_file(const core::SourceFile& src, core::Diagnostics& diags) {
    std::vector<ast::TopItem> items;
    parser::parse_items<ast::TopItem>(
        src, diags, parser::top_item, {"event", "agreement", "rule"},
        [&](ast::TopItem&& item) { items.push_back(std::move(item)); });
    return items;
}

}  // namespace abide::dsl
