// The fact store (fact_store.hpp): schema, ingest through the readers' FactSink, and loading
// the facts known at an instant back through the same reader.
#include "facts/store/fact_store.hpp"

#include <bit>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <span>
#include <unordered_map>

#include "core/date.hpp"
#include "core/json_escape.hpp"
#include "facts/store/sqlite.hpp"

namespace abide::facts {
namespace sqlite_detail {

namespace sql = abide::sqlite;

// Version 1 of the "facts" component. STRICT tables. An `ingests` row per stored file holds
// when and from where, and `types` the event type names: a million rows repeat neither, and
// the (type, day) index compares integers (text keys there cost the load a third of its
// time). A retraction is a row of its id with no type, so the history of an id is its rows in
// version order. recorded_at is set at commit and increases with the ingest id, so "known at
// T" is "ingest <= the last ingest recorded by T". The relations are kept by this file, not
// by FOREIGN KEY clauses (checked, they cost a lookup per row). `fact_view` shows the rows
// with names and dates, for people using sqlite3.
constexpr sql::Migration kMigrations[] = {
    {1,
     "CREATE TABLE ingests ("
     "  ingest INTEGER PRIMARY KEY,"
     "  recorded_at TEXT NOT NULL,"
     "  file TEXT NOT NULL"
     ") STRICT;"
     "CREATE INDEX ingests_recorded_at ON ingests (recorded_at);"
     "CREATE TABLE types (type INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;"
     "CREATE TABLE facts ("
     "  seq INTEGER PRIMARY KEY,"
     "  id TEXT NOT NULL,"
     "  version INTEGER NOT NULL CHECK (version >= 1),"
     "  retraction INTEGER NOT NULL DEFAULT 0 CHECK (retraction IN (0, 1)),"
     "  superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1)),"
     "  type INTEGER,"
     "  day INTEGER,"
     "  party TEXT,"
     "  source TEXT,"
     "  content_hash INTEGER NOT NULL,"
     "  ingest INTEGER NOT NULL,"
     "  line INTEGER NOT NULL,"
     "  csv INTEGER NOT NULL DEFAULT 0 CHECK (csv IN (0, 1)),"
     "  record TEXT NOT NULL,"
     "  attrs TEXT,"
     "  CHECK (retraction = 1 OR (type IS NOT NULL AND day IS NOT NULL))"
     ") STRICT;"
     "CREATE UNIQUE INDEX facts_id_version ON facts (id, version);"
     "CREATE INDEX facts_type_day ON facts (type, day) WHERE superseded = 0 AND retraction = 0;"
     "CREATE VIEW fact_view AS SELECT f.seq, f.id, f.version, f.retraction, f.superseded,"
     "  t.name AS type, date(f.day * 86400, 'unixepoch') AS date, f.party, f.source,"
     "  i.recorded_at, i.file, f.line, f.record, f.attrs"
     "  FROM facts AS f LEFT JOIN types AS t USING (type) JOIN ingests AS i USING (ingest);"},
};

// The index kMigrations creates, as ingest re-creates it after a bulk load.
constexpr const char* kCreateTypeIndex =
    "CREATE INDEX IF NOT EXISTS facts_type_day ON facts (type, day) "
    "WHERE superseded = 0 AND retraction = 0";

constexpr const char* kLookup =
    "SELECT f.version, f.content_hash, f.retraction, i.file, f.line, i.recorded_at "
    "FROM facts AS f JOIN ingests AS i USING (ingest) WHERE f.id = ?1 ORDER BY f.version DESC";
// A fact line is tried as version 1 first: for a new id (nearly every line) that is the
// whole cost; an id already stored conflicts, and only then are its rows looked up.
constexpr const char* kInsert =
    "INSERT INTO facts (id, version, retraction, type, day, party, source, content_hash, "
    "ingest, line, csv, record, attrs) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
    "ON CONFLICT (id, version) DO NOTHING";
// The same without the id index (a bulk load): duplicates surface when the index is built.
constexpr const char* kInsertBulk =
    "INSERT INTO facts (id, version, retraction, type, day, party, source, content_hash, "
    "ingest, line, csv, record, attrs) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
constexpr const char* kCreateIdIndex =
    "CREATE UNIQUE INDEX IF NOT EXISTS facts_id_version ON facts (id, version)";
constexpr const char* kSupersede = "UPDATE facts SET superseded = 1 WHERE id = ?1 AND version = ?2";

// The last ingest recorded by ?1 (0: none).
constexpr const char* kLastIngest =
    "SELECT coalesce(max(ingest), 0) FROM ingests WHERE recorded_at <= ?1";

// The rows a query selects. ?1 type name, ?2 first day, ?3 last ingest (each NULL: any), ?4
// history (1: every row). Without history: an id's latest row up to ingest ?3, unless it is
// a retraction.
constexpr const char* kSelect =
    "SELECT f.id, f.version, f.retraction, f.superseded, t.name, f.day, f.party, f.source, "
    "i.recorded_at, i.file, f.line, f.csv, f.record, f.attrs "
    "FROM facts AS f LEFT JOIN types AS t USING (type) JOIN ingests AS i USING (ingest) "
    "WHERE (?1 IS NULL OR t.name = ?1) AND (?2 IS NULL OR f.day >= ?2) "
    "AND (?3 IS NULL OR f.ingest <= ?3) "
    "AND (?4 = 1 OR (f.retraction = 0 AND (CASE WHEN ?3 IS NULL THEN f.superseded = 0 ELSE "
    "NOT EXISTS (SELECT 1 FROM facts AS g WHERE g.id = f.id AND g.version > f.version AND "
    "g.ingest <= ?3) END))) "
    "ORDER BY f.seq";
// What a load needs; the current facts are served without the correlated subquery.
constexpr const char* kLoadCurrent =
    "SELECT f.ingest, f.line, f.csv, f.record FROM facts AS f "
    "WHERE f.superseded = 0 AND f.retraction = 0 ORDER BY f.seq";
constexpr const char* kLoadKnown =
    "SELECT f.ingest, f.line, f.csv, f.record FROM facts AS f WHERE f.ingest <= ?1 AND "
    "f.retraction = 0 AND NOT EXISTS (SELECT 1 FROM facts AS g WHERE g.id = f.id AND "
    "g.version > f.version AND g.ingest <= ?1) ORDER BY f.seq";

struct StoreImpl {
    sql::Connection db;
    std::string path;
};

namespace {

// JSON text for the store's own columns (attrs, CSV records).
using core::append_json_string;

void append_json_number(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, p);
}

bool is_builtin(std::string_view key) {
    return key == "id" || key == "type" || key == "date" || key == "party" || key == "source" ||
           key == "supersedes" || key == "retracts";
}

// attrs: typed values of a declared event (quantities in base units), else values as written.
void typed_attrs(const SinkRecord& r, std::string& out) {
    out = "{";
    bool first = true;
    auto key = [&](std::string_view k) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, k);
        out += ':';
    };
    if (r.type_index != kUndeclaredType) {
        const core::EventDecl& ev = r.set->schema().event(r.type_index);
        for (size_t i = 0; i < r.values.size() && i < ev.attrs.size(); ++i) {
            const Value& v = r.values[i];
            switch (v.kind) {
                case Value::Kind::Absent: continue;
                case Value::Kind::Text:
                case Value::Kind::Party:
                    key(ev.attrs[i].name);
                    append_json_string(out, r.set->symbols().text(v.symbol));
                    break;
                case Value::Kind::Number:
                    key(ev.attrs[i].name);
                    append_json_number(out, v.number);
                    break;
                case Value::Kind::Date:
                    key(ev.attrs[i].name);
                    append_json_string(out, core::to_string(core::Date{v.date}));
                    break;
                case Value::Kind::Bool:
                    key(ev.attrs[i].name);
                    out += v.boolean ? "true" : "false";
                    break;
            }
        }
    } else {
        for (const SinkField& f : r.fields) {
            if (is_builtin(f.key)) continue;
            switch (f.kind) {
                case SinkField::Kind::Null: continue;
                case SinkField::Kind::String:
                    key(f.key);
                    append_json_string(out, f.text);
                    break;
                case SinkField::Kind::Number:
                    key(f.key);
                    append_json_number(out, f.number);
                    break;
                case SinkField::Kind::Bool:
                    key(f.key);
                    out += f.boolean ? "true" : "false";
                    break;
                case SinkField::Kind::Quantity:
                    key(f.key);
                    out += "{\"value\":";
                    append_json_number(out, f.number);
                    out += ",\"unit\":";
                    append_json_string(out, f.text);
                    out += '}';
                    break;
            }
        }
    }
    out += '}';
}

