#include "report/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "core/json_escape.hpp"
#include "core/quantity.hpp"

namespace abide::report {

void JsonWriter::escape(std::string& out, std::string_view s) {
    core::append_json_string(out, s);
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
