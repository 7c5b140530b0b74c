// The language's examples compile, and inputs that are hostile (deep nesting, huge lines,
// several files) give clean diagnostics.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "test_util.hpp"

namespace abide::dsl {
namespace {

using test::compile_text;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const std::string kMinerals = std::string(ABIDE_SOURCE_DIR) + "/tests/golden/ok/minerals.abide";

TEST(Compile, LanguageSection1FileCompilesCleanly) {
    auto c = compile_text(read_file(kMinerals), {.strict = true});
    ASSERT_TRUE(c->set) << c->dump();
    EXPECT_TRUE(c->diags.all().empty()) << c->dump();
    ASSERT_EQ(c->set->rules.size(), 3u);
    EXPECT_EQ(c->set->rules[0].id, "us_jp_minerals.financing");
    EXPECT_EQ(c->set->rules[1].id, "us_jp_minerals.meet_on_request");
    EXPECT_EQ(c->set->rules[2].id, "us_jp_minerals.ministerial");
    EXPECT_EQ(c->set->schema.size(), 5u);
}

TEST(Compile, OneLineRule) {
    auto c = compile_text("event x_done {} rule r { require x_done by 2026-01-01 }");
    ASSERT_TRUE(c->set) << c->dump();
    ASSERT_EQ(c->set->rules.size(), 1u);
    EXPECT_EQ(c->set->rules[0].id, "r");
}

TEST(Compile, EmptyFileIsAnEmptyRuleSet) {
    for (const char* text : {"", "   \n\t\n", "# only a comment\n# and another"}) {
        auto c = compile_text(text);
        ASSERT_TRUE(c->set) << c->dump();
        EXPECT_TRUE(c->set->rules.empty());
        EXPECT_TRUE(c->diags.all().empty());
    }
}

TEST(Compile, FreeLayoutCommentsAndCrLf) {
    auto c = compile_text(
        "event r{p:percent}#c\r\nrule x{require r where p>=15%#c\r\n}\r\n"
        "rule y {\r\n  require\r\n r\r\n where\r\n p\r\n <\r\n 15\r\n %\r\n}");
    ASSERT_TRUE(c->set) << c->dump();
    EXPECT_EQ(c->set->rules.size(), 2u);
}

TEST(Compile, KeywordsAreReservedOnlyWhereTheyStartAClause) {
    auto c = compile_text(
        "event e { agreement: text  party: party  within: text  rule: number  for: text }\n"
        "rule r { require e where agreement == \"a\" and within == \"w\" and rule == 3 and "
        "for == \"f\" and party == US }");
    ASSERT_TRUE(c->set) << c->dump();
    // `party` is the built-in field, not a slot of its own (§9.3).
    EXPECT_EQ(c->set->schema.event(0).attrs.size(), 4u);
}

TEST(Compile, StrictRequiresTitlePartyCite) {
    const char* text = "event x {} rule r { require x }";
    EXPECT_TRUE(compile_text(text)->set);
    auto c = compile_text(text, {.strict = true});
    EXPECT_FALSE(c->set);
    EXPECT_EQ(c->diags.error_count(), 3u) << c->dump();
}

TEST(Compile, ErrorsOfSeveralFilesAreAllReported) {
    core::Diagnostics diags(100);
    std::vector<std::shared_ptr<const core::SourceFile>> files{
        std::make_shared<core::SourceFile>("a.abide", "rule r { requir x }"),
        std::make_shared<core::SourceFile>("b.abide", "event e { a text }")};
    EXPECT_FALSE(compile(files, diags));
    ASSERT_EQ(diags.all().size(), 2u);
    EXPECT_EQ(diags.all()[0].file, "a.abide");
    EXPECT_EQ(diags.all()[1].file, "b.abide");
}

TEST(Compile, DuplicatesAcrossFilesPointAtTheLaterOneWithANote) {
    core::Diagnostics diags(100);
    std::vector<std::shared_ptr<const core::SourceFile>> files{
        std::make_shared<core::SourceFile>("a.abide", "event e {}\nrule x.r { require e }"),
        std::make_shared<core::SourceFile>("b.abide", "\nevent e {}\n\nrule x.r { forbid e }")};
    EXPECT_FALSE(compile(files, diags));
    ASSERT_EQ(diags.all().size(), 2u);
    const auto& ev = diags.all()[0];
    EXPECT_EQ(ev.file, "b.abide");
    EXPECT_EQ(ev.pos.line, 2u);
    EXPECT_EQ(ev.pos.col, 7u);
    ASSERT_EQ(ev.notes.size(), 1u);
    EXPECT_EQ(ev.notes[0].file, "a.abide");
    EXPECT_EQ(ev.notes[0].pos.line, 1u);
    const auto& rule = diags.all()[1];
    EXPECT_EQ(rule.file, "b.abide");
    EXPECT_EQ(rule.pos.line, 4u);
    EXPECT_NE(rule.message.find("duplicate rule id 'x.r'"), std::string::npos);
    ASSERT_EQ(rule.notes.size(), 1u);
    EXPECT_EQ(rule.notes[0].pos.line, 2u);
}

TEST(Compile, RulesMayNameEventsAndAgreementsOfOtherFiles) {
    core::Diagnostics diags(100);
    std::vector<std::shared_ptr<const core::SourceFile>> files{
        std::make_shared<core::SourceFile>("rules.abide",
                                           "rule z.r { require e by a.signed + 1 month }"),
        std::make_shared<core::SourceFile>("decl.abide",
                                           "event e {} agreement a { signed 2026-01-31 "
                                           "rule r { require e } }")};
    auto set = compile(files, diags);
    ASSERT_TRUE(set);
    ASSERT_EQ(set->rules.size(), 2u);
    EXPECT_EQ(set->rules[0].id, "a.r");
    EXPECT_EQ(set->rules[1].id, "z.r");
}

TEST(Compile, TheErrorCapStopsTheRun) {
    std::string text;
    for (int i = 0; i < 20; ++i) text += "rule r" + std::to_string(i) + " { requir x }\n";
    core::Diagnostics diags(5);
    std::vector<std::shared_ptr<const core::SourceFile>> files{
        std::make_shared<core::SourceFile>("a.abide", text)};
    EXPECT_FALSE(compile(files, diags));
    EXPECT_EQ(diags.error_count(), 5u);
    EXPECT_TRUE(diags.full());
}

// ---- hostile input: each must give one clean, positioned error (the test finishing at all
// shows there was no stack overflow; no timing is asserted).

std::string repeat(std::string_view s, size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (size_t i = 0; i < n; ++i) out += s;
    return out;
}

void expect_one_error(const test::Compiled& c, uint32_t line, uint32_t col,
                      const std::string& part) {
    EXPECT_FALSE(c.set);
    ASSERT_EQ(c.diags.all().size(), 1u) << c.dump();
    const auto& d = c.diags.all()[0];
    EXPECT_EQ(d.pos.line, line);
    EXPECT_EQ(d.pos.col, col);
    EXPECT_NE(d.message.find(part), std::string::npos) << d.message;
}

TEST(Hostile, ParenthesesNested100000Deep) {
    const std::string line1 = "event x { a: number }\n";
    const std::string head = line1 + "rule r { require x where ";
    std::string text = head + repeat("(", 100000) + "a == 1" + repeat(")", 100000) + " }";
    auto c = compile_text(text);
    // The 257th parenthesis is one too many.
    expect_one_error(*c, 2, static_cast<uint32_t>(head.size() - line1.size() + 257),
                     "nesting deeper than 256 levels");
}

TEST(Hostile, NestingUpTo256IsFine) {
    std::string text = "event x { a: number }\nrule r { require x where " + repeat("(", 256) +
                       "a == 1" + repeat(")", 256) + " }";
    auto c = compile_text(text);
    EXPECT_TRUE(c->set) << c->dump();
}

TEST(Hostile, BlocksNested100000Deep) {
    std::string text = "event x {}\nrule r { " + repeat("all { ", 100000) + "require x" +
                       repeat(" }", 100000) + " }";
    auto c = compile_text(text);
    // The rule's own obligation is level 0; the `all` at level 257 is one too many.
    expect_one_error(*c, 2, 10 + 6 * 257, "nesting deeper than 256 levels");
}

TEST(Hostile, LoopsNested100000DeepWithoutBrackets) {
    std::string text = "event x {}\nrule r { " + repeat("for v in [a]: ", 100000) + "require x }";
    auto c = compile_text(text);
    EXPECT_FALSE(c->set);
    ASSERT_EQ(c->diags.error_count(), 1u) << c->dump().substr(0, 500);
    EXPECT_NE(c->diags.all()[0].message.find("nesting deeper than 256 levels"), std::string::npos);
}

TEST(Hostile, AMillionNotsFoldAway) {
    std::string text =
        "event x { a: number }\nrule r { require x where " + repeat("not ", 1000001) + "a == 1 }";
    auto c = compile_text(text);
    ASSERT_TRUE(c->set) << c->dump();
    const auto& where = c->set->rules[0].body->pattern.where;
    ASSERT_TRUE(where);
    EXPECT_EQ(where->kind, ir::Condition::Kind::Not);
    EXPECT_EQ(where->children[0]->kind, ir::Condition::Kind::Compare);
}

TEST(Hostile, TenMegabyteUnterminatedString) {
    std::string text =
        "event x { a: text }\nrule r { require x where a == \"" + std::string(10 << 20, 'y');
    auto c = compile_text(text);
    expect_one_error(*c, 2, 31, "unterminated string");
}

TEST(Hostile, TenMegabyteLineOfWords) {
    std::string text = "event x {}\n" + repeat("word ", 2 << 20);
    auto c = compile_text(text);
    expect_one_error(*c, 2, 1, "expected 'event', 'agreement' or 'rule', found 'word'");
}

TEST(Hostile, TenMegabyteIdentifierIsCutInTheMessage) {
    std::string text = "rule " + std::string(10 << 20, 'r') + " { requir x }";
    auto c = compile_text(text);
    ASSERT_EQ(c->diags.all().size(), 1u);
    EXPECT_LT(c->diags.all()[0].message.size(), 300u);
}

TEST(Hostile, TenMegabyteCommentIsFine) {
    std::string text = "# " + std::string(10 << 20, 'c') + "\nevent x {}";
    auto c = compile_text(text);
    EXPECT_TRUE(c->set) << c->dump();
}

TEST(Hostile, InvalidUtf8IsReportedAtTheFirstBadByte) {
    std::string text =
        "event x { a: text }\nrule r { require x where a == \"ok \xE2\x82\xAC \xFF\" }";
    auto c = compile_text(text);
    expect_one_error(*c, 2, 39, "invalid UTF-8 byte 0xFF");
    // Overlong encodings and UTF-16 surrogates are invalid too.
    expect_one_error(*compile_text("# \xC0\xAF"), 1, 3, "invalid UTF-8");
    expect_one_error(*compile_text("# \xED\xA0\x80"), 1, 3, "invalid UTF-8");
    expect_one_error(*compile_text("# \xE2\x82"), 1, 3, "invalid UTF-8");
}

}  // namespace
}  // namespace abide::dsl
