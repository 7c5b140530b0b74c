// The RAII layer over SQLite's C API (sqlite.hpp). Every failing call becomes a sqlite::Error
// with sqlite3_errmsg's text, read before anything else can overwrite it.
#include "facts/store/sqlite.hpp"

#include <sqlite3.h>

#include <string>

namespace abide::sqlite {

bool Error::busy() const {
    return code_ == SQLITE_BUSY || code_ == SQLITE_LOCKED;
}
bool Error::not_a_database() const {
    return code_ == SQLITE_NOTADB || code_ == SQLITE_CORRUPT;
}
bool Error::cannot_open() const {
    return code_ == SQLITE_CANTOPEN;
}

namespace {

[[noreturn]] void throw_error(sqlite3* db, int rc) {
    if (db == nullptr) throw Error(rc & 0xff, rc, sqlite3_errstr(rc));
    throw Error(rc & 0xff, sqlite3_extended_errcode(db), sqlite3_errmsg(db));
}

void check(sqlite3* db, int rc) {
    if (rc != SQLITE_OK) throw_error(db, rc);
}

}  // namespace

// --- Statement ---

void Statement::Finalizer::operator()(sqlite3_stmt* s) const {
    sqlite3_finalize(s);
}

void Statement::fail(int rc) const {
    throw_error(db_, rc);
}

Statement& Statement::bind(int index, int64_t v) {
    if (int rc = sqlite3_bind_int64(stmt_.get(), index, v); rc != SQLITE_OK) fail(rc);
    return *this;
}

Statement& Statement::bind(int index, double v) {
    if (int rc = sqlite3_bind_double(stmt_.get(), index, v); rc != SQLITE_OK) fail(rc);
    return *this;
}

Statement& Statement::bind(int index, std::string_view v) {
    // A non-null pointer even for "": SQLite binds NULL for a null pointer.
    const char* p = v.data() != nullptr ? v.data() : "";
    int rc = sqlite3_bind_text64(stmt_.get(), index, p, v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) fail(rc);
    return *this;
}

Statement& Statement::bind_static(int index, std::string_view v) {
    const char* p = v.data() != nullptr ? v.data() : "";
    int rc = sqlite3_bind_text64(stmt_.get(), index, p, v.size(), SQLITE_STATIC, SQLITE_UTF8);
    if (rc != SQLITE_OK) fail(rc);
    return *this;
}

Statement& Statement::bind_blob(int index, std::span<const std::byte> v) {
    const void* p = v.data() != nullptr ? static_cast<const void*>(v.data()) : "";
    int rc = sqlite3_bind_blob64(stmt_.get(), index, p, v.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(rc);
    return *this;
}

Statement& Statement::bind_null(int index) {
    if (int rc = sqlite3_bind_null(stmt_.get(), index); rc != SQLITE_OK) fail(rc);
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    // The statement must be reset before it can run again; keep the error of the step.
    Error e(rc & 0xff, sqlite3_extended_errcode(db_), sqlite3_errmsg(db_));
    sqlite3_reset(stmt_.get());
    throw e;
}

int Statement::run() {
    while (step()) {
    }
    reset();
    return sqlite3_changes(db_);
}

void Statement::reset() {
    sqlite3_reset(stmt_.get());  // returns the last step's error, already reported there
}

void Statement::clear_bindings() {
    sqlite3_clear_bindings(stmt_.get());
}

int Statement::column_count() const {
    return sqlite3_column_count(stmt_.get());
}
bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}
int64_t Statement::column_int(int column) const {
    return sqlite3_column_int64(stmt_.get(), column);
}
double Statement::column_double(int column) const {
    return sqlite3_column_double(stmt_.get(), column);
}
std::string_view Statement::column_text(int column) const {
    const unsigned char* p = sqlite3_column_text(stmt_.get(), column);
    if (p == nullptr) return {};
    return {reinterpret_cast<const char*>(p),
            static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column))};
}
std::span<const std::byte> Statement::column_blob(int column) const {
    const void* p = sqlite3_column_blob(stmt_.get(), column);
    if (p == nullptr) return {};
    return {static_cast<const std::byte*>(p),
            static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column))};
}
std::optional<int64_t> Statement::column_optional_int(int column) const {
    if (is_null(column)) return std::nullopt;
    return column_int(column);
}
std::optional<std::string> Statement::column_optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return std::string(column_text(column));
}

const char* Statement::sql() const {
    return sqlite3_sql(stmt_.get());
}

// --- Connection ---

