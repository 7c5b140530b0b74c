// `require AGGREGATE CMP X` (language.md §4, §6 rows 3-5, §9.10): sum, max and count, the
// comparisons, progress in the target's unit, at-risk pace, and negative values.
#include <algorithm>
#include <cmath>

#include "tests/engine/builder.hpp"

namespace abide::etest {
namespace {

using Ids = std::vector<std::string>;

void expect_progress(const NodeResult& n, double value, double target, const std::string& unit) {
    ASSERT_TRUE(n.progress.has_value()) << n.rule;
    EXPECT_NEAR(n.progress->value, value, 1e-9 * std::max(1.0, std::abs(value))) << n.rule;
    EXPECT_NEAR(n.progress->target, target, 1e-9 * std::max(1.0, std::abs(target))) << n.rule;
    EXPECT_EQ(n.progress->unit, unit) << n.rule;
}

class Aggregate : public EngineTest {
protected:
    void buy(std::string_view id, std::string_view date, std::string_view amount,
             std::string commodity = "soybeans") {
        fact(id, date, "purchase", {{"commodity", text(commodity)}, {"quantity", qty(amount)}});
    }
    void report(std::string_view id, std::string_view date, std::string_view amount) {
        fact(id, date, "reported_total",
             {{"commodity", text("soybeans")}, {"quantity", qty(amount)}});
    }
};

// --- >= and > ---------------------------------------------------------------------------------

TEST_F(Aggregate, SumReachingTheTargetIsMet) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Ge, qty("12 Mt"), during(2026)));
    buy("p1", "2026-02-01", "5 Mt");
    buy("p2", "2026-06-01", "7_000_000 t");

    NodeResult before = only("2026-05-31");
    EXPECT_EQ(before.verdict, Verdict::Pending);
    expect_progress(before, 5, 12, "Mt");
    EXPECT_TRUE(before.evidence.empty());

    NodeResult n = only("2026-06-01");
    EXPECT_EQ(n.verdict, Verdict::Met);
    expect_progress(n, 12, 12, "Mt");
    EXPECT_EQ(evidence(n), (Ids{"p1", "p2"}));
    EXPECT_TRUE(n.has_window);
    EXPECT_EQ(n.start, d("2026-01-01"));
    EXPECT_EQ(n.end, d("2026-12-31"));
    EXPECT_FALSE(n.at_risk);
}

// Regression: a relative tolerance of 1e-9 made USD 4,999,999,999 "reach" 5 billion USD.
TEST_F(Aggregate, OneDollarShortOfBillionsIsNotReached) {
    rule("r",
         sum(pat("financing_approved"), "amount", CmpOp::Ge, qty("5 billion USD"), during(2026)));
    fact("a1", "2026-03-01", "financing_approved", {{"amount", qty("4_999_999_999 USD")}});
    EXPECT_EQ(only("2026-12-31").verdict, Verdict::Pending);
    EXPECT_EQ(only("2027-01-01").verdict, Verdict::Breached);
    fact("a2", "2027-02-01", "financing_approved", {{"amount", qty("1 USD")}});
    NodeResult late = only("2027-03-01");
    EXPECT_EQ(late.verdict, Verdict::Breached);
    EXPECT_EQ(this->late(late), "a2") << "the last dollar, after the deadline, is late";
}

TEST_F(Aggregate, OneDollarOverABillionCapIsBreached) {
    rule("r",
         sum(pat("financing_approved"), "amount", CmpOp::Le, qty("1 billion USD"), during(2026)));
    fact("a1", "2026-03-01", "financing_approved", {{"amount", qty("600 million USD")}});
    fact("a2", "2026-04-01", "financing_approved", {{"amount", qty("400_000_001 USD")}});
    EXPECT_EQ(only("2026-04-01").verdict, Verdict::Breached);
}

TEST_F(Aggregate, DecimalSumsStillEqualTheirTotal) {
    // 0.1 + 0.2 is not 0.3 in binary floating point; the sum must still reach 0.3 Mt.
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Ge, qty("0.3 Mt"), during(2026)));
    buy("p1", "2026-02-01", "0.1 Mt");
    buy("p2", "2026-03-01", "0.2 Mt");
    EXPECT_EQ(only("2026-03-01").verdict, Verdict::Met);
}

