// `forbid PATTERN` in [S, E] (language.md §6 second row, §9.10), at its edges.
#include "tests/engine/builder.hpp"

namespace abide::etest {
namespace {

using Ids = std::vector<std::string>;

// forbid violation between 2026-03-01 and 2026-03-31.
class Forbid : public EngineTest {
protected:
    Forbid() {
        rule("r", forbid(pat("violation"), between(date("2026-03-01"), date("2026-03-31"))));
    }
};

TEST_F(Forbid, ViolationInsideIsBreachedAtOnce) {
    fact("v1", "2026-03-10", "violation");
    NodeResult n = only("2026-03-10");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_EQ(evidence(n), Ids{"v1"});
    EXPECT_TRUE(n.has_window);
    EXPECT_EQ(n.start, d("2026-03-01"));
    EXPECT_EQ(n.end, d("2026-03-31"));
    EXPECT_FALSE(n.at_risk);
    EXPECT_FALSE(n.late);
    EXPECT_TRUE(contains(n.reason, "violation")) << n.reason;
}

TEST_F(Forbid, ViolationOnTheFirstDayIsBreached) {
    fact("v1", "2026-03-01", "violation");
    NodeResult n = only("2026-03-01");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_EQ(evidence(n), Ids{"v1"});
}

TEST_F(Forbid, ViolationOnTheLastDayIsBreached) {
    fact("v1", "2026-03-31", "violation");
    EXPECT_EQ(only("2026-03-30").verdict, Verdict::Pending);  // not yet: dated after T
    NodeResult n = only("2026-03-31");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_EQ(evidence(n), Ids{"v1"});
    NodeResult later = only("2026-05-01");
    EXPECT_EQ(later.verdict, Verdict::Breached);
    EXPECT_EQ(evidence(later), Ids{"v1"});
}

TEST_F(Forbid, EvidenceIsEveryViolationInTheWindowEarliestFirst) {
    fact("outside-after", "2026-04-01", "violation");
    fact("v2", "2026-03-20", "violation");
    fact("v1", "2026-03-05", "violation");
    fact("outside-before", "2026-02-28", "violation");
    fact("v3", "2026-03-20", "violation");
    NodeResult n = only("2026-05-01");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_EQ(evidence(n), (Ids{"v1", "v2", "v3"}));
}

TEST_F(Forbid, ViolationsAfterAsOfAreNotEvidence) {
    fact("v1", "2026-03-05", "violation");
    fact("v2", "2026-03-20", "violation");
    NodeResult n = only("2026-03-10");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_EQ(evidence(n), Ids{"v1"});
}

TEST_F(Forbid, NoViolationAndPastTheEndIsMet) {
    fact("other", "2026-03-10", "done");
    NodeResult n = only("2026-04-01");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_TRUE(n.evidence.empty());
    EXPECT_FALSE(n.at_risk);
    EXPECT_FALSE(n.days_left) << *n.days_left;
}

TEST_F(Forbid, NoViolationOnTheLastDayIsPendingAndNeverAtRisk) {
    NodeResult n = only("2026-03-31");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_EQ(n.days_left, 0);
    EXPECT_FALSE(n.at_risk);
    EXPECT_TRUE(n.evidence.empty());

    NodeResult early = only("2026-03-15");
    EXPECT_EQ(early.verdict, Verdict::Pending);
    EXPECT_FALSE(early.at_risk);

    NodeResult before = only("2026-02-15");
    EXPECT_EQ(before.verdict, Verdict::Pending);
    EXPECT_FALSE(before.at_risk);
}

TEST_F(Forbid, ViolationsOutsideTheWindowAreIgnored) {
    fact("before", "2026-02-28", "violation");
    fact("after", "2026-04-01", "violation");
    EXPECT_EQ(only("2026-03-15").verdict, Verdict::Pending);
    NodeResult n = only("2026-04-10");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_TRUE(n.evidence.empty());
    EXPECT_FALSE(n.late);
}

TEST_F(Forbid, WhereConditionSelectsTheViolations) {
    // A second rule on the same event type with a condition.
    rule("r2", forbid(pat("violation", eq("kind", text("dumping"))),
                      between(date("2026-03-01"), date("2026-03-31"))));
    fact("v1", "2026-03-05", "violation", {{"kind", text("subsidy")}});
    fact("v2", "2026-03-06", "violation", {{"kind", text("dumping")}});
    fact("v3", "2026-03-07", "violation");
    engine::Evaluation e = evaluate("2026-04-01");
    EXPECT_EQ(evidence(result(e, "r")), (Ids{"v1", "v2", "v3"}));
    NodeResult r2 = result(e, "r2");
    EXPECT_EQ(r2.verdict, Verdict::Breached);
    EXPECT_EQ(evidence(r2), Ids{"v2"});
}

TEST_F(EngineTest, OpenEndedForbidIsPendingForever) {
    rule("r", forbid(pat("violation"), from(date("2026-03-01"))));
    fact("before", "2026-02-01", "violation");
    NodeResult n = only("2999-12-31");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_FALSE(n.at_risk);
    EXPECT_EQ(n.start, d("2026-03-01"));
    EXPECT_FALSE(n.end);
    EXPECT_FALSE(n.days_left) << *n.days_left;
}

TEST_F(EngineTest, OpenEndedForbidIsBreachedByAViolation) {
    rule("r", forbid(pat("violation"), from(date("2026-03-01"))));
    fact("v1", "2040-07-01", "violation");
    EXPECT_EQ(only("2040-06-30").verdict, Verdict::Pending);
    NodeResult n = only("2040-07-01");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_EQ(evidence(n), Ids{"v1"});
}

TEST_F(EngineTest, ForbidWithNoWindowAtAllIsPendingForever) {
    rule("r", forbid(pat("violation")));
    NodeResult n = only("2999-12-31");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_FALSE(n.start);
    EXPECT_FALSE(n.end);
}

}  // namespace
}  // namespace abide::etest
