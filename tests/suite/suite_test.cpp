// `abide test` end to end (the real binary), test-file diagnostics, coverage, and the CI
// reports of `test` and `eval` (-o junit/github/json), JUnit checked with xmllint against
// tests/suite/junit.xsd and read back with python3's xml.etree.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "dsl/compile.hpp"
#include "dsl/test_compile.hpp"
#include "suite/run.hpp"
#include "tests/cli/support.hpp"

namespace abide::testing {
namespace {

const char* kRules = R"(event ministerial_convened { topic: text }
event meeting_requested { ref: text }
event meeting_held { ref: text }
event shipment { amount: number }
event notice { agreement: text }

agreement ag {
  signed 2025-10-28
  parties US, JP
  ends 30 days after notice
  rule ministerial {
    require ministerial_convened within 180 days after signed
  }
  rule meet {
    for each meeting_requested as req:
      require meeting_held where ref == req.ref within 10 days after req.date
  }
}
rule top.cap {
  require sum(shipment.amount) <= 10
}
rule top.untested {
  forbid shipment between 2026-01-01 and 2026-12-31
}
)";

// Line numbers matter: the tests below look for them.
const char* kSuite = R"(# a suite with one test of each outcome
test passing {
  facts {
    {"id":"m1","date":"2026-04-26","type":"ministerial_convened","topic":"x"}
  }
  expect ag.ministerial pending at 2026-04-25
  expect ag.ministerial met at 2026-04-26 evidence [m1] reason "ministerial_convened"
}
test failing {
  expect ag.ministerial met at 2026-05-01
}
test erroring {
  facts {
    {"id":"b1","date":"2026-04-26","type":"ministerial_convened","topic":3}
  }
  expect ag.ministerial met at 2026-05-01
}
test skipping {
  skip "later"
  expect ag.ministerial met at 2027-01-01
}
)";

struct Junit {
    int tests = 0, failures = 0, errors = 0, skipped = 0;
    std::string cases;  // "name:classname:status" joined by ';'
};

// Reads a JUnit file with python3's xml.etree: totals of the first testsuite and each case.
Junit read_junit(const std::string& path) {
    const char* script = R"(import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == 'testsuites', root.tag
s = root.find('testsuite')
print(s.get('tests'), s.get('failures'), s.get('errors'), s.get('skipped'))
cases = []
for c in root.iter('testcase'):
    status = 'passed'
    for tag in ('failure', 'error', 'skipped'):
        if c.find(tag) is not None: status = tag
    props = ','.join(p.get('name') + '=' + p.get('value') for p in c.iter('property'))
    cases.append(c.get('name') + ':' + c.get('classname') + ':' + status + (':' + props if props else ''))
print(';'.join(cases))
)";
    auto r = run_program("/usr/bin/env", {"python3", "-c", script, path});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    Junit j;
    std::istringstream in(r.out);
    in >> j.tests >> j.failures >> j.errors >> j.skipped;
    in >> std::ws;
    std::getline(in, j.cases);
    return j;
}

void expect_valid_junit(const std::string& path) {
    auto r = run_program("/usr/bin/env",
                         {"xmllint", "--noout", "--schema",
                          std::string(ABIDE_SOURCE_DIR) + "/tests/suite/junit.xsd", path});
    EXPECT_EQ(r.exit_code, 0) << "xmllint: " << r.err << r.out;
}

class SuiteTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir.write("rules.abide", kRules);
        dir.write("suite.test.abide", kSuite);
    }
    TempDir dir;
};

