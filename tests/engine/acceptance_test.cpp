// The whole file of language.md §1 and the output excerpt of §8, built as IR.
#include "tests/engine/builder.hpp"

namespace abide::etest {
namespace {

using Ids = std::vector<std::string>;

class UsJapanMinerals : public EngineTest {
protected:
    UsJapanMinerals() {
        uint32_t a = agreement("us_jp_minerals", "2025-10-28");
        ends(a, days(30), pat("discontinuation_notice", eq("agreement", text("us_jp_minerals"))));
        rule(a, "ministerial",
             require(pat("ministerial_convened", eq("topic", text("mining, minerals and metals"))),
                     within(signed_date(a), days(180))));
        rule(a, "financing", require(pat("financing_approved"), within(signed_date(a), months(6))));
        rule(a, "meet_on_request",
             for_each(
                 pat("meeting_requested"), from(signed_date(a)), "req",
                 require(pat("meeting_held", eq("ref", trig("req", "meeting_requested", "ref"))),
                         within(trigger_date("req"), days(10)))));
    }

    static constexpr const char* kMinisterial = "us_jp_minerals.ministerial";
};

TEST_F(UsJapanMinerals, MinisterialOnTheLastDayIsMet) {
    fact("f1", "2026-04-26", "ministerial_convened",
         {{"topic", text("mining, minerals and metals")}, {"parties", text("US, JP")}});
    NodeResult n = result(evaluate("2026-11-22"), kMinisterial);
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_EQ(n.start, d("2025-10-28"));
    EXPECT_EQ(n.end, d("2026-04-26"));
    EXPECT_EQ(evidence(n), Ids{"f1"});
    EXPECT_FALSE(n.late);
}

TEST_F(UsJapanMinerals, MinisterialTheDayAfterIsBreachedWithLateFulfilment) {
    fact("f1", "2026-04-27", "ministerial_convened",
         {{"topic", text("mining, minerals and metals")}});
    NodeResult n = result(evaluate("2026-11-22"), kMinisterial);
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_EQ(n.start, d("2025-10-28"));
    EXPECT_EQ(n.end, d("2026-04-26"));
    EXPECT_TRUE(n.evidence.empty());
    EXPECT_EQ(late(n), "f1");
}

TEST_F(UsJapanMinerals, NoMinisterialIsPendingOnTheLastDayAndBreachedTheDayAfter) {
    NodeResult pending = result(evaluate("2026-04-26"), kMinisterial);
    EXPECT_EQ(pending.verdict, Verdict::Pending);
    EXPECT_EQ(pending.days_left, 0);
    EXPECT_TRUE(pending.at_risk);
    EXPECT_EQ(pending.start, d("2025-10-28"));
    EXPECT_EQ(pending.end, d("2026-04-26"));

    NodeResult breached = result(evaluate("2026-04-27"), kMinisterial);
    EXPECT_EQ(breached.verdict, Verdict::Breached);
    EXPECT_EQ(breached.start, d("2025-10-28"));
    EXPECT_EQ(breached.end, d("2026-04-26"));
    EXPECT_TRUE(breached.evidence.empty());
    EXPECT_FALSE(breached.late);
    EXPECT_TRUE(contains(breached.reason, "ministerial_convened")) << breached.reason;
}

TEST_F(UsJapanMinerals, MinisterialOnAnotherTopicDoesNotCount) {
    fact("f1", "2026-01-15", "ministerial_convened", {{"topic", text("energy")}});
    fact("f2", "2026-01-16", "ministerial_convened", {{"parties", text("US, JP")}});
    NodeResult n = result(evaluate("2026-11-22"), kMinisterial);
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_FALSE(n.late);
}

TEST_F(UsJapanMinerals, NoFactsAsOfTheExcerptDate) {
    engine::Evaluation e = evaluate("2026-11-22");
    EXPECT_EQ(e.as_of, d("2026-11-22"));
    ASSERT_EQ(e.results.size(), 3u);
    EXPECT_EQ(e.results[0].node.rule, "us_jp_minerals.financing");
    EXPECT_EQ(e.results[1].node.rule, "us_jp_minerals.meet_on_request");
    EXPECT_EQ(e.results[2].node.rule, "us_jp_minerals.ministerial");
    EXPECT_EQ(e.results[0].node.verdict, Verdict::Breached);
    EXPECT_EQ(e.results[1].node.verdict, Verdict::Pending);
    EXPECT_EQ(e.results[2].node.verdict, Verdict::Breached);
    EXPECT_EQ(e.results[0].node.end, d("2026-04-28"));
    EXPECT_EQ(e.summary.met, 0u);
    EXPECT_EQ(e.summary.pending, 1u);
    EXPECT_EQ(e.summary.breached, 2u);
    EXPECT_EQ(e.summary.void_, 0u);
    for (size_t i = 0; i < e.results.size(); ++i)
        EXPECT_EQ(e.results[i].rule, &rules().rules[i]) << i;
}

TEST_F(UsJapanMinerals, MeetingsOnRequest) {
    fact("req-1", "2026-01-05", "meeting_requested", {{"by", party("JP")}, {"ref", text("A")}});
    fact("held-b", "2026-01-08", "meeting_held", {{"ref", text("B")}});
    fact("held-a", "2026-01-15", "meeting_held", {{"ref", text("A")}});
    NodeResult n = result(evaluate("2026-02-01"), "us_jp_minerals.meet_on_request");
    EXPECT_EQ(n.verdict, Verdict::Pending);  // the trigger window has no end
    ASSERT_EQ(n.children.size(), 1u);
    NodeResult inst = child(n, "us_jp_minerals.meet_on_request[req-1]");
    EXPECT_EQ(inst.verdict, Verdict::Met);
    EXPECT_EQ(inst.start, d("2026-01-05"));
    EXPECT_EQ(inst.end, d("2026-01-15"));
    EXPECT_EQ(evidence(inst), (Ids{"req-1", "held-a"}));
}

}  // namespace
}  // namespace abide::etest
