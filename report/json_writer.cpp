#include "report/json_writer.hpp"

#include <cmath>
#include <cstdio>

#include "core/quantity.hpp"

namespace abide::report {

void JsonWriter::escape(std::string& out, std::string_view s) {
    out += '"';
    // Copy runs of bytes that need no escaping whole; most strings are one run.
    size_t run = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
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
    escape(*buf_, k);
    *buf_ += indent_ > 0 && stack_.size() <= pretty_depth_ ? ": " : ":";
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
    *buf_ += std::to_string(v);
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