TEST_F(Aggregate, ManySmallDecimalsSumExactlyEnough) {
    // 10,000 purchases of 0.1 t: exactly 1,000 t, neither short nor over.
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Eq, qty("1 kt"), during(2026)));
    for (int i = 0; i < 10000; ++i) buy("p" + std::to_string(i), "2026-02-01", "0.1 t");
    EXPECT_EQ(only("2027-01-01").verdict, Verdict::Met);
}

TEST_F(Aggregate, SumCountsOnlyFactsInTheWindow) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Ge, qty("12 Mt"), during(2026)));
    buy("p0", "2025-12-31", "10 Mt");
    buy("p-first", "2026-01-01", "2 Mt");
    buy("p-last", "2026-12-31", "3 Mt");
    buy("p3", "2027-01-01", "10 Mt");

    NodeResult last_day = only("2026-12-31");
    EXPECT_EQ(last_day.verdict, Verdict::Pending);
    EXPECT_EQ(last_day.days_left, 0);
    EXPECT_TRUE(last_day.at_risk);
    expect_progress(last_day, 5, 12, "Mt");

    NodeResult n = only("2027-01-01");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    expect_progress(n, 5, 12, "Mt");
    // §9.10: an aggregate's evidence is the facts it counted.
    EXPECT_EQ(evidence(n), (Ids{"p-first", "p-last"}));
    EXPECT_FALSE(n.at_risk);
}

TEST_F(Aggregate, SumBelowTargetBeforeTheEndIsPending) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Ge, qty("12 Mt"), during(2026)));
    buy("p1", "2026-02-01", "11.5 Mt");
    NodeResult n = only("2026-12-30");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_EQ(n.days_left, 1);
    EXPECT_TRUE(contains(n.reason, "purchase")) << n.reason;
}

TEST_F(Aggregate, StrictlyGreaterNeedsMoreThanTheTarget) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Gt, qty("12 Mt"), during(2026)));
    buy("p1", "2026-02-01", "12 Mt");
    EXPECT_EQ(only("2026-06-01").verdict, Verdict::Pending);
    EXPECT_EQ(only("2027-01-01").verdict, Verdict::Breached);
    buy("p2", "2026-07-01", "1 t");
    NodeResult n = only("2026-07-01");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_EQ(evidence(n), (Ids{"p1", "p2"}));
}

TEST_F(Aggregate, AtRiskWhenBehindStraightLinePace) {
    // Window 2026: E - S + 1 = 365; as of 2026-07-01, T - S + 1 = 182.
    // 181 t x 365 < 365 t x 182: behind pace, although the end is 183 days away.
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Ge, qty("365 t"), during(2026)));
    buy("p1", "2026-03-01", "181 t");
    NodeResult n = only("2026-07-01");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_EQ(n.days_left, 183);
    EXPECT_TRUE(n.at_risk);
    expect_progress(n, 181, 365, "t");
}

TEST_F(Aggregate, ExactlyOnStraightLinePaceIsNotAtRisk) {
    // 182 t x 365 == 365 t x 182: not behind.
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Ge, qty("365 t"), during(2026)));
    buy("p1", "2026-03-01", "182 t");
    NodeResult n = only("2026-07-01");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_FALSE(n.at_risk);
}

TEST_F(Aggregate, CountBehindPaceIsAtRisk) {
    rule("behind", count(pat("license_issued"), CmpOp::Ge, 12, during(2026)));
    rule("ahead", count(pat("license_issued", ge("n", num(0))), CmpOp::Gt, 11, during(2026)));
    for (int i = 1; i <= 5; ++i)
        fact("l" + std::to_string(i), "2026-02-0" + std::to_string(i), "license_issued",
             {{"n", num(1)}});
    // 5 x 365 = 1825 < 12 x 182 = 2184.
    engine::Evaluation e = evaluate("2026-07-01");
    NodeResult behind = result(e, "behind");
    EXPECT_EQ(behind.verdict, Verdict::Pending);
    EXPECT_TRUE(behind.at_risk);
    expect_progress(behind, 5, 12, "");

    fact("l6", "2026-06-30", "license_issued", {{"n", num(1)}});
    // 6 x 365 = 2190 >= 2184: on pace for >= 12; for > 11 the target is 11: on pace too.
    engine::Evaluation e2 = evaluate("2026-07-01");
    EXPECT_FALSE(result(e2, "behind").at_risk);
    EXPECT_FALSE(result(e2, "ahead").at_risk);
}

