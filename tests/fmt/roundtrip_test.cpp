// The round trip of `abide fmt` over every `.abide` file of the repository (rules/, tests/,
// the fuzz seed corpus, test files, whatever is added later: found at test time) and over the
// fuzz scratch corpus when present: formatting is idempotent, and the formatted files mean
// what the originals meant. "Mean" is compared through what abide does with them: the
// compiled rule set evaluated at several as-of dates rendered as the §8 JSON (with the shipped
// facts for rules/), or, for files that do not check, the same error messages; for test files,
// the lowered suite. Files that do not parse must be refused by fmt.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/date.hpp"
#include "dsl/compile.hpp"
#include "dsl/format.hpp"
#include "dsl/format_printer.hpp"
#include "dsl/test_compile.hpp"
#include "engine/evaluate.hpp"
#include "facts/index.hpp"
#include "facts/read.hpp"
#include "report/render.hpp"

#ifndef ABIDE_SOURCE_DIR
#error "ABIDE_SOURCE_DIR must name the source tree"
#endif

namespace abide::dsl {
namespace {

namespace fs = std::filesystem;
using Files = std::vector<std::shared_ptr<const core::SourceFile>>;

const fs::path kRoot = ABIDE_SOURCE_DIR;

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Build trees, VCS data and the fuzz scratch corpora (tested on their own) are not sources.
bool skipped(const fs::path& rel) {
    std::string first = rel.begin()->string();
    std::string s = rel.generic_string();
    return first.rfind("build", 0) == 0 || first == ".git" || first == ".cache" ||
           s.rfind("fuzz/corpus-", 0) == 0 || first == "node_modules";
}

std::vector<fs::path> repository_files() {
    std::vector<fs::path> out;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(kRoot, ec), end; !ec && it != end; it.increment(ec)) {
        fs::path rel = fs::relative(it->path(), kRoot);
        if (it->is_directory() && skipped(rel)) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && it->path().extension() == ".abide") out.push_back(rel);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string messages(const core::Diagnostics& diags) {
    std::string out;
    for (const auto& d : diags.all())
        out += (d.severity == core::Severity::Error ? "error: " : "warning: ") + d.message + "\n";
    return out;
}

// What a set of rule files means: its check messages, and when it compiles, the JSON of its
// evaluation against `fact_log` (none: no facts) at several as-of dates.
std::string rule_meaning(const Files& files, const std::string& fact_log = {}) {
    core::Diagnostics diags(1000);
    auto set = compile(files, diags);
    std::string out = messages(diags);
    if (!set) return out;
    out += std::to_string(set->rules.size()) + " rules\n";
    facts::FactSet facts(set->schema);
    if (!fact_log.empty()) {
        core::Diagnostics fact_diags;
        auto read = facts::read_facts(fact_log, facts, fact_diags);
        EXPECT_TRUE(read.ok() && !fact_diags.has_errors()) << fact_log;
    }
    facts::FactIndex index(facts);
    for (const char* date :
         {"2025-01-01", "2025-11-10", "2026-04-26", "2026-11-22", "2032-01-01"}) {
        engine::Options options{*core::parse_date(date), 30, 1};
        auto ev = engine::evaluate(*set, facts, index, options);
        if (!ev) {
            out += std::string("evaluation stopped: ") + ev.error().message + "\n";
            continue;
        }
        std::ostringstream json;
        report::write_json(json, *ev, *set, facts);
        out += json.str();
    }
    return out;
}

// What test files mean: their check messages, and the lowered tests without positions.
std::string test_meaning(const Files& files) {
    core::Diagnostics diags(1000);
    auto suite = compile_tests(files, diags);
    std::string out = messages(diags);
    if (!suite) return out;
    for (const auto& file : *suite)
        for (const auto& t : file.tests) {
            out += "test " + t.name + " title=" + t.title + " skip=" + t.skip.value_or("-") + "\n";
            for (const auto& g : t.rule_globs) out += "  rules " + g + "\n";
            for (const auto& f : t.facts) {
                out += "  facts " + f.path + "\n";
                for (const auto& l : f.lines) out += "    " + l.text + "\n";
            }
            for (const auto& e : t.expects) {
                out += "  expect " + e.target + " " + suite::to_string(e.verdict) + " " +
                       core::to_string(e.date);
                if (e.evidence) {
                    out += " evidence";
                    for (const auto& id : *e.evidence) out += " [" + id + "]";
                }
                if (e.reason) out += " reason [" + *e.reason + "]";
                if (e.at_risk) out += *e.at_risk ? " at_risk yes" : " at_risk no";
                out += "\n";
            }
        }
    return out;
}

struct Outcome {
    bool parsed = false;
    std::string formatted;
};

// Formats one file and checks the round trip; the formatted file keeps the original's path,
// so that test files resolve their fixtures alike.
Outcome round_trip(const std::string& path, const std::string& text, SourceKind kind) {
    Outcome o;
    auto src = std::make_shared<const core::SourceFile>(path, text);
    core::Diagnostics diags;
    auto out = format_source(*src, kind, diags);
    if (!out) {
        for (const auto& d : diags.all())
            EXPECT_NE(d.message.rfind("internal error:", 0), 0u) << path << ": " << d.message;
        EXPECT_TRUE(diags.has_errors()) << path;
        return o;
    }
    o.parsed = true;
    o.formatted = *out;
    auto again_src = std::make_shared<const core::SourceFile>(path, *out);
    core::Diagnostics again_diags;
    auto again = format_source(*again_src, kind, again_diags);
    EXPECT_TRUE(again.has_value()) << path << ": the formatted text does not format";
    if (again) {
        EXPECT_EQ(*again, *out) << path << ": formatting is not idempotent";
    }
    if (kind == SourceKind::Tests) {
        EXPECT_EQ(test_meaning({again_src}), test_meaning({src})) << path;
    } else {
        EXPECT_EQ(rule_meaning({again_src}), rule_meaning({src})) << path;
    }
    return o;
}

TEST(FmtRoundTrip, EveryAbideFileOfTheRepository) {
    auto files = repository_files();
    size_t parsed = 0, refused = 0, tests = 0, seeds = 0;
    for (const auto& rel : files) {
        SCOPED_TRACE(rel.string());
        SourceKind kind = source_kind(rel.string());
        Outcome o = round_trip((kRoot / rel).string(), read(kRoot / rel), kind);
        (o.parsed ? parsed : refused) += 1;
        tests += kind == SourceKind::Tests;
        seeds += rel.generic_string().rfind("fuzz/corpus/dsl/", 0) == 0;
    }
    std::cout << "[  fmt     ] " << files.size() << " files: " << parsed << " formatted, "
              << refused << " refused (syntax errors), " << tests << " test files, " << seeds
              << " fuzz seeds\n";
    // The repository has its rule library, golden files and fuzz seeds: a walk that finds
    // few files is a broken walk, not a pass.
    EXPECT_GE(parsed, 40u);
    EXPECT_GE(refused, 5u);
    EXPECT_GE(seeds, 10u);
}

TEST(FmtRoundTrip, TheRuleLibraryEvaluatesAlikeAgainstTheShippedFacts) {
    Files before, after;
    for (const auto& e : fs::directory_iterator(kRoot / "rules")) {
        std::string p = e.path().string();
        if (e.path().extension() != ".abide" || source_kind(p) == SourceKind::Tests) continue;
        auto src = std::make_shared<const core::SourceFile>(p, read(e.path()));
        core::Diagnostics diags;
        auto out = format_source(*src, SourceKind::Rules, diags);
        ASSERT_TRUE(out) << p;
        before.push_back(src);
        after.push_back(std::make_shared<const core::SourceFile>(p, *out));
    }
    ASSERT_GE(before.size(), 5u);
    std::string log = (kRoot / "examples/facts/events.jsonl").string();
    std::string meaning = rule_meaning(before, log);
    EXPECT_NE(meaning.find("\"breached\""), std::string::npos)
        << "the comparison must see real verdicts";
    EXPECT_NE(meaning.find("\"met\""), std::string::npos);
    EXPECT_EQ(rule_meaning(after, log), meaning);
}

// Layout is free: the same tokens with other blanks between them (every blank run that holds no
// comment replaced by spaces, tabs and line breaks at random, or by one space, or by comments of
// our own) must format to a fixed point of the same meaning, with every comment kept in order. This
// reaches layouts no file of the repository has: whole agreements on one line, breaks between every
// token. Returns the number of variants tried.
size_t check_variants(const std::string& path, const std::string& text, std::mt19937& rng) {
    static const char* const kBlanks[] = {" ", "\n", "  ", "\t", "\n\n\n  ", " \r\n ", "\n    "};
    core::SourceFile src(path, text);
    core::Diagnostics diags;
    if (!format_source(src, SourceKind::Rules, diags)) return 0;
    fmt::Scan scan(text);
    size_t tried = 0;
    for (int mode = 0; mode < 4; ++mode) {
        std::string v;
        size_t at = 0, comments = 0;
        for (const auto& tok : scan.tokens()) {
            std::string_view gap(text.data() + at, tok.offset - at);
            if (!gap.empty() && gap.find('#') == std::string_view::npos && at > 0) {
                if (mode == 0) {
                    v += ' ';
                } else if (mode == 3 && rng() % 3 == 0) {
                    // A comment of our own, trailing or on a line of its own.
                    v += (rng() % 2 ? "  # c" : "\n# c") + std::to_string(comments++) + "\n";
                } else {
                    v += kBlanks[rng() % 7];
                }
            } else {
                v += gap;
            }
            v.append(text, tok.offset, tok.end - tok.offset);
            at = tok.end;
        }
        v.append(text, at, std::string::npos);
        SCOPED_TRACE(path + " variant " + std::to_string(mode) + ":\n" + v);
        std::string out = round_trip(path, v, SourceKind::Rules).formatted;
        // Our comments are all there, in order.
        size_t from = 0;
        for (size_t i = 0; i < comments; ++i) {
            std::string c = "# c" + std::to_string(i) + "\n";
            size_t found = out.find(c, from);
            EXPECT_NE(found, std::string::npos) << c << " lost or moved out of order:\n" << out;
            if (found == std::string::npos) break;
            from = found + c.size();
        }
        auto a = std::make_shared<const core::SourceFile>(path, v);
        auto b = std::make_shared<const core::SourceFile>(path, text);
        EXPECT_EQ(rule_meaning({a}), rule_meaning({b}));
        ++tried;
        if (::testing::Test::HasFailure()) break;
    }
    return tried;
}

TEST(FmtRoundTrip, WhitespaceVariantsOfEveryRuleFile) {
    std::mt19937 rng(20261122);
    size_t variants = 0;
    for (const auto& rel : repository_files()) {
        std::string path = (kRoot / rel).string();
        if (source_kind(path) == SourceKind::Tests) continue;
        variants += check_variants(path, read(kRoot / rel), rng);
        if (HasFailure()) return;
    }
    EXPECT_GE(variants, 100u);
}

// The fuzzer's scratch corpus (fuzz/run.sh, gitignored): thousands of mutated rule files,
// most of which do not parse. Skipped on a fresh clone.
TEST(FmtRoundTrip, FuzzScratchCorpus) {
    fs::path dir = kRoot / "fuzz/corpus-dsl";
    if (!fs::is_directory(dir)) GTEST_SKIP() << "no fuzz/corpus-dsl (run fuzz/run.sh)";
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::mt19937 rng(7);
    size_t parsed = 0;
    for (const auto& p : files) {
        SCOPED_TRACE(p.string());
        std::string text = read(p);
        if (round_trip(p.string(), text, SourceKind::Rules).parsed) {
            ++parsed;
            check_variants(p.string(), text, rng);
        }
        if (HasFailure()) break;  // one broken file is enough to look at
    }
    std::cout << "[  fmt     ] fuzz/corpus-dsl: " << files.size() << " files, " << parsed
              << " formatted\n";
}

}  // namespace
}  // namespace abide::dsl
