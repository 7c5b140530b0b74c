// `abide explain` end to end: the §1 file met on day 180 and breached on day 181 with the window
// computation shown, an aggregate's running total, a for-each, a composite, void, an unknown
// rule id, JSON output and --help.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/cli/support.hpp"

namespace abide::testing {
namespace {

using nlohmann::json;

const std::string kMinerals = std::string(ABIDE_SOURCE_DIR) + "/tests/inputs/minerals.abide";

std::string fact(const std::string& id, const std::string& date, const std::string& type,
                 const std::string& attrs) {
    return R"({"id":")" + id + R"(","date":")" + date + R"(","type":")" + type +
           R"(","party":"US")" + (attrs.empty() ? "" : "," + attrs) + "}\n";
}

// Every needle appears in `out`, in this order.
void expect_in_order(const std::string& out, const std::vector<std::string>& needles) {
    size_t at = 0;
    for (const auto& n : needles) {
        size_t found = out.find(n, at);
        ASSERT_NE(found, std::string::npos)
            << "missing (after offset " << at << "): " << n << "\n--- output ---\n"
            << head(out);
        at = found + n.size();
    }
}

class Explain : public ::testing::Test {
protected:
    RunResult explain(const std::string& rule, const std::string& rules, const std::string& as_of,
                      const std::vector<std::string>& extra = {}) {
        std::vector<std::string> args = {"explain", rule, rules, "--facts", dir_ / "facts.jsonl",
                                         "--as-of", as_of};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_abide(args);
    }
    TempDir dir_;
};

TEST_F(Explain, MinisterialMetOnDay180WithTheWindowComputation) {
    dir_.write("facts.jsonl",
               fact("f-energy", "2025-11-03", "ministerial_convened", R"("topic":"energy")") +
                   fact("f-nt", "2025-12-01", "ministerial_convened", "") +
                   fact("f-min", "2026-04-26", "ministerial_convened",
                        R"("topic":"mining, minerals and metals")") +
                   fact("f-later", "2026-06-01", "ministerial_convened",
                        R"("topic":"mining, minerals and metals")"));
    auto r = explain("us_jp_minerals.ministerial", kMinerals, "2026-04-26");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    expect_in_order(
        r.out,
        {"rule us_jp_minerals.ministerial: Convene a bilateral Mining", "as of 2026-04-26",
         "require ministerial_convened with topic == \"mining, minerals and metals\"",
         "window start: signed 2025-10-28", "window end: signed 2025-10-28 + 180 days = 2026-04-26",
         "4 ministerial_convened facts considered:",
         "f-energy (2025-11-03): no match: topic == \"mining, minerals and metals\", but the fact "
         "has \"energy\"",
         "f-nt (2025-12-01): no match: topic == \"mining, minerals and metals\", but the attribute "
         "is missing from the fact",
         "f-min (2026-04-26): matches in the window: this fulfils the rule",
         "f-later (2026-06-01): ignored: dated after the as-of date 2026-04-26",
         "=> met: met by f-min on 2026-04-26", "verdict: met"});
}

TEST_F(Explain, MinisterialBreachedOnDay181ShowsTheLateFact) {
    dir_.write("facts.jsonl", fact("f-min", "2026-04-27", "ministerial_convened",
                                   R"("topic":"mining, minerals and metals")"));
    auto r = explain("us_jp_minerals.ministerial", kMinerals, "2026-04-27");
    ASSERT_EQ(r.exit_code, 1) << r.err;  // breached, as `abide eval` exits
    expect_in_order(r.out, {"window end: signed 2025-10-28 + 180 days = 2026-04-26",
                            "window: 2025-10-28 to 2026-04-26; closed",
                            "f-min (2026-04-27): matches, but dated after the window end "
                            "2026-04-26; late",
                            "=> breached: no ministerial_convened", "late: f-min on 2026-04-27",
                            "verdict: breached"});
    // The day before, the same fact is not known yet and the rule is pending.
    auto before = explain("us_jp_minerals.ministerial", kMinerals, "2026-04-25");
    ASSERT_EQ(before.exit_code, 0) << before.err;
    expect_in_order(before.out, {"f-min (2026-04-27): ignored: dated after the as-of date",
                                 "=> pending, deadline 2026-04-26 (1 day left), at risk",
                                 "verdict: pending (at risk)"});
}