// A CSV record kept as a JSON object of its (non-empty) cells. For a declared event, number
// and bool attributes are written as JSON numbers and booleans (the values the CSV cells were
// read as, so the content is the same, §9.15) and the line is plain JSON: returns false. For
// an undeclared type every cell stays a string, read back with ReadOptions::csv_cells:
// returns true.
bool csv_record_json(const SinkRecord& r, std::string& out) {
    const core::EventDecl* ev =
        r.type_index != kUndeclaredType ? &r.set->schema().event(r.type_index) : nullptr;
    out = "{";
    bool first = true;
    for (const SinkField& f : r.fields) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, f.key);
        out += ':';
        int slot = ev && !is_builtin(f.key) ? ev->find_attr(f.key) : -1;
        const Value* v = slot >= 0 && static_cast<size_t>(slot) < r.values.size()
                             ? &r.values[static_cast<size_t>(slot)]
                             : nullptr;
        if (v && ev->attrs[static_cast<size_t>(slot)].type == core::AttrType::Number &&
            v->kind == Value::Kind::Number)
            append_json_number(out, v->number);
        else if (v && v->kind == Value::Kind::Bool)
            out += v->boolean ? "true" : "false";
        else if (f.key == "supersedes" && ev)
            out += r.supersedes ? "true" : "false";
        else
            append_json_string(out, f.text);
    }
    out += '}';
    return ev == nullptr;
}