TEST_F(SuiteTest, MixedOutcomesGiveSummaryExitTwoAndJUnit) {
    fs::create_directories(dir / "out");
    auto r = run_abide(expand({"test", "@", "-o", "junit=" + (dir / "out/report.xml")}, dir));
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.out.find("1 passed, 1 failed, 1 errored, 1 skipped"), std::string::npos) << r.out;
    // The failure: at the expectation's file:line, expected vs actual, reason and evidence.
    EXPECT_NE(r.out.find("suite.test.abide:10: expect ag.ministerial met at 2026-05-01"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("expected met, got breached"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("reason: no ministerial_convened"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("evidence: []"), std::string::npos) << r.out;
    // The bad inline fact, at its line and column in the test file.
    EXPECT_NE(r.out.find("suite.test.abide:14:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("must be text"), std::string::npos) << r.out;

    expect_valid_junit(dir / "out/report.xml");
    Junit j = read_junit(dir / "out/report.xml");
    EXPECT_EQ(j.tests, 4);
    EXPECT_EQ(j.failures, 1);
    EXPECT_EQ(j.errors, 1);
    EXPECT_EQ(j.skipped, 1);
    const std::string file = dir / "suite.test.abide";
    EXPECT_NE(j.cases.find("passing:" + file + ":passed"), std::string::npos) << j.cases;
    EXPECT_NE(j.cases.find("failing:" + file + ":failure"), std::string::npos) << j.cases;
    EXPECT_NE(j.cases.find("erroring:" + file + ":error"), std::string::npos) << j.cases;
    EXPECT_NE(j.cases.find("skipping:" + file + ":skipped"), std::string::npos) << j.cases;
    // No temporary file is left beside the report.
    size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "out")) ++files;
    EXPECT_EQ(files, 1u);
}

TEST_F(SuiteTest, RunFiltersByName) {
    auto r = run_abide(expand({"test", "@", "--run", "^(pass|skip)"}, dir));
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("1 passed, 0 failed, 0 errored, 1 skipped"), std::string::npos) << r.out;

    r = run_abide(
        expand({"test", "@", "--run", "pass|fail", "-o", "junit=" + (dir / "f.xml")}, dir));
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("1 passed, 1 failed, 0 errored, 0 skipped"), std::string::npos) << r.out;
    Junit j = read_junit(dir / "f.xml");
    EXPECT_EQ(j.tests, 2);
    EXPECT_EQ(j.failures, 1);
    EXPECT_EQ(j.cases.find("erroring"), std::string::npos) << j.cases;

    r = run_abide(expand({"test", "@", "--run", "nothing_has_this_name"}, dir));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("no test name matches --run"), std::string::npos) << r.err;

    r = run_abide(expand({"test", "@", "--run", "^skip"}, dir));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("0 passed, 0 failed, 0 errored, 1 skipped"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("every selected test is skipped"), std::string::npos) << r.err;

    r = run_abide(expand({"test", "@", "--run", "(unclosed"}, dir));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(SuiteTest, VerboseShowsEachVerdict) {
    auto r = run_abide(expand({"test", "@", "--run", "passing", "-v"}, dir));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("PASS passing"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("ok  " + (dir / "suite.test.abide") +
                         ":6: ag.ministerial pending at "
                         "2026-04-25"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find(":7: ag.ministerial met at 2026-04-26"), std::string::npos) << r.out;
}

TEST_F(SuiteTest, ParseErrorsArePositionedWithSuggestions) {
    dir.write("bad.test.abide", R"(test a {
  expct ag.ministerial met at 2026-01-01
}
test b {
  expect ag.ministerial breeched at 2026-01-01
}
test passing {
  expect ag.ministerial met at 2026-01-01
}
)");
    auto r = run_abide(expand({"test", "@"}, dir));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(r.out.empty()) << r.out;
    const std::string bad = dir / "bad.test.abide";
    EXPECT_NE(r.err.find(bad + ":2:3: error: expected 'title', 'rules', 'facts', 'expect', "
                               "'skip' or '}', found 'expct'; did you mean 'expect'?"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(bad + ":5:25: error: expected verdict 'met', 'pending', 'breached' or "
                               "'void', found 'breeched'; did you mean 'breached'?"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("^"), std::string::npos) << r.err;
    // The duplicate name points at the later test, with a note at the earlier one.
    // Files are read in name order: bad.test.abide's `passing` comes first.
    EXPECT_NE(r.err.find("suite.test.abide:2:6: error: duplicate test name 'passing'"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(bad + ":7:6: note: previous test 'passing' is here"), std::string::npos)
        << r.err;
}

TEST_F(SuiteTest, ErrorsOfTargetsAndGlobs) {
    dir.write("suite.test.abide", R"(test unknown_rule {
  expect ag.ministeral met at 2026-05-01
}
test unknown_child {
  expect ag.meet[r-9] met at 2026-05-01
}
test glob_matches_nothing {
  rules zz.*
  expect ag.ministerial met at 2026-05-01
}
test misspelt_type {
  facts {
    {"id":"m1","date":"2026-01-05","type":"ministerial_convend"}
  }
  expect ag.ministerial met at 2026-05-01
}
test negative_sum {
  facts {
    {"id":"s1","date":"2026-01-05","type":"shipment","amount":-3}
  }
  expect top.cap pending at 2026-02-01
}
)");
    auto r = run_abide(expand({"test", "@"}, dir));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("0 passed, 0 failed, 5 errored, 0 skipped"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(":2:3: error: 'ag.ministeral' names no rule of the rule set; did you "
                         "mean 'ag.ministerial'?"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find(":5:3: error: 'ag.meet[r-9]' names no instance or part"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find(":8:9: error: 'zz.*' in 'rules' matches no rule"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("stopped"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(":13:5: error: fact 'm1' has type 'ministerial_convend', which no event "
                         "declares; did you mean 'ministerial_convened'?"),
              std::string::npos)
        << r.out;
}

TEST_F(SuiteTest, ChildTargetsEvidenceAndFixtures) {
    dir.write("fixtures/requests.jsonl",
              "{\"id\":\"r-1\",\"date\":\"2026-04-20\",\"type\":\"meeting_requested\","
              "\"ref\":\"r-1\"}\n");
    dir.write("suite.test.abide", R"(test request_met {
  rules ag.*
  facts "fixtures/requests.jsonl"
  facts {
    # a comment line
    {"id":"h-1","date":"2026-04-25","type":"meeting_held","ref":"r-1"}
  }
  expect ag.meet[r-1] met at 2026-05-01 evidence [r-1, "h-1"] at_risk no
  expect ag.meet pending at 2026-05-01 evidence []
  expect ag.meet[r-1] pending at 2026-04-21 at_risk yes
}
)");
    auto r = run_abide(expand({"test", "@", "-v"}, dir));
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("1 passed, 0 failed, 0 errored, 0 skipped"), std::string::npos) << r.out;

    // The same test with a wrong evidence list fails and says so.
    dir.write("suite.test.abide", R"(test request_met {
  facts "fixtures/requests.jsonl"
  expect ag.meet[r-1] breached at 2026-05-01 evidence [r-1, x] reason "nothing like this"
}
)");
    r = run_abide(expand({"test", "@"}, dir));
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("expected evidence [r-1, x], got [r-1]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("reason does not contain \"nothing like this\""), std::string::npos)
        << r.out;
}

TEST_F(SuiteTest, CoverageListsReachedVerdictsAndUntouchedRules) {
    auto r = run_abide(expand(
        {"test", "@", "--run", "passing", "--coverage", "-o", "json=" + (dir / "c.json")}, dir));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("top.untested"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("no test touches this rule"), std::string::npos) << r.out;
    std::ifstream in(dir / "c.json");
    auto doc = nlohmann::json::parse(in);
    EXPECT_EQ(doc["summary"]["passed"], 1);
    auto& cov = doc["coverage"];
    // Reachable: ministerial met/pending/breached/void (agreement ends), meet pending/breached/
    // void (its trigger window never closes), top.cap pending/breached (a cap with no end is
    // never met), top.untested met/pending/breached.
    EXPECT_EQ(cov["reachable"], 4 + 3 + 2 + 3);
    EXPECT_EQ(cov["covered"], 2);  // ministerial pending and met
    bool seen = false;
    for (auto& rule : cov["rules"]) {
        if (rule["rule"] == "ag.ministerial") {
            seen = true;
            EXPECT_EQ(rule["reached"], nlohmann::json::array({"met", "pending"}));
            EXPECT_EQ(rule["missing"], nlohmann::json::array({"breached", "void"}));
            EXPECT_EQ(rule["touched"], true);
        }
        if (rule["rule"] == "top.cap") {
            EXPECT_EQ(rule["reachable"], nlohmann::json::array({"pending", "breached"}));
        }
        if (rule["rule"] == "ag.meet") {
            EXPECT_EQ(rule["reachable"], nlohmann::json::array({"pending", "breached", "void"}));
        }
        if (rule["rule"] == "top.untested") {
            EXPECT_EQ(rule["touched"], false);
        }
    }
    EXPECT_TRUE(seen);

    r = run_abide(expand({"test", "@", "--run", "passing", "--coverage-min", "50"}, dir));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("below --coverage-min"), std::string::npos) << r.err;
    r = run_abide(expand({"test", "@", "--run", "passing", "--coverage-min", "10"}, dir));
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(SuiteTest, GithubAnnotationsAtTheTestLine) {
    auto r = run_abide(expand({"test", "@", "--run", "failing", "-o", "github"}, dir));
    EXPECT_EQ(r.exit_code, 1);
    const std::string want =
        "::error file=" + (dir / "suite.test.abide") + ",line=9,title=test failing failed::";
    EXPECT_EQ(r.out.rfind(want, 0), 0u) << r.out;
    EXPECT_NE(r.out.find("expected met, got breached%0A"), std::string::npos) << r.out;
}

TEST_F(SuiteTest, OutputsAreCheckedBeforeRunning) {
    auto r = run_abide(expand({"test", "@", "-o", "json", "-o", "text"}, dir));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(r.out.empty());
    EXPECT_NE(r.err.find("only one report can go to standard output"), std::string::npos) << r.err;
    r = run_abide(expand({"test", "@", "-o", "xml=" + (dir / "x")}, dir));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("unknown format 'xml'"), std::string::npos) << r.err;
    r = run_abide(expand({"test", "@", "-o", "junit=" + (dir / "no/such/dir/x.xml")}, dir));
    EXPECT_EQ(r.exit_code, 2);
    // A broken rule file: exit 2, diagnostics on stderr, nothing on stdout.
    dir.write("rules.abide", "rule x { requir e }\n");
    r = run_abide(expand({"test", "@", "-o", "junit=" + (dir / "j.xml")}, dir));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_NE(r.err.find("rules.abide:1:10: error:"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "j.xml"));
    r = run_abide({"test", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("--coverage-min"), std::string::npos);
}

TEST_F(SuiteTest, EvalWritesJUnitGithubAndJson) {
    dir.write("facts.jsonl",
              "{\"id\":\"r-1\",\"date\":\"2026-04-20\",\"type\":\"meeting_requested\","
              "\"ref\":\"r-1\"}\n"
              "{\"id\":\"s1\",\"date\":\"2026-04-20\",\"type\":\"shipment\",\"amount\":2}\n");
    // The folder holds a test file too: eval reads only the rules.
    auto r = run_abide(
        expand({"eval", "@", "--facts", "@facts.jsonl", "--as-of", "2026-05-10", "-o",
                "junit=" + (dir / "e.xml"), "-o", "github", "-o", "json=" + (dir / "e.json")},
               dir));
    EXPECT_EQ(r.exit_code, 1) << r.err;  // breached rules
    const std::string rules = dir / "rules.abide";
    EXPECT_NE(r.out.find("::error file=" + rules + ",line=11,title=ag.ministerial breached::"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("::error file=" + rules + ",line=14,title=ag.meet breached::"),
              std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find("top.cap"), std::string::npos) << r.out;  // pending, not at risk

    expect_valid_junit(dir / "e.xml");
    Junit j = read_junit(dir / "e.xml");
    EXPECT_EQ(j.tests, 4);
    EXPECT_EQ(j.failures, 3);  // ministerial, meet, untested (a shipment in 2026)
    EXPECT_NE(j.cases.find("ag.ministerial:ag:failure:verdict=breached"), std::string::npos)
        << j.cases;
    EXPECT_NE(j.cases.find("top.cap:" + rules + ":passed:verdict=pending"), std::string::npos)
        << j.cases;

    std::ifstream in(dir / "e.json");
    auto doc = nlohmann::json::parse(in);
    EXPECT_EQ(doc["summary"]["breached"], 3);

    // Pending with 16 days left: at risk, a warning at the rule's line.
    r = run_abide(expand({"eval", "@", "--facts", "@facts.jsonl", "--as-of", "2026-04-10", "--rule",
                          "ag.ministerial", "-o", "github"},
                         dir));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("::warning file=" + rules + ",line=11,title=ag.ministerial at risk::", 0),
              0u)
        << r.out;

    // --format stays the shortcut for standard output.
    r = run_abide(expand({"eval", "@", "--facts", "@facts.jsonl", "--as-of", "2026-05-10",
                          "--format", "json", "-o", "junit=" + (dir / "e2.xml")},
                         dir));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(nlohmann::json::parse(r.out)["summary"]["breached"], 3);
    EXPECT_TRUE(fs::exists(dir / "e2.xml"));
}

// ---- in-process: the parser and the static coverage analysis ----

std::shared_ptr<const core::SourceFile> source(const std::string& path, const std::string& text) {
    return std::make_shared<core::SourceFile>(path, text);
}

TEST(TestFiles, InlineFactsKeepTheirLinesAndCommentsAreNotFacts) {
    core::Diagnostics diags;
    auto files = dsl::compile_tests({source("t/x.test.abide", R"(test t {
  title "T"
  facts "../fix/a.jsonl"
  facts {   # inline
    # not a fact
      {"id":"a","date":"2026-01-01","type":"e"}

    {"id":"b","date":"2026-01-02","type":"e"}
  }
  expect r.x met at 2026-01-03 evidence [] at_risk yes
})")},
                                    diags);
    ASSERT_TRUE(files) << (diags.all().empty() ? "" : diags.all()[0].message);
    const suite::Test& t = (*files)[0].tests[0];
    EXPECT_EQ(t.title, "T");
    ASSERT_EQ(t.facts.size(), 2u);
    EXPECT_EQ(t.facts[0].path, "fix/a.jsonl");
    ASSERT_EQ(t.facts[1].lines.size(), 2u);
    EXPECT_EQ(t.facts[1].lines[0].pos.line, 6u);
    EXPECT_EQ(t.facts[1].lines[0].pos.col, 7u);
    EXPECT_EQ(t.facts[1].lines[1].pos.line, 8u);
    ASSERT_EQ(t.expects.size(), 1u);
    EXPECT_TRUE(t.expects[0].evidence && t.expects[0].evidence->empty());
    EXPECT_EQ(t.expects[0].at_risk, true);
}

TEST(TestFiles, StructuralErrors) {
    core::Diagnostics diags;
    auto files = dsl::compile_tests({source("x.test.abide", R"(test a {
  title "one"
  title "two"
}
test b {
  facts {"id":"x"}
  expect r met at 2026-01-01
}
)"),
                                     source("y.test.abide", R"(
tst c {
  expect r met at 2026-01-01
}
)")},
                                    diags);
    EXPECT_FALSE(files);
    std::string all;
    for (const auto& d : diags.all())
        all +=
            std::to_string(d.pos.line) + ":" + std::to_string(d.pos.col) + " " + d.message + "\n";
    EXPECT_NE(all.find("3:3 duplicate 'title' in a test"), std::string::npos) << all;
    EXPECT_NE(all.find("1:6 test 'a' has no 'expect'"), std::string::npos) << all;
    EXPECT_NE(all.find("6:10 expected a line break after 'facts {'"), std::string::npos) << all;
    EXPECT_NE(all.find("2:1 expected 'test', found 'tst'; did you mean 'test'?"), std::string::npos)
        << all;
}

TEST(Coverage, ReachableVerdictsFromTheIr) {
    core::Diagnostics diags;
    auto set = dsl::compile({source("r.abide", R"(event e { n: number }
rule a.req_open { require e }
rule a.req_closed { require e by 2026-01-01 }
rule a.forbid_open { forbid e }
rule a.forbid_closed { forbid e during 2026 }
rule a.cap_closed { require sum(e.n) <= 3 during 2026 }
rule a.eq_open { require count(e) == 3 }
rule a.each_closed { for each e during 2026 as x: require e within 3 days after x.date }
rule a.any { any { forbid e  require e } }
rule a.all { all { forbid e  require e } }
rule a.two_of { at least 2 of { forbid e  require e  require e by 2026-01-01 } }
)")},
                            diags);
    ASSERT_TRUE(set) << (diags.all().empty() ? "" : diags.all()[0].message);
    using engine::Verdict;
    const auto M = suite::bit(Verdict::Met), P = suite::bit(Verdict::Pending),
               B = suite::bit(Verdict::Breached);
    std::map<std::string, int> want = {
        {"a.req_open", M | P},
        {"a.req_closed", M | P | B},
        {"a.forbid_open", P | B},
        {"a.forbid_closed", M | P | B},
        {"a.cap_closed", M | P | B},
        {"a.eq_open", P},
        {"a.each_closed", M | P | B},
        {"a.any", M | P},
        {"a.all", P | B},
        {"a.two_of", M | P | B},
    };
    for (const auto& rule : set->rules)
        EXPECT_EQ(int(suite::reachable_verdicts(*set, rule)), want.at(rule.id)) << rule.id;
}

}  // namespace
}  // namespace abide::testing
