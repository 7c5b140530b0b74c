#pragma once
/// The fact store: facts kept in a SQLite file with their history (issue 5). Lines are checked
/// by the fact readers (facts/read.hpp) and handed to the store through a FactSink; the store
/// keeps each line as written, so that evaluation reads stored facts back through the same
/// reader and gets exactly the FactSet `--facts` would give.
///
/// Tables (component "facts" in the shared `meta` table; see sqlite.hpp):
///   ingests(ingest, recorded_at, file): one row per stored file. recorded_at is the commit
///       instant, UTC `YYYY-MM-DDThh:mm:ss.ffffffZ` (sorts as text), increasing with `ingest`.
///   types(type, name): event type names.
///   facts: one row per version of a fact, and per retraction:
///     seq          ingest order (INTEGER PRIMARY KEY)
///     id, version  a fact's id and its version, 1, 2, ... (UNIQUE together)
///     retraction   1: this row withdraws the id (a `{"retracts": "ID"}` line)
///     superseded   1: a later row of the id exists (a correction or a retraction)
///     type, day    the event type (types.type) and the fact's UTC date as a day number
///                  (days since 1970-01-01; NULL for a retraction without a date)
///     party, source  built-in fields as written
///     content_hash of the fields as written (key order ignored, 5 == 5.0, `supersedes` left
///                  out), a stable 64-bit FNV-1a/splitmix64 hash; idempotence compares it
///     ingest, line which file (ingests) and line it came from
///     csv, record  the line as written; a CSV record as a JSON object of its cells (typed
///                  when its event was declared at ingest, else strings, csv = 1)
///     attrs        typed attributes as a compact JSON object when the event was declared at
///                  ingest (`--rules`): quantities as numbers in the base unit of their
///                  dimension (t, USD, %, pp), dates YYYY-MM-DD; NULL otherwise. The original
///                  text stays in `record`.
///   fact_view: the facts with type names, dates, recorded_at and file, for sqlite3 users.
/// Indexes: facts (id, version) unique; facts (type, day) over current rows.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/result.hpp"
#include "facts/fact.hpp"
#include "facts/read.hpp"

namespace abide::facts {

namespace sqlite_detail {
struct StoreImpl;
}

enum class StoreAccess {
    Read,   ///< the file must exist and be a fact store (or an empty database)
    Write,  ///< created when missing; migrated to the current schema
};

struct IngestStats {
    ReadStats read;           ///< lines, added (new), duplicates (unchanged), skipped...
    size_t corrections = 0;   ///< new versions and retractions among `added`
    std::string recorded_at;  ///< the commit instant ("" when rejected)
};

/// A stored row, as `abide facts` shows it.
struct StoredFact {
    std::string id;
    int64_t version = 1;
    bool retraction = false;
    bool superseded = false;
    std::string type, date, party, source;  ///< date: UTC YYYY-MM-DD ("" for a retraction)
    std::string recorded_at;
    std::string file;
    int64_t line = 0;
    bool csv = false;
    std::string record;                ///< the line as written (JSON)
    std::optional<std::string> attrs;  ///< typed attributes, a JSON object (see above)
};

struct FactQuery {
    std::optional<std::string> type;   ///< only this type
    std::optional<int32_t> since;      ///< only facts dated on or after this day
    std::optional<std::string> known;  ///< as known at this recorded_at (see load)
    bool history = false;              ///< every row (versions, retractions), not the current
};

class FactStore {
public:
    /// Opens the store. An Error (with SQLite's reason) when the path is a directory, the file
    /// is missing (Read), is not a SQLite database or not a sound one, or holds a newer schema.
    static core::Result<FactStore> open(const std::string& path, StoreAccess access);
    FactStore(FactStore&&) noexcept;
    FactStore& operator=(FactStore&&) noexcept;
    ~FactStore();

    /// Reads one log (path "-" = stdin) with `options` (skip_invalid, format) into the store,
    /// in one transaction: all its new facts or none (unless skip_invalid). `schema` types the
    /// attributes (an empty schema: every type is undeclared). A line is unchanged when a
    /// stored row of its id has its content; an id stored with other content is an error
    /// naming both lines unless the line supersedes it. Every row of the file records the
    /// commit instant. `progress` (optional) is called every 64k lines. An Error when the file
    /// cannot be read or the database fails; diagnostics for bad lines.
    core::Result<IngestStats> ingest(const std::string& path, const core::Schema& schema,
                                     ReadOptions options, core::Diagnostics& diags,
                                     const std::function<void(size_t lines)>& progress = {});

    /// Reads the facts current at `known_at` (a recorded_at text; nullopt: now) into `out`:
    /// for each id its latest row recorded by then, unless that withdraws it; in ingest order.
    /// Lines are checked against out.schema() like a log; diagnostics name the file and line
    /// they were ingested from. Returns the number of facts added.
    core::Result<size_t> load(FactSet& out, core::Diagnostics& diags,
                              const std::optional<std::string>& known_at);

    /// Calls `f` for each row the query selects, in ingest order.
    core::Status query(const FactQuery& q, const std::function<void(const StoredFact&)>& f);

    const std::string& path() const;

private:
    explicit FactStore(std::unique_ptr<sqlite_detail::StoreImpl> impl);
    std::unique_ptr<sqlite_detail::StoreImpl> impl_;
};

}  // namespace abide::facts