// The stored content hash: part of the file format, so it is defined here and never changes
// (facts/hash.hpp may). Fields as written, key order ignored (a sum over fields), numbers by
// value (5 == 5.0), `supersedes` left out: a correction equal to a stored version is a replay.
// It does not depend on the declarations given to ingest, so a log stored with and without
// --rules is the same content.
uint64_t fnv1a(std::string_view s, uint64_t h = 0xcbf29ce484222325ull) {
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ull;
    }
    return h;
}
uint64_t splitmix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}
uint64_t number_bits(double v) {
    if (v == 0) v = 0;  // -0 is 0
    return std::bit_cast<uint64_t>(v);
}

uint64_t stored_content_hash(const SinkRecord& r) {
    uint64_t sum = r.kind == SinkRecord::Kind::Retraction ? 0x7265747261637473ull : 0;
    for (const SinkField& f : r.fields) {
        if (f.key == "supersedes") continue;
        uint64_t v = 0;
        switch (f.kind) {
            case SinkField::Kind::Null: continue;
            case SinkField::Kind::String: v = fnv1a(f.text, 1); break;
            case SinkField::Kind::Number: v = splitmix(number_bits(f.number) ^ 2); break;
            case SinkField::Kind::Bool: v = splitmix(f.boolean ? 3 : 4); break;
            case SinkField::Kind::Quantity:
                v = splitmix(number_bits(f.number) ^ fnv1a(f.text, 5));
                break;
        }
        sum += splitmix(fnv1a(f.key) ^ splitmix(v));
    }
    return splitmix(sum);
}

std::string where(std::string_view file, int64_t line) {
    return std::string(file) + ":" + std::to_string(line);
}

// The sink of one ingested file: decides per line whether it is new, unchanged or a conflict.
class Ingester final : public FactSink {
public:
    /// `bulk`: the store held no facts and has no id index: every line is inserted as
    /// version 1 unlooked-at; a correction sets `bulk_failed` (the caller redoes the file).
    Ingester(sql::Connection& db, int64_t ingest, const std::function<void(size_t)>& progress,
             bool bulk = false)
        : lookup_(db.cached(kLookup)),
          insert_(db.cached(bulk ? kInsertBulk : kInsert)),
          supersede_(db.cached(kSupersede)),
          bulk_(bulk),
          db_(db),
          ingest_(ingest),
          progress_(progress) {}