TEST_F(Aggregate, AtRiskWhenTheEndIsWithinTheHorizon) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Ge, qty("365 t"), during(2026)));
    buy("p1", "2026-03-01", "340 t");  // on pace all year
    NodeResult at_30 = only("2026-12-01");
    EXPECT_EQ(at_30.verdict, Verdict::Pending);
    EXPECT_EQ(at_30.days_left, 30);
    EXPECT_TRUE(at_30.at_risk);

    NodeResult at_31 = only("2026-11-30");
    EXPECT_EQ(at_31.days_left, 31);
    EXPECT_FALSE(at_31.at_risk);

    EXPECT_FALSE(only("2026-12-01", 10).at_risk);
    EXPECT_TRUE(only("2026-11-30", 31).at_risk);
}

TEST_F(Aggregate, ReachedAggregateIsNeverAtRisk) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Ge, qty("1 Mt"), during(2026)));
    buy("p1", "2026-12-20", "1 Mt");
    NodeResult n = only("2026-12-31");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_FALSE(n.at_risk);
}

// --- max ------------------------------------------------------------------------------------

TEST_F(Aggregate, MaxIsMetOnceAReportReachesTheTarget) {
    rule("r", max_of(pat("reported_total"), "quantity", CmpOp::Ge, qty("8 MMT"), during(2026)));
    report("r1", "2026-03-01", "3 Mt");
    report("r2", "2026-06-01", "8 Mt");
    report("r3", "2026-07-01", "8_000_000 t");
    report("r4", "2026-08-01", "6 Mt");
    NodeResult n = only("2026-09-01");
    EXPECT_EQ(n.verdict, Verdict::Met);
    expect_progress(n, 8, 8, "Mt");
    // §9.10: for max, the earliest fact holding the largest value.
    EXPECT_EQ(evidence(n), Ids{"r2"});
}

TEST_F(Aggregate, MaxIsNotASum) {
    rule("r", max_of(pat("reported_total"), "quantity", CmpOp::Ge, qty("10 Mt"), during(2026)));
    report("r1", "2026-03-01", "3 Mt");
    report("r2", "2026-06-01", "8 Mt");
    report("r3", "2026-07-01", "8 Mt");
    report("r4", "2026-08-01", "6 Mt");
    NodeResult n = only("2027-01-01");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    expect_progress(n, 8, 10, "Mt");
    EXPECT_EQ(evidence(n), Ids{"r2"});
}

TEST_F(Aggregate, MaxOfNoValuesIsZero) {
    rule("r", max_of(pat("reported_total"), "quantity", CmpOp::Ge, qty("10 Mt"), during(2026)));
    report("outside", "2025-12-31", "20 Mt");
    NodeResult n = only("2026-06-01");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    expect_progress(n, 0, 10, "Mt");
    EXPECT_TRUE(n.evidence.empty());
}

// --- count ----------------------------------------------------------------------------------

TEST_F(Aggregate, CountReachingTheTargetIsMet) {
    rule("r", count(pat("license_issued"), CmpOp::Ge, 3, during(2026)));
    fact("l1", "2026-01-01", "license_issued");
    fact("l2", "2026-05-01", "license_issued");
    NodeResult pending = only("2026-06-01");
    EXPECT_EQ(pending.verdict, Verdict::Pending);
    expect_progress(pending, 2, 3, "");

    fact("l3", "2026-12-31", "license_issued");
    fact("l4", "2027-01-01", "license_issued");
    NodeResult n = only("2027-02-01");
    EXPECT_EQ(n.verdict, Verdict::Met);
    expect_progress(n, 3, 3, "");
    EXPECT_EQ(evidence(n), (Ids{"l1", "l2", "l3"}));
}

TEST_F(Aggregate, CountUsesThePatternCondition) {
    rule("r",
         count(pat("purchase", eq("commodity", text("soybeans"))), CmpOp::Ge, 2, during(2026)));
    buy("p1", "2026-02-01", "1 Mt", "corn");
    buy("p2", "2026-03-01", "1 Mt", "soybeans");
    buy("p3", "2026-04-01", "1 Mt", "sorghum");
    EXPECT_EQ(only("2027-01-01").verdict, Verdict::Breached);
    buy("p4", "2026-05-01", "1 Mt", "soybeans");
    NodeResult n = only("2027-01-01");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_EQ(evidence(n), (Ids{"p2", "p4"}));
}