void Connection::Closer::operator()(sqlite3* db) const {
    sqlite3_close_v2(db);
}

Connection Connection::open(const std::string& path, const OpenOptions& options) {
    // Memory statistics take a global mutex on every allocation; nothing here reads them.
    // Only possible before SQLite initialises (later it answers SQLITE_MISUSE, harmlessly).
    static const bool configured = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        return true;
    }();
    (void)configured;
    int flags = SQLITE_OPEN_NOMUTEX;  // one connection per thread
    switch (options.mode) {
        case OpenMode::ReadOnly: flags |= SQLITE_OPEN_READONLY; break;
        case OpenMode::ReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
        case OpenMode::ReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    }
    Connection c;
    c.path_ = path;
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    c.db_.reset(raw);  // closed by the Closer even when opening failed
    if (rc != SQLITE_OK) {
        if (raw == nullptr) throw_error(nullptr, rc);
        throw_error(raw, rc);
    }
    sqlite3_extended_result_codes(raw, 1);
    check(raw, sqlite3_busy_timeout(raw, static_cast<int>(options.busy_timeout.count())));
    // The first read of the schema is where a text file or a corrupt header is found.
    c.exec("PRAGMA schema_version");
    c.exec("PRAGMA foreign_keys = ON");
    if (options.wal && options.mode != OpenMode::ReadOnly) {
        Statement s = c.prepare("PRAGMA journal_mode = WAL");
        s.step();  // answers the mode now in force; ":memory:" stays "memory"
    }
    return c;
}

void Connection::exec(const char* sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string text = message != nullptr ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw Error(rc & 0xff, sqlite3_extended_errcode(db_.get()), text);
    }
}

Statement Connection::prepare(std::string_view sql) {
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    if (rc != SQLITE_OK) throw_error(db_.get(), rc);
    return Statement(db_.get(), s);
}

Statement& Connection::cached(const char* sql) {
    auto& slot = cache_[sql];
    if (!slot) {
        slot = std::make_unique<Statement>(prepare(sql));
    } else {
        slot->reset();
        slot->clear_bindings();
    }
    return *slot;
}

int64_t Connection::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_.get());
}
int Connection::changes() const {
    return sqlite3_changes(db_.get());
}
bool Connection::in_transaction() const {
    return sqlite3_get_autocommit(db_.get()) == 0;
}

// --- Transaction ---

Transaction::Transaction(Connection& db, Begin begin) : db_(db) {
    switch (begin) {
        case Begin::Deferred: db_.exec("BEGIN DEFERRED"); break;
        case Begin::Immediate: db_.exec("BEGIN IMMEDIATE"); break;
        case Begin::Exclusive: db_.exec("BEGIN EXCLUSIVE"); break;
    }
}

Transaction::~Transaction() {
    if (open_ && db_.in_transaction())
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

void Transaction::rollback() {
    open_ = false;
    if (db_.in_transaction()) db_.exec("ROLLBACK");
}

// --- migrations ---

namespace {
constexpr const char* kCreateMeta =
    "CREATE TABLE IF NOT EXISTS meta (component TEXT PRIMARY KEY, version INTEGER NOT NULL) "
    "STRICT";
}

int schema_version(Connection& db, std::string_view component) {
    Statement exists =
        db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'");
    if (!exists.step()) return 0;
    Statement s = db.prepare("SELECT version FROM meta WHERE component = ?1");
    s.bind(1, component);
    return s.step() ? static_cast<int>(s.column_int(0)) : 0;
}

int migrate(Connection& db, std::string_view component, std::span<const Migration> steps) {
    const int latest = steps.empty() ? 0 : steps.back().version;
    // Cheap check first: a database already current needs no write lock.
    if (schema_version(db, component) == latest) return latest;
    Transaction tx(db, Begin::Immediate);
    db.exec(kCreateMeta);
    int current = schema_version(db, component);  // again, under the lock
    if (current > latest)
        throw Error(SQLITE_ERROR, SQLITE_ERROR,
                    "the database's " + std::string(component) + " schema is version " +
                        std::to_string(current) + ", newer than this abide knows (" +
                        std::to_string(latest) + ")");
    for (const Migration& m : steps) {
        if (m.version <= current) continue;
        db.exec(m.sql);
        current = m.version;
    }
    Statement set = db.prepare(
        "INSERT INTO meta (component, version) VALUES (?1, ?2) "
        "ON CONFLICT (component) DO UPDATE SET version = excluded.version");
    set.bind_all(component, current).run();
    tx.commit();
    return current;
}

}  // namespace abide::sqlite
