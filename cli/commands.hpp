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

/// Today's local date: the only place abide reads the clock.
std::string today();

}  // namespace abide::cli