    size_t corrections = 0;
    bool bulk_failed = false;

    SinkVerdict accept(const SinkRecord& r) override {
        if (progress_ && (++lines_ & 0xffff) == 0) progress_(lines_);
        const bool retraction = r.kind == SinkRecord::Kind::Retraction;
        if (bulk_ && (retraction || r.supersedes)) bulk_failed = true;
        if (bulk_failed) return added();  // this pass is thrown away
        const uint64_t content = stored_content_hash(r);
        bool csv_cells = false;
        if (r.csv) csv_cells = csv_record_json(r, record_);
        const bool typed = !retraction && r.type_index != kUndeclaredType;
        if (typed) typed_attrs(r, attrs_);
        auto insert = [&](int64_t version) {
            insert_.bind_static(1, r.id).bind(2, version).bind(3, retraction);
            if (retraction)
                insert_.bind_null(4);
            else
                insert_.bind(4, type_id(r.type));
            if (retraction && r.date.empty())
                insert_.bind_null(5);
            else
                insert_.bind(5, r.day.days);
            bind_text_or_null(6, r.party);
            bind_text_or_null(7, r.source);
            insert_.bind(8, static_cast<int64_t>(content))
                .bind(9, ingest_)
                .bind(10, r.line)
                .bind(11, csv_cells)
                .bind_static(12, r.csv ? std::string_view(record_) : r.text);
            if (typed)
                insert_.bind_static(13, attrs_);
            else
                insert_.bind_null(13);
            return insert_.run() == 1;
        };
        if (!retraction && !r.supersedes && (insert(1) || bulk_)) return added();

        // The id is stored: every row of it, newest first (usually one).
        int64_t latest = 0;
        bool latest_retraction = false;
        std::optional<std::string> other;  // where a stored fact with other content came from
        lookup_.bind_static(1, r.id);
        while (lookup_.step()) {
            int64_t version = lookup_.column_int(0);
            bool row_retraction = lookup_.column_int(2) != 0;
            if (latest == 0) {
                latest = version;
                latest_retraction = row_retraction;
            }
            // A line equal to any stored row of its id is a replay: nothing changes.
            if (static_cast<uint64_t>(lookup_.column_int(1)) == content &&
                row_retraction == retraction) {
                lookup_.reset();
                return {SinkVerdict::Kind::Unchanged, {}, {}};
            }
            if (!other && !row_retraction)
                other = where(lookup_.column_text(3), lookup_.column_int(4)) + " (recorded " +
                        std::string(lookup_.column_text(5)) + ")";
        }
        lookup_.reset();
        if (retraction && latest == 0)
            return {SinkVerdict::Kind::Rejected,
                    "'retracts' names id '" + std::string(r.id) + "', which is not stored",
                    {}};
        if (!retraction && !r.supersedes && !latest_retraction)
            return {SinkVerdict::Kind::Rejected,
                    "id '" + std::string(r.id) + "' is already stored with other content, from " +
                        other.value_or("?") +
                        "; to correct it, give the new version \"supersedes\": true",
                    "the stored fact came from " + other.value_or("?")};
        if (!retraction && latest_retraction && !r.supersedes)
            return {SinkVerdict::Kind::Rejected,
                    "id '" + std::string(r.id) +
                        "' was retracted; to restore it, give the fact \"supersedes\": true",
                    {}};
        if (latest > 0) {
            supersede_.bind_static(1, r.id).bind(2, latest);
            supersede_.run();
            ++corrections;
        }
        if (!insert(latest + 1))
            throw sql::Error(1, 1,
                             "version " + std::to_string(latest + 1) + " of id '" +
                                 std::string(r.id) + "' appeared meanwhile");
        return added();
    }

private:
    SinkVerdict added() { return {SinkVerdict::Kind::Added, {}, {}}; }
    void bind_text_or_null(int index, std::string_view text) {
        if (text.empty())
            insert_.bind_null(index);
        else
            insert_.bind_static(index, text);
    }

