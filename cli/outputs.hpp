#pragma once
/// `-o FORMAT[=PATH]` (repeatable) on `test` and `eval`: which reports to write where. Without
/// `=PATH` a report goes to standard output (at most one may); a file is written atomically
/// (a temporary file in the same folder, then renamed over the target).
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "engine/verdict.hpp"
#include "facts/fact.hpp"

namespace abide::cli {

struct Output {
    std::string format;
    std::string path;  ///< empty: standard output
};

/// Parses the `-o` values against the accepted `formats`. When none of them names standard
/// output, `stdout_format` goes there (empty: nothing). Prints the error and returns nullopt for
/// an unknown format, an empty path, or two reports on standard output.
std::optional<std::vector<Output>> parse_outputs(const std::vector<std::string>& specs,
                                                 const std::vector<std::string>& formats,
                                                 const std::string& stdout_format);

/// Renders `format` to `out`; `to_stdout` says whether `out` is standard output (colour).
using RenderFn = std::function<void(const std::string& format, std::ostream& out, bool to_stdout)>;

/// Writes the reports: files first (each atomically), then standard output. False (the error
/// printed) when a file cannot be written or standard output fails.
bool write_outputs(const std::vector<Output>& outputs, const RenderFn& render);

/// Replaces `path` with `content` atomically: a temporary file beside it, then rename(2).
core::Status write_file_atomically(const std::string& path, const std::string& content);

/// Renders an evaluation (`abide eval`) as `format`: text (the table), json (§8), junit (one
/// testcase per rule) or github (annotations at each breached or at-risk rule's file:line).
void render_evaluation(const std::string& format, std::ostream& out, const engine::Evaluation& ev,
                       const ir::RuleSet& rules, const facts::FactSet& facts, bool color);

}  // namespace abide::cli
