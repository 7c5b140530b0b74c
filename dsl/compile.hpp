#pragma once
/// The rule language compiler: text -> syntax tree -> checks -> ir::RuleSet. Spirit-free;
/// the grammar and the syntax tree are private to dsl/.
#include <memory>
#include <optional>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "engine/ir/rules.hpp"

namespace abide::dsl {

struct CompileOptions {
    /// `--strict`: `title`, `party` and `cite` are required on every rule.
    bool strict = false;
};

/// Parses, checks and lowers a set of rule files into one RuleSet (rules sorted by full id,
/// agreements in the order the files declare them). Every error and warning of the run goes to
/// `diags` (the Diagnostics class caps the count); syntax errors in one file do not stop the
/// others from being parsed, but when any file has a syntax error the semantic checks are
/// skipped (their errors would mostly be cascades). Returns nullopt when any error was reported.
/// An empty file (or one holding only comments) is valid and contributes nothing.
std::optional<ir::RuleSet> compile(
    const std::vector<std::shared_ptr<const core::SourceFile>>& files, core::Diagnostics& diags,
    const CompileOptions& options = {});

}  // namespace abide::dsl
