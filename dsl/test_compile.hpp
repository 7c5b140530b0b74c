#pragma once
/// Test files (`*.test.abide`) to the suite representation the runner works on: parse
/// (test_parse.hpp), check and lower. Spirit-free; the grammar and syntax tree stay private.
#include <memory>
#include <optional>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "suite/suite.hpp"

namespace abide::dsl {

/// Parses and checks every file; errors (syntax, a duplicate test name across the files with a
/// note at the first, a repeated `title`/`rules`/`skip`, a test with no `expect` and no `skip`,
/// an impossible date, a fixture path that is empty) go to `diags`. A fixture path is resolved
/// against its test file's folder (it is not opened here). Returns nullopt when any error was
/// reported. An empty file (or one holding only comments) is valid and holds no test.
std::optional<std::vector<suite::TestFile>> compile_tests(
    const std::vector<std::shared_ptr<const core::SourceFile>>& files, core::Diagnostics& diags);

}  // namespace abide::dsl
