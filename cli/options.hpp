#pragma once
/// Flags that several subcommands read and check alike: the evaluation date and the horizon.
/// (Apart from inputs.hpp because `--as-of` defaults to today(), which only the binary defines.)
#include <optional>
#include <string>

#include "core/date.hpp"

namespace abide::cli {

/// The evaluation date of `--as-of` and its text, as given or today's.
struct AsOf {
    core::Date date;
    std::string text;
};
/// Reads `--as-of` (empty: today). nullopt after printing the error when it is not a date.
std::optional<AsOf> parse_as_of(const std::string& flag);
/// Checks `--horizon`: false after printing the error when it is negative.
bool check_horizon(int horizon);

}  // namespace abide::cli
