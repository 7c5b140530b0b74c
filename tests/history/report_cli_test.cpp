// End to end: `abide report`, `runs` and `diff` as a scheduled job would run them.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

#include "facts/store/sqlite.hpp"
#include "tests/cli/support.hpp"

namespace abide::testing {
namespace {

constexpr const char* kRules = R"(event thing_done { what: text }
event bought { quantity: mass }

agreement demo {
  title   "Demo <deal> | *one*"
  signed  2026-01-01
  parties US, CN

  rule alpha {
    title "Do alpha"
    party US
    cite  "Art. 1"
    require thing_done where what == "alpha" within 200 days after signed
  }
  rule beta {
    party US
    require thing_done where what == "beta" within 200 days after signed
  }
  rule gamma {
    title "Buy 10 Mt"
    party CN
    require sum(bought.quantity) >= 10 Mt from 2026-01-01 until 2026-12-31
  }
}
)";

constexpr const char* kFact1 =
    R"({"id":"b-1","date":"2026-02-01","type":"bought","party":"CN","quantity":"2 Mt","source":"https://example.org/b1"})"
    "\n";
constexpr const char* kFact2 =
    R"({"id":"a-1","date":"2026-03-05","type":"thing_done","party":"US","what":"alpha","source":"<script>alert(1)</script> *x* | [y](javascript:z) https://example.org/a1"})"
    "\n";

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

class Report : public ::testing::Test {
protected:
    void SetUp() override {
        dir_.write("rules/demo.abide", kRules);
        dir_.write("log1.jsonl", kFact1);
        dir_.write("log2.jsonl", std::string(kFact1) + kFact2);
    }
    RunResult ingest(const std::string& log) {
        return run_abide({"ingest", "--db", dir_ / "h.db", dir_ / log, "--rules", dir_ / "rules"});
    }
    RunResult report(const std::string& as_of, const std::string& tag,
                     std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"report",      dir_ / "rules", "--db",
                                         dir_ / "h.db", "--as-of",      as_of};
        for (const char* f : {"md", "html", "json", "csv"})
            args.push_back("-o" + std::string(f) + "=" + (dir_ / (tag + "." + f)));
        args.insert(args.end(), extra.begin(), extra.end());
        return run_abide(args);
    }
    TempDir dir_;
};

// Which rules does each format name as changed?
std::vector<std::string> changed_in_json(const std::string& text) {
    auto j = nlohmann::json::parse(text);
    std::vector<std::string> out;
    for (const auto& c : j["changes"]) out.push_back(c["rule"]);
    return out;
}

std::vector<std::string> changed_in_markdown(const std::string& md) {
    auto from = md.find("## What changed");
    auto to = md.find("\n## ", from + 1);
    std::istringstream section(md.substr(from, to - from));
    std::vector<std::string> out;
    std::string line;
    while (std::getline(section, line)) {
        if (line.rfind("| ", 0) != 0 || line.rfind("| rule", 0) == 0 || line.rfind("| ---", 0) == 0)
            continue;
        out.push_back(line.substr(2, line.find(" |") - 2));
    }
    return out;
}

std::vector<std::string> changed_in_html(const std::string& html) {
    std::vector<std::string> out;
    std::regex row("<tr data-rule=\"([^\"]*)\">");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), row);
         it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1]);
    return out;
}

// Python's csv module reads the file (RFC 4180); prints the rule of each row with a change.
std::vector<std::string> changed_in_csv(const std::string& path) {
    auto r =
        run_program("/usr/bin/env", {"python3", "-c",
                                     "import csv,sys\n"
                                     "rows=list(csv.DictReader(open(sys.argv[1],newline='')))\n"
                                     "assert rows and all(len(r)==19 for r in rows), 'ragged'\n"
                                     "[print(r['rule']) for r in rows if r['change']]\n",
                                     path});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> out;
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) out.push_back(line);
    return out;
}