    sql::Statement& lookup_;
    sql::Statement& insert_;
    sql::Statement& supersede_;
    bool bulk_;
    sql::Connection& db_;
    int64_t ingest_;
    const std::function<void(size_t)>& progress_;
    size_t lines_ = 0;
    std::string record_;
    std::string attrs_;
    std::unordered_map<std::string, int64_t, std::hash<std::string>, std::equal_to<>> types_;
    std::string last_type_;
    int64_t last_type_id_ = 0;

    // The id of a type name, added to `types` when new. Logs hold a handful of types.
    int64_t type_id(std::string_view name) {
        if (name == last_type_ && last_type_id_ != 0) return last_type_id_;
        auto it = types_.find(std::string(name));
        if (it == types_.end()) {
            db_.cached("INSERT INTO types (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")
                .bind(1, name)
                .run();
            sql::Statement& q = db_.cached("SELECT type FROM types WHERE name = ?1");
            q.bind(1, name);
            q.step();
            it = types_.emplace(std::string(name), q.column_int(0)).first;
            q.reset();
        }
        last_type_ = name;
        last_type_id_ = it->second;
        return it->second;
    }
};

core::Error describe(const std::string& path, const sql::Error& e) {
    if (e.code() == 26 /* SQLITE_NOTADB */)
        return core::Error{path + ": not a SQLite database (" + e.what() + ")"};
    if (e.not_a_database())
        return core::Error{path + ": the database is corrupt (" + std::string(e.what()) + ")"};
    if (e.busy())
        return core::Error{path + ": the database stayed locked by another process (" +
                           std::string(e.what()) + ")"};
    return core::Error{path + ": " + e.what()};
}

}  // namespace
}  // namespace sqlite_detail

using sqlite_detail::StoreImpl;
namespace sql = abide::sqlite;

FactStore::FactStore(std::unique_ptr<StoreImpl> impl) : impl_(std::move(impl)) {}
FactStore::FactStore(FactStore&&) noexcept = default;
FactStore& FactStore::operator=(FactStore&&) noexcept = default;
FactStore::~FactStore() = default;

const std::string& FactStore::path() const {
    return impl_->path;
}

core::Result<FactStore> FactStore::open(const std::string& path, StoreAccess access) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return core::Error{path + ": is a directory, not a database file"};
    if (access == StoreAccess::Read && path != ":memory:" && !std::filesystem::exists(path, ec))
        return core::Error{path + ": no such database (create it with 'abide ingest')"};
    try {
        sql::OpenOptions options;
        options.mode =
            access == StoreAccess::Read ? sql::OpenMode::ReadWrite : sql::OpenMode::ReadWriteCreate;
        // A writer waits for another ingest's file (one transaction, possibly a big one);
        // readers never wait for writers under WAL, only briefly for a checkpoint.
        if (access == StoreAccess::Write) options.busy_timeout = std::chrono::minutes(2);
        auto impl =
            std::make_unique<StoreImpl>(StoreImpl{sql::Connection::open(path, options), path});
        sql::Connection& db = impl->db;
        // SQLite reads lazily: a damaged page surfaces as SQLITE_CORRUPT where it is read, and
        // becomes an Error there (a full quick_check would read the whole file on every open).
        int version = sql::schema_version(db, "facts");
        if (access == StoreAccess::Read && version == 0) {
            sql::Statement any = db.prepare("SELECT count(*) FROM sqlite_schema");
            any.step();
            if (any.column_int(0) > 0)
                return core::Error{path + ": not an abide fact store (it has no facts table)"};
        }
        sql::migrate(db, "facts", sqlite_detail::kMigrations);
        if (access == StoreAccess::Write) {
            // WAL makes NORMAL safe against corruption; a crash loses at most the last commits.
            // The CHECK constraints guard people writing with sqlite3; the ingester's values
            // hold them by construction, and checking five per row costs a load ~5%.
            db.exec(
                "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; "
                "PRAGMA temp_store = MEMORY; PRAGMA ignore_check_constraints = ON");
        }
        return FactStore(std::move(impl));
    } catch (const sql::Error& e) {
        return sqlite_detail::describe(path, e);
    }
}