// --- <= and < ---------------------------------------------------------------------------------

TEST_F(Aggregate, CapHeldToTheEndIsMetAndNeverAtRisk) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Le, qty("10 Mt"), during(2026)));
    buy("p1", "2026-02-01", "4 Mt");
    buy("p2", "2026-06-01", "6 Mt");

    NodeResult last_day = only("2026-12-31");
    EXPECT_EQ(last_day.verdict, Verdict::Pending);
    EXPECT_FALSE(last_day.at_risk);
    EXPECT_EQ(last_day.days_left, 0);
    expect_progress(last_day, 10, 10, "Mt");

    NodeResult n = only("2027-01-01");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_EQ(evidence(n), (Ids{"p1", "p2"}));
    expect_progress(n, 10, 10, "Mt");
}

TEST_F(Aggregate, CapPassedIsBreachedAtOnce) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Le, qty("10 Mt"), during(2026)));
    buy("p1", "2026-02-01", "4 Mt");
    buy("p2", "2026-06-01", "6 Mt");
    buy("p3", "2026-08-01", "1 Mt");
    buy("p4", "2026-09-01", "1 Mt");
    EXPECT_EQ(only("2026-07-31").verdict, Verdict::Pending);
    NodeResult n = only("2026-08-01");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    expect_progress(n, 11, 10, "Mt");
    EXPECT_EQ(evidence(n), (Ids{"p1", "p2", "p3"}));
    EXPECT_FALSE(n.at_risk);
}

TEST_F(Aggregate, StrictCapIsBreachedOnReachingIt) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Lt, qty("10 Mt"), during(2026)));
    buy("p1", "2026-02-01", "4 Mt");
    buy("p2", "2026-06-01", "6 Mt");
    EXPECT_EQ(only("2026-05-31").verdict, Verdict::Pending);
    EXPECT_EQ(only("2026-06-01").verdict, Verdict::Breached);
}

TEST_F(Aggregate, StrictCapHeldIsMetAfterTheEnd) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Lt, qty("10 Mt"), during(2026)));
    buy("p1", "2026-02-01", "9.5 Mt");
    buy("p2", "2027-01-01", "5 Mt");  // after the window
    EXPECT_EQ(only("2026-12-31").verdict, Verdict::Pending);
    NodeResult n = only("2027-01-02");
    EXPECT_EQ(n.verdict, Verdict::Met);
    expect_progress(n, 9.5, 10, "Mt");
}

TEST_F(Aggregate, CapsAreNeverAtRisk) {
    rule("max_cap",
         max_of(pat("reported_total"), "quantity", CmpOp::Le, qty("10 Mt"), during(2026)));
    rule("count_cap", count(pat("license_issued"), CmpOp::Lt, 5, during(2026)));
    report("r1", "2026-12-30", "9.9 Mt");
    fact("l1", "2026-12-30", "license_issued");
    engine::Evaluation e = evaluate("2026-12-31");
    for (const char* id : {"max_cap", "count_cap"}) {
        NodeResult n = result(e, id);
        EXPECT_EQ(n.verdict, Verdict::Pending) << id;
        EXPECT_FALSE(n.at_risk) << id;
    }
}

TEST_F(Aggregate, MaxCapIsBreachedByOneLargeReport) {
    rule("r", max_of(pat("reported_total"), "quantity", CmpOp::Le, qty("10 Mt"), during(2026)));
    report("r1", "2026-03-01", "6 Mt");
    report("r2", "2026-04-01", "9 Mt");
    EXPECT_EQ(only("2026-05-01").verdict, Verdict::Pending);
    report("r3", "2026-05-01", "10.5 Mt");
    NodeResult n = only("2026-05-01");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    expect_progress(n, 10.5, 10, "Mt");
    EXPECT_EQ(evidence(n), Ids{"r3"});
}

// --- == ----------------------------------------------------------------------------------------

