// `for each TRIGGER [WINDOW] as NAME: BODY` (language.md §4, §5, §6 row 7, §9.10, §9.11).
#include "tests/engine/builder.hpp"

namespace abide::etest {
namespace {

using Ids = std::vector<std::string>;

class ForEach : public EngineTest {
protected:
    /// for each meeting_requested between 2026-01-01 and 2026-06-30 as req:
    ///   require meeting_held where ref == req.ref within 10 days after req.date
    Ob meet_on_request(ir::Window trigger_window) {
        return for_each(
            pat("meeting_requested"), std::move(trigger_window), "req",
            require(pat("meeting_held", eq("ref", trig("req", "meeting_requested", "ref"))),
                    within(trigger_date("req"), days(10))));
    }
    ir::Window first_half() { return between(date("2026-01-01"), date("2026-06-30")); }

    void request(std::string_view id, std::string_view date, const std::string& ref) {
        fact(id, date, "meeting_requested", {{"by", party("JP")}, {"ref", text(ref)}});
    }
    void held(std::string_view id, std::string_view date, const std::string& ref) {
        fact(id, date, "meeting_held", {{"ref", text(ref)}});
    }
};

TEST_F(ForEach, EveryInstanceMetAfterTheTriggerWindowIsMet) {
    rule("r", meet_on_request(first_half()));
    request("t1", "2026-02-01", "a");
    request("t2", "2026-03-01", "b");
    held("h1", "2026-02-05", "a");
    held("h2", "2026-03-11", "b");  // the last day of its instance window
    NodeResult n = only("2026-07-01");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_TRUE(n.has_window);
    EXPECT_EQ(n.start, d("2026-01-01"));
    EXPECT_EQ(n.end, d("2026-06-30"));
    EXPECT_EQ(child_ids(n), (Ids{"r[t1]", "r[t2]"}));

    NodeResult i1 = child(n, "r[t1]");
    EXPECT_EQ(i1.verdict, Verdict::Met);
    EXPECT_TRUE(i1.has_window);
    EXPECT_EQ(i1.start, d("2026-02-01"));
    EXPECT_EQ(i1.end, d("2026-02-11"));
    EXPECT_EQ(evidence(i1), (Ids{"t1", "h1"}));  // the trigger, then the body's evidence

    NodeResult i2 = child(n, "r[t2]");
    EXPECT_EQ(i2.verdict, Verdict::Met);
    EXPECT_EQ(i2.start, d("2026-03-01"));
    EXPECT_EQ(i2.end, d("2026-03-11"));
    EXPECT_EQ(evidence(i2), (Ids{"t2", "h2"}));

    EXPECT_EQ(evidence(n), (Ids{"t1", "h1", "t2", "h2"}));
}

TEST_F(ForEach, AllInstancesMetButTriggerWindowOpenIsPending) {
    rule("r", meet_on_request(first_half()));
    request("t1", "2026-02-01", "a");
    request("t2", "2026-03-01", "b");
    held("h1", "2026-02-05", "a");
    held("h2", "2026-03-02", "b");
    NodeResult n = only("2026-06-30");  // T == E: another trigger may still come
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_EQ(child(n, "r[t1]").verdict, Verdict::Met);
    EXPECT_EQ(child(n, "r[t2]").verdict, Verdict::Met);
    EXPECT_TRUE(n.evidence.empty());
}

TEST_F(ForEach, OpenEndedTriggerWindowIsPendingForever) {
    rule("r", meet_on_request(from(date("2026-01-01"))));
    request("t1", "2026-02-01", "a");
    held("h1", "2026-02-05", "a");
    NodeResult n = only("2999-01-01");
    EXPECT_EQ(n.verdict, Verdict::Pending);
    EXPECT_FALSE(n.end);
    EXPECT_EQ(child(n, "r[t1]").verdict, Verdict::Met);
}

TEST_F(ForEach, AnyInstanceBreachedBreachesItEvenWhileTheWindowIsOpen) {
    rule("r", meet_on_request(from(date("2026-01-01"))));
    request("t1", "2026-02-01", "a");
    request("t2", "2026-02-03", "b");
    held("h2", "2026-02-04", "b");
    EXPECT_EQ(only("2026-02-11").verdict, Verdict::Pending);  // t1's last day

    NodeResult n = only("2026-02-12");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    NodeResult i1 = child(n, "r[t1]");
    EXPECT_EQ(i1.verdict, Verdict::Breached);
    EXPECT_FALSE(i1.late);
    EXPECT_EQ(evidence(i1), Ids{"t1"});  // the trigger; a breached require adds none
    EXPECT_EQ(child(n, "r[t2]").verdict, Verdict::Met);
    EXPECT_EQ(evidence(n), Ids{"t1"});
}

TEST_F(ForEach, LateMeetingIsTheInstancesLateFulfilment) {
    rule("r", meet_on_request(first_half()));
    request("t1", "2026-02-01", "a");
    held("h-late", "2026-02-15", "a");
    NodeResult n = only("2026-03-01");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    EXPECT_EQ(late(child(n, "r[t1]")), "h-late");
}

TEST_F(ForEach, BodyMatchesOnlyFactsWithTheTriggersRef) {
    rule("r", meet_on_request(first_half()));
    request("t1", "2026-02-01", "a");
    held("h-other", "2026-02-05", "b");
    held("h-none", "2026-02-06", "");
    NodeResult pending = only("2026-02-06");
    NodeResult i1 = child(pending, "r[t1]");
    EXPECT_EQ(i1.verdict, Verdict::Pending);
    EXPECT_EQ(i1.days_left, 5);
    EXPECT_TRUE(i1.at_risk);
    EXPECT_EQ(only("2026-02-12").verdict, Verdict::Breached);
}

TEST_F(ForEach, TriggersOutsideTheWindowOrAfterAsOfMakeNoInstance) {
    rule("r", meet_on_request(first_half()));
    request("before", "2025-12-31", "a");
    request("after-window", "2026-07-01", "b");
    request("t1", "2026-03-01", "c");
    held("h1", "2026-03-02", "c");
    request("future", "2026-06-20", "d");
    NodeResult n = only("2026-06-10");
    EXPECT_EQ(child_ids(n), Ids{"r[t1]"});
    EXPECT_EQ(n.verdict, Verdict::Pending);

    NodeResult end = only("2026-07-05");  // "future" exists now, "after-window" is outside
    EXPECT_EQ(child_ids(end), (Ids{"r[t1]", "r[future]"}));
}

TEST_F(ForEach, NoTriggerAndTheWindowOverIsMet) {
    rule("r", meet_on_request(first_half()));
    EXPECT_EQ(only("2026-06-30").verdict, Verdict::Pending);
    NodeResult n = only("2026-07-01");
    EXPECT_EQ(n.verdict, Verdict::Met);
    EXPECT_TRUE(n.children.empty());
    EXPECT_TRUE(n.evidence.empty());
}

TEST_F(ForEach, InstancesAreSuffixedWithTheTriggerId) {
    rule("r", meet_on_request(first_half()));
    request("f-0007", "2026-02-01", "x");
    NodeResult n = only("2026-02-02");
    EXPECT_EQ(child_ids(n), Ids{"r[f-0007]"});
}

// §9.10: the loop's evidence is its instances' evidence, each fact once where it first
// appears. Here 40 requests share the two meetings that answer them (80 entries before the
// repeats are dropped: more than a short list, which is searched rather than sorted).
TEST_F(ForEach, EvidenceSharedByInstancesAppearsOnceWhereFirstSeen) {
    rule("r", meet_on_request(first_half()));
    held("h1", "2026-02-05", "a");
    held("h2", "2026-02-06", "a");
    Ids want;
    for (int i = 0; i < 40; ++i) {
        std::string id = "t" + std::to_string(i);
        request(id, i < 20 ? "2026-02-01" : "2026-02-02", "a");
        want.push_back(id);
        if (i == 0) want.insert(want.end(), {"h1", "h2"});
    }
    NodeResult n = only("2026-07-01");
    ASSERT_EQ(n.verdict, Verdict::Met);
    EXPECT_EQ(evidence(child(n, "r[t7]")), (Ids{"t7", "h1", "h2"}));
    EXPECT_EQ(evidence(n), want);
}

TEST_F(ForEach, InstancesAreInTriggerDateOrder) {
    rule("r", meet_on_request(first_half()));
    request("t-late", "2026-04-01", "b");
    request("t-early", "2026-02-01", "a");
    NodeResult n = only("2026-04-02");
    EXPECT_EQ(child_ids(n), (Ids{"r[t-early]", "r[t-late]"}));
}

TEST_F(ForEach, TriggerPatternConditionSelectsTriggers) {
    rule("r",
         for_each(pat("meeting_requested", eq("by", party("US"))), first_half(), "req",
                  require(pat("meeting_held", eq("ref", trig("req", "meeting_requested", "ref"))),
                          within(trigger_date("req"), days(10)))));
    request("by-jp", "2026-02-01", "a");  // by JP
    fact("by-us", "2026-02-02", "meeting_requested", {{"by", party("US")}, {"ref", text("b")}});
    NodeResult n = only("2026-02-03");
    EXPECT_EQ(child_ids(n), Ids{"r[by-us]"});
}

// `where ref == req.id`: a text attribute compared with the trigger's built-in id. The fact's
// ref is an interned symbol, the trigger's id is arena text; they must still compare as text.
TEST_F(ForEach, BodyMayCompareATextAttributeWithTheTriggersId) {
    rule("r",
         for_each(pat("meeting_requested"), first_half(), "req",
                  require(pat("meeting_held", eq("ref", trig("req", "meeting_requested", "id"))),
                          within(trigger_date("req"), days(10)))));
    request("t1", "2026-02-01", "unrelated");
    held("h1", "2026-02-03", "t1");
    NodeResult i = child(only("2026-02-05"), "r[t1]");
    EXPECT_EQ(i.verdict, Verdict::Met);
    EXPECT_EQ(evidence(i), (Ids{"t1", "h1"}));
}

TEST_F(ForEach, ForbidBodyPerTrigger) {
    // for each done as x: forbid violation within 5 days after x.date
    rule("r", for_each(pat("done"), first_half(), "x",
                       forbid(pat("violation"), within(trigger_date("x"), days(5)))));
    fact("d1", "2026-02-01", "done");
    fact("d2", "2026-03-01", "done");
    fact("v1", "2026-03-04", "violation");
    NodeResult n = only("2026-07-01");
    EXPECT_EQ(n.verdict, Verdict::Breached);
    NodeResult i1 = child(n, "r[d1]");
    EXPECT_EQ(i1.verdict, Verdict::Met);
    NodeResult i2 = child(n, "r[d2]");
    EXPECT_EQ(i2.verdict, Verdict::Breached);
    EXPECT_EQ(evidence(i2), (Ids{"d2", "v1"}));
    EXPECT_EQ(evidence(n), (Ids{"d2", "v1"}));
}

TEST_F(ForEach, BodyWindowStepsApplyToTheTriggerDate) {
    // require done between x.date + 1 month and x.date + 1 month + 1 month
    rule("r", for_each(pat("meeting_requested"), first_half(), "x",
                       require(pat("done"),
                               between(plus(trigger_date("x"), months(1)),
                                       plus(plus(trigger_date("x"), months(1)), months(1))))));
    request("t1", "2026-01-31", "a");
    NodeResult i = child(only("2026-02-01"), "r[t1]");
    EXPECT_EQ(i.start, d("2026-02-28"));
    EXPECT_EQ(i.end, d("2026-03-28"));
}

TEST_F(ForEach, BodyWindowEndingBeforeItStartsIsAnErrorNamingTheTrigger) {
    // require meeting_held between req.date and 2020-01-01
    rule("r",
         for_each(pat("meeting_requested"), first_half(), "req",
                  require(pat("meeting_held"), between(trigger_date("req"), date("2020-01-01")))));
    EXPECT_TRUE(try_evaluate("2026-03-01").ok());  // no trigger yet: nothing to resolve
    request("f-0009", "2026-02-01", "a");
    auto result = try_evaluate("2026-03-01");
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(contains(result.error().message, "f-0009")) << result.error().message;
}

TEST_F(ForEach, NestedCompositeBodyPartsAreSuffixedAfterTheInstance) {
    rule("r",
         for_each(
             pat("meeting_requested"), first_half(), "req",
             all(require(pat("meeting_held", eq("ref", trig("req", "meeting_requested", "ref"))),
                         within(trigger_date("req"), days(10))),
                 forbid(pat("violation"), within(trigger_date("req"), days(10))))));
    request("t1", "2026-02-01", "a");
    held("h1", "2026-02-03", "a");
    NodeResult n = only("2026-03-01");
    NodeResult inst = child(n, "r[t1]");
    EXPECT_EQ(inst.verdict, Verdict::Met);
    EXPECT_EQ(child_ids(inst), (Ids{"r[t1][1]", "r[t1][2]"}));
    EXPECT_EQ(evidence(inst), (Ids{"t1", "h1"}));
}

// An instance's reason shows its trigger's value in the body's condition; a trigger without
// the attribute leaves the operand by name. Each instance reads its own, though the
// description is rendered once for all of them.
TEST_F(ForEach, InstanceReasonsShowTheirTriggersValues) {
    rule("r", meet_on_request(first_half()));
    request("t1", "2026-02-01", "a");
    fact("t2", "2026-02-02", "meeting_requested", {{"by", party("JP")}});  // no ref
    request("t3", "2026-02-03", "c\"d");
    held("h1", "2026-02-05", "a");
    NodeResult n = only("2026-03-01");
    EXPECT_EQ(child(n, "r[t1]").reason,
              "met by h1 on 2026-02-05: meeting_held with ref == \"a\" from 2026-02-01 to "
              "2026-02-11");
    EXPECT_EQ(child(n, "r[t2]").reason,
              "no meeting_held with ref == req.ref from 2026-02-02 to 2026-02-12");
    EXPECT_EQ(child(n, "r[t3]").reason,
              "no meeting_held with ref == \"c\"d\" from 2026-02-03 to 2026-02-13");
}

}  // namespace
}  // namespace abide::etest