namespace {

int64_t now_micros() {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

core::Result<IngestStats> FactStore::ingest(const std::string& path, const core::Schema& schema,
                                            ReadOptions options, core::Diagnostics& diags,
                                            const std::function<void(size_t)>& progress) {
    const std::string name = path == "-" ? "<stdin>" : path;
    sql::Connection& db = impl_->db;
    try {
        sql::Transaction tx(db, sql::Begin::Immediate);
        sql::Statement& add = db.cached("INSERT INTO ingests (recorded_at, file) VALUES ('', ?1)");
        add.bind(1, name).run();
        const int64_t ingest = db.last_insert_rowid();

        // Bulk loads. When the file likely holds more facts than the store (~100 bytes a
        // line), the (type, day) index is dropped and built once at the end: a sort costs a
        // fifth of keeping the index up row by row. Into an empty store, the id index goes too
        // and nothing is looked up: no line can match a stored one, and a line repeating an id
        // of the file makes building the unique index fail; then (and for corrections) the
        // file is read again the ordinary way. All inside the transaction, so atomic.
        int64_t stored = 0;
        {
            sql::Statement& rows = db.cached("SELECT max(seq) FROM facts");
            rows.step();
            stored = rows.column_int(0);
            rows.reset();
        }
        std::error_code ec;
        uintmax_t bytes = path == "-" ? 0 : std::filesystem::file_size(path, ec);
        const bool rebuild_index = !ec && static_cast<int64_t>(bytes / 100) > stored;
        if (rebuild_index) db.exec("DROP INDEX IF EXISTS facts_type_day");

        std::optional<ReadStats> stats;
        size_t corrections = 0;
        if (rebuild_index && stored == 0) {
            db.exec("SAVEPOINT bulk; DROP INDEX facts_id_version");
            sqlite_detail::Ingester sink(db, ingest, progress, true);
            options.sink = &sink;
            FactSet scratch(schema);  // the reader's symbols; facts go to the sink
            core::Diagnostics first;
            auto read = read_facts(path, scratch, first, options);
            if (!read) {
                for (const auto& d : first.all()) diags.add(d);
                return read.error();  // the transaction rolls back
            }
            bool done = !sink.bulk_failed;
            if (done && !read->rejected) {
                try {
                    db.exec(sqlite_detail::kCreateIdIndex);
                } catch (const sql::Error& e) {
                    if (e.code() != 19 /* SQLITE_CONSTRAINT: an id twice */) throw;
                    done = false;
                }
            }
            if (done || read->rejected) {
                for (const auto& d : first.all()) diags.add(d);
                stats = *read;
                db.exec("RELEASE bulk");
            } else {
                db.exec("ROLLBACK TO bulk; RELEASE bulk");  // the id index is back
                if (rebuild_index) db.exec("DROP INDEX IF EXISTS facts_type_day");
            }
        }
        if (!stats) {
            sqlite_detail::Ingester sink(db, ingest, progress);
            options.sink = &sink;
            FactSet scratch(schema);
            auto read = read_facts(path, scratch, diags, options);
            if (!read) return read.error();  // the transaction rolls back
            stats = *read;
            corrections = sink.corrections;
        }
        IngestStats out;
        out.read = *stats;
        if (stats->rejected) {
            tx.rollback();
            return out;
        }
        out.corrections = corrections;
        // Recorded at commit (the write lock is held), later than every earlier ingest even if
        // the clock stepped back: --known-at T then means "committed by T".
        sql::Statement& last = db.cached(
            "SELECT recorded_at FROM ingests WHERE ingest < ?1 ORDER BY ingest DESC LIMIT 1");
        last.bind(1, ingest);
        int64_t at = now_micros();
        if (last.step())
            if (auto prev = core::parse_instant(last.column_text(0), false))
                at = std::max(at, *prev + 1);
        last.reset();
        out.recorded_at = core::format_instant(at);
        if (rebuild_index) db.exec(sqlite_detail::kCreateTypeIndex);
        db.cached("UPDATE ingests SET recorded_at = ?1 WHERE ingest = ?2")
            .bind_all(out.recorded_at, ingest)
            .run();
        tx.commit();
        return out;
    } catch (const sql::Error& e) {
        return sqlite_detail::describe(impl_->path, e);
    }
}

namespace {

// The last ingest recorded by `known_at` (0: none yet).
int64_t last_ingest(sql::Connection& db, const std::string& known_at) {
    sql::Statement s = db.prepare(sqlite_detail::kLastIngest);
    s.bind(1, known_at);
    s.step();
    return s.column_int(0);
}

}  // namespace

core::Result<size_t> FactStore::load(FactSet& out, core::Diagnostics& diags,
                                     const std::optional<std::string>& known_at) {
    sql::Connection& db = impl_->db;
    try {
        // A read transaction: one consistent state even while an ingest commits.
        sql::Transaction tx(db, sql::Begin::Deferred);
        std::vector<std::string> files(1);
        {
            sql::Statement f = db.prepare("SELECT ingest, file FROM ingests ORDER BY ingest");
            while (f.step()) {
                auto id = static_cast<size_t>(f.column_int(0));
                if (files.size() <= id) files.resize(id + 1);
                files[id] = f.column_text(1);
            }
        }
        sql::Statement s =
            db.prepare(known_at ? sqlite_detail::kLoadKnown : sqlite_detail::kLoadCurrent);
        if (known_at) s.bind(1, last_ingest(db, *known_at));
        // Runs of rows of one kind (JSON lines, CSV cells) are read as one text each;
        // `origin` maps the text's lines back to where they were ingested from.
        const std::string label = impl_->path;
        std::string text;
        std::vector<std::pair<uint32_t, int64_t>> origin;  // ingest, line
        bool csv = false;
        size_t added = 0;
        auto flush = [&] {
            if (text.empty()) return;
            core::Diagnostics local;
            ReadOptions ro;
            ro.format = Format::JsonLines;
            ro.csv_cells = csv;
            ReadStats st = read_facts_text(label, text, out, local, ro);
            added += st.added;
            auto remap = [&](core::Diagnostic& d) {
                if (d.file == label && d.pos.line >= 1 && d.pos.line <= origin.size()) {
                    const auto& [ingest, line] = origin[d.pos.line - 1];
                    d.file = ingest < files.size() ? files[ingest] : label;
                    d.pos.line = static_cast<uint32_t>(line);
                }
            };
            for (core::Diagnostic d : local.all()) {
                remap(d);
                for (auto& n : d.notes) remap(n);
                diags.add(std::move(d));
            }
            text.clear();
            origin.clear();
        };
        while (s.step()) {
            bool row_csv = s.column_int(2) != 0;
            if (row_csv != csv) {
                flush();
                csv = row_csv;
            }
            origin.emplace_back(static_cast<uint32_t>(s.column_int(0)), s.column_int(1));
            text += s.column_text(3);
            text += '\n';
        }
        flush();
        tx.commit();
        return added;
    } catch (const sql::Error& e) {
        return sqlite_detail::describe(impl_->path, e);
    }
}

core::Status FactStore::query(const FactQuery& q, const std::function<void(const StoredFact&)>& f) {
    sql::Connection& db = impl_->db;
    try {
        sql::Transaction tx(db, sql::Begin::Deferred);
        sql::Statement s = db.prepare(sqlite_detail::kSelect);
        s.bind(1, q.type);
        if (q.since)
            s.bind(2, static_cast<int64_t>(*q.since));
        else
            s.bind_null(2);
        if (q.known)
            s.bind(3, last_ingest(db, *q.known));
        else
            s.bind_null(3);
        s.bind(4, q.history);
        StoredFact row;
        while (s.step()) {
            row.id = s.column_text(0);
            row.version = s.column_int(1);
            row.retraction = s.column_int(2) != 0;
            row.superseded = s.column_int(3) != 0;
            row.type = s.column_text(4);
            row.date = s.is_null(5)
                           ? std::string()
                           : core::to_string(core::Date{static_cast<int32_t>(s.column_int(5))});
            row.party = s.column_text(6);
            row.source = s.column_text(7);
            row.recorded_at = s.column_text(8);
            row.file = s.column_text(9);
            row.line = s.column_int(10);
            row.csv = s.column_int(11) != 0;
            row.record = s.column_text(12);
            row.attrs = s.column_optional_text(13);
            f(row);
        }
        tx.commit();
        return core::Ok{};
    } catch (const sql::Error& e) {
        return sqlite_detail::describe(impl_->path, e);
    }
}

}  // namespace abide::facts
