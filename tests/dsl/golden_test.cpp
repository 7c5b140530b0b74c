// Golden files, clox style: each tests/golden/{ok,errors}/*.abide file carries its expected
// diagnostics inline as `# expect-error: LINE:COL: MESSAGE PART` (or `expect-warning`). The
// file is compiled alone and the diagnostics must be exactly those expected: same severity,
// same position, a message containing the expected part, nothing more and nothing missing.
// A file under ok/ without expectations must compile with no diagnostic at all. A file with
// the line `# options: strict` is compiled as `abide check --strict` would.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>

#include "test_util.hpp"

namespace abide::dsl {
namespace {

namespace fs = std::filesystem;

struct Expected {
    core::Severity severity;
    uint32_t line, col;
    std::string part;
};

std::vector<fs::path> golden_files() {
    std::vector<fs::path> out;
    for (const char* dir : {"ok", "errors"})
        for (const auto& e :
             fs::directory_iterator(fs::path(ABIDE_SOURCE_DIR) / "tests/golden" / dir))
            if (e.path().extension() == ".abide") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

class Golden : public ::testing::TestWithParam<fs::path> {};

TEST_P(Golden, DiagnosticsAreExactlyTheExpectedOnes) {
    auto src = core::SourceFile::load(GetParam().string());
    ASSERT_TRUE(src.ok()) << src.error().message;
    const std::string& text = (*src)->text();

    std::vector<Expected> expected;
    static const std::regex kExpect(R"(# expect-(error|warning): (\d+):(\d+): (.*))");
    for (std::sregex_iterator it(text.begin(), text.end(), kExpect), end; it != end; ++it) {
        const auto& m = *it;
        expected.push_back({m[1] == "error" ? core::Severity::Error : core::Severity::Warning,
                            static_cast<uint32_t>(std::stoul(m[2])),
                            static_cast<uint32_t>(std::stoul(m[3])), m[4]});
    }
    bool is_error_case = GetParam().parent_path().filename() == "errors";
    if (is_error_case) {
        ASSERT_TRUE(std::any_of(expected.begin(), expected.end(), [](const Expected& e) {
            return e.severity == core::Severity::Error;
        })) << "an errors/ file must expect at least one error";
    }

    CompileOptions options;
    options.strict = text.find("# options: strict") != std::string::npos;
    core::Diagnostics diags(1000);
    auto set = compile({*src}, diags, options);
    EXPECT_EQ(set.has_value(), !diags.has_errors());

    std::vector<bool> matched(expected.size(), false);
    std::string unexpected;
    for (const auto& d : diags.all()) {
        bool found = false;
        for (size_t i = 0; i < expected.size() && !found; ++i) {
            const auto& e = expected[i];
            if (!matched[i] && e.severity == d.severity && e.line == d.pos.line &&
                e.col == d.pos.col && d.message.find(e.part) != std::string::npos)
                matched[i] = found = true;
        }
        if (!found)
            unexpected += "  " + std::to_string(d.pos.line) + ":" + std::to_string(d.pos.col) +
                          ": " + d.message + "\n";
        EXPECT_EQ(d.file, GetParam().string());
    }
    std::string missing;
    for (size_t i = 0; i < expected.size(); ++i)
        if (!matched[i])
            missing += "  " + std::to_string(expected[i].line) + ":" +
                       std::to_string(expected[i].col) + ": " + expected[i].part + "\n";
    EXPECT_TRUE(unexpected.empty()) << "unexpected diagnostics:\n" << unexpected;
    EXPECT_TRUE(missing.empty()) << "expected but not reported:\n" << missing;
}

INSTANTIATE_TEST_SUITE_P(Files, Golden, ::testing::ValuesIn(golden_files()),
                         [](const ::testing::TestParamInfo<fs::path>& info) {
                             std::string name = info.param.parent_path().filename().string() + "_" +
                                                info.param.stem().string();
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });

TEST(GoldenSet, HasEnoughErrorCases) {
    size_t errors = 0;
    for (const auto& p : golden_files()) errors += p.parent_path().filename() == "errors";
    EXPECT_GE(errors, 25u);
}

}  // namespace
}  // namespace abide::dsl