TEST_F(Aggregate, EqualIsDecidedOnlyAfterTheEnd) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Eq, qty("10 Mt"), during(2026)));
    buy("p1", "2026-02-01", "4 Mt");
    buy("p2", "2026-06-01", "6 Mt");

    NodeResult mid = only("2026-06-01");
    EXPECT_EQ(mid.verdict, Verdict::Pending);
    EXPECT_FALSE(mid.at_risk);
    EXPECT_TRUE(mid.evidence.empty());

    NodeResult near_end = only("2026-12-15");
    EXPECT_EQ(near_end.verdict, Verdict::Pending);
    EXPECT_TRUE(near_end.at_risk);  // == is flagged within the horizon

    NodeResult n = only("2027-01-01");
    EXPECT_EQ(n.verdict, Verdict::Met);
    expect_progress(n, 10, 10, "Mt");
    EXPECT_EQ(evidence(n), (Ids{"p1", "p2"}));
}

TEST_F(Aggregate, EqualNotReachedIsBreachedAfterTheEnd) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Eq, qty("10 Mt"), during(2026)));
    buy("p1", "2026-02-01", "4 Mt");
    EXPECT_EQ(only("2026-12-31").verdict, Verdict::Pending);
    NodeResult n = only("2027-01-01");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    expect_progress(n, 4, 10, "Mt");
    EXPECT_EQ(evidence(n), Ids{"p1"});  // §9.10: the facts it counted
}

TEST_F(Aggregate, EqualPassedIsStillPendingBeforeTheEnd) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Eq, qty("10 Mt"), during(2026)));
    buy("p1", "2026-02-01", "11 Mt");
    EXPECT_EQ(only("2026-06-01").verdict, Verdict::Pending);
    EXPECT_EQ(only("2027-01-01").verdict, Verdict::Breached);
}

// --- units -------------------------------------------------------------------------------------

TEST_F(Aggregate, MoneyProgressIsInUsd) {
    rule("r",
         sum(pat("financing_approved"), "amount", CmpOp::Ge, qty("500 million USD"), during(2026)));
    fact("f1", "2026-02-01", "financing_approved",
         {{"project", text("gallium")}, {"amount", qty("300 million USD")}});
    NodeResult n = only("2026-03-01");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    expect_progress(n, 300e6, 500e6, "USD");
}

TEST_F(Aggregate, ProgressIsInTheTargetsDisplayUnit) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Ge, qty("1500 kt"), during(2026)));
    buy("p1", "2026-02-01", "0.5 Mt");
    buy("p2", "2026-02-02", "250_000 t");
    expect_progress(only("2026-03-01"), 750, 1500, "kt");
}

TEST_F(Aggregate, SumOfANumberAttributeComparesWithABareNumber) {
    rule("r", sum(pat("license_issued"), "n", CmpOp::Ge, num(10), during(2026)));
    fact("l1", "2026-02-01", "license_issued", {{"n", num(4)}});
    fact("l2", "2026-03-01", "license_issued", {{"n", num(7)}});
    NodeResult n = only("2026-03-01");
    EXPECT_EQ(n.verdict, Verdict::Met);
    expect_progress(n, 11, 10, "");
    EXPECT_EQ(evidence(n), (Ids{"l1", "l2"}));
}

TEST_F(Aggregate, FactsLackingTheAttributeAddNothing) {
    rule("r", sum(pat("license_issued"), "n", CmpOp::Ge, num(10), during(2026)));
    fact("l1", "2026-02-01", "license_issued", {{"n", num(4)}});
    fact("l2", "2026-03-01", "license_issued");
    NodeResult n = only("2026-03-01");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    expect_progress(n, 4, 10, "");
}

// A sum or maximum over exactly the facts an index lists reads their numbers from the index;
// with a further condition it reads each fact. Both count the same facts, in the same order.
TEST_F(Aggregate, IndexedAndScannedAggregatesAgree) {
    auto soy = [&] { return eq("commodity", text("soybeans")); };
    auto soy_not_corn = [&] { return and_(soy(), ne("commodity", text("corn"))); };
    rule("a_sum", sum(pat("purchase", soy()), "quantity", CmpOp::Ge, qty("12 Mt"), during(2026)));
    rule("b_sum",
         sum(pat("purchase", soy_not_corn()), "quantity", CmpOp::Ge, qty("12 Mt"), during(2026)));
    rule("c_max", max_of(pat("purchase", soy()), "quantity", CmpOp::Ge, qty("6 Mt"), during(2026)));
    rule("d_max",
         max_of(pat("purchase", soy_not_corn()), "quantity", CmpOp::Ge, qty("6 Mt"), during(2026)));
    buy("p1", "2026-02-01", "5 Mt");
    fact("p2", "2026-02-02", "purchase", {{"commodity", text("soybeans")}});  // no quantity
    buy("p3", "2026-03-01", "7 Mt");
    buy("p4", "2026-03-02", "9 Mt", "corn");
    buy("p5", "2026-04-01", "7 Mt");  // as large as p3, later
    const engine::Evaluation e = evaluate("2026-06-01");
    const NodeResult a = result(e, "a_sum"), b = result(e, "b_sum");
    const NodeResult c = result(e, "c_max"), d = result(e, "d_max");
    EXPECT_EQ(evidence(a), (Ids{"p1", "p3", "p5"}));
    EXPECT_EQ(evidence(b), evidence(a));
    expect_progress(a, 19, 12, "Mt");
    expect_progress(b, 19, 12, "Mt");
    EXPECT_EQ(a.reason.substr(a.reason.find(':')), b.reason.substr(b.reason.find(':')));
    EXPECT_EQ(evidence(c), (Ids{"p3"}));  // the earliest of the largest
    EXPECT_EQ(evidence(d), (Ids{"p3"}));
    expect_progress(c, 7, 6, "Mt");
    expect_progress(d, 7, 6, "Mt");
}

