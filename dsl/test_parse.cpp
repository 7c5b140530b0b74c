// The test-file parser: the shared parse loop and recovery (recovery.hpp) with the test-file
// grammar, resynchronising at the next `test` block.
#include "dsl/test_parse.hpp"

#include "dsl/recovery.hpp"
#include "dsl/test_grammar.hpp"

namespace abide::dsl {

test_ast::TestFile parse_test_file(const core::SourceFile& src, core::Diagnostics& diags) {
    test_ast::TestFile file;
    parser::parse_items<test_ast::TestDecl>(
        src, diags, parser::test_decl, {"test"},
        [&](test_ast::TestDecl&& decl) { file.tests.push_back(std::move(decl)); });
    return file;
}

}  // namespace abide::dsl
