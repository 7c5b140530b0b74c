// explain() and evaluate() agree: every rule of the shipped library against the example facts
// at several as-of dates, node by node (verdict, reason, window, evidence), in process; and the
// recorded facts agree with the evidence. Then the same verdicts through the two commands.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/inputs.hpp"
#include "engine/evaluate.hpp"
#include "engine/explain.hpp"
#include "facts/index.hpp"
#include "tests/cli/support.hpp"

namespace abide::testing {
namespace {

using engine::FactOutcome;

const std::string kRules = std::string(ABIDE_SOURCE_DIR) + "/rules";
const std::string kFacts = std::string(ABIDE_SOURCE_DIR) + "/examples/facts";
const char* const kDates[] = {"2025-11-01", "2026-01-15", "2026-04-27", "2026-11-22", "2028-06-30"};

void expect_same(const engine::NodeResult& eval, const engine::TraceNode& t,
                 const std::string& where, size_t* checked) {
    const engine::NodeResult& ex = t.result;
    ++*checked;
    EXPECT_EQ(ex.rule, eval.rule) << where;
    EXPECT_EQ(ex.verdict, eval.verdict) << where << ": " << eval.rule;
    EXPECT_EQ(ex.reason, eval.reason) << where << ": " << eval.rule;
    EXPECT_EQ(ex.evidence, eval.evidence) << where << ": " << eval.rule;
    EXPECT_EQ(ex.start, eval.start) << where << ": " << eval.rule;
    EXPECT_EQ(ex.end, eval.end) << where << ": " << eval.rule;
    EXPECT_EQ(ex.at_risk, eval.at_risk) << where << ": " << eval.rule;
    EXPECT_EQ(ex.days_left, eval.days_left) << where << ": " << eval.rule;
    EXPECT_EQ(ex.late, eval.late) << where << ": " << eval.rule;
    ASSERT_EQ(t.children.size(), eval.children.size()) << where << ": " << eval.rule;
    for (size_t k = 0; k < eval.children.size(); ++k)
        expect_same(eval.children[k], t.children[k], where, checked);

    // The facts the trace counts are the evaluator's evidence (after a for-each trigger).
    using Kind = ir::Obligation::Kind;
    if (eval.verdict == engine::Verdict::Void || !t.obligation) return;
    auto kind = t.obligation->kind;
    std::vector<uint32_t> counted;
    for (const auto& s : t.facts)
        if (s.outcome == FactOutcome::Matched) counted.push_back(s.fact);
    std::vector<uint32_t> evidence = eval.evidence;
    if (t.trigger && !evidence.empty() && evidence.front() == *t.trigger)
        evidence.erase(evidence.begin());
    if (kind == Kind::Require || kind == Kind::Forbid) {
        EXPECT_EQ(counted, evidence) << where << ": " << eval.rule;
    }
    if (kind == Kind::Aggregate) {
        const auto& agg = t.obligation->aggregate;
        if (agg.kind != ir::Aggregate::Kind::Max && eval.verdict != engine::Verdict::Pending) {
            EXPECT_EQ(counted, evidence) << where << ": " << eval.rule;
        }
        ASSERT_TRUE(eval.progress) << where << ": " << eval.rule;
        double last = 0;
        for (const auto& s : t.facts)
            if (s.running) last = *s.running;
        EXPECT_NEAR(last, eval.progress->value, 1e-9 * std::max(1.0, eval.progress->value))
            << where << ": " << eval.rule << ": the running value ends at the evaluator's";
    }
    if (kind == Kind::ForEach) {
        EXPECT_EQ(counted.size(), t.children.size()) << where << ": one instance per trigger";
    }
}

TEST(ExplainAgreement, EveryShippedRuleAtSeveralDatesMatchesEvaluate) {
    auto loaded = cli::load({kRules}, {kFacts}, cli::LoadOptions{});
    ASSERT_TRUE(loaded);
    const ir::RuleSet& rules = *loaded->rules;
    ASSERT_GE(rules.rules.size(), 50u);
    facts::FactIndex index(*loaded->facts);
    size_t nodes = 0;
    std::set<engine::Verdict> verdicts_seen;
    for (const char* d : kDates) {
        engine::Options options{*core::parse_date(d), 30, 1};
        auto ev = engine::evaluate(rules, *loaded->facts, index, options);
        ASSERT_TRUE(ev) << ev.error().message;
        for (size_t i = 0; i < rules.rules.size(); ++i) {
            auto ex = engine::explain(rules, *loaded->facts, index, options, i);
            ASSERT_TRUE(ex) << ex.error().message;
            EXPECT_EQ(ex->rule, &rules.rules[i]);
            expect_same(ev->results[i].node, ex->root, d, &nodes);
            verdicts_seen.insert(ex->root.result.verdict);
        }
    }
    EXPECT_GT(nodes, 5 * rules.rules.size());
    // The dates walk the library through every verdict but void (no agreement has ended).
    EXPECT_TRUE(verdicts_seen.count(engine::Verdict::Met));
    EXPECT_TRUE(verdicts_seen.count(engine::Verdict::Pending));
    EXPECT_TRUE(verdicts_seen.count(engine::Verdict::Breached));
}

// The same through the binary: `abide explain --format json` gives each rule the verdict and
// reason `abide eval --format json` gives it.
TEST(ExplainAgreement, CommandsAgreeOnEveryShippedRule) {
    for (const char* d : {"2026-01-15", "2026-11-22"}) {
        auto eval =
            run_abide({"eval", kRules, "--facts", kFacts, "--as-of", d, "--format", "json"});
        ASSERT_TRUE(eval.exit_code == 0 || eval.exit_code == 1) << eval.err;
        auto doc = nlohmann::json::parse(eval.out);
        ASSERT_GE(doc["results"].size(), 50u);
        for (const auto& r : doc["results"]) {
            const std::string id = r["rule"];
            auto ex = run_abide(
                {"explain", id, kRules, "--facts", kFacts, "--as-of", d, "--format", "json"});
            ASSERT_TRUE(ex.exit_code == 0 || ex.exit_code == 1) << id << ": " << ex.err;
            EXPECT_EQ(ex.exit_code, r["verdict"] == "breached" ? 1 : 0) << id;
            auto e = nlohmann::json::parse(ex.out);
            EXPECT_EQ(e["rule"], id);
            EXPECT_EQ(e["verdict"], r["verdict"]) << id << " as of " << d;
            EXPECT_EQ(e["reason"], r["reason"]) << id << " as of " << d;
            EXPECT_EQ(e["steps"]["verdict"], r["verdict"]) << id;
        }
    }
}

}  // namespace
}  // namespace abide::testing