// --- negative values (§4: evaluation stops, naming the fact) ------------------------------------

TEST_F(Aggregate, NegativeValueInASumIsAnErrorNamingTheFact) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Ge, qty("12 Mt"), during(2026)));
    buy("p1", "2026-02-01", "5 Mt");
    buy("neg-7", "2026-03-01", "-2 Mt");
    auto result = try_evaluate("2026-06-01");
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(contains(result.error().message, "neg-7")) << result.error().message;
}

TEST_F(Aggregate, NegativeValueInAMaxIsAnErrorNamingTheFact) {
    rule("r", max_of(pat("reported_total"), "quantity", CmpOp::Le, qty("12 Mt"), during(2026)));
    report("r1", "2026-02-01", "5 Mt");
    report("neg-8", "2026-03-01", "-1 t");
    auto result = try_evaluate("2027-06-01");
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(contains(result.error().message, "neg-8")) << result.error().message;
}

TEST_F(Aggregate, CountDoesNotAggregateAnAttribute) {
    rule("r", count(pat("purchase"), CmpOp::Ge, 2, during(2026)));
    buy("p1", "2026-02-01", "5 Mt");
    buy("p2", "2026-03-01", "-2 Mt");
    auto result = try_evaluate("2026-06-01");
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->results.at(0).node.verdict, Verdict::Met);
}

}  // namespace
}  // namespace abide::etest

namespace abide::etest {
namespace {

using Ids = std::vector<std::string>;
class AggregateLate : public EngineTest {};

// A breached `>=` aggregate reports as late fulfilment the first fact after the deadline at
// which the running value, carried on past the end, reaches the target.
TEST_F(AggregateLate, SumReachedAfterTheDeadlineIsReportedLate) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Ge, qty("12 Mt"), during(2026)));
    fact("p1", "2026-06-01", "purchase",
         {{"commodity", text("soybeans")}, {"quantity", qty("8 Mt")}});
    fact("p2", "2027-01-05", "purchase",
         {{"commodity", text("soybeans")}, {"quantity", qty("3 Mt")}});
    fact("p3", "2027-01-20", "purchase",
         {{"commodity", text("soybeans")}, {"quantity", qty("2 Mt")}});

    NodeResult before = only("2027-01-19");
    EXPECT_EQ(before.verdict, Verdict::Breached);
    EXPECT_FALSE(before.late.has_value());

    NodeResult n = only("2027-01-31");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_EQ(late(n), "p3");
    EXPECT_NE(n.reason.find("late"), std::string::npos);
}

TEST_F(AggregateLate, MaxOfRunningTotalsReachedLate) {
    rule("r", max_of(pat("reported_total"), "quantity", CmpOp::Ge, qty("12 Mt"),
                     between(date("2025-11-01"), date("2025-12-31"))));
    fact("t1", "2025-12-31", "reported_total",
         {{"commodity", text("soybeans")}, {"quantity", qty("8 Mt")}});
    fact("t2", "2026-01-20", "reported_total",
         {{"commodity", text("soybeans")}, {"quantity", qty("12 Mt")}});
    NodeResult n = only("2026-11-22");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_EQ(evidence(n), (Ids{"t1"}));
    EXPECT_EQ(late(n), "t2");
}

}  // namespace
}  // namespace abide::etest
