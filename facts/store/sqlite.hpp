#pragma once
/// A thin RAII layer over the SQLite C API, in SQLiteCpp's shape: Connection (owns the
/// sqlite3 handle), Statement (owns a prepared sqlite3_stmt, bound by position, never built
/// from strings), Transaction (begins in its constructor, rolls back in its destructor unless
/// committed), and per-component schema migrations in a shared `meta` table.
///
/// Several components keep their tables in one database file (the fact store's `facts`, the
/// report history's runs): each migrates its own tables under its own component name and
/// must not touch another's. `sqlite3.h` stays in sqlite.cpp; this header is SQLite-free.
///
/// Errors: every call that fails throws sqlite::Error carrying SQLite's result code and
/// message (sqlite3_errmsg). Exceptions stay inside a module: its public API catches them
/// and returns core::Result (see `guard`).
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace abide::sqlite {

/// A failed SQLite call: `code()` is the primary result code (SQLITE_BUSY = 5, ...).
class Error : public std::runtime_error {
public:
    Error(int code, int extended_code, const std::string& message)
        : std::runtime_error(message), code_(code), extended_code_(extended_code) {}
    int code() const { return code_; }
    int extended_code() const { return extended_code_; }
    /// SQLITE_BUSY or SQLITE_LOCKED: another connection holds the lock past the busy timeout.
    bool busy() const;
    /// SQLITE_NOTADB or SQLITE_CORRUPT: the file is not a (sound) SQLite database.
    bool not_a_database() const;
    /// SQLITE_CANTOPEN: missing file (without Create), a directory, no permission.
    bool cannot_open() const;

private:
    int code_;
    int extended_code_;
};

/// Runs `f`, turning a sqlite::Error into core::Error{"PREFIX: MESSAGE"} (or just MESSAGE).
template <typename F>
auto guard(F&& f, std::string_view prefix = {}) -> core::Result<decltype(f())> {
    try {
        return f();
    } catch (const Error& e) {
        std::string m = prefix.empty() ? std::string() : std::string(prefix) + ": ";
        return core::Error{m + e.what()};
    }
}

class Connection;

/// A prepared statement. Parameters are numbered from 1, columns from 0 (as in SQLite).
/// Text and blob binds copy the bytes (SQLITE_TRANSIENT) unless bound with bind_static.
class Statement {
public:
    Statement() = default;
    Statement(Statement&&) noexcept = default;
    Statement& operator=(Statement&&) noexcept = default;

    Statement& bind(int index, int64_t v);
    Statement& bind(int index, int v) { return bind(index, static_cast<int64_t>(v)); }
    Statement& bind(int index, uint32_t v) { return bind(index, static_cast<int64_t>(v)); }
    Statement& bind(int index, double v);
    Statement& bind(int index, bool v) { return bind(index, static_cast<int64_t>(v ? 1 : 0)); }
    Statement& bind(int index, std::string_view v);
    Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
    Statement& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
    /// Text that stays valid and unchanged until the statement is next stepped or reset.
    Statement& bind_static(int index, std::string_view v);
    Statement& bind_blob(int index, std::span<const std::byte> v);
    Statement& bind_null(int index);
    /// An absent optional binds NULL.
    template <typename T>
    Statement& bind(int index, const std::optional<T>& v) {
        return v ? bind(index, *v) : bind_null(index);
    }
    /// Binds every argument in order, from parameter 1.
    template <typename... A>
    Statement& bind_all(const A&... args) {
        int i = 0;
        (bind(++i, args), ...);
        return *this;
    }

    /// Steps once: true when a row is ready for the column accessors, false when done.
    bool step();
    /// Steps to the end (an INSERT, UPDATE...) and resets; returns sqlite3_changes().
    int run();
    /// Ready to run again; bindings are kept (clear_bindings drops them).
    void reset();
    void clear_bindings();

    int column_count() const;
    bool is_null(int column) const;
    int64_t column_int(int column) const;
    double column_double(int column) const;
    /// Valid until the next step, reset or column call on this column with another type.
    std::string_view column_text(int column) const;
    std::span<const std::byte> column_blob(int column) const;
    std::optional<int64_t> column_optional_int(int column) const;
    std::optional<std::string> column_optional_text(int column) const;

    const char* sql() const;

private:
    friend class Connection;
    struct Finalizer {
        void operator()(sqlite3_stmt* s) const;
    };
    Statement(sqlite3* db, sqlite3_stmt* s) : db_(db), stmt_(s) {}
    [[noreturn]] void fail(int rc) const;
    sqlite3* db_ = nullptr;
    std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

enum class OpenMode {
    ReadOnly,         ///< never writes (no migrations: check schema_version instead)
    ReadWrite,        ///< the file must exist
    ReadWriteCreate,  ///< created when missing
};

struct OpenOptions {
    OpenMode mode = OpenMode::ReadWriteCreate;
    /// How long a statement waits for another connection's lock before SQLITE_BUSY.
    std::chrono::milliseconds busy_timeout{10'000};
    /// journal_mode=WAL: readers see the last committed state while a writer works.
    bool wal = true;
};

class Connection {
public:
    /// Opens (or creates) `path` (":memory:" for a private in-memory database), sets the busy
    /// timeout, foreign_keys=ON and, for writable modes, WAL, and checks that the file is a
    /// database (SQLite opens lazily: a text file only fails at its first read). Throws Error.
    static Connection open(const std::string& path, const OpenOptions& options = {});

    Connection(Connection&&) noexcept = default;
    Connection& operator=(Connection&&) noexcept = default;

    /// Runs fixed SQL (DDL, PRAGMA, several statements separated by ';'); never pass text
    /// that came from input: values go through Statement::bind.
    void exec(const char* sql);
    /// Prepares a statement the caller owns.
    Statement prepare(std::string_view sql);
    /// A statement prepared once per connection and kept (keyed by the SQL's address, so pass
    /// a string literal); returned reset, with its old bindings cleared.
    Statement& cached(const char* sql);

    int64_t last_insert_rowid() const;
    int changes() const;
    bool in_transaction() const;
    const std::string& path() const { return path_; }
    sqlite3* handle() const { return db_.get(); }

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    Connection() = default;
    std::string path_;
    // Statements are finalized before the connection closes: members die in reverse order.
    std::unique_ptr<sqlite3, Closer> db_;
    std::unordered_map<const char*, std::unique_ptr<Statement>> cache_;
};

/// BEGIN DEFERRED / IMMEDIATE / EXCLUSIVE. Immediate takes the write lock at once (waiting up
/// to the busy timeout), so a writer never fails half-way on a lock upgrade.
enum class Begin { Deferred, Immediate, Exclusive };

class Transaction {
public:
    explicit Transaction(Connection& db, Begin begin = Begin::Immediate);
    /// Rolls back unless committed; never throws.
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();
    void rollback();

private:
    Connection& db_;
    bool open_ = true;
};

/// One step of a component's schema: `sql` (fixed, may hold several statements) takes the
/// schema from version-1 to `version`. Versions of a component start at 1 and are dense.
struct Migration {
    int version;
    const char* sql;
};

/// The schema version of `component` recorded in the `meta` table (0: none yet, also when
/// the table does not exist).
int schema_version(Connection& db, std::string_view component);

/// Brings `component`'s tables up to the last of `steps` (in one IMMEDIATE transaction,
/// so two processes migrating at once do it once), creating the shared table
///   meta(component TEXT PRIMARY KEY, version INTEGER NOT NULL)
/// if needed. Returns the version now. Throws Error (code SQLITE_ERROR) when the database
/// holds a newer version than `steps` knows: an older abide must not write to it.
int migrate(Connection& db, std::string_view component, std::span<const Migration> steps);

}  // namespace abide::sqlite
