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

class FactSink;

struct ReadOptions {
    bool skip_invalid = false;  ///< `--skip-invalid`: drop bad lines (warnings), keep the rest
    Format format = Format::Auto;
    /// When set, every checked line goes to the sink instead of the FactSet (which stays
    /// empty): the fact store decides what is new (facts/store). Corrections are accepted.
    FactSink* sink = nullptr;
    /// JSON string values are read as CSV cells are (numbers and booleans may be text): for
    /// CSV records the store keeps as JSON objects of their cells.
    bool csv_cells = false;
};

/// One raw field of a checked line, as written (arrays and objects never get this far).
struct SinkField {
    enum class Kind : uint8_t { Null, String, Number, Bool, Quantity };
    std::string_view key;
    Kind kind = Kind::Null;
    std::string_view text;  ///< String; Quantity: its unit
    double number = 0;      ///< Number; Quantity: its value
    bool boolean = false;
};

/// A line the reader checked, handed to a FactSink. Corrections (language.md, issue 5):
/// `"supersedes": true` makes a line a new version of its id; `{"retracts": "ID", ...}` (with
/// at most `id`, `date` and `source` besides) withdraws the fact ID. Neither key is part of
/// the content (content_hash), nor an attribute.
struct SinkRecord {
    enum class Kind : uint8_t { Fact, Retraction };
    Kind kind = Kind::Fact;
    std::string_view id;                         ///< Fact: its id; Retraction: the id it retracts
    std::string_view type, date, party, source;  ///< as written, "" when absent
    core::Date day;                              ///< Fact: the UTC date of `date`
    bool supersedes = false;
    /// Fact of a declared type: its slots, typed and in base units (symbols in set->symbols());
    /// empty for an undeclared type.
    std::span<const Value> values;
    uint32_t type_index = kUndeclaredType;
    const FactSet* set = nullptr;
    std::span<const SinkField> fields;  ///< every non-null field as written, in line order
    std::string_view text;              ///< the line (JSON) or the record (CSV) as written
    bool csv = false;                   ///< read with CSV cell rules
    uint32_t line = 0;
    uint64_t content_hash = 0;  ///< equal for equal content (language.md §9.15)
};

/// What a sink made of a line.
struct SinkVerdict {
    enum class Kind : uint8_t { Added, Unchanged, Rejected };
    Kind kind = Kind::Added;
    std::string message;  ///< Rejected: why (the reader adds the position of the line)
    std::string note;     ///< Rejected: an optional note, e.g. where the conflicting fact came from
};

/// Receives checked lines (ReadOptions::sink). A Rejected line is handled as a bad line:
/// it rejects the file unless skip_invalid. The sink is called on the reading thread.
class FactSink {
public:
    virtual ~FactSink() = default;
    virtual SinkVerdict accept(const SinkRecord& record) = 0;
};

struct ReadStats {
    size_t lines = 0;  ///< fact lines (CSV: records) seen; blank lines and the header not
    size_t added = 0;  ///< facts added to the FactSet or the sink (0 when the file was rejected)
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
/// result does not depend on it); a large log whose ids repeat only after its first megabytes
/// is read twice (see detail::read_json_file); a CSV file is read whole.
core::Result<ReadStats> read_facts(const std::string& path, FactSet& out, core::Diagnostics& diags,
                                   const ReadOptions& options = {});

/// Same, from text already in memory (tests, stdin, the store later); `name` labels the
/// diagnostics and is added to out.files().
ReadStats read_facts_text(std::string_view name, std::string_view text, FactSet& out,
                          core::Diagnostics& diags, const ReadOptions& options = {});

/// A line (JSON Lines) or CSV record longer than this is rejected unread.
constexpr size_t kMaxLineBytes = 1 << 20;

}  // namespace abide::facts
