// The language.md §1 file and the §8 output through the CLI: verdicts, every JSON key and its
// type, exit statuses, filters, determinism, and CSV/JSON Lines equivalence.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "tests/cli/support.hpp"

namespace abide::testing {
namespace {

using nlohmann::json;

const std::string kMinerals = std::string(ABIDE_SOURCE_DIR) + "/tests/inputs/minerals.abide";

const char* const kMinisterialReason =
    "no ministerial_convened with topic == \"mining, minerals and metals\" from 2025-10-28 to "
    "2026-04-26";

std::string ministerial_fact(const std::string& date,
                             const std::string& topic = "mining, minerals and metals") {
    return R"({"id":"f-min","date":")" + date +
           R"(","type":"ministerial_convened","party":"US","topic":")" + topic +
           R"(","parties":"US, JP","source":"https://example.org/statement"})"
           "\n";
}

/// Checks one §8 result object (and its children, recursively): every key with its type.
void expect_node_shape(const json& n, const std::string& where) {
    ASSERT_TRUE(n.is_object()) << where;
    for (const char* key : {"rule", "title", "agreement", "party", "verdict", "window", "evidence",
                            "reason", "at_risk", "children"})
        ASSERT_TRUE(n.contains(key)) << where << ": missing key '" << key << "' in " << n.dump();
    EXPECT_TRUE(n["rule"].is_string()) << where;
    EXPECT_TRUE(n["title"].is_string()) << where;
    EXPECT_TRUE(n["agreement"].is_string() || n["agreement"].is_null()) << where;
    ASSERT_TRUE(n["party"].is_array()) << where;
    for (const auto& p : n["party"]) EXPECT_TRUE(p.is_string()) << where;
    ASSERT_TRUE(n["verdict"].is_string()) << where;
    static const std::set<std::string> verdicts = {"met", "pending", "breached", "void"};
    EXPECT_TRUE(verdicts.count(n["verdict"].get<std::string>())) << where << ": " << n["verdict"];
    if (!n["window"].is_null()) {
        ASSERT_TRUE(n["window"].is_object()) << where;
        for (const char* side : {"start", "end"}) {
            ASSERT_TRUE(n["window"].contains(side)) << where << ": window lacks " << side;
            const json& d = n["window"][side];
            EXPECT_TRUE(d.is_null() || (d.is_string() &&
                                        std::regex_match(d.get<std::string>(),
                                                         std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}"))))
                << where << ": window." << side << " = " << d;
        }
    }
    ASSERT_TRUE(n["evidence"].is_array()) << where;
    for (const auto& e : n["evidence"]) EXPECT_TRUE(e.is_string()) << where;
    EXPECT_TRUE(n["reason"].is_string()) << where;
    EXPECT_FALSE(n["reason"].get<std::string>().empty()) << where << ": empty reason";
    EXPECT_TRUE(n["at_risk"].is_boolean()) << where;
    ASSERT_TRUE(n["children"].is_array()) << where;
    const std::string id = n["rule"].get<std::string>();
    for (const auto& c : n["children"]) {
        expect_node_shape(c, where + " > " + c.value("rule", "?"));
        const std::string cid = c.value("rule", "");
        // §9.11: a child's id is the parent's with a suffix; it inherits agreement and party.
        EXPECT_TRUE(cid.size() > id.size() + 2 && cid.compare(0, id.size(), id) == 0 &&
                    cid[id.size()] == '[' && cid.back() == ']')
            << "child id " << cid << " of " << id;
        EXPECT_EQ(c["agreement"], n["agreement"]) << cid;
        EXPECT_EQ(c["party"], n["party"]) << cid;
    }
}

struct Eval {
    RunResult run;
    json doc;
};

/// Runs `abide eval` with the §1 file (plus `extra_rules`) on `facts` (JSON Lines).
Eval eval_minerals(const std::string& facts, const std::string& as_of,
                   std::vector<std::string> extra = {},
                   const std::string& log_name = "facts.jsonl") {
    TempDir dir;
    dir.write(log_name, facts);
    std::vector<std::string> args = {"eval",    kMinerals, "--facts",  dir / log_name,
                                     "--as-of", as_of,     "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    Eval e{run_abide(args), json()};
    EXPECT_EQ(e.run.term_signal, 0) << e.run.status() << "\n" << head(e.run.err);
    EXPECT_FALSE(e.run.timed_out);
    e.doc = json::parse(e.run.out, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(e.doc.is_discarded()) << "stdout is not JSON (" << e.run.status() << ")\nstdout:\n"
                                       << head(e.run.out) << "\nstderr:\n"
                                       << head(e.run.err);
    return e;
}

const json* find_result(const json& doc, const std::string& rule) {
    if (!doc.is_object() || !doc.contains("results")) return nullptr;
    for (const auto& r : doc["results"])
        if (r.value("rule", "") == rule) return &r;
    return nullptr;
}

const json* find_child(const json& node, const std::string& rule) {
    for (const auto& c : node["children"])
        if (c.value("rule", "") == rule) return &c;
    return nullptr;
}

std::vector<std::string> result_ids(const json& doc) {
    std::vector<std::string> ids;
    if (doc.is_object() && doc.contains("results"))
        for (const auto& r : doc["results"]) ids.push_back(r.value("rule", ""));
    return ids;
}

json window(const char* start, const char* end) {
    return json{{"start", start ? json(start) : json(nullptr)},
                {"end", end ? json(end) : json(nullptr)}};
}

// ---------------------------------------------------------------- §1 acceptance

TEST(Section1, MinisterialOnTheDeadlineIsMet) {
    Eval e = eval_minerals(ministerial_fact("2026-04-26"), "2026-05-01");
    const json* r = find_result(e.doc, "us_jp_minerals.ministerial");
    ASSERT_NE(r, nullptr) << head(e.run.out);
    EXPECT_EQ((*r)["verdict"], "met");
    EXPECT_EQ((*r)["evidence"], json::array({"f-min"}));
    EXPECT_EQ((*r)["window"], window("2025-10-28", "2026-04-26"));
    EXPECT_FALSE(r->contains("late"));
}

TEST(Section1, MinisterialADayLateIsBreachedWithLateFulfilment) {
    Eval e = eval_minerals(ministerial_fact("2026-04-27"), "2026-05-01");
    const json* r = find_result(e.doc, "us_jp_minerals.ministerial");
    ASSERT_NE(r, nullptr) << head(e.run.out);
    EXPECT_EQ((*r)["verdict"], "breached");
    EXPECT_EQ((*r)["evidence"], json::array());  // §9.10: a breached require has none
    ASSERT_TRUE(r->contains("late")) << r->dump();
    EXPECT_EQ((*r)["late"], "f-min");
    EXPECT_EQ(e.run.exit_code, 1);
}

TEST(Section1, MinisterialWithTheWrongTopicDoesNotCount) {
    Eval e = eval_minerals(ministerial_fact("2026-04-20", "energy"), "2026-05-01");
    const json* r = find_result(e.doc, "us_jp_minerals.ministerial");
    ASSERT_NE(r, nullptr) << head(e.run.out);
    EXPECT_EQ((*r)["verdict"], "breached");
    EXPECT_FALSE(r->contains("late"));
}

TEST(Section1, NoMinisterialIsPendingOnTheDeadlineDay) {
    Eval e = eval_minerals("", "2026-04-26");
    const json* r = find_result(e.doc, "us_jp_minerals.ministerial");
    ASSERT_NE(r, nullptr) << head(e.run.out);
    EXPECT_EQ((*r)["verdict"], "pending");
    EXPECT_EQ((*r)["at_risk"], true);  // §6: the window ends within the 30-day horizon
    if (r->contains("days_left")) {
        EXPECT_EQ((*r)["days_left"], 0);
    }
    EXPECT_EQ(e.run.exit_code, 0);
}

TEST(Section1, NoMinisterialIsBreachedTheDayAfter) {
    Eval e = eval_minerals("", "2026-04-27");
    const json* r = find_result(e.doc, "us_jp_minerals.ministerial");
    ASSERT_NE(r, nullptr) << head(e.run.out);
    EXPECT_EQ((*r)["verdict"], "breached");
    EXPECT_EQ(e.run.exit_code, 1);
}

TEST(Section1, FactsAfterAsOfDoNotExist) {
    Eval e = eval_minerals(ministerial_fact("2026-04-26"), "2026-04-25");
    const json* r = find_result(e.doc, "us_jp_minerals.ministerial");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ((*r)["verdict"], "pending");
    EXPECT_EQ((*r)["evidence"], json::array());
}

// ---------------------------------------------------------------- §8 output

TEST(Section8, ExcerptWithNoFacts) {
    Eval e = eval_minerals("", "2026-11-22");
    EXPECT_EQ(e.run.exit_code, 1) << head(e.run.err);
    ASSERT_TRUE(e.doc.is_object());
    EXPECT_EQ(e.doc["as_of"], "2026-11-22");
    ASSERT_TRUE(e.doc["results"].is_array());
    EXPECT_EQ(result_ids(e.doc), (std::vector<std::string>{"us_jp_minerals.financing",
                                                           "us_jp_minerals.meet_on_request",
                                                           "us_jp_minerals.ministerial"}));
    for (const auto& r : e.doc["results"]) expect_node_shape(r, r.value("rule", "?"));
    EXPECT_EQ(e.doc["summary"], (json{{"met", 0}, {"pending", 1}, {"breached", 2}, {"void", 0}}));
    ASSERT_TRUE(e.doc["summary"]["met"].is_number_integer());

    const json* fin = find_result(e.doc, "us_jp_minerals.financing");
    const json* meet = find_result(e.doc, "us_jp_minerals.meet_on_request");
    ASSERT_TRUE(fin && meet);
    EXPECT_EQ((*fin)["verdict"], "breached");
    EXPECT_EQ((*fin)["window"], window("2025-10-28", "2026-04-28"));  // signed + 6 months
    EXPECT_EQ((*meet)["verdict"], "pending");
    EXPECT_EQ((*meet)["window"], window("2025-10-28", nullptr));  // §5 no window: open end
    EXPECT_EQ((*meet)["children"], json::array());
    EXPECT_EQ((*meet)["at_risk"], false);
}

TEST(Section8, MinisterialResultAsPrinted) {
    Eval e = eval_minerals("", "2026-11-22");
    const json* r = find_result(e.doc, "us_jp_minerals.ministerial");
    ASSERT_NE(r, nullptr) << head(e.run.out);
    EXPECT_EQ((*r)["title"],
              "Convene a bilateral Mining, Minerals and Metals Investment Ministerial");
    EXPECT_EQ((*r)["agreement"], "us_jp_minerals");
    EXPECT_EQ((*r)["party"], json::array({"US", "JP"}));
    EXPECT_EQ((*r)["verdict"], "breached");
    EXPECT_EQ((*r)["window"], window("2025-10-28", "2026-04-26"));
    EXPECT_EQ((*r)["evidence"], json::array());
    EXPECT_EQ((*r)["at_risk"], false);
    EXPECT_EQ((*r)["children"], json::array());
    EXPECT_EQ((*r)["reason"], kMinisterialReason);
}

TEST(Section8, FailOnChangesTheExitStatus) {
    EXPECT_EQ(eval_minerals("", "2026-11-22", {"--fail-on", "never"}).run.exit_code, 0);
    EXPECT_EQ(eval_minerals("", "2026-11-22", {"--fail-on", "pending"}).run.exit_code, 1);
    EXPECT_EQ(eval_minerals("", "2026-11-22", {"--fail-on", "breached"}).run.exit_code, 1);
    // As of 2026-01-01 nothing is breached yet: only --fail-on pending fails.
    EXPECT_EQ(eval_minerals("", "2026-01-01").run.exit_code, 0);
    EXPECT_EQ(eval_minerals("", "2026-01-01", {"--fail-on", "pending"}).run.exit_code, 1);
    EXPECT_EQ(eval_minerals("", "2026-01-01", {"--fail-on", "never"}).run.exit_code, 0);
}

const char* const kMeetings =
    R"({"id":"f-0007","date":"2026-01-10","type":"meeting_requested","party":"JP","by":"JP","ref":"R-1"})"
    "\n"
    R"({"id":"f-0008","date":"2026-01-15","type":"meeting_held","party":"US","ref":"R-1"})"
    "\n"
    R"({"id":"f-0009","date":"2026-02-01","type":"meeting_requested","party":"US","by":"US","ref":"R-2"})"
    "\n";

TEST(Section8, ForEachInstancesAreSuffixedWithTheTriggerId) {
    Eval e = eval_minerals(kMeetings, "2026-03-01");
    const json* meet = find_result(e.doc, "us_jp_minerals.meet_on_request");
    ASSERT_NE(meet, nullptr) << head(e.run.out);
    expect_node_shape(*meet, "meet_on_request");
    EXPECT_EQ((*meet)["verdict"], "breached");
    ASSERT_EQ((*meet)["children"].size(), 2u) << meet->dump(2);

    const json* met = find_child(*meet, "us_jp_minerals.meet_on_request[f-0007]");
    ASSERT_NE(met, nullptr) << meet->dump(2);
    EXPECT_EQ((*met)["verdict"], "met");
    EXPECT_EQ((*met)["window"], window("2026-01-10", "2026-01-20"));
    EXPECT_EQ((*met)["evidence"], json::array({"f-0007", "f-0008"}));  // trigger, then body

    const json* late = find_child(*meet, "us_jp_minerals.meet_on_request[f-0009]");
    ASSERT_NE(late, nullptr) << meet->dump(2);
    EXPECT_EQ((*late)["verdict"], "breached");
    EXPECT_EQ((*late)["window"], window("2026-02-01", "2026-02-11"));
    // A composite's evidence is that of its parts with its own verdict.
    EXPECT_EQ((*meet)["evidence"], (*late)["evidence"]);
}

// Ids are written as they are unless JSON needs them escaped: a quote, a backslash or a
// control character in an id still comes out as the same text, in evidence, instance ids
// (through the rule id) and late fulfilments.
TEST(Section8, IdsThatNeedEscapingAreEscaped) {
    const std::string facts =
        R"({"id":"f-\"7\"\\x","date":"2026-01-10","type":"meeting_requested","party":"JP","by":"JP","ref":"R-1"})"
        "\n"
        R"({"id":"f-8\tb","date":"2026-01-15","type":"meeting_held","party":"US","ref":"R-1"})"
        "\n";
    Eval e = eval_minerals(facts, "2026-03-01");
    const json* meet = find_result(e.doc, "us_jp_minerals.meet_on_request");
    ASSERT_NE(meet, nullptr) << head(e.run.out);
    ASSERT_EQ((*meet)["children"].size(), 1u) << meet->dump(2);
    const json& child = (*meet)["children"][0];
    EXPECT_EQ(child["rule"], "us_jp_minerals.meet_on_request[f-\"7\"\\x]");
    EXPECT_EQ(child["evidence"], json::array({"f-\"7\"\\x", "f-8\tb"}));
    EXPECT_EQ(child["verdict"], "met");
}

TEST(Section8, ForEachWithAnOpenTriggerWindowIsAtBestPending) {
    std::string facts(kMeetings);
    facts = facts.substr(0, facts.rfind("{\"id\":\"f-0009\""));
    Eval e = eval_minerals(facts, "2026-03-01");
    const json* meet = find_result(e.doc, "us_jp_minerals.meet_on_request");
    ASSERT_NE(meet, nullptr) << head(e.run.out);
    EXPECT_EQ((*meet)["verdict"], "pending");
    EXPECT_EQ((*meet)["evidence"], json::array());  // §9.10: a pending node has none
    ASSERT_EQ((*meet)["children"].size(), 1u);
    EXPECT_EQ((*meet)["children"][0]["verdict"], "met");
}

TEST(Section8, PendingInstanceNearItsDeadlineIsAtRisk) {
    std::string facts(kMeetings);
    facts = facts.substr(facts.rfind("{\"id\":\"f-0009\""));
    Eval e = eval_minerals(facts, "2026-02-05");
    const json* meet = find_result(e.doc, "us_jp_minerals.meet_on_request");
    ASSERT_NE(meet, nullptr) << head(e.run.out);
    const json* inst = find_child(*meet, "us_jp_minerals.meet_on_request[f-0009]");
    ASSERT_NE(inst, nullptr) << meet->dump(2);
    EXPECT_EQ((*inst)["verdict"], "pending");
    EXPECT_EQ((*inst)["at_risk"], true);
    EXPECT_EQ((*meet)["at_risk"], true);  // a composite is at risk when a pending part is
}

TEST(Section8, EndedAgreementMakesPendingRulesVoid) {
    // Ends 30 days after the notice: 2026-01-31. Everything still pending then is void.
    const std::string notice =
        R"({"id":"f-end","date":"2026-01-01","type":"discontinuation_notice","party":"US","agreement":"us_jp_minerals"})"
        "\n";
    Eval e = eval_minerals(notice, "2026-11-22");
    EXPECT_EQ(e.run.exit_code, 0) << head(e.run.err);
    EXPECT_EQ(e.doc["summary"], (json{{"met", 0}, {"pending", 0}, {"breached", 0}, {"void", 3}}));
    const json* r = find_result(e.doc, "us_jp_minerals.ministerial");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ((*r)["verdict"], "void");
    EXPECT_EQ((*r)["evidence"], json::array({"f-end"}));  // §9.10
}

// ---------------------------------------------------------------- determinism and filters

TEST(Determinism, SameEvalTwiceIsByteIdentical) {
    std::string facts = std::string(kMeetings) + ministerial_fact("2026-04-27");
    for (const char* format : {"json", "text"}) {
        TempDir dir;
        dir.write("facts.jsonl", facts);
        std::vector<std::string> args = {"eval",    kMinerals,    "--facts",  dir / "facts.jsonl",
                                         "--as-of", "2026-11-22", "--format", format};
        RunResult a = run_abide(args);
        RunResult b = run_abide(args);
        EXPECT_EQ(a.exit_code, 1) << format << "\n" << head(a.err);
        EXPECT_FALSE(a.out.empty()) << format;
        EXPECT_EQ(a.out, b.out) << format;
        EXPECT_EQ(a.exit_code, b.exit_code) << format;
    }
}

TEST(Filters, RuleGlobSelectsByIdAndRecountsTheSummary) {
    Eval e = eval_minerals("", "2026-11-22", {"--rule", "us_jp_minerals.m*"});
    EXPECT_EQ(result_ids(e.doc), (std::vector<std::string>{"us_jp_minerals.meet_on_request",
                                                           "us_jp_minerals.ministerial"}));
    EXPECT_EQ(e.doc["summary"], (json{{"met", 0}, {"pending", 1}, {"breached", 1}, {"void", 0}}));
    EXPECT_EQ(e.run.exit_code, 1);

    Eval only_pending = eval_minerals("", "2026-11-22", {"--rule", "*.meet_on_request"});
    EXPECT_EQ(result_ids(only_pending.doc),
              (std::vector<std::string>{"us_jp_minerals.meet_on_request"}));
    EXPECT_EQ(only_pending.run.exit_code, 0);  // the breached rules were filtered out
}

TEST(Filters, PartySelectsByObligor) {
    TempDir dir;
    dir.write("other.abide",
              "event soybean_purchase { quantity: mass }\n"
              "rule cn.soybeans {\n  title \"Buy 12 Mt of US soybeans\"\n  party CN\n"
              "  require sum(soybean_purchase.quantity) >= 12 Mt by 2025-12-31\n}\n");
    dir.write("empty.jsonl", "");
    auto run = [&](const std::string& party) {
        RunResult r =
            run_abide({"eval", kMinerals, dir / "other.abide", "--facts", dir / "empty.jsonl",
                       "--as-of", "2026-11-22", "--format", "json", "--party", party});
        json doc = json::parse(r.out, nullptr, false);
        EXPECT_FALSE(doc.is_discarded()) << head(r.out) << head(r.err);
        return result_ids(doc);
    };
    EXPECT_EQ(run("CN"), (std::vector<std::string>{"cn.soybeans"}));
    EXPECT_EQ(run("JP"), (std::vector<std::string>{"us_jp_minerals.financing",
                                                   "us_jp_minerals.meet_on_request",
                                                   "us_jp_minerals.ministerial"}));
    EXPECT_EQ(run("KR"), std::vector<std::string>{});
}

TEST(Filters, TopLevelRuleHasNullAgreement) {
    TempDir dir;
    dir.write("other.abide",
              "event soybean_purchase { quantity: mass }\n"
              "rule cn.soybeans { party CN  require sum(soybean_purchase.quantity) >= 12 Mt by "
              "2025-12-31 }\n");
    dir.write(
        "facts.jsonl",
        R"({"id":"f-1","date":"2025-11-01","type":"soybean_purchase","party":"CN","quantity":"4.2 Mt"})"
        "\n");
    RunResult r = run_abide({"eval", dir / "other.abide", "--facts", dir / "facts.jsonl", "--as-of",
                             "2026-01-05", "--format", "json"});
    json doc = json::parse(r.out, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << head(r.err);
    const json* res = find_result(doc, "cn.soybeans");
    ASSERT_NE(res, nullptr);
    expect_node_shape(*res, "cn.soybeans");
    EXPECT_TRUE((*res)["agreement"].is_null());
    EXPECT_EQ((*res)["verdict"], "breached");
    EXPECT_EQ((*res)["window"], window(nullptr, "2025-12-31"));  // §5: by D, unbounded start
    EXPECT_EQ((*res)["evidence"], json::array({"f-1"}));         // §9.10: what it counted
    EXPECT_EQ(r.exit_code, 1);
}

// ---------------------------------------------------------------- help and version

TEST(Help, CheckListsItsFlags) {
    RunResult r = run_abide({"check", "--help"});
    EXPECT_EQ(r.exit_code, 0) << r.status();
    for (const char* flag : {"--strict", "--facts", "--help"})
        EXPECT_NE(r.out.find(flag), std::string::npos) << flag << " not in\n" << r.out;
}

TEST(Help, EvalListsItsFlags) {
    RunResult r = run_abide({"eval", "--help"});
    EXPECT_EQ(r.exit_code, 0) << r.status();
    for (const char* flag : {"--facts", "--as-of", "--format", "--rule", "--party", "--horizon",
                             "--fail-on", "--skip-invalid", "--color"})
        EXPECT_NE(r.out.find(flag), std::string::npos) << flag << " not in\n" << r.out;
}

TEST(Help, VersionPrintsAVersion) {
    RunResult r = run_abide({"--version"});
    EXPECT_EQ(r.exit_code, 0) << r.status();
    EXPECT_TRUE(std::regex_search(r.out, std::regex("[0-9]+\\.[0-9]+\\.[0-9]+"))) << r.out;
}

TEST(Stdout, EmptyOnExitTwoEvenWithValidRulesBefore) {
    // The rules compile and the first log is fine; the second is bad: no partial report.
    TempDir dir;
    dir.write("a.jsonl", ministerial_fact("2026-04-26"));
    dir.write("b.jsonl", "{\"id\":\"x\"}\n");
    RunResult r = run_abide({"eval", kMinerals, "--facts", dir / "a.jsonl", dir / "b.jsonl",
                             "--as-of", "2026-05-01", "--format", "json"});
    EXPECT_EQ(r.exit_code, 2) << r.status();
    EXPECT_EQ(r.out, "");
    EXPECT_TRUE(std::regex_search(r.err, std::regex("b\\.jsonl:1(:[0-9]+)?: error: "))) << r.err;
}

// ---------------------------------------------------------------- robustness

TEST(Robustness, HugeQuantitiesNeverGiveInvalidJson) {
    // Each value is a finite double; their sum is not. Either the input is refused (exit 2,
    // positioned) or the report stays valid JSON (no `inf`).
    TempDir dir;
    dir.write("sum.abide",
              "event shipment { qty: mass }\n"
              "rule t.sum { require sum(shipment.qty) >= 1 t by 2026-12-31 }\n");
    dir.write(
        "facts.jsonl",
        R"({"id":"f-1","date":"2026-01-01","type":"shipment","qty":{"value":1.5e308,"unit":"t"}})"
        "\n"
        R"({"id":"f-2","date":"2026-01-02","type":"shipment","qty":{"value":1.5e308,"unit":"t"}})"
        "\n");
    RunResult r = run_abide({"eval", dir / "sum.abide", "--facts", dir / "facts.jsonl", "--as-of",
                             "2026-06-01", "--format", "json"});
    ASSERT_EQ(r.term_signal, 0) << r.status();
    if (r.exit_code == 2) {
        EXPECT_EQ(r.out, "");
        EXPECT_TRUE(std::regex_search(r.err, std::regex("facts\\.jsonl:[0-9]+(:[0-9]+)?: error: ")))
            << r.err;
    } else {
        json doc = json::parse(r.out, nullptr, false);
        EXPECT_FALSE(doc.is_discarded()) << "not valid JSON:\n" << head(r.out);
    }
}

TEST(Robustness, RangeEndingAtIntMaxDoesNotHang) {
    // Two whole numbers: accepted (exit 0) or refused with a position (exit 2), but promptly.
    TempDir dir;
    dir.write("range.abide",
              "event shipment { n: number }\n"
              "rule t.r { for y in 2147483646..2147483647: require shipment where n == y }\n");
    RunResult r = run_abide({"check", dir / "range.abide"});
    ASSERT_FALSE(r.timed_out) << "abide check hung";
    ASSERT_EQ(r.term_signal, 0) << r.status();
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 2) << r.status();
    if (r.exit_code == 2) {
        EXPECT_TRUE(std::regex_search(r.err, std::regex("range\\.abide:2:[0-9]+: error: ")))
            << r.err;
    }
}

// ---------------------------------------------------------------- CSV and JSON Lines

TEST(Formats, CsvAndJsonLinesGiveTheSameReport) {
    const std::string jsonl =
        R"({"id":"f-0001","date":"2026-01-10","type":"meeting_requested","party":"JP","by":"JP","ref":"R-1"})"
        "\n"
        R"({"id":"f-0002","date":"2026-01-15","type":"meeting_held","party":"US","ref":"R-1"})"
        "\n"
        R"({"id":"f-0003","date":"2026-03-02","type":"financing_approved","party":"US","project":"gallium refinery","amount":"500 million USD"})"
        "\n"
        R"({"id":"f-0004","date":"2026-02-01","type":"meeting_requested","party":"US","by":"US","ref":"R-2"})"
        "\n"
        R"({"id":"f-0005","date":"2026-04-20","type":"ministerial_convened","party":"US","topic":"mining, minerals and metals","parties":"US, JP","source":"https://example.org/a,b"})"
        "\n";
    const std::string csv =
        "id,date,type,party,by,ref,project,amount,topic,parties,source\n"
        "f-0001,2026-01-10,meeting_requested,JP,JP,R-1,,,,,\n"
        "f-0002,2026-01-15,meeting_held,US,,R-1,,,,,\n"
        "f-0003,2026-03-02,financing_approved,US,,,gallium refinery,500 million USD,,,\n"
        "f-0004,2026-02-01,meeting_requested,US,US,R-2,,,,,\n"
        "f-0005,2026-04-20,ministerial_convened,US,,,,,\"mining, minerals and metals\",\"US, JP\","
        "\"https://example.org/a,b\"\n";
    Eval a = eval_minerals(jsonl, "2026-11-22", {}, "facts.jsonl");
    Eval b = eval_minerals(csv, "2026-11-22", {}, "facts.csv");
    EXPECT_EQ(a.run.exit_code, 1) << head(a.run.err);
    EXPECT_EQ(b.run.exit_code, 1) << head(b.run.err);
    EXPECT_FALSE(a.run.out.empty());
    EXPECT_EQ(a.run.out, b.run.out);

    const json* min = find_result(a.doc, "us_jp_minerals.ministerial");
    const json* fin = find_result(a.doc, "us_jp_minerals.financing");
    const json* meet = find_result(a.doc, "us_jp_minerals.meet_on_request");
    ASSERT_TRUE(min && fin && meet) << head(a.run.out);
    EXPECT_EQ((*min)["verdict"], "met");
    EXPECT_EQ((*fin)["verdict"], "met");
    EXPECT_EQ((*fin)["evidence"], json::array({"f-0003"}));
    EXPECT_EQ((*meet)["verdict"], "breached");
}

}  // namespace
}  // namespace abide::testing
