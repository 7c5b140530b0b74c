#pragma once
/// JSON string escaping (RFC 8259), shared by the report writer and the fact store's columns.
#include <cstddef>
#include <string>
#include <string_view>

namespace abide::core {

/// Appends `s` as a JSON string: quoted, with `"`, `\` and control bytes escaped. Other bytes
/// (UTF-8 included) are copied as they are.
void append_json_string(std::string& out, std::string_view s);

/// The most bytes a JSON string of `n` bytes of text takes (each escaped as \u00XX).
constexpr size_t json_string_bound(size_t n) {
    return 6 * n + 2;
}
/// Writes `s` as append_json_string does at `out`, which has room for json_string_bound(s.size())
/// bytes; returns the end of what it wrote.
char* write_json_string(char* out, std::string_view s);

/// True when `s` has nothing to escape: it can be written between quotes as it is.
bool json_plain(std::string_view s);

}  // namespace abide::core
