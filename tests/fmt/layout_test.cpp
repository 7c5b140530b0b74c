// The canonical layout of `abide fmt` on small inputs (golden strings), comment preservation,
// and syntax errors. The round trip over every file of the repository is roundtrip_test.cpp.
#include <gtest/gtest.h>

#include <regex>

#include "dsl/format.hpp"

namespace abide::dsl {
namespace {

std::optional<std::string> fmt(const std::string& text, SourceKind kind = SourceKind::Rules,
                               core::Diagnostics* out = nullptr) {
    core::SourceFile src(kind == SourceKind::Tests ? "t.test.abide" : "t.abide", text);
    core::Diagnostics diags;
    auto r = format_source(src, kind, diags);
    if (out) *out = diags;
    if (r) {
        // Every layout here must also be a fixed point.
        core::SourceFile again(src.path(), *r);
        core::Diagnostics d2;
        auto r2 = format_source(again, kind, d2);
        EXPECT_TRUE(r2.has_value());
        if (r2) {
            EXPECT_EQ(*r2, *r) << "not idempotent";
        }
    }
    return r;
}

TEST(FmtLayout, AgreementOnOneLineBecomesOneClauseALineWithAlignedFields) {
    auto out = fmt(
        "event   done{a:text b :number}\n"
        "agreement ag{title \"T\" signed 2025-10-28 parties US,JP binding no "
        "ends 30 days after done where a==\"x\" "
        "rule r{party US cite \"s\" require done where a==\"1\"  within 180 days after signed}}");
    ASSERT_TRUE(out);
    EXPECT_EQ(*out,
              "event done { a: text  b: number }\n"
              "agreement ag {\n"
              "  title   \"T\"\n"
              "  signed  2025-10-28\n"
              "  parties US, JP\n"
              "  binding no\n"
              "  ends 30 days after done where a == \"x\"\n"
              "  rule r {\n"
              "    party US\n"
              "    cite  \"s\"\n"
              "    require done where a == \"1\" within 180 days after signed\n"
              "  }\n"
              "}\n");
}

TEST(FmtLayout, OneLineRulesAndEventsStayOnOneLine) {
    auto out =
        fmt("event x_done { }  rule r {   require x_done by 2026-01-01 }\n"
            "rule b { all { require x_done   forbid x_done } }\n"
            "rule f { for each x_done as t: require x_done within 1 days after t.date }\n");
    ASSERT_TRUE(out);
    EXPECT_EQ(*out,
              "event x_done {}\n"
              "rule r { require x_done by 2026-01-01 }\n"
              "rule b { all { require x_done  forbid x_done } }\n"
              "rule f { for each x_done as t: require x_done within 1 day after t.date }\n");
}

TEST(FmtLayout, BlocksAndLoopsNestTwoSpacesALevel) {
    auto out =
        fmt("event e { m: text  y: number }\n"
            "rule r {\n"
            "title \"x\"\n"
            "for m in [a, \"b c\"]: at least 1 of { require e where m == m during 2026-03\n"
            "for y in 2026..2028: any { require e where y == y during y forbid e from 2026-01-01 "
            "until 2026-01-01 + 6 months - 1 week } } }\n");
    ASSERT_TRUE(out);
    EXPECT_EQ(*out,
              "event e { m: text  y: number }\n"
              "rule r {\n"
              "  title \"x\"\n"
              "  for m in [a, \"b c\"]:\n"
              "    at least 1 of {\n"
              "      require e where m == m during 2026-03\n"
              "      for y in 2026..2028:\n"
              "        any {\n"
              "          require e where y == y during y\n"
              "          forbid e from 2026-01-01 until 2026-01-01 + 6 months - 1 week\n"
              "        }\n"
              "    }\n"
              "}\n");
}

TEST(FmtLayout, BreaksBeforeAndOrAndWindowsAreKeptOthersJoined) {
    auto out =
        fmt("event e { a: text  n: number }\n"
            "rule r {\n"
            "  require\n"
            "     e where a == \"1\" and\n"
            "  n > 2 or (n < 0\n"
            "       and not not a in [\"x\",\"y\"])\n"
            "   between 2026-01-01\n"
            "   and 2026-12-31\n"
            "}\n"
            "rule s {\n"
            "  require sum(e.n where a == \"1\"\n"
            "    and n > 0) >= 25_000_000.5 by 2027-01-01\n"
            "}\n");
    ASSERT_TRUE(out);
    EXPECT_EQ(*out,
              "event e { a: text  n: number }\n"
              "rule r {\n"
              "  require e where a == \"1\"\n"
              "      and n > 2 or (n < 0\n"
              "      and not not a in [\"x\", \"y\"])\n"
              "    between 2026-01-01 and 2026-12-31\n"
              "}\n"
              "rule s {\n"
              "  require sum(e.n where a == \"1\"\n"
              "      and n > 0) >= 25_000_000.5 by 2027-01-01\n"
              "}\n");
}

TEST(FmtLayout, ValuesPrintSoThatTheyReparseToTheSameMeaning) {
    auto out =
        fmt("event e { s: text  q: mass  p: percent  d: date  m: money }\n"
            "rule r { require count(e where s == \"say \\\"hi\\\"\\\\\\n\" and q >= -12.5 MMT "
            "and p < 15% and d != 2026-02-28 and m == 3 billion USD) > 2 within 1 years after "
            "2026-01-01 + 1 months + 2 weeks - 1 days }\n");
    ASSERT_TRUE(out);
    EXPECT_EQ(*out,
              "event e { s: text  q: mass  p: percent  d: date  m: money }\n"
              "rule r { require count(e where s == \"say \\\"hi\\\"\\\\\\n\" and q >= -12.5 MMT "
              "and p < 15 % and d != 2026-02-28 and m == 3 billion USD) > 2 within 1 year after "
              "2026-01-01 + 1 month + 2 weeks - 1 day }\n");
}

TEST(FmtLayout, FieldAlignmentRunsEndAtBlankLinesAndAtOtherItems) {
    auto out =
        fmt("agreement a {\n"
            "  title \"t\"\n"
            "  signed 2025-01-01\n"
            "\n"
            "  parties US\n"
            "  source \"s\"\n"
            "  rule r {\n"
            "    title \"x\"\n"
            "    note \"n\"\n"
            "    require e\n"
            "    cite \"after the obligation\"\n"
            "  }\n"
            "}\n");
    ASSERT_TRUE(out);
    EXPECT_EQ(*out,
              "agreement a {\n"
              "  title  \"t\"\n"
              "  signed 2025-01-01\n"
              "\n"
              "  parties US\n"
              "  source  \"s\"\n"
              "  rule r {\n"
              "    title \"x\"\n"
              "    note  \"n\"\n"
              "    require e\n"
              "    cite \"after the obligation\"\n"
              "  }\n"
              "}\n");
}

TEST(FmtComments, EveryCommentIsKeptInPlace) {
    const std::string in =
        "\n\n# header\n"
        "\n\n\n"
        "event e {   # on the brace line\n"
        "  a: text # short\n"
        "  bb: number      # longer\n"
        "                  # its continuation\n"
        "\n\n"
        "  # before c\n"
        "  c: date\n"
        "  # at the end of the block\n"
        "}\n"
        "rule r {\n"
        "  require e where a == \"#not a comment\" # after the condition\n"
        "    and bb > 2\n"
        "    # before the window\n"
        "    by 2026-01-01\n"
        "}   # after the rule\n"
        "# at the end\n";
    auto out = fmt(in);
    ASSERT_TRUE(out);
    EXPECT_EQ(*out,
              "# header\n"
              "\n"
              "event e {  # on the brace line\n"
              "  a: text     # short\n"
              "  bb: number  # longer\n"
              "              # its continuation\n"
              "\n"
              "  # before c\n"
              "  c: date\n"
              "  # at the end of the block\n"
              "}\n"
              "rule r {\n"
              "  require e where a == \"#not a comment\"  # after the condition\n"
              "      and bb > 2\n"
              "    # before the window\n"
              "    by 2026-01-01\n"
              "}  # after the rule\n"
              "# at the end\n");
    // The same comments, in the same order.
    static const std::regex kComment("#[^\"\\n]*\\n");
    auto comments = [](const std::string& s) {
        std::vector<std::string> v;
        for (std::sregex_iterator it(s.begin(), s.end(), kComment), end; it != end; ++it)
            v.push_back(it->str());
        return v;
    };
    EXPECT_EQ(comments(in), comments(*out));
}

TEST(FmtComments, CommentsInsideOneLineFormsForceLineBreaks) {
    auto out =
        fmt("agreement a { signed 2025-01-01 parties US, # first\n"
            " JP rule r { require e where a == \"1\" # why\n"
            " by signed } }\n");
    ASSERT_TRUE(out);
    EXPECT_EQ(*out,
              "agreement a {\n"
              "  signed  2025-01-01\n"
              "  parties US,  # first\n"
              "      JP\n"
              "  rule r {\n"
              "    require e where a == \"1\"  # why\n"
              "      by signed\n"
              "  }\n"
              "}\n");
}

TEST(FmtComments, CrlfAndTabsAndTrailingBlanksAreNormalised) {
    auto out = fmt("# c \r\nevent e {\r\n\ta: text\t# t\t\r\n}\r\n\r\n\r\nrule r { require e }");
    ASSERT_TRUE(out);
    EXPECT_EQ(*out, "# c\nevent e {\n  a: text  # t\n}\n\nrule r { require e }\n");
}

TEST(FmtComments, EmptyAndCommentOnlyFiles) {
    EXPECT_EQ(fmt(""), std::optional<std::string>(""));
    EXPECT_EQ(fmt("  \n\n"), std::optional<std::string>(""));
    EXPECT_EQ(fmt("\n# only\n\n\n#  two  \n"), std::optional<std::string>("# only\n\n#  two\n"));
}

TEST(FmtErrors, SyntaxErrorsArePositionedAndNothingIsFormatted) {
    core::Diagnostics diags;
    auto out = fmt("event e { a: text }\nrule r { require e wthin 3 days after 2026-01-01 }\n",
                   SourceKind::Rules, &diags);
    EXPECT_FALSE(out);
    ASSERT_TRUE(diags.has_errors());
    const auto& d = diags.all().front();
    EXPECT_EQ(d.file, "t.abide");
    EXPECT_EQ(d.pos.line, 2u);
    EXPECT_EQ(d.pos.col, 20u);
}

TEST(FmtErrors, SemanticErrorsDoNotStopFormatting) {
    // fmt is about layout: an undeclared event is `check`'s business.
    auto out = fmt("rule r {require nowhere}");
    ASSERT_TRUE(out);
    EXPECT_EQ(*out, "rule r { require nowhere }\n");
}

TEST(FmtTests, TestFilesGetTheSameLayoutAndFactLinesAreVerbatim) {
    const std::string in =
        "# suite\n"
        "test t1 {   title \"a \\\"b\\\"\"  # why\n"
        "rules us.*,x.y\n"
        "    facts \"f.jsonl\"\n"
        "facts {  # inline\n"
        "        {\"id\":\"m1\",\"date\":\"2026-01-01\",\"type\":\"e\",\"a\":\"# no comment\"}\n"
        "\n"
        "   # a comment line\n"
        "{\"id\":\"m2\",\"date\":\"2026-01-02\",\"type\":\"e\"}   \n"
        "      }\n"
        "expect r[#1] met   at 2026-01-01 evidence [m1,\"m 2\"] reason \"x\" at_risk no\n"
        "expect r pending at 2025-01-01 evidence []\n"
        "}\n"
        "\n\n"
        "test t2 { skip \"later\" expect r met at 2027-01-01 }\n";
    auto out = fmt(in, SourceKind::Tests);
    ASSERT_TRUE(out);
    EXPECT_EQ(*out,
              "# suite\n"
              "test t1 {\n"
              "  title \"a \\\"b\\\"\"  # why\n"
              "  rules us.*, x.y\n"
              "  facts \"f.jsonl\"\n"
              "  facts {  # inline\n"
              "    {\"id\":\"m1\",\"date\":\"2026-01-01\",\"type\":\"e\",\"a\":\"# no comment\"}\n"
              "\n"
              "    # a comment line\n"
              "    {\"id\":\"m2\",\"date\":\"2026-01-02\",\"type\":\"e\"}\n"
              "  }\n"
              "  expect r[#1] met at 2026-01-01 evidence [m1, \"m 2\"] reason \"x\" at_risk no\n"
              "  expect r pending at 2025-01-01 evidence []\n"
              "}\n"
              "\n"
              "test t2 {\n"
              "  skip \"later\"\n"
              "  expect r met at 2027-01-01\n"
              "}\n");
}

TEST(FmtTests, KindFollowsTheFileName) {
    EXPECT_EQ(source_kind("rules/tests/a.test.abide"), SourceKind::Tests);
    EXPECT_EQ(source_kind("rules/a.abide"), SourceKind::Rules);
    EXPECT_EQ(source_kind("test.abide"), SourceKind::Rules);
    core::Diagnostics diags;
    EXPECT_FALSE(fmt("test t { expect r met at 2026-01-01 }", SourceKind::Rules, &diags));
    EXPECT_TRUE(diags.has_errors());
}

}  // namespace
}  // namespace abide::dsl
