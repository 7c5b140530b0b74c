// Change detection and the renderers, on snapshots built in code.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/changes.hpp"
#include "report/escape.hpp"
#include "report/report.hpp"

namespace abide::report {
namespace {

using engine::Verdict;

core::Date day(const char* s) {
    return *core::parse_date(s);
}

NodeRecord node(std::string id, Verdict v, std::vector<std::string> evidence = {},
                uint32_t depth = 0) {
    NodeRecord n;
    n.id = std::move(id);
    n.verdict = v;
    n.evidence = std::move(evidence);
    n.depth = depth;
    n.kind = "require";
    n.reason = "because";
    return n;
}

RuleRecord rule(std::string id, std::vector<NodeRecord> nodes) {
    RuleRecord r;
    r.id = std::move(id);
    r.party = {"US"};
    r.agreement = "demo";
    r.nodes = std::move(nodes);
    return r;
}

Snapshot snap(const char* as_of, std::vector<RuleRecord> rules) {
    Snapshot s;
    s.as_of = day(as_of);
    s.rules = std::move(rules);
    recount(s);
    return s;
}

TEST(Changes, IdenticalSnapshotsHaveNone) {
    auto s = snap("2026-03-01", {rule("a.x", {node("a.x", Verdict::Pending)})});
    EXPECT_TRUE(detect_changes(s, s).empty());
}

TEST(Changes, EachKind) {
    auto pending_risk = node("a.risk", Verdict::Pending);
    auto before = snap("2026-03-01", {rule("a.agg", {node("a.agg", Verdict::Pending, {"f1"})}),
                                      rule("a.broke", {node("a.broke", Verdict::Pending)}),
                                      rule("a.each", {node("a.each", Verdict::Pending),
                                                      node("a.each[t1]", Verdict::Pending, {}, 1),
                                                      node("a.each[t2]", Verdict::Pending, {}, 1)}),
                                      rule("a.gone", {node("a.gone", Verdict::Pending)}),
                                      rule("a.met", {node("a.met", Verdict::Pending)}),
                                      rule("a.risk", {pending_risk}),
                                      rule("a.same", {node("a.same", Verdict::Met, {"f0"})}),
                                      rule("a.void", {node("a.void", Verdict::Pending)})});
    pending_risk.at_risk = true;
    auto same = node("a.same", Verdict::Met, {"f0"});
    same.reason = "another wording";  // a reason alone is no change
    auto after = snap("2026-03-08", {rule("a.agg", {node("a.agg", Verdict::Pending, {"f1", "f2"})}),
                                     rule("a.broke", {node("a.broke", Verdict::Breached)}),
                                     rule("a.each", {node("a.each", Verdict::Pending),
                                                     node("a.each[t1]", Verdict::Pending, {}, 1),
                                                     node("a.each[t3]", Verdict::Pending, {}, 1)}),
                                     rule("a.met", {node("a.met", Verdict::Met, {"f3"})}),
                                     rule("a.new", {node("a.new", Verdict::Pending)}),
                                     rule("a.risk", {pending_risk}), rule("a.same", {same}),
                                     rule("a.void", {node("a.void", Verdict::Void)})});
    auto changes = detect_changes(before, after);
    std::vector<std::pair<std::string, ChangeKind>> got;
    for (const auto& c : changes) got.emplace_back(c.node, c.kind);
    std::vector<std::pair<std::string, ChangeKind>> want = {
        {"a.agg", ChangeKind::NewEvidence},     {"a.broke", ChangeKind::NewlyBreached},
        {"a.each[t3]", ChangeKind::NodeAdded},  {"a.each[t2]", ChangeKind::NodeRemoved},
        {"a.gone", ChangeKind::RuleRemoved},    {"a.met", ChangeKind::NewlyMet},
        {"a.new", ChangeKind::RuleAdded},       {"a.risk", ChangeKind::NewlyAtRisk},
        {"a.void", ChangeKind::VerdictChanged},
    };
    EXPECT_EQ(got, want);
    EXPECT_EQ(changes[0].new_evidence, std::vector<std::string>{"f2"});
    EXPECT_EQ(changes[5].new_evidence, std::vector<std::string>{"f3"});
    EXPECT_TRUE(newly(changes[1], Verdict::Breached));
    EXPECT_FALSE(newly(changes[5], Verdict::Breached));
    EXPECT_TRUE(newly(changes[6], Verdict::Pending));  // a new rule is newly pending
    EXPECT_EQ(changed_rules(changes).size(), 8u);
}

TEST(Changes, NewInstanceAlreadyBreachedIsNewlyBreached) {
    auto before = snap("2026-03-01", {rule("a.e", {node("a.e", Verdict::Pending)})});
    auto after = snap(
        "2026-03-08",
        {rule("a.e", {node("a.e", Verdict::Breached), node("a.e[t]", Verdict::Breached, {}, 1)})});
    auto changes = detect_changes(before, after);
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[1].kind, ChangeKind::NewlyBreached);
    EXPECT_FALSE(changes[1].before.has_value());
}

// --- escaping ---------------------------------------------------------------------------

constexpr const char* kHostile =
    "<script>alert('x')</script> | *bold* _under_ [link](javascript:alert(1)) `tick` # ~ & \\";

Report hostile_report() {
    auto r = rule("a.evil", {node("a.evil", Verdict::Met, {"f<1>"})});
    r.title = kHostile;
    r.cite = kHostile;
    r.note = kHostile;
    r.party = {"<b>US</b>"};
    r.agreement_title = kHostile;
    r.nodes[0].reason = kHostile;
    Report rep;
    rep.snapshot = snap("2026-03-08", {r});
    rep.snapshot.facts.push_back(FactRef{
        "f<1>", day("2026-03-01"), "<img src=x onerror=alert(1)>", "CN",
        std::string(kHostile) + " see https://example.org/a?b=1&c=2, javascript:alert(2) and "
                                "http://evil.example/\"onmouseover=alert(3)"});
    auto before = rep.snapshot;
    before.rules[0].nodes[0].verdict = Verdict::Pending;
    before.rules[0].nodes[0].evidence.clear();
    rep.changes = detect_changes(before, rep.snapshot);
    rep.since = RunRef{1, day("2026-03-01"), "2026-03-01T00:00:00Z"};
    return rep;
}

TEST(Escape, HtmlRendersRuleAndFactTextAsText) {
    std::ostringstream out;
    write_html(out, hostile_report());
    const std::string html = out.str();
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("<b>US"), std::string::npos);
    EXPECT_EQ(html.find("javascript:alert(1)\""), std::string::npos);
    EXPECT_EQ(html.find("href=\"javascript"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
    // The only links: the two http(s) URLs of the source, cut before the quote.
    EXPECT_NE(html.find("<a href=\"https://example.org/a?b=1&amp;c=2\""), std::string::npos);
    EXPECT_NE(html.find("<a href=\"http://evil.example/\""), std::string::npos);
    size_t links = 0;
    for (size_t at = html.find("href=\"http"); at != std::string::npos;
         at = html.find("href=\"http", at + 1))
        ++links;
    EXPECT_EQ(links, 2u);
    EXPECT_EQ(html.find("onmouseover=alert(3)\">"), std::string::npos);
}

TEST(Escape, MarkdownEscapesControlCharacters) {
    std::ostringstream out;
    write_markdown(out, hostile_report());
    const std::string md = out.str();
    const std::string escaped =
        "\\<script\\>alert('x')\\</script\\> \\| \\*bold\\* \\_under\\_ "
        "\\[link\\](javascript:alert(1)) \\`tick\\` \\# \\~ \\& \\\\";
    EXPECT_EQ(markdown(kHostile), escaped);
    EXPECT_NE(md.find(escaped), std::string::npos);
    // No markup gets through: every < and every [ in the document is escaped.
    for (size_t i = 0; i < md.size(); ++i)
        if (md[i] == '<' || md[i] == '[') {
            EXPECT_EQ(md[i - 1], '\\') << md.substr(i, 20);
        }
    EXPECT_EQ(md.find("](javascript"), md.find("\\](javascript") + 1);
    // Every table row keeps its column count: no unescaped | comes from the text.
    std::istringstream lines(md);
    std::string line;
    size_t rows = 0;
    int columns = -1;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] != '|') {
            columns = -1;
            continue;
        }
        int bars = 0;
        for (size_t i = 0; i < line.size(); ++i)
            if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++bars;
        if (columns < 0) columns = bars;
        EXPECT_EQ(bars, columns) << line;
        ++rows;
    }
    EXPECT_GT(rows, 6u);
}