TEST_F(Explain, AggregateShowsTheRunningTotalAndWhereItReachedTheTarget) {
    dir_.write("soy.abide", R"(
event purchase { commodity: text  quantity: mass }
agreement deal {
  signed 2025-11-01
  rule soybeans {
    require sum(purchase.quantity where commodity == "soybeans") >= 12 Mt by 2025-12-31
  }
}
)");
    dir_.write(
        "facts.jsonl",
        fact("p1", "2025-11-10", "purchase", R"("commodity":"soybeans","quantity":"4.2 Mt")") +
            fact("p2", "2025-11-20", "purchase", R"("commodity":"corn","quantity":"9 Mt")") +
            fact("p3", "2025-11-25", "purchase", R"("commodity":"soybeans")") +
            fact("p4", "2025-12-01", "purchase", R"("commodity":"soybeans","quantity":"4200 kt")") +
            fact("p5", "2025-12-20", "purchase", R"("commodity":"soybeans","quantity":"4.2 Mt")") +
            fact("p6", "2025-12-22", "purchase", R"("commodity":"soybeans","quantity":"1 Mt")"));
    auto r = explain("deal.soybeans", dir_ / "soy.abide", "2026-01-05");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_in_order(
        r.out,
        {"require sum of quantity over purchase with commodity == \"soybeans\" >= 12 Mt",
         "window start: signed 2025-11-01", "window end: 2025-12-31",
         "p1 (2025-11-10): matches in the window: value 4.2 Mt; running sum 4.2 Mt (target >= "
         "12 Mt)",
         "p2 (2025-11-20): no match: commodity == \"soybeans\", but the fact has \"corn\"",
         "p3 (2025-11-25): matches, but has no numeric value",
         "p4 (2025-12-01): matches in the window: value 4.2 Mt; running sum 8.4 Mt",
         "p5 (2025-12-20): matches in the window: value 4.2 Mt; running sum 12.6 Mt (target >= 12 "
         "Mt): the target is reached here",
         "p6 (2025-12-22): matches in the window: value 1 Mt; running sum 13.6 Mt",
         "=> met; value 13.6 Mt against 12 Mt: sum of purchase.quantity", "verdict: met"});
    // Only one "reached here".
    EXPECT_EQ(r.out.find("reached here"), r.out.rfind("reached here"));
}

// Regression: explain marked USD 4,999,999,999 as reaching 5 billion USD (a 1e-9 tolerance of
// its own) while eval, rightly, said it was short.
TEST_F(Explain, OneDollarShortIsNotMarkedAsReachingTheTarget) {
    dir_.write("cloud.abide", R"(
event investment { amount: money }
agreement deal {
  signed 2025-11-01
  rule cloud { require sum(investment.amount) >= 5 billion USD by 2031-12-31 }
}
)");
    dir_.write("facts.jsonl",
               fact("a1", "2026-01-15", "investment", R"("amount":"4999999999 USD")"));
    auto r = explain("deal.cloud", dir_ / "cloud.abide", "2032-01-01");
    ASSERT_EQ(r.exit_code, 1) << r.err;  // breached
    EXPECT_EQ(r.out.find("reached here"), std::string::npos) << r.out;
    expect_in_order(r.out, {"a1 (2026-01-15): matches in the window", "verdict: breached"});
}

TEST_F(Explain, ForEachShowsTriggersAndEachInstance) {
    dir_.write("facts.jsonl",
               fact("rq-1", "2025-12-01", "meeting_requested", R"("by":"JP","ref":"R1")") +
                   fact("rq-2", "2026-01-10", "meeting_requested", R"("by":"JP","ref":"R2")") +
                   fact("mh-1", "2025-12-05", "meeting_held", R"("ref":"R1")") +
                   fact("mh-2", "2026-01-25", "meeting_held", R"("ref":"R2")"));
    auto r = explain("us_jp_minerals.meet_on_request", kMinerals, "2026-02-01");
    ASSERT_EQ(r.exit_code, 1) << r.err;
    expect_in_order(
        r.out, {"for each meeting_requested as req", "window start: signed 2025-10-28",
                "2 meeting_requested facts considered:",
                "rq-1 (2025-12-01): matches in the window: a trigger, evaluated as instance [rq-1]",
                "rq-2 (2026-01-10): matches in the window: a trigger",
                "instance [rq-1]: req = rq-1 (2025-12-01), req.date = 2025-12-01",
                "require meeting_held with ref == \"R1\"",
                "window end: req.date 2025-12-01 + 10 days = 2025-12-11",
                "mh-1 (2025-12-05): matches in the window: this fulfils the rule",
                "mh-2 (2026-01-25): no match: ref == \"R1\", but the fact has \"R2\"", "=> met",
                "instance [rq-2]: req = rq-2 (2026-01-10)",
                "window end: req.date 2026-01-10 + 10 days = 2026-01-20",
                "mh-2 (2026-01-25): matches, but dated after the window end 2026-01-20; late",
                "=> breached", "=> breached: 1 of 2 req triggers", "verdict: breached"});
}

TEST_F(Explain, CompositeGoesPartByPart) {
    dir_.write("any.abide", R"(
event a_done { what: text }
event b_done { what: text }
rule t.either {
  any {
    require a_done by 2026-01-31
    require b_done where what == "x" by 2026-02-28
  }
}
)");
    dir_.write("facts.jsonl", fact("b1", "2026-02-10", "b_done", R"("what":"x")"));
    auto r = explain("t.either", dir_ / "any.abide", "2026-03-01");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_in_order(
        r.out,
        {"any of 2 parts (one part needed)", "part 1", "require a_done",
         "window start: none (unbounded)", "window end: 2026-01-31", "no a_done facts at all",
         "=> breached", "part 2", "require b_done with what == \"x\"",
         "b1 (2026-02-10): matches in the window: this fulfils the rule", "=> met",
         "=> met: 1 of 2 parts met, 1 breached; 1 needed", "verdict: met"});
}

