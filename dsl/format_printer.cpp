#include "dsl/format_printer.hpp"

#include <algorithm>
#include <cstring>

namespace abide::dsl::fmt {

namespace {

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}
constexpr size_t npos = static_cast<size_t>(-1);

}  // namespace

size_t display_width(std::string_view s) {
    size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

// One pass over the text with the lexical rules of language.md §2: a `#` outside a string
// starts a comment that runs to the end of the line; a string runs to its closing quote (an
// escaped quote does not close it) or the end of the line. Everything else is a word (an
// identifier or number run) or a single punctuation character, which is all a printer needs
// to find keywords and braces and to tell where the author broke lines.
Scan::Scan(std::string_view text, std::vector<std::pair<size_t, size_t>> opaque) : text_(text) {
    const size_t n = text.size();
    size_t i = 0, line_start = 0, line_no = 0, next_opaque = 0;
    bool newline = false, line_has_code = false;
    std::vector<size_t> open;
    std::vector<size_t> comment_line, comment_col;
    auto push = [&](size_t begin, size_t end) {
        tokens_.push_back(Token{begin, end, newline});
        match_.push_back(npos);
        newline = false;
        line_has_code = true;
    };
    while (i < n) {
        char c = text[i];
        if (next_opaque < opaque.size() && opaque[next_opaque].first == i) {
            size_t end = std::min(opaque[next_opaque].second, n);
            ++next_opaque;
            push(i, end);
            for (size_t k = i; k < end; ++k)
                if (text[k] == '\n') ++line_no, line_start = k + 1;
            i = std::max(end, i + 1);
            continue;
        }
        if (c == '\n') {
            newline = true;
            line_has_code = false;
            ++line_no;
            line_start = ++i;
            continue;
        }
        if (is_blank(c)) {
            ++i;
            continue;
        }
        if (c == '#') {
            size_t end = i;
            while (end < n && text[end] != '\n') ++end;
            size_t last = end;
            while (last > i && (is_blank(text[last - 1]))) --last;
            Comment cm;
            cm.offset = i;
            cm.text = std::string(text.substr(i, last - i));
            cm.trailing = line_has_code;
            cm.blank_before = !line_has_code && blank_line_before(i);
            size_t col = display_width(text.substr(line_start, i - line_start));
            if (!cm.trailing && !comments_.empty()) {
                const Comment& prev = comments_.back();
                cm.continuation = comment_line.back() + 1 == line_no &&
                                  (prev.trailing || prev.continuation) && comment_col.back() == col;
            }
            comments_.push_back(std::move(cm));
            comment_line.push_back(line_no);
            comment_col.push_back(col);
            newline = true;  // a comment always ends its line
            i = end;
            continue;
        }
        size_t begin = i;
        if (c == '"') {
            ++i;
            while (i < n && text[i] != '"' && text[i] != '\n') {
                if (text[i] == '\\' && i + 1 < n && text[i + 1] != '\n') ++i;
                ++i;
            }
            if (i < n && text[i] == '"') ++i;
        } else if (is_word_char(c)) {
            while (i < n && is_word_char(text[i])) ++i;
        } else {
            ++i;
        }
        push(begin, i);
        if (c == '{') {
            open.push_back(tokens_.size() - 1);
        } else if (c == '}' && !open.empty()) {
            match_[open.back()] = tokens_.size() - 1;
            match_[tokens_.size() - 1] = open.back();
            open.pop_back();
        }
    }
}

size_t Scan::token_at(size_t offset) const {
    auto it = std::lower_bound(tokens_.begin(), tokens_.end(), offset,
                               [](const Token& t, size_t off) { return t.offset < off; });
    if (it == tokens_.end() || it->offset != offset) return npos;
    return static_cast<size_t>(it - tokens_.begin());
}

bool Scan::newline_before(size_t offset) const {
    size_t k = token_at(offset);
    return k != npos && tokens_[k].newline_before;
}

size_t Scan::token_before(size_t offset) const {
    auto it = std::lower_bound(tokens_.begin(), tokens_.end(), offset,
                               [](const Token& t, size_t off) { return t.offset < off; });
    if (it == tokens_.begin()) return npos;
    return static_cast<size_t>(it - tokens_.begin()) - 1;
}

size_t Scan::brace_after(size_t offset) const {
    auto it = std::lower_bound(tokens_.begin(), tokens_.end(), offset,
                               [](const Token& t, size_t off) { return t.offset < off; });
    for (; it != tokens_.end(); ++it)
        if (text_[it->offset] == '{' && it->end == it->offset + 1) return it->offset;
    return npos;
}

size_t Scan::matching_brace(size_t open) const {
    size_t k = token_at(open);
    if (k == npos || match_[k] == npos) return npos;
    return tokens_[match_[k]].offset;
}

bool Scan::spans_lines(size_t from, size_t to) const {
    to = std::min(to, text_.size());
    return from < to && std::memchr(text_.data() + from, '\n', to - from) != nullptr;
}

bool Scan::blank_line_before(size_t offset) const {
    size_t j = std::min(offset, text_.size());
    while (j > 0 && is_blank(text_[j - 1])) --j;
    if (j == 0 || text_[j - 1] != '\n') return false;
    size_t k = j - 1;  // the line break ending the line above
    while (k > 0 && is_blank(text_[k - 1])) --k;
    return k == 0 || text_[k - 1] == '\n';
}

bool Scan::has_comment(size_t from, size_t to) const {
    auto it = std::lower_bound(comments_.begin(), comments_.end(), from,
                               [](const Comment& c, size_t off) { return c.offset < off; });
    return it != comments_.end() && it->offset < to;
}

void Printer::line(int indent, bool keep_blank) {
    pending_ = true;
    pending_indent_ = indent;
    pending_keep_blank_ = keep_blank;
}

void Printer::break_pending(int indent) {
    if (!pending_) {
        pending_ = true;
        pending_indent_ = indent;
        pending_keep_blank_ = false;
    }
}

void Printer::new_line(int indent, bool blank) {
    if (blank && !after_open_ && !lines_.empty() && !lines_.back().blank)
        lines_.push_back(Line{0, {}, {}, false, true});
    lines_.push_back(Line{indent, {}, {}, false, false});
}

void Printer::comments_before(size_t offset) {
    const auto& cs = scan_.comments();
    while (next_comment_ < cs.size() && cs[next_comment_].offset < offset) {
        const Comment& c = cs[next_comment_++];
        bool has_code =
            !lines_.empty() && !lines_.back().code.empty() && lines_.back().comment.empty();
        if (c.trailing && has_code) {
            // It ends the line it trails; the code that followed it goes on below.
            lines_.back().comment = c.text;
            break_pending(cont_);
            continue;
        }
        new_line(pending_ ? pending_indent_ : cont_, c.blank_before);
        lines_.back().comment = c.text;
        lines_.back().continuation = c.continuation;
        after_open_ = false;
        break_pending(cont_);
    }
}

void Printer::word(std::string_view text, size_t offset, int space) {
    if (offset != kNoOffset) comments_before(offset);
    if (pending_ || lines_.empty()) {
        bool blank = pending_keep_blank_ && offset != kNoOffset && scan_.blank_line_before(offset);
        new_line(pending_ ? pending_indent_ : 0, blank);
        pending_ = false;
    } else if (!glue_ && !lines_.back().code.empty()) {
        lines_.back().code.append(static_cast<size_t>(std::max(space, 0)), ' ');
    }
    glue_ = false;
    lines_.back().code += text;
    after_open_ = text == "{";
}

std::string Printer::finish() {
    line(0, true);
    comments_before(kNoOffset);
    // Trailing comments of adjacent lines of one indentation (and the comment lines continuing
    // them) line up two blanks after the longest code among them.
    std::vector<size_t> col(lines_.size(), npos);
    for (size_t i = 0; i < lines_.size(); ++i) {
        const Line& l = lines_[i];
        if (l.blank || l.code.empty() || l.comment.empty() || col[i] != npos) continue;
        size_t k = i, width = 0;
        for (; k < lines_.size(); ++k) {
            const Line& m = lines_[k];
            bool trailing =
                !m.blank && !m.code.empty() && !m.comment.empty() && m.indent == l.indent;
            bool continued = !m.blank && m.code.empty() && m.continuation && k > i;
            if (!trailing && !continued) break;
            if (trailing) width = std::max(width, size_t(m.indent) + display_width(m.code));
        }
        for (size_t m = i; m < k; ++m) col[m] = width + 2;
        i = k - 1;
    }
    std::string out;
    for (size_t i = 0; i < lines_.size(); ++i) {
        const Line& l = lines_[i];
        if (l.blank) {
            out += '\n';
            continue;
        }
        size_t start = out.size();
        if (l.code.empty() && col[i] != npos) {
            out.append(col[i], ' ');
        } else {
            out.append(size_t(l.indent), ' ');
            out += l.code;
        }
        if (!l.comment.empty()) {
            if (!l.code.empty()) {
                size_t w = display_width(std::string_view(out).substr(start));
                size_t target = col[i] != npos ? col[i] : w + 2;
                out.append(target > w ? target - w : 2, ' ');
            }
            out += l.comment;
        }
        out += '\n';
    }
    return out;
}

}  // namespace abide::dsl::fmt