TEST(Escape, MarkdownLineBreaksBecomeSpaces) {
    EXPECT_EQ(markdown("a\nb\r\nc"), "a b  c");
}

TEST(Escape, CsvQuotesPerRfc4180) {
    EXPECT_EQ(csv_field("plain"), "plain");
    EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
    std::ostringstream out;
    write_csv(out, hostile_report());
    const std::string csv = out.str();
    EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
              "as_of,rule,title,agreement,party,verdict,at_risk,window_start,window_end,"
              "days_left,value,target,unit,evidence,late,reason,cite,note,change");
    EXPECT_NE(csv.find("\r\n2026-03-08,a.evil,"), std::string::npos);
    EXPECT_NE(csv.find(",newly met\r\n"), std::string::npos);
}

TEST(Escape, SplitUrlsOnlyHttp) {
    auto pieces =
        split_urls("see https://a.example/x. and ftp://b, javascript:c, xhttp://d http://e)");
    std::vector<std::string> urls;
    for (const auto& p : pieces)
        if (p.url) urls.emplace_back(p.text);
    EXPECT_EQ(urls, (std::vector<std::string>{"https://a.example/x", "http://e"}));
    std::string joined;
    for (const auto& p : pieces) joined += p.text;
    EXPECT_EQ(joined, "see https://a.example/x. and ftp://b, javascript:c, xhttp://d http://e)");
}

TEST(Report, JsonHasChangesAndEscapedStrings) {
    std::ostringstream out;
    write_report_json(out, hostile_report());
    const std::string json = out.str();
    auto j = nlohmann::json::parse(json);
    EXPECT_EQ(j["changed_rules"], nlohmann::json::array({"a.evil"}));
    EXPECT_EQ(j["changes"][0]["change"], "newly met");
    EXPECT_EQ(j["results"][0]["title"], kHostile);
    EXPECT_EQ(j["facts"][0]["id"], "f<1>");
    EXPECT_EQ(j["since"]["id"], 1);
}

}  // namespace
}  // namespace abide::report
