#pragma once
/// Fact log readers: JSON Lines and CSV (language.md §7, §9.14, §9.15). Every line is checked
/// against the event declarations of the FactSet's schema; mistakes become Diagnostics with
/// the file, line and column, never exceptions.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/diagnostic.hpp"
#include "core/result.hpp"
#include "facts/fact.hpp"

namespace abide::facts {

enum class Format { Auto, JsonLines, Csv };

struct ReadOptions {
    bool skip_invalid = false;  ///< `--skip-invalid`: drop bad lines (warnings), keep the rest
    Format format = Format::Auto;
};

struct ReadStats {
    size_t lines = 0;       ///< fact lines (CSV: records) seen; blank lines and the header not
    size_t added = 0;       ///< facts added to the FactSet (0 when the file was rejected)
    size_t duplicates = 0;  ///< lines repeating an earlier fact (same id, same content)
    size_t skipped = 0;     ///< bad lines dropped under skip_invalid
    size_t undeclared = 0;  ///< facts added whose type no declaration names (they match nothing)
    size_t errors = 0;      ///< bad lines (and header errors) in this file
    bool rejected = false;  ///< the file had errors and nothing of it was kept
};

/// The format `path` is read as: `.csv` is CSV; `.jsonl`, `.ndjson` and `.json` JSON Lines;
/// otherwise Auto (the first non-blank character decides: `{` is JSON Lines, else CSV).
Format format_for_path(std::string_view path);

/// Reads one fact log (path "-" = stdin, named `<stdin>` in diagnostics) into `out`,
/// validating every line against out.schema(). Bad lines are errors in `diags` with file and
/// line (column 1 when there is no better one); unless options.skip_invalid, a file with any
/// bad line adds nothing (all or nothing: FactSet::truncate back). With skip_invalid each
/// skipped line is a warning (the first 1000 of a file; then one summary warning) and the good
/// lines are kept. A repeated id with the same content counts once; with different content it
/// is an error naming the earlier line, also across files read into one FactSet.
/// Returns an Error only when the file cannot be read (missing, a directory, unreadable); then
/// nothing of it is kept. JSON Lines are streamed in chunks and parsed on a second thread (the
/// result does not depend on it); a CSV file is read whole.
core::Result<ReadStats> read_facts(const std::string& path, FactSet& out, core::Diagnostics& diags,
                                   const ReadOptions& options = {});

/// Same, from text already in memory (tests, stdin, the store later); `name` labels the
/// diagnostics and is added to out.files().
ReadStats read_facts_text(std::string_view name, std::string_view text, FactSet& out,
                          core::Diagnostics& diags, const ReadOptions& options = {});

/// A line (JSON Lines) or CSV record longer than this is rejected unread.
constexpr size_t kMaxLineBytes = 1 << 20;

}  // namespace abide::facts