TEST_F(Report, GainedFactIsTheOnlyChangeInEveryFormat) {
    ASSERT_EQ(ingest("log1.jsonl").exit_code, 0);
    auto first = report("2026-03-01", "r1");
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.out.find("no earlier run"), std::string::npos) << first.out;
    ASSERT_EQ(ingest("log2.jsonl").exit_code, 0);  // gains a-1
    auto second = report("2026-03-08", "r2");
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_NE(second.out.find("1 change in 1 rule"), std::string::npos) << second.out;

    const std::vector<std::string> alpha = {"demo.alpha"};
    EXPECT_EQ(changed_in_json(slurp(dir_ / "r2.json")), alpha);
    EXPECT_EQ(changed_in_markdown(slurp(dir_ / "r2.md")), alpha);
    EXPECT_EQ(changed_in_html(slurp(dir_ / "r2.html")), alpha);
    EXPECT_EQ(changed_in_csv(dir_ / "r2.csv"), alpha);
    auto j = nlohmann::json::parse(slurp(dir_ / "r2.json"));
    EXPECT_EQ(j["changes"][0]["change"], "newly met");
    EXPECT_EQ(j["changes"][0]["new_evidence"], nlohmann::json::array({"a-1"}));
    EXPECT_EQ(j["since"]["as_of"], "2026-03-01");
    // The first report had nothing to compare with: no change anywhere.
    EXPECT_TRUE(changed_in_json(slurp(dir_ / "r1.json")).empty());
    EXPECT_TRUE(changed_in_html(slurp(dir_ / "r1.html")).empty());
    EXPECT_TRUE(changed_in_csv(dir_ / "r1.csv").empty());

    // The fact's text is shown as text in HTML and Markdown.
    const std::string html = slurp(dir_ / "r2.html");
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(html.find("<a href=\"https://example.org/a1\""), std::string::npos);
    EXPECT_EQ(html.find("href=\"javascript"), std::string::npos);
    const std::string md = slurp(dir_ / "r2.md");
    EXPECT_NE(md.find("\\<script\\>alert(1)\\</script\\> \\*x\\* \\| \\[y\\](javascript:z)"),
              std::string::npos);
    EXPECT_NE(md.find("Demo \\<deal\\> \\| \\*one\\*"), std::string::npos);

    // diff shows the same, and runs lists both.
    auto diff = run_abide({"diff", "1", "2", "--db", dir_ / "h.db"});
    ASSERT_EQ(diff.exit_code, 0) << diff.err;
    EXPECT_NE(diff.out.find("newly met: demo.alpha (pending -> met)"), std::string::npos)
        << diff.out;
    auto diff_json =
        run_abide({"diff", "2026-03-01", "2026-03-08", "--db", dir_ / "h.db", "-o", "json"});
    ASSERT_EQ(diff_json.exit_code, 0) << diff_json.err;
    EXPECT_EQ(changed_in_json(diff_json.out), alpha);
    auto runs = run_abide({"runs", "--db", dir_ / "h.db", "--format", "json"});
    ASSERT_EQ(runs.exit_code, 0) << runs.err;
    auto list = nlohmann::json::parse(runs.out);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[1]["as_of"], "2026-03-08");
    EXPECT_EQ(list[1]["met"], 1);
}

