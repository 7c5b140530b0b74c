#include "report/escape.hpp"

#include <cctype>

namespace abide::report {

void append_html(std::string& out, std::string_view s) {
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
}

std::string html(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    append_html(out, s);
    return out;
}

std::string markdown(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '\\':
            case '`':
            case '*':
            case '_':
            case '[':
            case ']':
            case '<':
            case '>':
            case '|':
            case '#':
            case '~':
            case '!':
            case '&':
            case '{':
            case '}':
                out += '\\';
                out += c;
                break;
            // A line break would end a table row or start a new block.
            case '\n':
            case '\r': out += ' '; break;
            default: out += c;
        }
    }
    return out;
}

std::string csv_field(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::vector<TextPiece> split_urls(std::string_view s) {
    std::vector<TextPiece> out;
    size_t plain = 0, i = 0;
    while (i < s.size()) {
        size_t at = s.find("http", i);
        if (at == std::string_view::npos) break;
        size_t scheme = s.compare(at, 8, "https://") == 0  ? 8
                        : s.compare(at, 7, "http://") == 0 ? 7
                                                           : 0;
        // Only at a word boundary: "xhttp://" is not a URL.
        bool boundary = at == 0 || !std::isalnum(static_cast<unsigned char>(s[at - 1]));
        if (!scheme || !boundary) {
            i = at + 4;
            continue;
        }
        size_t end = at + scheme;
        while (end < s.size()) {
            unsigned char c = static_cast<unsigned char>(s[end]);
            if (std::isspace(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c < 0x20 ||
                c == 0x7f)
                break;
            ++end;
        }
        // Sentence punctuation after a URL is not part of it.
        while (end > at + scheme &&
               std::string_view(".,;:!?)]").find(s[end - 1]) != std::string_view::npos)
            --end;
        if (end == at + scheme) {
            i = end;
            continue;
        }
        if (at > plain) out.push_back({s.substr(plain, at - plain), false});
        out.push_back({s.substr(at, end - at), true});
        plain = i = end;
    }
    if (plain < s.size()) out.push_back({s.substr(plain), false});
    return out;
}

}  // namespace abide::report
