// `abide ingest`, `abide eval --db` and `abide facts` end to end: round trip, idempotence,
// conflicts, all or nothing, --skip-invalid, corrections with --known-at, and --db agreeing
// with --facts on the shipped rules and examples.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "facts/store/sqlite.hpp"
#include "tests/cli/support.hpp"

namespace abide::testing {
namespace {

using nlohmann::json;

const std::string kSrc = ABIDE_SOURCE_DIR;

const char* const kRules = R"(event shipment { qty: mass  port: text }
agreement deal {
  signed 2025-01-01
  rule big { party US  require shipment where qty >= 5 t }
}
)";

const char* const kLog =
    R"({"id":"s1","date":"2025-02-01","type":"shipment","party":"US","qty":"6 t","port":"Oslo"})"
    "\n"
    R"({"id":"s2","date":"2025-02-02","type":"shipment","party":"US","qty":{"value":2,"unit":"kt"}})"
    "\n"
    R"({"id":"s3","date":"2025-02-03T10:00:00+02:00","type":"other_thing","n":5,"ok":true})"
    "\n";

int64_t count_rows(const std::string& db, const char* sql = "SELECT count(*) FROM facts") {
    auto c = sqlite::Connection::open(db, {sqlite::OpenMode::ReadWrite});
    auto s = c.prepare(sql);
    return s.step() ? s.column_int(0) : -1;
}

std::string verdict(const RunResult& r, const std::string& rule = "deal.big") {
    json doc = json::parse(r.out, nullptr, false);
    if (doc.is_discarded()) return "unparsable: " + r.out;
    for (const auto& res : doc["results"])
        if (res["rule"] == rule) return res["verdict"];
    return "missing";
}

TEST(StoreCli, RoundTripKeepsLinesAndTypesAttributes) {
    TempDir dir;
    dir.write("rules.abide", kRules);
    dir.write("log.jsonl", kLog);
    auto r = run_abide(
        expand({"ingest", "--db", "@s.db", "--rules", "@rules.abide", "@log.jsonl"}, dir));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("3 read, 3 new, 0 unchanged, 0 rejected"), std::string::npos) << r.out;

    auto lines = run_abide(expand({"facts", "--db", "@s.db", "--format", "jsonl"}, dir));
    ASSERT_EQ(lines.exit_code, 0) << lines.err;
    EXPECT_EQ(lines.out, kLog);  // the lines as ingested, in order

    auto js = run_abide(expand({"facts", "--db", "@s.db", "--format", "json"}, dir));
    ASSERT_EQ(js.exit_code, 0) << js.err;
    json rows = json::parse(js.out);
    ASSERT_EQ(rows.size(), 3u);
    // Quantities in base units (tonnes), the original text kept in the record.
    EXPECT_EQ(rows[0]["attributes"], json::parse(R"({"qty":6,"port":"Oslo"})"));
    EXPECT_EQ(rows[1]["attributes"]["qty"], 2000);
    EXPECT_NE(rows[1]["record"].get<std::string>().find("\"kt\""), std::string::npos);
    EXPECT_TRUE(rows[2]["attributes"].is_null());  // undeclared: only the record has them
    EXPECT_EQ(rows[2]["date"], "2025-02-03");      // the UTC date of 2025-02-03T10:00:00+02:00
    EXPECT_EQ(rows[0]["file"], dir / "log.jsonl");
    EXPECT_EQ(rows[1]["line"], 2);
    EXPECT_EQ(rows[0]["version"], 1);
    // recorded_at: UTC with microseconds.
    EXPECT_EQ(rows[0]["recorded_at"].get<std::string>().size(), 27u);

    auto typed = run_abide(expand({"facts", "--db", "@s.db", "--type", "shipment", "--since",
                                   "2025-02-02", "--format", "jsonl"},
                                  dir));
    EXPECT_EQ(std::count(typed.out.begin(), typed.out.end(), '\n'), 1) << typed.out;
    EXPECT_NE(typed.out.find("\"s2\""), std::string::npos);

