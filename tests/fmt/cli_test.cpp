// `abide fmt` end to end: the real binary on files in a temp dir (print, --check, -w, -v,
// exit statuses, nothing on stdout on exit 2), and the shipped rule library formatted with -w
// evaluating to the same JSON as the original.
#include <sys/stat.h>

#include <chrono>
#include <regex>

#include "tests/cli/support.hpp"

namespace abide::testing {
namespace {

const std::string kFormatted =
    "event e { a: text }\n"
    "\n"
    "rule r {\n"
    "  title \"x\"\n"
    "  require e where a == \"1\"  # why\n"
    "    by 2026-01-01\n"
    "}\n";
const std::string kUnformatted =
    "event e{a:text}\n\n\n"
    "rule r {title \"x\"\n"
    "require e where a==\"1\"    # why\n"
    "by 2026-01-01}";
const std::string kBroken = "event e { a: text }\nrule r { require e wthin 3 days }\n";

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(FmtCli, PrintsTheFormattedTextOfOneFile) {
    TempDir dir;
    dir.write("a.abide", kUnformatted);
    auto r = run_abide({"fmt", dir / "a.abide"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, kFormatted);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(slurp(dir / "a.abide"), kUnformatted) << "printing must not touch the file";
}

TEST(FmtCli, ReadsStandardInput) {
    auto r = run_abide({"fmt", "-"}, kUnformatted);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, kFormatted);
}

TEST(FmtCli, CheckExitsZeroWhenEverythingIsFormatted) {
    TempDir dir;
    dir.write("a.abide", kFormatted);
    dir.write("sub/t.test.abide", "test t {\n  expect r met at 2026-01-01\n}\n");
    auto r = run_abide({"fmt", "--check", dir.path()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "");
}

TEST(FmtCli, CheckExitsOneListingTheFilesThatWouldChange) {
    TempDir dir;
    dir.write("a.abide", kFormatted);
    dir.write("b.abide", kUnformatted);
    dir.write("sub/t.test.abide", "test t { expect r met at 2026-01-01 }\n");
    auto r = run_abide({"fmt", "--check", dir.path()});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(r.out, dir / "b.abide" + "\n" + dir / "sub/t.test.abide" + "\n");
    EXPECT_EQ(slurp(dir / "b.abide"), kUnformatted) << "--check must not touch the file";
}

TEST(FmtCli, CheckVerboseShowsAUnifiedDiff) {
    TempDir dir;
    dir.write("b.abide", kUnformatted);
    auto r = run_abide({"fmt", "--check", "-v", dir / "b.abide"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    const std::string path = dir / "b.abide";
    EXPECT_EQ(r.out.rfind(
                  path + "\n--- " + path + "\n+++ " + path + " (formatted)\n@@ -1,6 +1,7 @@\n", 0),
              0u)
        << r.out;
    EXPECT_NE(r.out.find("\n-event e{a:text}\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\n+event e { a: text }\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\n-by 2026-01-01}\n\\ No newline at end of file\n"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("\n+  require e where a == \"1\"  # why\n"), std::string::npos) << r.out;
}

TEST(FmtCli, CheckExitsTwoOnASyntaxErrorWithNothingOnStdout) {
    TempDir dir;
    dir.write("a.abide", kUnformatted);
    dir.write("bad.abide", kBroken);
    auto r = run_abide({"fmt", "--check", dir.path()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find(dir / "bad.abide" + ":2:20: error: "), std::string::npos) << r.err;
}

TEST(FmtCli, WriteRewritesOnlyTheFilesThatChange) {
    TempDir dir;
    dir.write("a.abide", kFormatted);
    dir.write("b.abide", kUnformatted);
    // An old mtime on the formatted file shows whether it was rewritten.
    auto old = fs::file_time_type::clock::now() - std::chrono::hours(24 * 365);
    fs::last_write_time(dir / "a.abide", old);
    ASSERT_EQ(chmod((dir / "b.abide").c_str(), 0640), 0);
    auto r = run_abide({"fmt", "-w", dir.path()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(slurp(dir / "b.abide"), kFormatted);
    EXPECT_EQ(slurp(dir / "a.abide"), kFormatted);
    EXPECT_EQ(fs::last_write_time(dir / "a.abide"), old) << "an unchanged file was rewritten";
    struct stat st {};
    ASSERT_EQ(stat((dir / "b.abide").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0640u) << "permissions were not kept";
    size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++entries;
    EXPECT_EQ(entries, 2u) << "a temporary file was left behind";
    // Run again: nothing left to do.
    auto again = run_abide({"fmt", "--check", dir.path()});
    EXPECT_EQ(again.exit_code, 0) << again.out;
}

TEST(FmtCli, WriteThroughASymbolicLinkRewritesItsTarget) {
    TempDir dir;
    dir.write("real/b.abide", kUnformatted);
    fs::create_symlink(dir / "real/b.abide", dir / "b.abide");
    auto r = run_abide({"fmt", "-w", dir / "b.abide"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::is_symlink(dir / "b.abide"));
    EXPECT_EQ(slurp(dir / "real/b.abide"), kFormatted);
}

TEST(FmtCli, WriteVerboseNamesTheRewrittenFiles) {
    TempDir dir;
    dir.write("a.abide", kFormatted);
    dir.write("b.abide", kUnformatted);
    auto r = run_abide({"fmt", "-w", "-v", dir.path()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "abide: formatted " + dir / "b.abide" + "\n");
}

TEST(FmtCli, WriteChangesNothingWhenAFileDoesNotParse) {
    TempDir dir;
    dir.write("b.abide", kUnformatted);
    dir.write("bad.abide", kBroken);
    auto r = run_abide({"fmt", "-w", dir.path()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(slurp(dir / "b.abide"), kUnformatted);
    EXPECT_EQ(slurp(dir / "bad.abide"), kBroken);
}

TEST(FmtCli, BadUsageExitsTwo) {
    TempDir dir;
    dir.write("a.abide", kFormatted);
    dir.write("b.abide", kFormatted);
    auto several = run_abide({"fmt", dir.path()});
    EXPECT_EQ(several.exit_code, 2);
    EXPECT_EQ(several.out, "");
    EXPECT_NE(several.err.find("use -w"), std::string::npos) << several.err;
    auto missing = run_abide({"fmt", "--check", dir / "nope.abide"});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("nope.abide: no such file or folder"), std::string::npos);
    auto both = run_abide({"fmt", "-w", "--check", dir.path()});
    EXPECT_EQ(both.exit_code, 2);
    auto help = run_abide({"fmt", "--help"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("--check"), std::string::npos);
}

// The shipped library, copied and rewritten with -w, evaluates to the same JSON document.
TEST(FmtCli, TheFormattedRuleLibraryEvaluatesToTheSameJson) {
    TempDir dir;
    fs::copy(std::string(ABIDE_SOURCE_DIR) + "/rules", dir / "rules", fs::copy_options::recursive);
    auto w = run_abide({"fmt", "-w", dir / "rules"});
    ASSERT_EQ(w.exit_code, 0) << w.err;
    auto check = run_abide({"fmt", "--check", dir / "rules"});
    EXPECT_EQ(check.exit_code, 0) << check.out;
    const std::string facts = std::string(ABIDE_SOURCE_DIR) + "/examples/facts";
    for (const char* as_of : {"2025-11-10", "2026-11-22", "2032-01-01"}) {
        auto a = run_abide({"eval", std::string(ABIDE_SOURCE_DIR) + "/rules", "--facts", facts,
                            "--as-of", as_of, "--format", "json"});
        auto b = run_abide(
            {"eval", dir / "rules", "--facts", facts, "--as-of", as_of, "--format", "json"});
        EXPECT_EQ(a.exit_code, b.exit_code) << as_of;
        EXPECT_NE(a.out.find("\"results\""), std::string::npos) << a.err;
        EXPECT_EQ(a.out, b.out) << as_of;
    }
}

}  // namespace
}  // namespace abide::testing
