// Evaluation is a pure function of (rules, facts, as-of); results follow rule id order (§8).
#include "tests/engine/builder.hpp"

namespace abide::etest {
namespace {

void expect_same(const NodeResult& a, const NodeResult& b) {
    SCOPED_TRACE(a.rule);
    EXPECT_EQ(a.rule, b.rule);
    EXPECT_EQ(a.verdict, b.verdict);
    EXPECT_EQ(a.has_window, b.has_window);
    EXPECT_EQ(a.start, b.start);
    EXPECT_EQ(a.end, b.end);
    EXPECT_EQ(a.evidence, b.evidence);
    EXPECT_EQ(a.reason, b.reason);
    EXPECT_EQ(a.at_risk, b.at_risk);
    EXPECT_EQ(a.days_left, b.days_left);
    EXPECT_EQ(a.late, b.late);
    ASSERT_EQ(a.progress.has_value(), b.progress.has_value());
    if (a.progress) {
        EXPECT_EQ(a.progress->value, b.progress->value);
        EXPECT_EQ(a.progress->target, b.progress->target);
        EXPECT_EQ(a.progress->unit, b.progress->unit);
    }
    ASSERT_EQ(a.children.size(), b.children.size());
    for (size_t i = 0; i < a.children.size(); ++i) expect_same(a.children[i], b.children[i]);
}

class Determinism : public EngineTest {
protected:
    Determinism() {
        // Added out of order; the RuleSet keeps them sorted by id.
        rule("zeta", forbid(pat("violation"), during(2026)));
        rule("b.rule", sum(pat("purchase"), "quantity", CmpOp::Ge, qty("12 Mt"), during(2026)));
        rule("a_rule", for_years("y", 2026, 2027, require(pat("done"), during_var("y"))));
        rule("a.rule", for_each(pat("meeting_requested"), during(2026), "req",
                                require(pat("meeting_held",
                                            eq("ref", trig("req", "meeting_requested", "ref"))),
                                        within(trigger_date("req"), days(10)))));
        rule("c", any(require(pat("done"), during(2026)), forbid(pat("violation"), during(2027))));
        fact("p1", "2026-03-01", "purchase", {{"quantity", qty("5 Mt")}});
        fact("p2", "2026-03-01", "purchase", {{"quantity", qty("5 Mt")}});
        fact("d1", "2026-04-01", "done");
        fact("q1", "2026-05-01", "meeting_requested", {{"ref", text("x")}});
        fact("q2", "2026-05-01", "meeting_requested", {{"ref", text("y")}});
        fact("h1", "2026-05-03", "meeting_held", {{"ref", text("y")}});
        fact("v1", "2026-06-01", "violation");
    }
};

TEST_F(Determinism, EvaluatingTwiceGivesIdenticalResults) {
    for (const char* as_of : {"2026-05-05", "2026-12-31", "2028-01-01"}) {
        SCOPED_TRACE(as_of);
        engine::Evaluation first = evaluate(as_of);
        engine::Evaluation second = evaluate(as_of);
        EXPECT_EQ(first.as_of, second.as_of);
        ASSERT_EQ(first.results.size(), second.results.size());
        for (size_t i = 0; i < first.results.size(); ++i) {
            EXPECT_EQ(first.results[i].rule, second.results[i].rule);
            expect_same(first.results[i].node, second.results[i].node);
        }
        EXPECT_EQ(first.summary.met, second.summary.met);
        EXPECT_EQ(first.summary.pending, second.summary.pending);
        EXPECT_EQ(first.summary.breached, second.summary.breached);
        EXPECT_EQ(first.summary.void_, second.summary.void_);
    }
}

TEST_F(Determinism, ResultsAreSortedByRuleId) {
    engine::Evaluation e = evaluate("2026-12-31");
    EXPECT_EQ(e.as_of, d("2026-12-31"));
    std::vector<std::string> ids;
    for (const auto& r : e.results) ids.push_back(r.node.rule);
    EXPECT_EQ(ids, (std::vector<std::string>{"a.rule", "a_rule", "b.rule", "c", "zeta"}));
    ASSERT_EQ(e.results.size(), rules().rules.size());
    for (size_t i = 0; i < e.results.size(); ++i) {
        EXPECT_EQ(e.results[i].rule, &rules().rules[i]) << i;
        if (e.results[i].rule) {
            EXPECT_EQ(e.results[i].rule->id, ids[i]);
        }
    }
}

TEST_F(Determinism, SummaryCountsEveryTopLevelResultOnce) {
    engine::Evaluation e = evaluate("2028-01-01");
    size_t met = 0, pending = 0, breached = 0, void_ = 0;
    for (const auto& r : e.results) {
        switch (r.node.verdict) {
            case Verdict::Met: ++met; break;
            case Verdict::Pending: ++pending; break;
            case Verdict::Breached: ++breached; break;
            case Verdict::Void: ++void_; break;
        }
    }
    EXPECT_EQ(e.summary.met, met);
    EXPECT_EQ(e.summary.pending, pending);
    EXPECT_EQ(e.summary.breached, breached);
    EXPECT_EQ(e.summary.void_, void_);
    EXPECT_EQ(met + pending + breached + void_, e.results.size());
    // As of 2028: zeta breached (v1), b.rule breached (10 Mt < 12 Mt), a_rule breached (no done
    // in 2027), a.rule breached (q1 never answered), c met (d1 in 2026).
    EXPECT_EQ(e.summary.met, 1u);
    EXPECT_EQ(e.summary.breached, 4u);
}

TEST_F(Determinism, VerdictNamesAreStable) {
    EXPECT_EQ(engine::to_string(Verdict::Met), "met");
    EXPECT_EQ(engine::to_string(Verdict::Pending), "pending");
    EXPECT_EQ(engine::to_string(Verdict::Breached), "breached");
    EXPECT_EQ(engine::to_string(Verdict::Void), "void");
}

}  // namespace
}  // namespace abide::etest