    // The jsonl output ingests again to the same facts.
    dir.write("again.jsonl", lines.out);
    auto again = run_abide(expand({"ingest", "--db", "@t.db", "@again.jsonl"}, dir));
    ASSERT_EQ(again.exit_code, 0) << again.err;
    auto l2 = run_abide(expand({"facts", "--db", "@t.db", "--format", "jsonl"}, dir));
    EXPECT_EQ(l2.out, kLog);
}

TEST(StoreCli, ReingestIsANoOp) {
    TempDir dir;
    dir.write("log.jsonl", kLog);
    ASSERT_EQ(run_abide(expand({"ingest", "--db", "@s.db", "@log.jsonl"}, dir)).exit_code, 0);
    // Same facts again, in another order and key order: nothing new.
    dir.write(
        "shuffled.jsonl",
        std::string(
            R"({"type":"other_thing","ok":true,"n":5.0,"id":"s3","date":"2025-02-03T10:00:00+02:00"})") +
            "\n" + kLog);
    auto r = run_abide(expand({"ingest", "--db", "@s.db", "@log.jsonl", "@shuffled.jsonl"}, dir));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("log.jsonl: 3 read, 0 new, 3 unchanged"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("total: 7 read, 0 new, 7 unchanged, 0 rejected"), std::string::npos)
        << r.out;
    EXPECT_EQ(count_rows(dir / "s.db"), 3);
}

