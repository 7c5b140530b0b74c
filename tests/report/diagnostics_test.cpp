#include "report/diagnostics.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace abide::report {
namespace {

using core::Diagnostic;
using core::Severity;
using core::SourceFile;

std::string render(const Diagnostic& d) {
    std::ostringstream out;
    write_diagnostic(out, d, false);
    return out.str();
}

TEST(Diagnostics, PositionLineAndCaret) {
    SourceFile src("rules/x.abide", "rule r {\n  requir done\n}\n");
    auto d = core::make_diagnostic(Severity::Error, src, 11, "expected 'require', found 'requir'");
    EXPECT_EQ(render(d),
              "rules/x.abide:2:3: error: expected 'require', found 'requir'\n"
              "    requir done\n"
              "    ^\n");
}

TEST(Diagnostics, CaretFollowsTabs) {
    SourceFile src("a.abide", "\tx y\n");
    auto d = core::make_diagnostic(Severity::Warning, src, 3, "w");
    EXPECT_EQ(render(d), "a.abide:1:4: warning: w\n  \tx y\n  \t  ^\n");
}

TEST(Diagnostics, NoPositionUsesProgramName) {
    Diagnostic d;
    d.message = "--as-of: 'x' is not a date";
    EXPECT_EQ(render(d), "abide: error: --as-of: 'x' is not a date\n");
}

TEST(Diagnostics, LongLinesAreCutAroundTheColumn) {
    std::string line(100000, 'a');
    line[60000] = 'X';
    SourceFile src("big.jsonl", line);
    auto d = core::make_diagnostic(Severity::Error, src, 60000, "bad");
    std::string out = render(d);
    EXPECT_LT(out.size(), 500u);
    auto first_nl = out.find('\n');
    auto second_nl = out.find('\n', first_nl + 1);
    std::string shown = out.substr(first_nl + 1, second_nl - first_nl - 1);
    std::string caret = out.substr(second_nl + 1);
    // The caret sits under the X.
    EXPECT_EQ(shown[caret.find('^')], 'X');
}

TEST(Diagnostics, NotesFollowTheirError) {
    SourceFile src("a.abide", "rule r { require x }\nrule r { require x }\n");
    auto d = core::make_diagnostic(Severity::Error, src, 26, "duplicate rule id 'r'");
    d.notes.push_back(core::make_diagnostic(Severity::Note, src, 5, "'r' was first defined here"));
    std::string out = render(d);
    EXPECT_NE(out.find("a.abide:2:6: error: duplicate rule id 'r'"), std::string::npos);
    EXPECT_NE(out.find("a.abide:1:6: note: 'r' was first defined here"), std::string::npos);
    EXPECT_LT(out.find("error"), out.find("note"));
}

TEST(Diagnostics, ControlBytesInTheLineAreMasked) {
    SourceFile src("a.abide", std::string("ab\x1b[31mc\n"));
    auto d = core::make_diagnostic(Severity::Error, src, 0, "bad byte");
    EXPECT_EQ(render(d).find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace abide::report
