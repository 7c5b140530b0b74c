#pragma once
/// JSON string escaping (RFC 8259), shared by the report writer and the fact store's columns.
#include <string>
#include <string_view>

namespace abide::core {

/// Appends `s` as a JSON string: quoted, with `"`, `\` and control bytes escaped. Other bytes
/// (UTF-8 included) are copied as they are.
void append_json_string(std::string& out, std::string_view s);

/// True when `s` has nothing to escape: it can be written between quotes as it is.
bool json_plain(std::string_view s);

}  // namespace abide::core
