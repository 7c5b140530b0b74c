// `abide test`: runs the rule suite (test files, README "Test files") against the rules found
// beside it, with coverage and CI reports (-o junit=..., github, json).
#include <regex.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <thread>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "cli/options.hpp"
#include "cli/outputs.hpp"
#include "core/log.hpp"
#include "dsl/test_compile.hpp"
#include "report/diagnostics.hpp"
#include "suite/run.hpp"
#include "suite/suite_report.hpp"

namespace abide::cli {
namespace {

struct Flags {
    std::vector<std::string> paths{"."};
    std::string run_regex;
    bool verbose = false;
    bool coverage = false;
    double coverage_min = -1;
    std::vector<std::string> outputs;
    int horizon = 30;
    std::string color = "auto";
    int jobs = 0;
};

int run(const Flags& f) {
    auto outputs = parse_outputs(f.outputs, {"text", "json", "junit", "github"}, "text");
    if (!outputs) return kBadInput;
    suite::RunOptions options;
    if (!f.run_regex.empty()) {
        // POSIX extended syntax, matched anywhere in the name (`^...$` to anchor).
        auto compiled = std::make_unique<regex_t>();
        if (int err = regcomp(compiled.get(), f.run_regex.c_str(), REG_EXTENDED | REG_NOSUB)) {
            char why[256];
            regerror(err, compiled.get(), why, sizeof why);
            print_error("--run: '" + f.run_regex + "' is not a regular expression (" + why + ")");
            return kBadInput;
        }
        std::shared_ptr<regex_t> re(compiled.release(), [](regex_t* r) {
            regfree(r);
            delete r;
        });
        options.filter = [re](const std::string& name) {
            return regexec(re.get(), name.c_str(), 0, nullptr, 0) == 0;
        };
    }
    if (!check_horizon(f.horizon)) return kBadInput;
    if (f.coverage_min > 100) {
        print_error("--coverage-min: must be a percentage from 0 to 100");
        return kBadInput;
    }
    auto files = suite_files(f.paths);
    if (!files) {
        print_error(files.error().message);
        return kBadInput;
    }
    if (files->rules.empty()) {
        print_error("no rule files (.abide) found under the given paths");
        return kBadInput;
    }
    if (files->tests.empty()) {
        print_error("no test files (.test.abide) found under the given paths");
        return kBadInput;
    }
    auto loaded = load(files->rules, {}, LoadOptions{});
    if (!loaded) return kBadInput;

    std::vector<std::shared_ptr<const core::SourceFile>> sources;
    for (const auto& path : files->tests) {
        auto src = core::SourceFile::load(path);
        if (!src) {
            print_error(src.error().message);
            return kBadInput;
        }
        sources.push_back(*src);
    }
    core::Diagnostics diags;
    auto tests = dsl::compile_tests(sources, diags);
    report::write_diagnostics(std::cerr, diags, use_color(STDERR_FILENO));
    if (!tests) return kBadInput;

    options.horizon_days = f.horizon;
    options.threads = f.jobs > 0 ? static_cast<unsigned>(f.jobs)
                                 : std::max(1u, std::thread::hardware_concurrency());
    const ir::RuleSet& rules = *loaded->rules;
    suite::SuiteRun result = suite::run_suite(rules, *tests, options);
    core::log::info("ran " + std::to_string(result.results.size()) + " tests in " +
                    std::to_string(result.seconds) + " s");

    std::ios::sync_with_stdio(false);
    const bool color_out = f.color == "always" || (f.color == "auto" && use_color(STDOUT_FILENO));
    const auto verbose = f.verbose ? suite::Verbose::Yes : suite::Verbose::No;
    const bool show_coverage = f.coverage || f.coverage_min >= 0;
    bool written = write_outputs(*outputs, [&](const std::string& format, std::ostream& out,
                                               bool to_stdout) {
        if (format == "json") {
            suite::write_json(out, result);
        } else if (format == "junit") {
            report::write_junit(out, "abide test", suite::to_junit(result));
        } else if (format == "github") {
            report::write_github(out, suite::to_github(result));
        } else {
            suite::write_text(out, result, verbose,
                              show_coverage ? suite::WithCoverage::Yes : suite::WithCoverage::No,
                              to_stdout && color_out);
        }
    });
    if (!written) return kBadInput;
    if (result.totals.run() == 0) {
        print_error(f.run_regex.empty() ? "no test ran"
                                        : "no test name matches --run '" + f.run_regex + "'");
        return kBadInput;
    }
    if (result.totals.run() == result.totals.skipped) {
        print_error("no test ran: every selected test is skipped");
        return kBadInput;
    }
    if (result.totals.errored > 0) return kBadInput;
    if (result.totals.failed > 0) return kFailed;
    if (f.coverage_min >= 0 && result.coverage.percent() < f.coverage_min) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "coverage %.1f%% is below --coverage-min %.1f%%",
                      result.coverage.percent(), f.coverage_min);
        print_error(buf);
        return kFailed;
    }
    return kOk;
}

}  // namespace

Runner add_test(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "test", "Run rule-suite tests (*.test.abide) against the rules found beside them");
    cmd->add_option("paths", f->paths,
                    "Files or folders: *.test.abide files are tests, other .abide files the "
                    "rules (default: .)");
    cmd->add_option("--run", f->run_regex, "Only tests whose name matches this regex");
    cmd->add_flag("-v,--verbose", f->verbose, "Show every test and each verdict checked");
    cmd->add_flag("--coverage", f->coverage,
                  "List per rule the verdicts the suite reached, and rules no test touches");
    cmd->add_option("--coverage-min", f->coverage_min,
                    "Exit 1 when coverage (reached / reachable rule verdicts) is below PCT")
        ->check(CLI::Range(0.0, 100.0));
    cmd->add_option("-o,--output", f->outputs,
                    "Report FORMAT[=PATH]: text, json, junit or github; repeatable; without "
                    "=PATH to stdout (default: text to stdout)");
    cmd->add_option("--horizon", f->horizon, "Days before a deadline at which pending is at risk")
        ->capture_default_str();
    cmd->add_option("--color", f->color, "Colour the text report")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    cmd->add_option("-j,--jobs", f->jobs, "Tests run at once (default: the number of cores)");
    cmd->footer(
        "Exit status: 0 every test passed, 1 a test failed (or coverage below --coverage-min), "
        "2 a rule or test file is wrong, a test errored, or no test ran.");
    return [f] { return run(*f); };
}

}  // namespace abide::cli
