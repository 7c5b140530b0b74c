// engine::may_fail: the look before streaming a report. It must never say "cannot fail" for an
// evaluation that fails (builder.hpp checks that on every failing engine test too), and should
// say so for the shapes real rule sets use, so that their reports can stream.
#include "engine/preflight.hpp"
#include "tests/engine/builder.hpp"

namespace abide::etest {
namespace {

class Preflight : public EngineTest {
protected:
    bool may_fail() {
        own_index_ = std::make_unique<facts::FactIndex>(facts_added());
        return engine::may_fail(rules(), facts_added(), *own_index_);
    }
    void request(const std::string& id, std::string_view date, const std::string& ref) {
        fact(id, date, "meeting_requested", {{"ref", text(ref)}});
    }
    std::unique_ptr<facts::FactIndex> own_index_;
};

TEST_F(Preflight, StaticWindowsCannotFail) {
    rule("a", require(pat("done"), within(date("2025-10-28"), days(180))));
    rule("b", forbid(pat("violation"), between(date("2025-01-01"), date("2025-12-31"))));
    rule("c", count(pat("purchase"), CmpOp::Ge, 2, during(2026)));
    fact("f1", "2026-01-01", "done");
    EXPECT_FALSE(may_fail());
}

TEST_F(Preflight, ResponseWindowAfterATriggerCannotFail) {
    // for each meeting_requested as req: require meeting_held within 10 days after req.date
    rule("r", for_each(pat("meeting_requested"), unbounded(), "req",
                       require(pat("meeting_held"), within(trigger_date("req"), days(10)))));
    request("q1", "2026-01-31", "a");
    request("q2", "9999-12-31", "b");  // its window would end past 9999 - see the next test
    EXPECT_TRUE(may_fail());
    facts_added().truncate(1);
    EXPECT_FALSE(may_fail());
    // And indeed it evaluates.
    EXPECT_TRUE(try_evaluate("2026-03-01").ok());
}

TEST_F(Preflight, TriggerDateStepLeavingTheSupportedYearsMayFail) {
    rule("r", for_each(pat("meeting_requested"), unbounded(), "req",
                       require(pat("meeting_held"), within(trigger_date("req"), months(1)))));
    request("late", "9999-12-15", "a");
    EXPECT_TRUE(may_fail());
    EXPECT_FALSE(try_evaluate("9999-12-31").ok());
}

TEST_F(Preflight, ByADateInsideAForEachMayFailOnlyWithATriggerAfterIt) {
    rule("r",
         for_each(pat("meeting_requested"), unbounded(), "req",
                  require(pat("meeting_held"), between(trigger_date("req"), date("2026-06-30")))));
    request("q1", "2026-06-30", "a");  // the window is the one day 2026-06-30
    EXPECT_FALSE(may_fail());
    EXPECT_TRUE(try_evaluate("2026-12-31").ok());
    request("q2", "2026-07-01", "b");
    EXPECT_TRUE(may_fail());
    EXPECT_FALSE(try_evaluate("2026-12-31").ok());
}

TEST_F(Preflight, AWindowEndingBeforeItsTriggerMayFail) {
    // end = req.date - 1 day: before its start whatever the trigger
    rule("r", for_each(pat("meeting_requested"), unbounded(), "req",
                       require(pat("meeting_held"),
                               between(trigger_date("req"), minus(trigger_date("req"), days(1))))));
    request("q1", "2026-03-01", "a");
    EXPECT_TRUE(may_fail());
    EXPECT_FALSE(try_evaluate("2026-12-31").ok());
}

TEST_F(Preflight, NoTriggerFactMeansNothingToResolve) {
    rule("r", for_each(pat("meeting_requested"), unbounded(), "req",
                       require(pat("meeting_held"),
                               between(trigger_date("req"), minus(trigger_date("req"), days(1))))));
    fact("h1", "2026-03-01", "meeting_held", {{"ref", text("a")}});
    EXPECT_FALSE(may_fail());
}

TEST_F(Preflight, NegativeValueOfAnAggregatedAttributeMayFail) {
    rule("r", sum(pat("purchase"), "quantity", CmpOp::Ge, qty("12 Mt"), during(2026)));
    fact("p1", "2026-02-01", "purchase", {{"quantity", qty("5 Mt")}});
    EXPECT_FALSE(may_fail());
    // Dated outside the window, even after the as-of date: still counted as a risk.
    fact("p2", "2030-02-01", "purchase", {{"quantity", qty("-1 t")}});
    EXPECT_TRUE(may_fail());
}

TEST_F(Preflight, NegativeValueOfAnAttributeNoSumReadsCannotFail) {
    rule("r", count(pat("purchase"), CmpOp::Ge, 1, during(2026)));
    fact("p1", "2026-02-01", "purchase", {{"quantity", qty("-5 Mt")}});
    EXPECT_FALSE(may_fail());
}

TEST_F(Preflight, YearLoopsInsideTheSupportedYearsCannotFail) {
    rule("r", for_years("y", 2026, 2028, require(pat("done"), during_var("y"))));
    EXPECT_FALSE(may_fail());
}

}  // namespace
}  // namespace abide::etest
