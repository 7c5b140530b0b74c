#pragma once
/// Internal to the fact readers: the format-neutral record both parsers produce, and the
/// FactBuilder that checks a record against the schema and adds it. The JSON parser is the
/// only user of simdjson (read_json.cpp); CSV splitting is in read_csv.cpp.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diagnostic.hpp"
#include "facts/fact.hpp"
#include "facts/read.hpp"

namespace abide::facts::detail {

/// Readable bytes the JSON parser needs after a line (simdjson's SIMDJSON_PADDING; checked
/// there with a static_assert).
constexpr size_t kJsonPadding = 64;

/// A value as written, before it is checked against a declaration.
struct RawValue {
    enum class Kind : uint8_t { Null, String, Number, Bool, Quantity, Array, Object };
    Kind kind = Kind::Null;
    bool boolean = false;
    /// String: known to need no escaping in JSON output (the JSON reader's raw strings); false
    /// only means "not known".
    bool json_plain = false;
    double number = 0;      ///< Number; Quantity: its "value"
    std::string_view text;  ///< String; Quantity: its "unit"
    uint32_t offset = 0;    ///< byte offset of the value in the record's text
    uint64_t hash = 0;      ///< String: hash_bytes(text), computed by the parser
};

struct RawField {
    std::string_view key;
    uint32_t key_offset = 0;
    RawValue value;
};

enum class Syntax : uint8_t { Json, Csv };

/// One fact as read. `text` is the record (one line for JSON; possibly several for CSV),
/// used for positions and the caret line of diagnostics.
struct Record {
    std::string_view text;
    uint32_t line = 0;
    std::span<const RawField> fields;
};

/// Checks records and adds them to a FactSet; owns the all-or-nothing bookkeeping of one file.
class FactBuilder {
public:
    FactBuilder(std::string_view file_name, FactSet& out, core::Diagnostics& diags,
                const ReadOptions& options, ReadStats& stats);

    /// Checks and adds one record (counts it in stats.lines).
    void add(const Record& r, Syntax syntax);
    /// Starts loading the table slots a record's id and strings will look up (a hint).
    void prefetch(std::span<const RawField> fields) const;
    /// A line that could not be parsed at all (invalid JSON, a ragged CSV row...); counts it.
    void bad_line(std::string_view text, uint32_t line, size_t offset, std::string message);
    /// A problem with the whole file (a bad CSV header): always an error, the file is rejected.
    void file_error(std::string_view text, uint32_t line, size_t offset, std::string message);
    /// Ends the file: truncates back if it was rejected, emits the skipped-lines summary.
    void finish();
    /// Ends the file after a read failure: nothing of it is kept.
    void abandon();

    /// From now on, adds facts without looking their ids up: at a million facts, the lookups
    /// in a table of 16 MB were a quarter of the checks. place_deferred_ids() then checks them
    /// all at once. Only while no id has repeated so far in the file, without a sink, and not
    /// after restart().
    void defer_id_checks(size_t more_facts);
    /// Checks the deferred ids; false when one repeated an earlier id: the facts and
    /// diagnostics are then not those of a line-by-line read, and the caller must restart()
    /// and read the file again.
    bool place_deferred_ids();
    /// Drops what was read of the file (facts, diagnostics, counts) to read it again from its
    /// first line, checking each id as it comes.
    void restart();

    /// A hint for vectors: about `facts` more facts of about `slots` attribute slots each;
    /// with `tables`, the hash tables grow for them now (otherwise see adopt()).
    void reserve(size_t facts, double slots_per_fact, bool tables = true);
    /// Empty hash tables for the facts and symbols after `facts` more facts like those so
    /// far: `make` runs on any thread (their page faults are its cost, taken by whoever
    /// touches them first), adopt() on this one.
    struct Tables {
        ZeroedArray<uint64_t> ids;
        ZeroedArray<Interner::Slot> symbols;
    };
    struct TableSizes {
        size_t ids = 0, symbols = 0;
        Tables make() const {
            return {FactSet::empty_id_table(ids), Interner::empty_table(symbols)};
        }
    };
    TableSizes table_sizes(size_t facts) const;
    void adopt(Tables&& tables);
    /// The FactSet's reserved, unused memory (FactSet::spare_capacity), for prefaulting.
    std::array<std::span<const std::byte>, 2> spare_capacity() const {
        return out_.spare_capacity();
    }
    /// FactSet::deferred_id_table, for prefaulting.
    std::span<const std::byte> deferred_id_table() const { return out_.deferred_id_table(); }
    size_t facts_added() const { return out_.size() - start_size_; }
    double values_per_fact_hint() const;

private:
    struct TypeInfo {
        uint32_t type = kUndeclaredType;
        Symbol name = kNoSymbol;
        uint64_t hash = 0;  ///< of the type's text
    };
    struct StringHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const;
    };
    using StringMap = std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>>;