TEST_F(Explain, VoidShowsTheEndingFactAndDate) {
    dir_.write("facts.jsonl", fact("n-1", "2026-01-05", "discontinuation_notice",
                                   R"("agreement":"us_jp_minerals")") +
                                  fact("f-min", "2026-03-01", "ministerial_convened",
                                       R"("topic":"mining, minerals and metals")"));
    auto r = explain("us_jp_minerals.ministerial", kMinerals, "2026-03-10");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_in_order(
        r.out,
        {"agreement us_jp_minerals ends 30 days after discontinuation_notice with agreement == "
         "\"us_jp_minerals\": n-1 (2026-01-05) + 30 days = 2026-02-04, on or before the as-of "
         "date: the agreement ended on 2026-02-04",
         "f-min (2026-03-01): ignored: dated after the as-of date 2026-02-04 (the agreement's end)",
         "=> void: void: the agreement ended on 2026-02-04 (n-1) while this was pending",
         "verdict: void"});
    // Before the end date the notice is shown but the agreement still runs.
    auto running = explain("us_jp_minerals.ministerial", kMinerals, "2026-01-20");
    ASSERT_EQ(running.exit_code, 0) << running.err;
    expect_in_order(running.out,
                    {"n-1 (2026-01-05) + 30 days = 2026-02-04, after the as-of date: not ended yet",
                     "verdict: pending"});
}

TEST_F(Explain, UnknownRuleIsAnErrorWithASuggestion) {
    dir_.write("facts.jsonl", "");
    auto r = explain("us_jp_minerals.ministeral", kMinerals, "2026-03-10");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("abide: error: unknown rule 'us_jp_minerals.ministeral'; did you mean "
                         "'us_jp_minerals.ministerial'?"),
              std::string::npos)
        << r.err;
    auto far = explain("nothing_like_it", kMinerals, "2026-03-10");
    EXPECT_EQ(far.exit_code, 2);
    EXPECT_EQ(far.out, "");
    EXPECT_NE(far.err.find("unknown rule 'nothing_like_it'"), std::string::npos) << far.err;
    EXPECT_EQ(far.err.find("did you mean"), std::string::npos) << far.err;
}

TEST_F(Explain, BadInputExitsTwoWithNothingOnStdout) {
    dir_.write("facts.jsonl", "");
    auto r = explain("us_jp_minerals.ministerial", kMinerals, "2026-13-40");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("--as-of"), std::string::npos) << r.err;
    dir_.write("bad.abide", "rule x.y { require }\n");
    auto bad = explain("x.y", dir_ / "bad.abide", "2026-01-01");
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.out, "");
    EXPECT_NE(bad.err.find("bad.abide:1:"), std::string::npos) << bad.err;
}

TEST_F(Explain, JsonHoldsTheStepsAsData) {
    dir_.write("facts.jsonl",
               fact("f-energy", "2025-11-03", "ministerial_convened", R"("topic":"energy")") +
                   fact("f-min", "2026-04-27", "ministerial_convened",
                        R"("topic":"mining, minerals and metals")"));
    auto r = explain("us_jp_minerals.ministerial", kMinerals, "2026-05-01", {"--format", "json"});
    ASSERT_EQ(r.exit_code, 1) << r.err;
    json doc = json::parse(r.out);
    EXPECT_EQ(doc["rule"], "us_jp_minerals.ministerial");
    EXPECT_EQ(doc["verdict"], "breached");
    const json& steps = doc["steps"];
    EXPECT_EQ(steps["kind"], "require");
    EXPECT_EQ(steps["window"]["end"], "2026-04-26");
    const json& end = steps["window"]["end_derivation"];
    EXPECT_EQ(end["base"], "signed");
    EXPECT_EQ(end["base_date"], "2025-10-28");
    ASSERT_EQ(end["steps"].size(), 1u);
    EXPECT_EQ(end["steps"][0]["op"], "+");
    EXPECT_EQ(end["steps"][0]["period"], "180 days");
    EXPECT_EQ(end["steps"][0]["date"], "2026-04-26");
    ASSERT_EQ(steps["facts"].size(), 2u);
    EXPECT_EQ(steps["facts"][0]["outcome"], "mismatch");
    EXPECT_EQ(steps["facts"][0]["actual"], "\"energy\"");
    EXPECT_EQ(steps["facts"][1]["outcome"], "after-window");
    EXPECT_EQ(steps["facts"][1]["late"], true);
}

TEST(ExplainHelp, HelpDescribesTheCommand) {
    auto r = run_abide({"explain", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("--facts"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--as-of"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("step by step"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace abide::testing
