#pragma once
/// A small streaming JSON writer: output of a million-node evaluation must not build a DOM.
/// It writes compact or indented JSON with RFC 8259 string escaping; it parses nothing.
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace abide::report {

class JsonWriter {
public:
    explicit JsonWriter(std::ostream& out, int indent = 2) : out_(out), indent_(indent) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view k);
    JsonWriter& string(std::string_view s);
    JsonWriter& number(double v);
    JsonWriter& integer(long long v);
    JsonWriter& boolean(bool b);
    JsonWriter& null();

    static void escape(std::string& out, std::string_view s);

private:
    void before_value();
    void newline();
    std::ostream& out_;
    int indent_;
    struct Level {
        bool array;
        bool empty = true;
    };
    std::vector<Level> stack_;
    bool after_key_ = false;
    std::string buf_;
};

}  // namespace abide::report
