// `all`, `any`, `at least N of` and `for NAME in` (language.md §6 rows 6, 8, 9; §9.9-§9.11).
#include "tests/engine/builder.hpp"

namespace abide::etest {
namespace {

using Ids = std::vector<std::string>;

class Composite : public EngineTest {
protected:
    /// require done where topic == TOPIC between START and END (default: March 2026).
    Ob part(const std::string& topic, std::string_view start = "2026-03-01",
            std::string_view end = "2026-03-31") {
        return require(pat("done", eq("topic", text(topic))), between(date(start), date(end)));
    }
    void done(std::string_view id, std::string_view date, const std::string& topic) {
        fact(id, date, "done", {{"topic", text(topic)}});
    }
    static void expect_no_window(const NodeResult& n) {
        EXPECT_FALSE(n.has_window) << n.rule;
        EXPECT_FALSE(n.start) << n.rule;
        EXPECT_FALSE(n.end) << n.rule;
    }
};

// --- all --------------------------------------------------------------------------------------

TEST_F(Composite, AllIsMetWhenEveryPartIsMet) {
    rule("r", all(part("a"), part("b")));
    done("fa", "2026-03-05", "a");
    done("fb", "2026-03-10", "b");
    NodeResult n = only("2026-03-15");
    EXPECT_EQ(n.verdict, Verdict::Met);
    expect_no_window(n);
    EXPECT_EQ(child_ids(n), (Ids{"r[1]", "r[2]"}));
    EXPECT_EQ(evidence(n), (Ids{"fa", "fb"}));
    NodeResult p1 = child(n, "r[1]");
    EXPECT_EQ(p1.verdict, Verdict::Met);
    EXPECT_TRUE(p1.has_window);
    EXPECT_EQ(p1.start, d("2026-03-01"));
    EXPECT_EQ(p1.end, d("2026-03-31"));
    EXPECT_EQ(evidence(p1), Ids{"fa"});
    EXPECT_EQ(evidence(child(n, "r[2]")), Ids{"fb"});
    EXPECT_FALSE(n.at_risk);
}

TEST_F(Composite, AllIsBreachedWhenAnyPartIsBreached) {
    rule("r",
         all(part("a"), forbid(pat("violation"), between(date("2026-03-01"), date("2026-03-31")))));
    done("fa", "2026-03-05", "a");
    fact("v1", "2026-03-07", "violation");
    NodeResult n = only("2026-03-08");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_EQ(child(n, "r[1]").verdict, Verdict::Met);
    EXPECT_EQ(child(n, "r[2]").verdict, Verdict::Breached);
    // Only the parts whose verdict equals the composite's.
    EXPECT_EQ(evidence(n), Ids{"v1"});
}

TEST_F(Composite, AllIsBreachedEvenWhileAnotherPartIsPending) {
    rule("r", all(part("a"), part("b", "2026-02-01", "2026-02-28")));
    NodeResult n = only("2026-03-01");
    EXPECT_EQ(child(n, "r[1]").verdict, Verdict::Pending);
    EXPECT_EQ(child(n, "r[2]").verdict, Verdict::Breached);
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_TRUE(n.evidence.empty());
}

TEST_F(Composite, AllIsPendingOtherwise) {
    rule("r", all(part("a"), part("b", "2026-03-01", "2026-06-30")));
    done("fa", "2026-03-05", "a");
    NodeResult n = only("2026-03-15");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_TRUE(n.evidence.empty());
    EXPECT_FALSE(n.at_risk);  // the pending part ends 107 days later
    expect_no_window(n);
    EXPECT_FALSE(n.days_left) << *n.days_left;
}

TEST_F(Composite, CompositeIsAtRiskWhenAPendingPartIs) {
    rule("r", all(part("a"), part("b")));
    done("fa", "2026-03-05", "a");
    NodeResult n = only("2026-03-15");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_TRUE(child(n, "r[2]").at_risk);
    EXPECT_TRUE(n.at_risk);
}

// --- any --------------------------------------------------------------------------------------

TEST_F(Composite, AnyIsMetWhenOnePartIsMet) {
    rule("r", any(part("a"), part("b")));
    done("fb", "2026-03-10", "b");
    NodeResult n = only("2026-03-10");
    EXPECT_EQ(n.verdict, Verdict::Met);
    expect_no_window(n);
    EXPECT_EQ(child(n, "r[1]").verdict, Verdict::Pending);
    EXPECT_EQ(child(n, "r[2]").verdict, Verdict::Met);
    EXPECT_EQ(evidence(n), Ids{"fb"});
    EXPECT_FALSE(n.at_risk);
}

TEST_F(Composite, AnyIsBreachedWhenEveryPartIsBreached) {
    rule("r", any(part("a"), part("b", "2026-02-01", "2026-02-28")));
    NodeResult pending = only("2026-03-31");
    EXPECT_EQ(pending.verdict, Verdict::Pending);
    NodeResult n = only("2026-04-01");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_TRUE(n.evidence.empty());
}

TEST_F(Composite, AnyIsPendingWhileOnePartIsPending) {
    rule("r", any(part("a", "2026-02-01", "2026-02-28"), part("b")));
    NodeResult n = only("2026-03-10");
    EXPECT_EQ(child(n, "r[1]").verdict, Verdict::Breached);
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_TRUE(n.at_risk);  // its pending part ends in 21 days
}

// --- at least N of ----------------------------------------------------------------------------

TEST_F(Composite, AtLeastIsMetWhenNPartsAreMet) {
    rule("r", at_least(2, part("a"), part("b"), part("c")));
    done("fa", "2026-03-05", "a");
    NodeResult one = only("2026-03-09");
    EXPECT_EQ(one.verdict, Verdict::Pending);
    done("fc", "2026-03-10", "c");
    NodeResult n = only("2026-03-10");
    EXPECT_EQ(n.verdict, Verdict::Met);
    expect_no_window(n);
    EXPECT_EQ(child_ids(n), (Ids{"r[1]", "r[2]", "r[3]"}));
    EXPECT_EQ(child(n, "r[2]").verdict, Verdict::Pending);
    EXPECT_EQ(evidence(n), (Ids{"fa", "fc"}));
}

TEST_F(Composite, AtLeastIsBreachedWhenMoreThanPartsMinusNAreBreached) {
    rule("r", at_least(2, part("a"), part("b"), part("c")));
    done("fa", "2026-03-05", "a");
    NodeResult n = only("2026-04-01");  // b and c breached: 2 > 3 - 2
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_EQ(child(n, "r[1]").verdict, Verdict::Met);
    EXPECT_TRUE(n.evidence.empty());  // the breached parts are requires: no evidence
}

TEST_F(Composite, AtLeastWithPartsMinusNBreachedIsStillPending) {
    rule("r", at_least(2, part("a"), part("b", "2026-02-01", "2026-02-28"),
                       part("c", "2026-03-01", "2026-06-30")));
    NodeResult none_met = only("2026-03-15");  // 1 breached, 2 pending
    EXPECT_EQ(none_met.verdict, Verdict::Pending);
    done("fa", "2026-03-05", "a");
    NodeResult one_met = only("2026-03-15");  // 1 met, 1 breached, 1 pending
    EXPECT_EQ(one_met.verdict, Verdict::Pending);
    EXPECT_EQ(child(one_met, "r[1]").verdict, Verdict::Met);
    EXPECT_EQ(child(one_met, "r[2]").verdict, Verdict::Breached);
    EXPECT_EQ(child(one_met, "r[3]").verdict, Verdict::Pending);
    EXPECT_TRUE(one_met.evidence.empty());
}

TEST_F(Composite, AtLeastAllPartsIsBreachedByOneBreach) {
    rule("r", at_least(2, part("a"), part("b", "2026-02-01", "2026-02-28")));
    EXPECT_EQ(only("2026-03-01").verdict, Verdict::Breached);
}

TEST_F(Composite, AtLeastOneIsMetByOnePart) {
    rule("r", at_least(1, part("a"), part("b")));
    done("fb", "2026-03-10", "b");
    NodeResult n = only("2026-03-10");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_EQ(evidence(n), Ids{"fb"});
}

TEST_F(Composite, NestedPartsAreSuffixedOnTheirParentsId) {
    rule("r", all(any(part("a"), part("b")), part("c")));
    done("fb", "2026-03-02", "b");
    done("fc", "2026-03-03", "c");
    NodeResult n = only("2026-03-05");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_EQ(child_ids(n), (Ids{"r[1]", "r[2]"}));
    NodeResult inner = child(n, "r[1]");
    EXPECT_EQ(inner.verdict, Verdict::Met);
    expect_no_window(inner);
    EXPECT_EQ(child_ids(inner), (Ids{"r[1][1]", "r[1][2]"}));
    EXPECT_EQ(evidence(inner), Ids{"fb"});
    EXPECT_EQ(evidence(n), (Ids{"fb", "fc"}));
}

// --- for NAME in [..] ---------------------------------------------------------------------------

class ForIn : public Composite {
protected:
    ForIn() {
        rule("r", for_in("g", {"gallium", "germanium"},
                         require(pat("purchase", eq("commodity", var("g"))), during(2026))));
    }
    void buy(std::string_view id, std::string_view date, const std::string& commodity) {
        fact(id, date, "purchase", {{"commodity", text(commodity)}, {"quantity", qty("1 t")}});
    }
};

TEST_F(ForIn, OneInstancePerListedValue) {
    buy("pg", "2026-03-01", "gallium");
    buy("px", "2026-03-02", "graphite");
    NodeResult n = only("2026-06-01");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    expect_no_window(n);
    EXPECT_EQ(child_ids(n), (Ids{"r[gallium]", "r[germanium]"}));
    NodeResult ga = child(n, "r[gallium]");
    EXPECT_EQ(ga.verdict, Verdict::Met);
    EXPECT_TRUE(ga.has_window);
    EXPECT_EQ(ga.start, d("2026-01-01"));
    EXPECT_EQ(ga.end, d("2026-12-31"));
    EXPECT_EQ(evidence(ga), Ids{"pg"});
    NodeResult ge = child(n, "r[germanium]");
    EXPECT_EQ(ge.verdict, Verdict::Pending);
    EXPECT_TRUE(contains(ge.reason, "purchase")) << ge.reason;
}

TEST_F(ForIn, AnyBreachedInstanceBreachesTheLoop) {
    buy("pg", "2026-03-01", "gallium");
    NodeResult n = only("2027-01-01");
    EXPECT_EQ(child(n, "r[germanium]").verdict, Verdict::Breached);
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_TRUE(n.evidence.empty());
}

TEST_F(ForIn, EveryInstanceMetMeetsTheLoop) {
    buy("pg", "2026-03-01", "gallium");
    buy("pge", "2026-04-01", "germanium");
    NodeResult n = only("2026-04-01");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_EQ(evidence(n), (Ids{"pg", "pge"}));
}

class ForYears : public Composite {
protected:
    ForYears() { rule("r", for_years("y", 2026, 2028, require(pat("done"), during_var("y")))); }
};

TEST_F(ForYears, DuringYearResolvesPerInstance) {
    fact("f26", "2026-05-01", "done");
    fact("f27", "2027-12-31", "done");
    NodeResult n = only("2027-12-31");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    expect_no_window(n);
    EXPECT_EQ(child_ids(n), (Ids{"r[2026]", "r[2027]", "r[2028]"}));
    const char* starts[] = {"2026-01-01", "2027-01-01", "2028-01-01"};
    const char* ends[] = {"2026-12-31", "2027-12-31", "2028-12-31"};
    for (size_t i = 0; i < 3; ++i) {
        NodeResult c = n.children.at(i);
        EXPECT_TRUE(c.has_window) << c.rule;
        EXPECT_EQ(c.start, d(starts[i])) << c.rule;
        EXPECT_EQ(c.end, d(ends[i])) << c.rule;
    }
    EXPECT_EQ(evidence(child(n, "r[2026]")), Ids{"f26"});
    EXPECT_EQ(evidence(child(n, "r[2027]")), Ids{"f27"});
    EXPECT_EQ(child(n, "r[2028]").verdict, Verdict::Pending);
    EXPECT_FALSE(n.at_risk);  // 2028 ends 366 days later
}

TEST_F(ForYears, ALaterYearBreachedBreachesTheLoop) {
    fact("f26", "2026-05-01", "done");
    fact("f27", "2027-05-01", "done");
    fact("f29", "2029-01-01", "done");
    NodeResult pending = only("2028-12-15");
    EXPECT_EQ(pending.verdict, Verdict::Pending);
    EXPECT_TRUE(pending.at_risk);  // r[2028] ends in 16 days
    EXPECT_TRUE(child(pending, "r[2028]").at_risk);

    NodeResult n = only("2029-01-01");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_EQ(late(child(n, "r[2028]")), "f29");
}

TEST_F(ForYears, EveryYearMetMeetsTheLoop) {
    fact("f26", "2026-01-01", "done");
    fact("f27", "2027-06-01", "done");
    fact("f28", "2028-12-31", "done");
    NodeResult n = only("2028-12-31");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_EQ(evidence(n), (Ids{"f26", "f27", "f28"}));
}

TEST_F(Composite, ForYearsWithAnAggregateBody) {
    rule("r",
         for_years("y", 2026, 2027, count(pat("license_issued"), CmpOp::Ge, 2, during_var("y"))));
    fact("l1", "2026-02-01", "license_issued");
    fact("l2", "2026-03-01", "license_issued");
    fact("l3", "2027-02-01", "license_issued");
    NodeResult n = only("2027-06-01");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    NodeResult y26 = child(n, "r[2026]");
    EXPECT_EQ(y26.verdict, Verdict::Met);
    ASSERT_TRUE(y26.progress);
    EXPECT_EQ(y26.progress->value, 2);
    EXPECT_EQ(evidence(y26), (Ids{"l1", "l2"}));
    NodeResult y27 = child(n, "r[2027]");
    ASSERT_TRUE(y27.progress);
    EXPECT_EQ(y27.progress->value, 1);
    EXPECT_EQ(y27.progress->target, 2);
}

}  // namespace
}  // namespace abide::etest
