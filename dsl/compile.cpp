#include "dsl/compile.hpp"

#include "dsl/checker.hpp"
#include "dsl/lower.hpp"
#include "dsl/parse.hpp"

namespace abide::dsl {

std::optional<ir::RuleSet> compile(
    const std::vector<std::shared_ptr<const core::SourceFile>>& files, core::Diagnostics& diags,
    const CompileOptions& options) {
    const size_t errors_before = diags.error_count();
    std::vector<ParsedFile> parsed;
    parsed.reserve(files.size());
    for (const auto& f : files) parsed.push_back(ParsedFile{f, parse_file(*f, diags)});
    // After a syntax error, names declared by the lost items would be reported as undeclared:
    // stop at the syntax errors rather than bury them under cascades.
    if (diags.error_count() > errors_before || diags.full()) return std::nullopt;
    Declarations decls = check_declarations(parsed, diags, options);
    ir::RuleSet set = lower(std::move(decls), diags);
    if (diags.error_count() > errors_before || diags.full()) return std::nullopt;
    return set;
}

}  // namespace abide::dsl