    void report(std::string_view text, uint32_t line, size_t offset, std::string message,
                core::Severity severity, std::vector<core::Diagnostic> notes = {});
    void reject(const Record& r, size_t offset, std::string message,
                std::vector<core::Diagnostic> notes = {});
    TypeInfo type_info(std::string_view name);
    std::optional<core::Date> date_of(std::string_view text);
    std::optional<core::Date> find_date(std::string_view text);

    std::string file_name_;
    uint32_t file_ = 0;
    FactSet& out_;
    core::Diagnostics& diags_;
    ReadOptions options_;
    ReadStats& stats_;
    size_t start_size_ = 0;
    size_t warnings_ = 0;
    bool file_failed_ = false;
    core::Diagnostics::Mark diags_mark_;  ///< before the file's first diagnostic
    bool defer_ids_ = false;              ///< see defer_id_checks
    bool may_defer_ids_ = true;
    bool id_repeated_ = false;  ///< a line of the file repeated an earlier id
    uint32_t first_unreported_line_ = 0;
    static constexpr size_t kFewTypes = 16;
    std::vector<std::pair<std::string, TypeInfo>> few_types_;
    std::unordered_map<std::string, TypeInfo, StringHash, std::equal_to<>> types_;
    std::string last_date_text_;
    std::optional<core::Date> last_date_;
    StringMap dates_;  ///< date text -> day number, or INT32_MIN for an invalid date
    std::vector<Value> slots_;
    std::vector<uint8_t> seen_;
    std::vector<uint32_t> attr_fields_;
    std::vector<std::string_view> sorted_keys_;
    std::vector<SinkField> sink_fields_;
    size_t sink_added_ = 0;
    bool last_sink_added_ = false;
    bool csv_file_ = false;  ///< set by add(): the line came from a CSV file
    // Corrections and the sink (ReadOptions::sink).
    void to_sink(const Record& r, SinkRecord& sr, const RawField* id_field);
    void retraction(const Record& r, const RawField* retracts, const RawField* id,
                    const RawField* date, const RawField* source, const RawField* supersedes);
};

class LineBatch;

/// Parses JSON Lines one line at a time (read_json.cpp), into a LineBatch: the parsing needs
/// no FactSet, so it can run on another thread than the checks.
class JsonLineParser {
public:
    JsonLineParser();
    ~JsonLineParser();
    JsonLineParser(const JsonLineParser&) = delete;
    JsonLineParser& operator=(const JsonLineParser&) = delete;

    /// Parses one non-blank line without its line break, which `out` holds (a copy_line
    /// result, after make_room for it), and appends its entry: the record or the parse error.
    void parse(std::string_view line, uint32_t number, LineBatch& out);
    /// Parses a run of lines at once: `block` holds them separated by '\n' (a copy_line
    /// result, after make_room for it), `starts` their offsets in it, numbered from
    /// `first_number`; each must be non-blank with no CR (the caller checks). Appends the
    /// entries of the lines before the first one it cannot vouch for (one that parse() might
    /// read differently or reject) and returns their count; the caller parses the rest with
    /// parse(). Their entries are those parse() gives.
    size_t parse_run(std::string_view block, std::span<const uint32_t> starts,
                     uint32_t first_number, LineBatch& out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Reads JSON Lines text in memory (read_json_lines.cpp).
void read_json_text(std::string_view text, FactBuilder& builder);

class ChunkReader;

/// Reads the rest of a JSON Lines file whose first chunk `reader` holds: one thread reads and
/// parses while the calling thread checks and adds, in file order (the facts and diagnostics
/// do not depend on the timing). Past a sample of a large file its ids are checked in bulk at
/// the end; should one turn out repeated, the file is read again from its start with every id
/// checked line by line (FactBuilder::restart), so the result is always a line-by-line one.
/// Returns 0, or the errno of a read error (the builder is then abandoned).
int read_json_file(ChunkReader& reader, size_t file_size, FactBuilder& builder);

/// Reads a whole CSV text: header, then records (read_csv.cpp).
void read_csv(std::string_view text, FactBuilder& builder);

/// Lines of a diagnostic: the physical line of `offset` within `text` (a record starting at
/// line `line`), and the 1-based column.
core::LineCol position_in(std::string_view text, uint32_t line, size_t offset);

}  // namespace abide::facts::detail
