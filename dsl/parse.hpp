#pragma once
/// Text to syntax tree, for one file. Private to dsl/.
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "dsl/ast.hpp"

namespace abide::dsl {

/// Parses every top-level item of `src`. Syntax errors go to `diags`; after one, parsing
/// resumes at the next top-level `event`, `agreement` or `rule` (at brace depth 0), so that
/// one file can report several errors without cascades. Items that failed are left out.
/// Invalid UTF-8 is reported at its first bad byte and the file is not parsed.
std::vector<ast::TopItem> parse_file(const core::SourceFile& src, core::Diagnostics& diags);

/// The offset of the first byte that is not valid UTF-8 (overlongs, surrogates and code
/// points past U+10FFFF are invalid), or npos.
size_t find_invalid_utf8(std::string_view text);

}  // namespace abide::dsl
