#pragma once
/// `abide fmt`: the one canonical layout of rule files (`*.abide`) and test files
/// (`*.test.abide`). Spirit-free; the syntax trees stay private to dsl/.
///
/// The layout, printed from the syntax tree (nothing of the old layout survives except what
/// is listed here):
/// - 2-space indentation per block level; one declaration, field, clause or obligation a line;
///   single spaces between tokens (`a == 1`, `sum(t.x where y > 2) >= 12 Mt`, `[a, b]`).
/// - Runs of consecutive `key value` fields (`title`, `party`, `cite`, `note`; in agreements
///   `title`, `signed`, `parties`, `source`, `binding`) have their values aligned one blank
///   after the longest key, as in language.md §1; a blank line ends a run.
/// - An `event` or a field-less `rule` written on one line stays on one line (attributes and
///   block parts two blanks apart, as in language.md §1); otherwise blocks are one item a line.
/// - A line break the author put before `and`/`or` in a condition (or after it) is kept, the
///   continuation indented 4 past its obligation; one before a window (`by`, `within`, ...)
///   is kept, indented 2. All other breaks inside a clause are removed.
/// - Every comment is kept, in order: a comment on a line of its own stays on a line of its own
///   at the indentation of what follows it; a trailing comment stays at the end of its line,
///   two blanks after the code, and those of adjacent lines of one indentation are aligned (a
///   comment line under one, in its column, stays aligned with it). Blank lines between items are
///   kept, runs of them collapsed to one, none after a `{` or before a `}`. Trailing blanks go; the
///   file ends with one line break.
/// - Values print as they re-parse to the same meaning: numbers, dates and names as written,
///   strings re-escaped (`\"`, `\\`, `\n`), durations as `1 day` / `N days`.
/// - Test files: `facts { ... }` lines are copied verbatim (re-indented).
/// Formatting is idempotent: formatting the output again changes nothing.
#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.hpp"
#include "core/source.hpp"

namespace abide::dsl {

enum class SourceKind { Rules, Tests };

/// Tests for a path ending in `.test.abide`, Rules otherwise.
SourceKind source_kind(std::string_view path);

/// The canonical text of `src`, or nullopt when it does not parse (the positioned syntax errors
/// are in `diags`). As a safety net the result is parsed again and its comments counted: a
/// formatted text that would not parse, or lost a comment, is reported as an internal error
/// rather than returned.
std::optional<std::string> format_source(const core::SourceFile& src, SourceKind kind,
                                         core::Diagnostics& diags);

}  // namespace abide::dsl
