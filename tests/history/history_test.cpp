// Run history in SQLite: round trip, reuse, replacement, and the run lock.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "report/history/history.hpp"

namespace abide::history {
namespace {

using engine::Verdict;

core::Date day(const char* s) {
    return *core::parse_date(s);
}

class TempDb : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = std::filesystem::temp_directory_path().string() + "/abide-hist-XXXXXX";
        dir_ = mkdtemp(tmpl.data());
        path_ = dir_ + "/h.db";
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string dir_, path_;
};

report::Snapshot sample(const char* as_of) {
    report::Snapshot s;
    s.as_of = day(as_of);
    report::RuleRecord r;
    r.id = "demo.soy";
    r.title = "Buy soybeans \"now\"";
    r.cite = "Art. 2";
    r.note = "a note";
    r.agreement = "demo";
    r.agreement_title = "Demo deal";
    r.party = {"CN", "US"};
    report::NodeRecord root;
    root.id = "demo.soy";
    root.kind = "any";
    root.verdict = Verdict::Pending;
    root.at_risk = true;
    root.reason = "0 of 1 parts met";
    report::NodeRecord part;
    part.id = "demo.soy[1]";
    part.depth = 1;
    part.kind = "aggregate";
    part.op = ">=";
    part.verdict = Verdict::Pending;
    part.has_window = true;
    part.start = day("2026-01-01");
    part.end = day("2026-12-31");
    part.days_left = 300;
    part.evidence = {"f-1", "f-2"};
    part.reason = "sum so far";
    part.progress = engine::Progress{4.5, 12, "Mt"};
    r.nodes = {root, part};
    s.rules.push_back(r);
    s.facts.push_back({"f-1", day("2026-02-01"), "bought", "CN", "https://example.org/1"});
    s.facts.push_back({"f-2", day("2026-02-03"), "bought", "", "USDA"});
    report::recount(s);
    return s;
}

TEST_F(TempDb, RoundTrip) {
    auto h = History::open(path_);
    ASSERT_TRUE(h) << h.error().message;
    auto s = sample("2026-03-01");
    auto rec = h->record(s, "rules1", "facts1", "2026-03-01T06:00:00Z");
    ASSERT_TRUE(rec) << rec.error().message;
    EXPECT_FALSE(rec->reused);
    EXPECT_EQ(rec->run.nodes, 2u);
    auto back = h->load(rec->run.id);
    ASSERT_TRUE(back) << back.error().message;
    ASSERT_EQ(back->rules.size(), 1u);
    const auto& r = back->rules[0];
    EXPECT_EQ(r.title, "Buy soybeans \"now\"");
    EXPECT_EQ(r.party, (std::vector<std::string>{"CN", "US"}));
    EXPECT_EQ(r.agreement_title, "Demo deal");
    ASSERT_EQ(r.nodes.size(), 2u);
    EXPECT_TRUE(r.nodes[0].at_risk);
    EXPECT_EQ(r.nodes[1].depth, 1u);
    EXPECT_EQ(r.nodes[1].op, ">=");
    EXPECT_EQ(r.nodes[1].evidence, (std::vector<std::string>{"f-1", "f-2"}));
    EXPECT_EQ(r.nodes[1].end, day("2026-12-31"));
    EXPECT_EQ(r.nodes[1].days_left, 300);
    ASSERT_TRUE(r.nodes[1].progress);
    EXPECT_EQ(r.nodes[1].progress->value, 4.5);
    EXPECT_EQ(r.nodes[1].progress->unit, "Mt");
    ASSERT_EQ(back->facts.size(), 2u);
    EXPECT_EQ(back->facts[0].source, "https://example.org/1");
    EXPECT_EQ(back->summary.pending, 1u);
    EXPECT_TRUE(report::detect_changes(s, *back).empty());
}

TEST_F(TempDb, SameInputsReuseOtherFactsReplace) {
    auto h = History::open(path_);
    ASSERT_TRUE(h);
    auto first = h->record(sample("2026-03-01"), "r", "f", "2026-03-01T06:00:00Z");
    ASSERT_TRUE(first);
    auto again = h->record(sample("2026-03-01"), "r", "f", "2026-03-01T07:00:00Z");
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->reused);
    EXPECT_EQ(again->run.id, first->run.id);
    EXPECT_EQ(again->run.recorded_at, "2026-03-01T06:00:00Z");
    auto other = h->record(sample("2026-03-01"), "r", "f2", "2026-03-01T08:00:00Z");
    ASSERT_TRUE(other);
    EXPECT_FALSE(other->reused);
    EXPECT_EQ(other->replaced, first->run.id);
    auto runs = h->runs();
    ASSERT_TRUE(runs);
    ASSERT_EQ(runs->size(), 1u);
    EXPECT_EQ((*runs)[0].id, other->run.id);
    EXPECT_FALSE(h->load(first->run.id));  // replaced runs are gone, with their rows
}

TEST_F(TempDb, BeforeAndOnOrBefore) {
    auto h = History::open(path_);
    ASSERT_TRUE(h);
    ASSERT_TRUE(h->record(sample("2026-03-01"), "r", "f", "t1"));
    ASSERT_TRUE(h->record(sample("2026-03-08"), "r", "f", "t2"));
    auto b = h->before(day("2026-03-08"));
    ASSERT_TRUE(b && *b);
    EXPECT_EQ((*b)->as_of, day("2026-03-01"));
    auto none = h->before(day("2026-03-01"));
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
    auto o = h->on_or_before(day("2026-03-10"));
    ASSERT_TRUE(o && *o);
    EXPECT_EQ((*o)->as_of, day("2026-03-08"));
}

TEST_F(TempDb, NotADatabaseIsAnError) {
    { std::ofstream(path_) << "this is not sqlite, just text that is long enough to matter\n"; }
    auto h = History::open(path_);
    ASSERT_FALSE(h);
    EXPECT_NE(h.error().message.find(path_), std::string::npos) << h.error().message;
}

TEST_F(TempDb, DigestsAreStableAndOrderFree) {
    EXPECT_EQ(digest({"a", "bc"}), digest({"a", "bc"}));
    EXPECT_NE(digest({"a", "bc"}), digest({"ab", "c"}));
    EXPECT_EQ(digest({}).size(), 32u);
}

TEST_F(TempDb, LockTimesOutWhileHeldThenSucceeds) {
    auto first = RunLock::acquire(path_, std::chrono::milliseconds(0));
    ASSERT_TRUE(first) << first.error().message;
    // flock locks belong to the open file description: a second open in this process
    // conflicts just as another process would.
    auto start = std::chrono::steady_clock::now();
    auto second = RunLock::acquire(path_, std::chrono::milliseconds(300));
    ASSERT_FALSE(second);
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
    EXPECT_NE(second.error().message.find("another abide report is running"), std::string::npos);
    EXPECT_NE(second.error().message.find("pid " + std::to_string(getpid())), std::string::npos)
        << second.error().message;
    { auto released = std::move(*first); }
    auto third = RunLock::acquire(path_, std::chrono::milliseconds(0));
    EXPECT_TRUE(third);
}

}  // namespace
}  // namespace abide::history
