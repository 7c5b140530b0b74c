// `require PATTERN` in [S, E] (language.md §6 first row, §9.10, §9.12), at its edges.
#include "tests/engine/builder.hpp"

namespace abide::etest {
namespace {

using Ids = std::vector<std::string>;

// require done between 2026-03-01 and 2026-03-31.
class Require : public EngineTest {
protected:
    Require() { rule("r", require(pat("done"), between(date("2026-03-01"), date("2026-03-31")))); }
};

TEST_F(Require, FactOnTheFirstDayMeetsIt) {
    fact("f1", "2026-03-01", "done");
    NodeResult n = only("2026-03-01");
    EXPECT_EQ(n.rule, "r");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_EQ(evidence(n), Ids{"f1"});
    EXPECT_TRUE(n.has_window);
    EXPECT_EQ(n.start, d("2026-03-01"));
    EXPECT_EQ(n.end, d("2026-03-31"));
    EXPECT_FALSE(n.at_risk);  // met is never at risk, even 30 days before the end
    EXPECT_FALSE(n.late);
    EXPECT_FALSE(n.progress);
    EXPECT_TRUE(n.children.empty());
}

TEST_F(Require, FactOnTheDeadlineDayMeetsIt) {
    fact("f1", "2026-03-31", "done");
    NodeResult n = only("2026-03-31");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_EQ(evidence(n), Ids{"f1"});

    NodeResult later = only("2026-06-01");
    EXPECT_EQ(later.verdict, Verdict::Met);
    EXPECT_EQ(evidence(later), Ids{"f1"});
    EXPECT_FALSE(later.late);
}

TEST_F(Require, FactTheDayAfterTheDeadlineIsALateFulfilment) {
    uint32_t f1 = fact("f1", "2026-04-01", "done");
    NodeResult n = only("2026-04-01");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_TRUE(n.evidence.empty());
    ASSERT_TRUE(n.late.has_value());
    EXPECT_EQ(*n.late, f1);
    EXPECT_EQ(late(n), "f1");
    EXPECT_EQ(n.start, d("2026-03-01"));
    EXPECT_EQ(n.end, d("2026-03-31"));
    EXPECT_FALSE(n.at_risk);
}

TEST_F(Require, LateFulfilmentIsTheFirstMatchingFactAfterTheDeadline) {
    fact("f-later", "2026-04-05", "done");
    fact("f-first", "2026-04-02", "done");
    NodeResult n = only("2026-04-10");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_EQ(late(n), "f-first");
    EXPECT_TRUE(n.evidence.empty());
}

TEST_F(Require, LateFulfilmentMustExistAsOfT) {
    fact("f1", "2026-04-02", "done");
    NodeResult n = only("2026-04-01");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_FALSE(n.late) << late(n);
}

TEST_F(Require, FactBeforeTheWindowIsIgnored) {
    fact("f0", "2026-02-28", "done");
    NodeResult pending = only("2026-03-15");
    EXPECT_EQ(pending.verdict, Verdict::Pending);
    EXPECT_TRUE(pending.evidence.empty());

    NodeResult breached = only("2026-04-01");
    EXPECT_EQ(breached.verdict, Verdict::Breached);
    EXPECT_FALSE(breached.late) << late(breached);
}

TEST_F(Require, FactDatedAfterAsOfDoesNotExist) {
    fact("f1", "2026-03-20", "done");
    NodeResult n = only("2026-03-10");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_TRUE(n.evidence.empty());
    EXPECT_EQ(n.days_left, 21);
    EXPECT_TRUE(n.at_risk);  // 21 days left: within the 30-day horizon
}

TEST_F(Require, NoFactOnTheDeadlineDayIsPendingAndAtRisk) {
    fact("other", "2026-03-10", "violation");
    NodeResult n = only("2026-03-31");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_EQ(n.days_left, 0);
    EXPECT_TRUE(n.at_risk);
    EXPECT_TRUE(n.evidence.empty());
    EXPECT_FALSE(n.late);
}

TEST_F(Require, NoFactTheDayAfterTheDeadlineIsBreached) {
    NodeResult n = only("2026-04-01");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_TRUE(n.evidence.empty());
    EXPECT_FALSE(n.late);
    EXPECT_FALSE(n.at_risk);
    EXPECT_FALSE(n.days_left) << *n.days_left;
    EXPECT_TRUE(contains(n.reason, "done")) << n.reason;
}

TEST_F(Require, EmptyLogIsPendingBeforeTheEnd) {
    NodeResult n = only("2026-02-01");  // before the window opens
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_EQ(n.days_left, 58);
    EXPECT_FALSE(n.at_risk);  // 58 days left
    EXPECT_TRUE(n.evidence.empty());
    EXPECT_TRUE(contains(n.reason, "done")) << n.reason;
}

TEST_F(Require, EmptyLogIsBreachedAfterTheEnd) {
    EXPECT_EQ(only("2027-01-01").verdict, Verdict::Breached);
}

TEST_F(Require, DuplicatedFactsAreBothEvidenceEarliestFirst) {
    // Two facts of the same content under different ids; a third, earlier one given last.
    fact("f1", "2026-03-10", "done", {{"topic", text("x")}});
    fact("f2", "2026-03-10", "done", {{"topic", text("x")}});
    fact("f0", "2026-03-05", "done", {{"topic", text("x")}});
    NodeResult n = only("2026-04-15");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_EQ(evidence(n), (Ids{"f0", "f1", "f2"}));
}

TEST_F(Require, EvidenceIsTheMatchingFactsInStartToMinOfEndAndAsOf) {
    fact("before", "2026-02-27", "done");
    fact("a", "2026-03-05", "done");
    fact("b", "2026-03-10", "done");
    fact("last-day", "2026-03-31", "done");
    fact("after", "2026-04-02", "done");
    NodeResult mid = only("2026-03-20");
    EXPECT_EQ(mid.verdict, Verdict::Met);
    EXPECT_EQ(evidence(mid), (Ids{"a", "b"}));

    NodeResult end = only("2026-05-01");
    EXPECT_EQ(end.verdict, Verdict::Met);
    EXPECT_EQ(evidence(end), (Ids{"a", "b", "last-day"}));
    EXPECT_FALSE(end.late);  // late fulfilment is for breached requires only
}

TEST_F(Require, AtRiskWhenTheEndIsAtMostThirtyDaysAway) {
    NodeResult at_30 = only("2026-03-01");
    EXPECT_EQ(at_30.verdict, Verdict::Pending);
    EXPECT_EQ(at_30.days_left, 30);
    EXPECT_TRUE(at_30.at_risk);

    NodeResult at_31 = only("2026-02-28");
    EXPECT_EQ(at_31.days_left, 31);
    EXPECT_FALSE(at_31.at_risk);
}

TEST_F(Require, HorizonOptionMovesTheAtRiskLine) {
    EXPECT_TRUE(only("2026-02-28", 31).at_risk);
    EXPECT_FALSE(only("2026-03-01", 29).at_risk);
    EXPECT_TRUE(only("2026-03-02", 29).at_risk);
    NodeResult last_day = only("2026-03-31", 0);
    EXPECT_EQ(last_day.days_left, 0);
    EXPECT_TRUE(last_day.at_risk);
}

TEST_F(Require, DaysLeftOnlyForPendingNodes) {
    fact("f1", "2026-03-05", "done");
    NodeResult n = only("2026-03-10");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_FALSE(n.days_left) << *n.days_left;
}

TEST_F(Require, OtherEventTypesDoNotMatch) {
    fact("v", "2026-03-10", "violation");
    fact("m", "2026-03-10", "meeting_held", {{"ref", text("x")}});
    EXPECT_EQ(only("2026-04-01").verdict, Verdict::Breached);
}

TEST_F(EngineTest, RequireWithUnboundedEndIsNeverBreached) {
    rule("r", require(pat("done"), from(date("2026-03-01"))));
    fact("before", "2026-02-01", "done");
    NodeResult n = only("2100-01-01");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_TRUE(n.has_window);
    EXPECT_EQ(n.start, d("2026-03-01"));
    EXPECT_FALSE(n.end);
    EXPECT_FALSE(n.days_left) << *n.days_left;
    EXPECT_FALSE(n.at_risk);
}

TEST_F(EngineTest, RequireWithUnboundedEndIsMetByAnyLaterFact) {
    rule("r", require(pat("done"), from(date("2026-03-01"))));
    fact("f1", "2090-05-05", "done");
    NodeResult n = only("2100-01-01");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_EQ(evidence(n), Ids{"f1"});
}

TEST_F(EngineTest, RequireWithUnboundedStartCountsAnyEarlierFact) {
    rule("r", require(pat("done"), until(date("2026-03-31"))));
    fact("f1", "1990-01-01", "done");
    NodeResult n = only("2026-06-01");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_EQ(evidence(n), Ids{"f1"});
    EXPECT_TRUE(n.has_window);
    EXPECT_FALSE(n.start);
    EXPECT_EQ(n.end, d("2026-03-31"));
}

TEST_F(EngineTest, RequireWithNoWindowAtAllIsPendingUntilAFactComes) {
    rule("r", require(pat("done")));
    EXPECT_EQ(only("2100-01-01").verdict, Verdict::Pending);
    fact("f1", "1999-01-01", "done");
    EXPECT_EQ(only("2100-01-01").verdict, Verdict::Met);
}

TEST_F(EngineTest, WithinAddsThePeriodToTheBase) {
    rule("r", require(pat("done"), within(date("2025-10-28"), days(180))));
    NodeResult n = only("2026-04-26");
    EXPECT_EQ(n.start, d("2025-10-28"));
    EXPECT_EQ(n.end, d("2026-04-26"));
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_EQ(n.days_left, 0);
}

// §5 and §9.5: month steps clamp, each step separately, left to right.
TEST_F(EngineTest, WindowDateStepsApplyLeftToRightEachClamping) {
    rule("one_by_one",
         require(pat("done"), between(date("2025-01-31"),
                                      plus(plus(date("2025-01-31"), months(1)), months(1)))));
    rule("two_at_once", require(pat("done"), within(date("2025-01-31"), months(2))));
    rule("no_snap", require(pat("done"), within(date("2026-04-30"), months(1))));
    rule("back",
         require(pat("done"), between(minus(date("2025-03-31"), months(1)), date("2025-03-31"))));
    rule("leap", require(pat("done"), within(date("2024-02-29"), years(1))));
    fact("f1", "2025-03-29", "done");
    engine::Evaluation e = evaluate("2027-01-01");

    NodeResult one = result(e, "one_by_one");
    EXPECT_EQ(one.end, d("2025-03-28"));
    EXPECT_EQ(one.verdict, Verdict::Breached);
    EXPECT_EQ(late(one), "f1");

    NodeResult two = result(e, "two_at_once");
    EXPECT_EQ(two.end, d("2025-03-31"));
    EXPECT_EQ(two.verdict, Verdict::Met);

    EXPECT_EQ(result(e, "no_snap").end, d("2026-05-30"));
    EXPECT_EQ(result(e, "back").start, d("2025-02-28"));
    EXPECT_EQ(result(e, "leap").end, d("2025-02-28"));
}

TEST_F(EngineTest, SignedDateOfTheAgreementStartsTheWindow) {
    uint32_t a = agreement("ag", "2025-08-31");
    rule(a, "r", require(pat("done"), within(signed_date(a), months(6))));
    NodeResult n = only("2025-09-01");
    EXPECT_EQ(n.rule, "ag.r");
    EXPECT_EQ(n.start, d("2025-08-31"));
    EXPECT_EQ(n.end, d("2026-02-28"));
}

}  // namespace
}  // namespace abide::etest
