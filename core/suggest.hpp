#pragma once
/// "Did you mean" suggestions, shared by the rule checker and the fact readers.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace abide::core {

/// Levenshtein distance (bytes).
size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, if it is close enough to be a likely typo (distance at most
/// a third of the word's length, and at least 1 for short words).
std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string_view>& candidates);

}  // namespace abide::core
