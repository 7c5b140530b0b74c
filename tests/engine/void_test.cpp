// Void: an agreement that `ends 30 days after discontinuation_notice` (language.md §3, §6,
// §9.10, §9.13). E* is the first matching notice's date + 30 days; its rules are evaluated as of
// E*, and every node still pending then is void.
#include "tests/engine/builder.hpp"

namespace abide::etest {
namespace {

using Ids = std::vector<std::string>;

class Void : public EngineTest {
protected:
    Void() {
        uint32_t a = agreement("ag", "2026-01-01");
        ends(a, days(30), pat("discontinuation_notice", eq("agreement", text("ag"))));
        auto topic = [&](const char* t) { return pat("done", eq("topic", text(t))); };
        // Deadline before E*: decided (breached) by then.
        rule(a, "early", require(topic("early"), between(signed_date(a), date("2026-02-28"))));
        // Deadline after E*.
        rule(a, "late", require(topic("late"), within(signed_date(a), years(1))));
        rule(a, "met", require(topic("met"), within(signed_date(a), years(1))));
        // Deadline on E* itself when the notice is dated 2026-05-01.
        rule(a, "edge", require(topic("edge"), between(signed_date(a), date("2026-05-31"))));
        rule(a, "quiet", forbid(pat("violation"), from(signed_date(a))));
        rule(a, "both",
             all(require(topic("met"), within(signed_date(a), years(1))),
                 require(topic("late"), within(signed_date(a), years(1)))));
        rule(a, "count",
             count(pat("license_issued"), CmpOp::Ge, 2, within(signed_date(a), years(1))));
        // Not in the agreement: unaffected.
        rule("solo", require(topic("late"), between(date("2026-01-01"), date("2027-01-01"))));
        fact("m1", "2026-02-10", "done", {{"topic", text("met")}});
    }
    void notice(std::string_view id, std::string_view date, const std::string& agreement = "ag") {
        fact(id, date, "discontinuation_notice", {{"agreement", text(agreement)}});
    }
};

TEST_F(Void, BeforeTheEndDateNothingIsVoid) {
    notice("n1", "2026-05-01");  // E* = 2026-05-31
    engine::Evaluation e = evaluate("2026-05-30");
    EXPECT_EQ(result(e, "ag.early").verdict, Verdict::Breached);
    EXPECT_EQ(result(e, "ag.late").verdict, Verdict::Pending);
    EXPECT_EQ(result(e, "ag.met").verdict, Verdict::Met);
    EXPECT_EQ(result(e, "ag.edge").verdict, Verdict::Pending);
    EXPECT_EQ(result(e, "ag.quiet").verdict, Verdict::Pending);
    EXPECT_EQ(e.summary.void_, 0u);
}

TEST_F(Void, OnTheEndDateStillPendingRulesAreVoid) {
    uint32_t n1 = fact("n1", "2026-05-01", "discontinuation_notice", {{"agreement", text("ag")}});
    engine::Evaluation e = evaluate("2026-05-31");

    NodeResult late = result(e, "ag.late");
    EXPECT_EQ(late.verdict, Verdict::Void);
    EXPECT_EQ(late.evidence, std::vector<uint32_t>{n1});  // the fact that ended the agreement
    EXPECT_EQ(evidence(late), Ids{"n1"});
    EXPECT_FALSE(late.at_risk);
    EXPECT_EQ(late.start, d("2026-01-01"));
    EXPECT_EQ(late.end, d("2027-01-01"));

    NodeResult quiet = result(e, "ag.quiet");
    EXPECT_EQ(quiet.verdict, Verdict::Void);
    EXPECT_EQ(evidence(quiet), Ids{"n1"});

    EXPECT_EQ(result(e, "ag.edge").verdict, Verdict::Void);

    NodeResult early = result(e, "ag.early");
    EXPECT_EQ(early.verdict, Verdict::Breached);
    EXPECT_TRUE(early.evidence.empty());

    NodeResult met = result(e, "ag.met");
    EXPECT_EQ(met.verdict, Verdict::Met);
    EXPECT_EQ(evidence(met), Ids{"m1"});

    EXPECT_EQ(result(e, "solo").verdict, Verdict::Pending);

    // met: ag.met; breached: ag.early; void: late, edge, quiet, both, count; pending: solo.
    EXPECT_EQ(e.summary.met, 1u);
    EXPECT_EQ(e.summary.breached, 1u);
    EXPECT_EQ(e.summary.void_, 5u);
    EXPECT_EQ(e.summary.pending, 1u);
}

TEST_F(Void, VoidRatherThanBreachedAfterTheRulesOwnDeadline) {
    notice("n1", "2026-05-01");
    engine::Evaluation e = evaluate("2027-06-01");
    EXPECT_EQ(result(e, "ag.late").verdict, Verdict::Void);
    EXPECT_EQ(result(e, "ag.edge").verdict, Verdict::Void);  // pending on E* == its deadline
    EXPECT_EQ(result(e, "ag.early").verdict, Verdict::Breached);
    EXPECT_EQ(result(e, "ag.met").verdict, Verdict::Met);
    EXPECT_EQ(result(e, "solo").verdict, Verdict::Breached);
}

TEST_F(Void, FactsDatedAfterTheEndDateDoNotCount) {
    notice("n1", "2026-05-01");
    fact("l1", "2026-06-01", "done", {{"topic", text("late")}});
    fact("v1", "2026-06-10", "violation");
    engine::Evaluation e = evaluate("2027-06-01");
    NodeResult late = result(e, "ag.late");
    EXPECT_EQ(late.verdict, Verdict::Void);
    EXPECT_EQ(evidence(late), Ids{"n1"});
    EXPECT_FALSE(late.late);
    EXPECT_EQ(result(e, "ag.quiet").verdict, Verdict::Void);
    NodeResult solo = result(e, "solo");
    EXPECT_EQ(solo.verdict, Verdict::Met);
    EXPECT_EQ(evidence(solo), Ids{"l1"});
}

TEST_F(Void, FactsDatedOnTheEndDateCount) {
    notice("n1", "2026-05-01");
    fact("l1", "2026-05-31", "done", {{"topic", text("late")}});
    fact("e1", "2026-05-31", "done", {{"topic", text("edge")}});
    fact("v1", "2026-05-31", "violation");
    engine::Evaluation e = evaluate("2027-06-01");
    NodeResult late = result(e, "ag.late");
    EXPECT_EQ(late.verdict, Verdict::Met);
    EXPECT_EQ(evidence(late), Ids{"l1"});
    EXPECT_EQ(result(e, "ag.edge").verdict, Verdict::Met);
    NodeResult quiet = result(e, "ag.quiet");
    EXPECT_EQ(quiet.verdict, Verdict::Breached);
    EXPECT_EQ(evidence(quiet), Ids{"v1"});
}

TEST_F(Void, ANoticeForAnotherAgreementDoesNotEndIt) {
    notice("n-other", "2026-05-01", "other");
    fact("n-bare", "2026-05-02", "discontinuation_notice");
    engine::Evaluation e = evaluate("2027-06-01");
    EXPECT_EQ(result(e, "ag.late").verdict, Verdict::Breached);
    EXPECT_EQ(result(e, "ag.quiet").verdict, Verdict::Pending);
    EXPECT_EQ(e.summary.void_, 0u);
}

TEST_F(Void, TheFirstMatchingNoticeEndsTheAgreement) {
    notice("n-later", "2026-05-01");
    notice("n-first", "2026-04-01");  // E* = 2026-05-01
    engine::Evaluation e = evaluate("2026-05-01");
    NodeResult late = result(e, "ag.late");
    EXPECT_EQ(late.verdict, Verdict::Void);
    EXPECT_EQ(evidence(late), Ids{"n-first"});
    // ag.edge (deadline 2026-05-31) was pending on 2026-05-01.
    EXPECT_EQ(result(e, "ag.edge").verdict, Verdict::Void);
}

TEST_F(Void, ANoticeAfterAsOfDoesNotExist) {
    notice("n1", "2026-05-01");
    engine::Evaluation e = evaluate("2026-04-30");
    EXPECT_EQ(result(e, "ag.late").verdict, Verdict::Pending);
    EXPECT_EQ(e.summary.void_, 0u);
}

TEST_F(Void, CompositeStillPendingIsVoidAndKeepsItsMetParts) {
    notice("n1", "2026-05-01");
    NodeResult both = result(evaluate("2027-06-01"), "ag.both");
    EXPECT_EQ(both.verdict, Verdict::Void);
    EXPECT_EQ(evidence(both), Ids{"n1"});
    EXPECT_EQ(child(both, "ag.both[1]").verdict, Verdict::Met);
    EXPECT_EQ(evidence(child(both, "ag.both[1]")), Ids{"m1"});
    EXPECT_EQ(child(both, "ag.both[2]").verdict, Verdict::Void);
}

TEST_F(Void, AggregateIsFrozenAsOfTheEndDate) {
    notice("n1", "2026-05-01");
    fact("l1", "2026-03-01", "license_issued");
    fact("l2", "2026-07-01", "license_issued");  // after E*
    NodeResult n = result(evaluate("2027-06-01"), "ag.count");
    EXPECT_EQ(n.verdict, Verdict::Void);
    ASSERT_TRUE(n.progress);
    EXPECT_EQ(n.progress->value, 1);
    EXPECT_EQ(n.progress->target, 2);
}

}  // namespace
}  // namespace abide::etest
