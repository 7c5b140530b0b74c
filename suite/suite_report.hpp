#pragma once
/// Renderers of a suite run (suite/run.hpp): the text people read, the JSON document, and the
/// neutral JUnit and GitHub models of report/ that CI systems read.
#include <ostream>
#include <vector>

#include "report/github_report.hpp"
#include "report/junit_report.hpp"
#include "suite/run.hpp"

namespace abide::suite {

enum class Verbose { No, Yes };
enum class WithCoverage { No, Yes };

/// Failures (expected vs actual verdict, reason and evidence, at the expectation's file:line)
/// and errors (their diagnostics); with Verbose::Yes every test and each verdict checked; then
/// the coverage table when asked, and the summary line
/// `N passed, N failed, N errored, N skipped`.
void write_text(std::ostream& out, const SuiteRun& run, Verbose verbose, WithCoverage coverage,
                bool color);

/// {"summary": {...}, "tests": [...], "coverage": {...}}: every run test with its outcome,
/// checks and errors; coverage per rule (reachable, reached and missing verdicts, touched).
void write_json(std::ostream& out, const SuiteRun& run);

/// One testsuite per test file (name: its path), one testcase per test (classname: the file,
/// name: the test): failed -> <failure>, errored -> <error>, skipped -> <skipped>.
std::vector<report::JUnitSuite> to_junit(const SuiteRun& run);

/// An error annotation at each failed or errored test's file:line, with what went wrong.
std::vector<report::Annotation> to_github(const SuiteRun& run);

/// The summary line, without a line break.
std::string summary_line(const SuiteRun& run);

}  // namespace abide::suite