// The same with the shipped library: examples/facts/ without f-018 (China's general licence
// for rare earths), then with it.
TEST_F(Report, ShippedLibraryGainingOneFact) {
    const std::string src = ABIDE_SOURCE_DIR;
    std::ifstream in(src + "/examples/facts/events.jsonl");
    std::string line, without;
    while (std::getline(in, line))
        if (line.find("\"id\": \"f-018\"") == std::string::npos) without += line + "\n";
    dir_.write("less.jsonl", without);
    const std::string db = dir_ / "lib.db";
    auto ingest_log = [&](const std::string& log) {
        auto r = run_abide({"ingest", "--db", db, log, "--rules", src + "/rules"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    };
    auto report_lib = [&](const std::string& as_of, const std::string& tag) {
        std::vector<std::string> args = {"report", src + "/rules", "--db", db, "--as-of", as_of};
        for (const char* f : {"md", "html", "json", "csv"})
            args.push_back("-o" + std::string(f) + "=" + (dir_ / (tag + "." + f)));
        auto r = run_abide(args);
        ASSERT_EQ(r.exit_code, 0) << r.err;
    };
    ingest_log(dir_ / "less.jsonl");
    report_lib("2026-11-15", "l1");
    ingest_log(src + "/examples/facts/events.jsonl");
    report_lib("2026-11-22", "l2");
    const std::vector<std::string> licences = {"us_cn.cn_general_licenses"};
    EXPECT_EQ(changed_in_json(slurp(dir_ / "l2.json")), licences);
    EXPECT_EQ(changed_in_markdown(slurp(dir_ / "l2.md")).size(), 1u);
    EXPECT_EQ(changed_in_markdown(slurp(dir_ / "l2.md"))[0],
              "us\\_cn.cn\\_general\\_licenses\\[rare\\_earths\\]");
    EXPECT_EQ(changed_in_html(slurp(dir_ / "l2.html")), licences);
    EXPECT_EQ(changed_in_csv(dir_ / "l2.csv"), licences);
}

TEST_F(Report, RerunReusesTheRunAndRewritesIdenticalFiles) {
    ASSERT_EQ(ingest("log1.jsonl").exit_code, 0);
    ASSERT_EQ(report("2026-03-01", "a").exit_code, 0);
    ASSERT_EQ(report("2026-03-01", "b").exit_code, 0);
    for (const char* f : {".md", ".html", ".json", ".csv"})
        EXPECT_EQ(slurp(dir_ / ("a" + std::string(f))), slurp(dir_ / ("b" + std::string(f)))) << f;
    auto runs = run_abide({"runs", "--db", dir_ / "h.db", "--format", "json"});
    EXPECT_EQ(nlohmann::json::parse(runs.out).size(), 1u);
    // New facts for the same date replace that date's run.
    ASSERT_EQ(ingest("log2.jsonl").exit_code, 0);
    ASSERT_EQ(report("2026-03-08", "c").exit_code, 0);
    ASSERT_EQ(report("2026-03-01", "d").exit_code, 0);  // a-1 is dated later: same verdicts
    auto after =
        nlohmann::json::parse(run_abide({"runs", "--db", dir_ / "h.db", "--format", "json"}).out);
    ASSERT_EQ(after.size(), 2u);
    EXPECT_EQ(after[0]["as_of"], "2026-03-01");
    EXPECT_EQ(after[0]["id"], 3);  // the replacement
}

TEST_F(Report, FailOnNewBreachedOnlyWhenSomethingNewBroke) {
    ASSERT_EQ(ingest("log2.jsonl").exit_code, 0);
    EXPECT_EQ(report("2026-03-08", "a", {"--fail-on-new", "breached"}).exit_code, 0);
    // beta's deadline (2026-07-20) passes: newly breached.
    auto broke = report("2026-08-01", "b", {"--fail-on-new", "breached"});
    EXPECT_EQ(broke.exit_code, 1) << broke.err;
    EXPECT_NE(broke.out.find("newly breached: demo.beta"), std::string::npos) << broke.out;
    // Still breached a week later, but not newly: exit 0.
    EXPECT_EQ(report("2026-08-08", "c", {"--fail-on-new", "breached"}).exit_code, 0);
    EXPECT_EQ(report("2026-08-15", "d", {"--fail-on", "breached"}).exit_code, 1);
}

TEST_F(Report, BadInputExitsTwoWithNothingOnStdout) {
    auto r = run_abide({"report", dir_ / "rules", "--db", dir_ / "h.db", "-o", "pdf=x.pdf"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(r.out.empty());
    EXPECT_NE(r.err.find("unknown format 'pdf'"), std::string::npos) << r.err;
    auto missing = run_abide({"report", dir_ / "rules", "--db", dir_ / "none.db"});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_TRUE(missing.out.empty());
    auto no_run = run_abide({"diff", "1", "9", "--db", dir_ / "none.db"});
    EXPECT_EQ(no_run.exit_code, 2);
    EXPECT_NE(no_run.err.find("no such database"), std::string::npos) << no_run.err;
    ASSERT_EQ(ingest("log1.jsonl").exit_code, 0);
    ASSERT_EQ(report("2026-03-01", "a").exit_code, 0);
    auto unknown = run_abide({"diff", "1", "7", "--db", dir_ / "h.db"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("RUN2: no run 7"), std::string::npos) << unknown.err;
    for (const char* cmd : {"report", "runs", "diff"}) {
        auto help = run_abide({cmd, "--help"});
        EXPECT_EQ(help.exit_code, 0) << cmd;
        EXPECT_NE(help.out.find("--db"), std::string::npos) << cmd;
    }
}

// Every recorded run is whole: as many rule and node rows as it says, and no orphan rows.
void expect_history_whole(const std::string& db_path) {
    auto db = sqlite::Connection::open(db_path, {sqlite::OpenMode::ReadOnly});
    auto st = db.prepare(
        "SELECT r.id, r.rules, r.nodes, (SELECT count(*) FROM history_rules WHERE run = r.id), "
        "(SELECT count(*) FROM history_nodes WHERE run = r.id) FROM history_runs r");
    while (st.step()) {
        EXPECT_EQ(st.column_int(1), st.column_int(3)) << "run " << st.column_int(0);
        EXPECT_EQ(st.column_int(2), st.column_int(4)) << "run " << st.column_int(0);
    }
    for (const char* sql :
         {"SELECT count(*) FROM history_rules WHERE run NOT IN (SELECT id FROM history_runs)",
          "SELECT count(*) FROM history_nodes WHERE run NOT IN (SELECT id FROM history_runs)",
          "SELECT count(*) FROM history_facts WHERE run NOT IN (SELECT id FROM history_runs)"}) {
        auto orphans = db.prepare(sql);
        ASSERT_TRUE(orphans.step());
        EXPECT_EQ(orphans.column_int(0), 0) << sql;
    }
}

int64_t run_count(const std::string& db_path) {
    auto db = sqlite::Connection::open(db_path, {sqlite::OpenMode::ReadOnly});
    auto st = db.prepare("SELECT count(*) FROM history_runs");
    st.step();
    return st.column_int(0);
}

TEST_F(Report, TwoAtOnceBothFinishOneAfterTheOther) {
    ASSERT_EQ(ingest("log2.jsonl").exit_code, 0);
    RunResult a, b;
    std::thread ta([&] { a = report("2026-03-08", "a"); });
    std::thread tb([&] { b = report("2026-03-15", "b"); });
    ta.join();
    tb.join();
    EXPECT_EQ(a.exit_code, 0) << a.err;
    EXPECT_EQ(b.exit_code, 0) << b.err;
    EXPECT_EQ(run_count(dir_ / "h.db"), 2);
    expect_history_whole(dir_ / "h.db");
}

TEST_F(Report, LockHeldElsewhereWaitsThenGivesUpClearly) {
    ASSERT_EQ(ingest("log2.jsonl").exit_code, 0);
    const std::string lock_path = dir_ / "h.db.lock";
    int fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);  // not inherited
    ASSERT_GE(fd, 0);
    ASSERT_EQ(flock(fd, LOCK_EX), 0);  // as a running report would
    auto gave_up = report("2026-03-08", "x", {"--lock-timeout", "1"});
    EXPECT_EQ(gave_up.exit_code, 2);
    EXPECT_TRUE(gave_up.out.empty());
    EXPECT_NE(gave_up.err.find("another abide report is running on"), std::string::npos)
        << gave_up.err;
    EXPECT_GE(gave_up.elapsed, std::chrono::milliseconds(1000));
    EXPECT_FALSE(std::filesystem::exists(dir_ / "x.html"));
    // Released while the next one waits: it goes ahead.
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        close(fd);
    });
    auto waited = report("2026-03-08", "y");
    release.join();
    EXPECT_EQ(waited.exit_code, 0) << waited.err;
    EXPECT_GE(waited.elapsed, std::chrono::milliseconds(600));
    EXPECT_EQ(run_count(dir_ / "h.db"), 1);
}

// SIGKILL at random moments (the hang guard's kill) never leaves half a run.
TEST_F(Report, KilledRunsLeaveNoHalfWrittenRun) {
    const std::string db = dir_ / "big.db";
    auto in = run_abide({"ingest", "--db", db,
                         std::string(ABIDE_SOURCE_DIR) + "/examples/facts/events.jsonl", "--rules",
                         std::string(ABIDE_SOURCE_DIR) + "/rules"});
    ASSERT_EQ(in.exit_code, 0) << in.err;
    std::mt19937 rng(6);
    int killed = 0;
    for (int i = 0; i < 12; ++i) {
        RunOptions o;
        o.timeout = std::chrono::milliseconds(std::uniform_int_distribution<int>(5, 120)(rng));
        char as_of[16];
        std::snprintf(as_of, sizeof as_of, "2026-%02d-01", 1 + i % 12);
        auto r = run_program(ABIDE_BIN,
                             {"report", std::string(ABIDE_SOURCE_DIR) + "/rules", "--db", db,
                              "--as-of", as_of, "-o", "html=" + (dir_ / "k.html")},
                             o);
        killed += r.timed_out;
        EXPECT_TRUE(r.timed_out || r.exit_code == 0) << r.status() << r.err;
    }
    std::cout << "[  killed  ] " << killed << " of 12 runs\n";
    expect_history_whole(db);
    auto runs = run_abide({"runs", "--db", db});
    EXPECT_EQ(runs.exit_code, 0) << runs.err;
}

}  // namespace
}  // namespace abide::testing
