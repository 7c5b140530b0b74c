#pragma once
/// Test-file text to syntax tree (test_ast.hpp), for one `*.test.abide` file. Private to dsl/;
/// `abide fmt` and the lowering to suite::TestFile (test_compile.hpp) use it.
#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "dsl/test_ast.hpp"

namespace abide::dsl {

/// Parses every `test` block of `src`. Syntax errors go to `diags` (positioned, with a
/// did-you-mean for a misspelt clause keyword or verdict); after one, parsing resumes at the
/// next `test` at brace depth 0, and the broken test is left out. Invalid UTF-8 is reported at
/// its first bad byte and nothing is parsed.
test_ast::TestFile parse_test_file(const core::SourceFile& src, core::Diagnostics& diags);

}  // namespace abide::dsl