TEST(StoreCli, SameIdOtherContentNamesBothLines) {
    TempDir dir;
    dir.write("a.jsonl", kLog);
    dir.write("b.jsonl",
              "\n"
              R"({"id":"s2","date":"2025-02-02","type":"shipment","party":"US","qty":"3 kt"})"
              "\n");
    ASSERT_EQ(run_abide(expand({"ingest", "--db", "@s.db", "@a.jsonl"}, dir)).exit_code, 0);
    auto r = run_abide(expand({"ingest", "--db", "@s.db", "@b.jsonl"}, dir));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find(dir / "b.jsonl:2:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(dir / "a.jsonl:2"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("supersedes"), std::string::npos) << r.err;
    EXPECT_EQ(count_rows(dir / "s.db"), 3);
}

TEST(StoreCli, AFileIsStoredWholeOrNotAtAll) {
    TempDir dir;
    dir.write("rules.abide", kRules);
    dir.write("good.jsonl", kLog);
    dir.write("bad.jsonl",
              std::string(kLog) +
                  R"({"id":"s4","date":"2025-02-30","type":"shipment","qty":"1 t"})" + "\n" +
                  R"({"id":"s5","date":"2025-03-01","type":"shipment","qty":"1 t"})" + "\n");
    auto r = run_abide(expand(
        {"ingest", "--db", "@s.db", "--rules", "@rules.abide", "@good.jsonl", "@bad.jsonl"}, dir));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find(dir / "bad.jsonl:4:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("file rejected"), std::string::npos) << r.err;
    EXPECT_EQ(count_rows(dir / "s.db"), 3);  // good.jsonl only; none of bad.jsonl

    // Validation against the declarations: a wrong unit rejects the file.
    dir.write("unit.jsonl", R"({"id":"u1","date":"2025-02-01","type":"shipment","qty":"5 USD"})"
                            "\n");
    auto u = run_abide(
        expand({"ingest", "--db", "@s.db", "--rules", "@rules.abide", "@unit.jsonl"}, dir));
    EXPECT_EQ(u.exit_code, 2);
    EXPECT_NE(u.err.find("unit.jsonl:1:"), std::string::npos) << u.err;
    EXPECT_EQ(count_rows(dir / "s.db"), 3);
}

TEST(StoreCli, SkipInvalidStoresTheGoodLines) {
    TempDir dir;
    dir.write("bad.jsonl",
              std::string(kLog) + "{not json\n" +
                  R"({"id":"s1","date":"2025-02-01","type":"shipment","party":"US","qty":"7 t"})" +
                  "\n");
    auto r = run_abide(expand({"ingest", "--db", "@s.db", "--skip-invalid", "@bad.jsonl"}, dir));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("5 read, 3 new, 0 unchanged, 2 rejected"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("bad.jsonl:4:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("bad.jsonl:5:"), std::string::npos) << r.err;  // the conflict
    EXPECT_EQ(count_rows(dir / "s.db"), 3);
}

TEST(StoreCli, CorrectionsKeepHistoryAndKnownAtReproducesThePast) {
    TempDir dir;
    dir.write("rules.abide", kRules);
    dir.write("1.jsonl", R"({"id":"s1","date":"2025-02-01","type":"shipment","qty":"6 t"})"
                         "\n");
    dir.write("2.jsonl",
              R"({"id":"s1","date":"2025-02-01","type":"shipment","qty":"4 t","supersedes":true})"
              "\n");
    dir.write("3.jsonl", R"({"id":"s2","date":"2025-03-01","type":"shipment","qty":"9 t"})"
                         "\n");
    dir.write("4.jsonl", R"({"retracts":"s2","date":"2025-03-05","source":"erratum"})"
                         "\n");
    std::vector<std::string> at;
    for (const char* f : {"1.jsonl", "2.jsonl", "3.jsonl", "4.jsonl"}) {
        auto r = run_abide(expand(
            {"ingest", "--db", "@s.db", "--rules", "@rules.abide", std::string("@") + f}, dir));
        ASSERT_EQ(r.exit_code, 0) << f << r.err;
        // The instant of this ingest: the newest recorded_at in the history.
        auto h =
            run_abide(expand({"facts", "--db", "@s.db", "--history", "--format", "json"}, dir));
        at.push_back(json::parse(h.out).back()["recorded_at"]);
    }
    auto eval = [&](const std::string& known) {
        std::vector<std::string> args = {"eval",    "@rules.abide", "--db",     "@s.db",
                                         "--as-of", "2025-06-01",   "--format", "json"};
        if (!known.empty()) args.insert(args.end(), {"--known-at", known});
        auto r = run_abide(expand(args, dir));
        EXPECT_LE(r.exit_code, 1) << r.err;
        return verdict(r);
    };
    EXPECT_EQ(eval(at[0]), "met");      // s1 at 6 t
    EXPECT_EQ(eval(at[1]), "pending");  // corrected to 4 t
    EXPECT_EQ(eval(at[2]), "met");      // s2 at 9 t
    EXPECT_EQ(eval(at[3]), "pending");  // s2 retracted
    EXPECT_EQ(eval(""), "pending");
    EXPECT_EQ(eval("2000-01-01"), "pending");  // nothing known yet

    auto hist = json::parse(
        run_abide(expand({"facts", "--db", "@s.db", "--history", "--format", "json"}, dir)).out);
    ASSERT_EQ(hist.size(), 4u);
    EXPECT_EQ(hist[0]["superseded"], true);
    EXPECT_EQ(hist[1]["version"], 2);
    EXPECT_EQ(hist[3]["retraction"], true);
    EXPECT_EQ(hist[3]["id"], "s2");
    auto now =
        json::parse(run_abide(expand({"facts", "--db", "@s.db", "--format", "json"}, dir)).out);
    ASSERT_EQ(now.size(), 1u);
    EXPECT_EQ(now[0]["attributes"]["qty"], 4);
    auto then = json::parse(
        run_abide(expand({"facts", "--db", "@s.db", "--known-at", at[2], "--format", "json"}, dir))
            .out);
    EXPECT_EQ(then.size(), 2u);

    // Re-ingesting everything changes nothing, old versions included.
    auto re = run_abide(
        expand({"ingest", "--db", "@s.db", "@1.jsonl", "@2.jsonl", "@3.jsonl", "@4.jsonl"}, dir));
    ASSERT_EQ(re.exit_code, 0) << re.err;
    EXPECT_NE(re.out.find("total: 4 read, 0 new, 4 unchanged"), std::string::npos) << re.out;
    EXPECT_EQ(count_rows(dir / "s.db"), 4);

    // --facts cannot apply corrections: a clear error, not a silent wrong answer.
    auto direct = run_abide(expand({"eval", "@rules.abide", "--facts", "@4.jsonl"}, dir));
    EXPECT_EQ(direct.exit_code, 2);
    EXPECT_NE(direct.err.find("abide ingest"), std::string::npos) << direct.err;
    // A retraction of an unknown id is an error.
    dir.write("5.jsonl", R"({"retracts":"nope"})"
                         "\n");
    auto unknown = run_abide(expand({"ingest", "--db", "@s.db", "@5.jsonl"}, dir));
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("5.jsonl:1:"), std::string::npos) << unknown.err;
    EXPECT_NE(unknown.err.find("not stored"), std::string::npos) << unknown.err;
}

// A first ingest into an empty store takes the bulk path (no lookups, indexes built at the
// end); repeats and corrections inside that file must still come out right.
TEST(StoreCli, FirstFileWithRepeatsAndCorrections) {
    TempDir dir;
    dir.write("rules.abide", kRules);
    dir.write(
        "one.jsonl",
        std::string(kLog) + kLog +
            R"({"id":"s1","date":"2025-02-01","type":"shipment","qty":"1 t","supersedes":true})"
            "\n"
            R"({"retracts":"s2"})"
            "\n");
    auto r = run_abide(expand({"ingest", "--db", "@s.db", "@one.jsonl"}, dir));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("8 read, 5 new, 3 unchanged, 0 rejected (2 corrections)"),
              std::string::npos)
        << r.out;
    auto now =
        json::parse(run_abide(expand({"facts", "--db", "@s.db", "--format", "json"}, dir)).out);
    ASSERT_EQ(now.size(), 2u);  // s1 v2 and s3
    EXPECT_EQ(now[0]["id"], "s3");
    EXPECT_EQ(now[1]["version"], 2);
    dir.write("dup.jsonl", std::string(kLog) + kLog);
    auto d = run_abide(expand({"ingest", "--db", "@d.db", "@dup.jsonl"}, dir));
    EXPECT_NE(d.out.find("6 read, 3 new, 3 unchanged"), std::string::npos) << d.out;
    // The indexes are all there after a bulk load.
    auto db = sqlite::Connection::open(dir / "d.db", {sqlite::OpenMode::ReadWrite});
    auto idx = db.prepare(
        "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema WHERE "
        "type = 'index' AND tbl_name = 'facts' ORDER BY name)");
    ASSERT_TRUE(idx.step());
    EXPECT_EQ(idx.column_text(0), "facts_id_version,facts_type_day");
}

// The acceptance check: every rule of rules/ against examples/facts/, from the store and from
// the logs, gives the same JSON; with and without declarations at ingest time.
TEST(StoreCli, EvalFromTheStoreEqualsEvalFromTheLogs) {
    TempDir dir;
    const std::string rules = kSrc + "/rules", logs = kSrc + "/examples/facts";
    auto typed = run_abide({"ingest", "--db", dir / "typed.db", "--rules", rules, logs});
    ASSERT_EQ(typed.exit_code, 0) << typed.err;
    auto plain = run_abide({"ingest", "--db", dir / "plain.db", logs});
    ASSERT_EQ(plain.exit_code, 0) << plain.err;
    for (const char* as_of : {"2025-12-31", "2026-11-22", "2031-12-31"}) {
        auto base = run_abide({"eval", rules, "--facts", logs, "--as-of", as_of, "--format", "json",
                               "--fail-on", "never"});
        ASSERT_EQ(base.exit_code, 0) << base.err;
        json expected = json::parse(base.out);
        ASSERT_GT(expected["results"].size(), 50u);
        for (const char* db : {"typed.db", "plain.db"}) {
            auto r = run_abide({"eval", rules, "--db", dir / db, "--as-of", as_of, "--format",
                                "json", "--fail-on", "never"});
            ASSERT_EQ(r.exit_code, 0) << r.err;
            EXPECT_EQ(json::parse(r.out), expected) << db << " as of " << as_of;
        }
    }
    // --db and --facts together: the same facts twice are the same facts.
    auto both = run_abide({"eval", rules, "--db", dir / "typed.db", "--facts", logs, "--as-of",
                           "2026-11-22", "--format", "json", "--fail-on", "never"});
    ASSERT_EQ(both.exit_code, 0) << both.err;
}

TEST(StoreCli, CsvLogsRoundTrip) {
    TempDir dir;
    dir.write("rules.abide", kRules);
    dir.write("log.csv",
              "id,date,type,party,qty,port\ns1,2025-02-01,shipment,US,6 t,\"Oslo, NO\"\n"
              "s2,2025-02-02,thing,US,5,\n");
    for (const char* db : {"typed.db", "plain.db"}) {
        std::vector<std::string> args = {"ingest", "--db", std::string("@") + db, "@log.csv"};
        if (std::string(db) == "typed.db") args.insert(args.end(), {"--rules", "@rules.abide"});
        auto r = run_abide(expand(args, dir));
        ASSERT_EQ(r.exit_code, 0) << r.err;
        auto a = run_abide(expand({"eval", "@rules.abide", "--db", std::string("@") + db, "--as-of",
                                   "2025-06-01", "--format", "json"},
                                  dir));
        auto b = run_abide(expand({"eval", "@rules.abide", "--facts", "@log.csv", "--as-of",
                                   "2025-06-01", "--format", "json"},
                                  dir));
        ASSERT_LE(a.exit_code, 1) << a.err;
        EXPECT_EQ(json::parse(a.out), json::parse(b.out));
        EXPECT_EQ(verdict(a), "met");
        // Re-ingesting the CSV is a no-op.
        auto again = run_abide(expand(args, dir));
        EXPECT_NE(again.out.find("0 new, 2 unchanged"), std::string::npos) << again.out;
    }
}

TEST(StoreCli, StdinAndTheDefaultDatabase) {
    TempDir dir;
    // $ABIDE_DB names the default database.
    setenv("ABIDE_DB", (dir / "env.db").c_str(), 1);
    auto r = run_abide({"ingest", "-"}, kLog);
    unsetenv("ABIDE_DB");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("<stdin>: 3 read, 3 new"), std::string::npos) << r.out;
    EXPECT_EQ(count_rows(dir / "env.db"), 3);
    auto f = run_abide({"facts", "--db", dir / "env.db"});
    EXPECT_NE(f.out.find("s1  2025-02-01  shipment  US"), std::string::npos) << f.out;
}

TEST(StoreCli, MalformedCorrectionsAreRejectedWithTheirPosition) {
    TempDir dir;
    struct Case {
        const char* line;
        const char* message;
    };
    for (Case c : {Case{R"({"id":"a","date":"2025-01-01","type":"t","supersedes":"maybe"})",
                        "'supersedes' must be true or false"},
                   Case{R"({"retracts":7})", "'retracts' must be a string"},
                   Case{R"({"retracts":"a","type":"t"})", "unexpected key 'type' in a retraction"},
                   Case{R"({"retracts":"a","supersedes":true})", "cannot also supersede"},
                   Case{R"({"retracts":"a","date":"2025-02-30"})", "not a calendar date"}}) {
        dir.write("c.jsonl", std::string(c.line) + "\n");
        auto r = run_abide(expand({"ingest", "--db", "@c.db", "@c.jsonl"}, dir));
        EXPECT_EQ(r.exit_code, 2) << c.line;
        EXPECT_EQ(r.out, "");
        EXPECT_NE(r.err.find("c.jsonl:1:"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << c.line << "\n" << r.err;
    }
}

TEST(StoreCli, FlagMistakes) {
    TempDir dir;
    dir.write("rules.abide", kRules);
    auto none = run_abide(expand({"eval", "@rules.abide"}, dir));
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_NE(none.err.find("--db"), std::string::npos) << none.err;
    auto known = run_abide(expand(
        {"eval", "@rules.abide", "--facts", "@rules.abide", "--known-at", "2025-01-01"}, dir));
    EXPECT_EQ(known.exit_code, 2);
    EXPECT_NE(known.err.find("--known-at needs --db"), std::string::npos) << known.err;
    auto bad = run_abide(expand({"facts", "--db", "@x.db", "--known-at", "yesterday"}, dir));
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("--known-at: 'yesterday'"), std::string::npos) << bad.err;
    for (const char* cmd : {"ingest", "facts"}) {
        auto h = run_abide({cmd, "--help"});
        EXPECT_EQ(h.exit_code, 0);
        EXPECT_NE(h.out.find("--db"), std::string::npos) << h.out;
    }
}

}  // namespace
}  // namespace abide::testing
