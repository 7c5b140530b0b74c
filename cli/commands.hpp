#pragma once
/// Subcommands: each registers its flags on the app and returns the exit status when run.
#include <CLI/CLI.hpp>
#include <functional>

namespace abide::cli {

/// Exit statuses shared by every subcommand (language.md §8).
enum Exit : int { kOk = 0, kFailed = 1, kBadInput = 2 };

using Runner = std::function<int()>;

Runner add_check(CLI::App& app);
Runner add_eval(CLI::App& app);
Runner add_ingest(CLI::App& app);  ///< cli/ingest_command.cpp (fact store)
Runner add_facts(CLI::App& app);   ///< cli/facts_command.cpp (fact store)
Runner add_test(CLI::App& app);
Runner add_explain(CLI::App& app);
Runner add_fmt(CLI::App& app);
Runner add_report(CLI::App& app);  ///< cli/report_command.cpp (run history)
Runner add_runs(CLI::App& app);    ///< cli/runs_command.cpp
Runner add_diff(CLI::App& app);    ///< cli/diff_command.cpp

/// Today's local date: the only place abide reads the clock.
std::string today();

}  // namespace abide::cli
