// The RAII layer over SQLite (facts/store/sqlite.hpp): binds and columns, transactions that
// roll back unless committed, per-component migrations, and errors carrying SQLite's message.
#include "facts/store/sqlite.hpp"

#include "core/date.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tests/cli/support.hpp"

namespace abide::sqlite {
namespace {

using abide::testing::TempDir;

Connection memory() {
    return Connection::open(":memory:");
}

TEST(Sqlite, BindsAndReadsEveryType) {
    Connection db = memory();
    db.exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT) STRICT");
    Statement ins = db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)");
    const std::byte blob[] = {std::byte{0}, std::byte{255}};
    ins.bind(1, int64_t{1} << 40).bind(2, 0.1).bind(3, std::string_view("a\0b", 3));
    ins.bind_blob(4, blob).bind(5, std::optional<std::string>{});
    EXPECT_EQ(ins.run(), 1);
    Statement sel = db.prepare("SELECT i, r, s, b, n FROM t");
    ASSERT_TRUE(sel.step());
    EXPECT_EQ(sel.column_int(0), int64_t{1} << 40);
    EXPECT_EQ(sel.column_double(1), 0.1);
    EXPECT_EQ(sel.column_text(2), std::string_view("a\0b", 3));
    ASSERT_EQ(sel.column_blob(3).size(), 2u);
    EXPECT_EQ(sel.column_blob(3)[1], std::byte{255});
    EXPECT_TRUE(sel.is_null(4));
    EXPECT_FALSE(sel.column_optional_text(4).has_value());
    EXPECT_FALSE(sel.step());
}

TEST(Sqlite, CachedStatementsAreReusedAndReset) {
    Connection db = memory();
    db.exec("CREATE TABLE t (x INTEGER)");
    static constexpr const char* kIns = "INSERT INTO t VALUES (?1)";
    for (int i = 0; i < 3; ++i) db.cached(kIns).bind(1, i).run();
    EXPECT_EQ(&db.cached(kIns), &db.cached(kIns));
    Statement& sum = db.cached("SELECT sum(x), count(*) FROM t");
    ASSERT_TRUE(sum.step());
    EXPECT_EQ(sum.column_int(0), 3);
    EXPECT_EQ(sum.column_int(1), 3);
}

TEST(Sqlite, ErrorsCarrySqlitesMessageAndCode) {
    Connection db = memory();
    try {
        db.prepare("SELEC 1");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("syntax error"), std::string::npos) << e.what();
    }
    db.exec("CREATE TABLE u (x INTEGER UNIQUE)");
    Statement ins = db.prepare("INSERT INTO u VALUES (1)");
    ins.run();
    try {
        ins.run();
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), 19);  // SQLITE_CONSTRAINT
        EXPECT_NE(std::string(e.what()).find("UNIQUE"), std::string::npos) << e.what();
    }
    // The statement is usable again after a failed step.
    db.exec("DELETE FROM u");
    EXPECT_EQ(ins.run(), 1);
    auto r = guard([&] { return db.prepare("nonsense").column_count(); }, "x.db");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message.rfind("x.db: ", 0), 0u) << r.error().message;
}

TEST(Sqlite, TransactionRollsBackUnlessCommitted) {
    Connection db = memory();
    db.exec("CREATE TABLE t (x INTEGER)");
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (1)");
        EXPECT_TRUE(db.in_transaction());
    }  // no commit
    EXPECT_FALSE(db.in_transaction());
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (2)");
        tx.commit();
    }
    Statement s = db.prepare("SELECT group_concat(x) FROM t");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.column_text(0), "2");
}

TEST(Sqlite, MigrationsArePerComponent) {
    TempDir dir;
    const std::string path = dir / "m.db";
    const Migration facts[] = {{1, "CREATE TABLE a (x INTEGER)"},
                               {2, "ALTER TABLE a ADD COLUMN y TEXT"}};
    const Migration history[] = {{1, "CREATE TABLE runs (id INTEGER PRIMARY KEY)"}};
    {
        Connection db = Connection::open(path);
        EXPECT_EQ(schema_version(db, "facts"), 0);
        EXPECT_EQ(migrate(db, "facts", std::span(facts, 1)), 1);
        EXPECT_EQ(migrate(db, "history", history), 1);
        EXPECT_EQ(migrate(db, "facts", facts), 2);  // only step 2 runs
        EXPECT_EQ(migrate(db, "facts", facts), 2);  // a no-op
        db.exec("INSERT INTO a (x, y) VALUES (1, 'z')");
    }
    Connection db = Connection::open(path, {OpenMode::ReadWrite});
    EXPECT_EQ(schema_version(db, "facts"), 2);
    EXPECT_EQ(schema_version(db, "history"), 1);
    // An older program must not write to a newer schema.
    try {
        migrate(db, "facts", std::span(facts, 1));
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
    }
    Statement mode = db.prepare("PRAGMA journal_mode");
    ASSERT_TRUE(mode.step());
    EXPECT_EQ(mode.column_text(0), "wal");
}

TEST(Sqlite, OpeningSomethingElseFailsCleanly) {
    TempDir dir;
    dir.write("text.db", "this is not a database, just some text that is long enough\n");
    try {
        Connection::open(dir / "text.db");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_TRUE(e.not_a_database()) << e.what();
    }
    try {
        Connection::open(dir / "missing.db", {OpenMode::ReadWrite});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_TRUE(e.cannot_open()) << e.what();
    }
}

// recorded_at and --known-at: instants in UTC microseconds, fixed-width text that sorts.
TEST(Instants, ParseAndFormat) {
    auto t = core::parse_instant("2026-11-22T09:30:00.1234567+02:00");
    ASSERT_TRUE(t);
    EXPECT_EQ(core::format_instant(*t), "2026-11-22T07:30:00.123456Z");
    EXPECT_EQ(core::format_instant(*core::parse_instant("2026-11-22")),
              "2026-11-22T00:00:00.000000Z");
    EXPECT_FALSE(core::parse_instant("2026-11-22", false));
    EXPECT_EQ(core::format_instant(*core::parse_instant("2026-01-01T00:30:00+01:00")),
              "2025-12-31T23:30:00.000000Z");
    EXPECT_EQ(core::format_instant(-1), "1969-12-31T23:59:59.999999Z");
    for (const char* bad : {"2026-11-22T25:00:00Z", "2026-02-30T00:00:00Z", "2026-11-22T09:30",
                            "yesterday", "2026-11-22T09:30:00+2"})
        EXPECT_FALSE(core::parse_instant(bad)) << bad;
    EXPECT_LT(core::format_instant(999'999), core::format_instant(1'000'000));
}

}  // namespace
}  // namespace abide::sqlite
