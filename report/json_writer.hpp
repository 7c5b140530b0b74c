#pragma once
/// A small streaming JSON writer: output of a million-node evaluation must not build a DOM.
/// It writes compact or indented JSON with RFC 8259 string escaping; it parses nothing.
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace abide::report {

class JsonWriter {
public:
    /// `indent` spaces per level (0: compact). Levels deeper than `pretty_depth` are written
    /// compactly, so that a node with thousands of children stays one line per child.
    explicit JsonWriter(std::ostream& out, int indent = 2, size_t pretty_depth = SIZE_MAX)
        : out_(&out), buf_(&own_), indent_(indent), pretty_depth_(pretty_depth) {}
    /// Appends to a string instead of a stream (no copy through a stream buffer).
    explicit JsonWriter(std::string& out, int indent = 2, size_t pretty_depth = SIZE_MAX)
        : buf_(&out), indent_(indent), pretty_depth_(pretty_depth) {}
    ~JsonWriter() { flush(); }
    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;

    /// Continues a document written elsewhere: as if `depth` arrays were open and each
    /// already held an element (so the next value starts with a comma and a new line).
    void resume(size_t depth);

    /// Writes what is buffered to the stream (also done when the buffer fills and at the end).
    void flush();

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    /// An object key: one of the program's own names (written as is, not escaped).
    JsonWriter& key(std::string_view k);
    JsonWriter& string(std::string_view s);
    JsonWriter& number(double v);
    JsonWriter& integer(long long v);
    JsonWriter& boolean(bool b);
    JsonWriter& null();
    /// A value already written as JSON (e.g. a string escaped once and written many times).
    JsonWriter& raw(std::string_view json);
    /// Would an object or array begun now be written compactly, down to its last element?
    bool compact_inside() const {
        return !stack_.empty() && (indent_ <= 0 || stack_.size() >= pretty_depth_);
    }
    /// Starts a value the caller appends whole, as compact JSON, to the returned buffer (for
    /// a hot path where compact_inside() holds); call it again for the next value.
    std::string& raw_value() {
        before_value();
        return *buf_;
    }

    static void escape(std::string& out, std::string_view s);

private:
    void before_value();
    void newline();
    std::ostream* out_ = nullptr;
    std::string own_;
    std::string* buf_;  ///< output not yet written (own_ for a stream): one write per ~1 MB
    int indent_;
    size_t pretty_depth_;
    struct Level {
        bool array;
        bool empty = true;
    };
    std::vector<Level> stack_;
    bool after_key_ = false;
};

}  // namespace abide::report
