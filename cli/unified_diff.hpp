#pragma once
/// A unified diff of two texts (`diff -u` style, 3 lines of context), for `abide fmt --check -v`.
#include <string>
#include <string_view>

namespace abide::cli {

/// The hunks turning `before` into `after`, under `--- FROM` / `+++ TO` headers; empty when the
/// texts are equal. A last line without a line break is marked `\ No newline at end of file`.
/// Lines are matched by a longest common subsequence over the part between the common head
/// and tail; when that part is very large (over 4,000 lines a side) it is shown as replaced
/// whole rather than matched.
std::string unified_diff(std::string_view before, std::string_view after, std::string_view from,
                         std::string_view to);

}  // namespace abide::cli
