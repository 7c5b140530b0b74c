#include "report/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "core/quantity.hpp"

namespace abide::report {

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

void JsonWriter::escape(std::string& out, std::string_view s) {
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

void JsonWriter::flush() {
    if (!out_) return;  // writing to a string: it is the output
    if (!buf_->empty()) out_->write(buf_->data(), static_cast<std::streamsize>(buf_->size()));
    buf_->clear();
}

void JsonWriter::resume(size_t depth) {
    stack_.assign(depth, Level{true, true});
}

void JsonWriter::newline() {
    if (indent_ <= 0 || stack_.size() > pretty_depth_) return;
    *buf_ += '\n';
    buf_->append(stack_.size() * static_cast<size_t>(indent_), ' ');
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (out_ && buf_->size() > (1u << 20)) flush();
    if (stack_.empty()) return;
    if (!stack_.back().empty) *buf_ += ',';
    stack_.back().empty = false;
    newline();
}

JsonWriter& JsonWriter::begin_object() {
    before_value();
    *buf_ += '{';
    stack_.push_back({false});
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    bool empty = stack_.back().empty;
    bool pretty = stack_.size() <= pretty_depth_;
    stack_.pop_back();
    if (!empty && pretty) newline();
    *buf_ += '}';
    if (stack_.empty() && indent_ > 0) *buf_ += '\n';
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    before_value();
    *buf_ += '[';
    stack_.push_back({true});
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    bool empty = stack_.back().empty;
    bool pretty = stack_.size() <= pretty_depth_;
    stack_.pop_back();
    if (!empty && pretty) newline();
    *buf_ += ']';
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
    before_value();
    // Keys are the program's own names, never data: they need no escaping.
    *buf_ += '"';
    *buf_ += k;
    *buf_ += indent_ > 0 && stack_.size() <= pretty_depth_ ? "\": " : "\":";
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view s) {
    before_value();
    escape(*buf_, s);
    return *this;
}

JsonWriter& JsonWriter::number(double v) {
    before_value();
    // JSON has no infinity (a sum of huge values can overflow): write null rather than `inf`.
    *buf_ += std::isfinite(v) ? core::format_number(v) : "null";
    return *this;
}

JsonWriter& JsonWriter::integer(long long v) {
    before_value();
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
    (void)ec;  // 24 characters hold any long long
    buf_->append(digits, end);
    return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
    before_value();
    *buf_ += json;
    return *this;
}

JsonWriter& JsonWriter::boolean(bool b) {
    before_value();
    *buf_ += b ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    before_value();
    *buf_ += "null";
    return *this;
}

}  // namespace abide::report
