#pragma once
/// Loading what a command works on: rule files (compiled to a RuleSet) and fact logs (read into
/// a FactSet), with every diagnostic printed. Shared by check and eval.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/result.hpp"
#include "engine/ir/rules.hpp"
#include "facts/fact.hpp"

namespace abide::cli {

/// Expands paths: a folder gives every `*.abide` file below it (test files `*.test.abide`
/// excepted, §9.7), sorted; a file is taken as named. An Error for a missing path or a folder
/// with no rule file.
core::Result<std::vector<std::string>> rule_files(const std::vector<std::string>& paths);

/// The files `abide test` works on: below a folder, `*.test.abide` files are tests and the
/// other `*.abide` files the rules; a named file goes by its name. Sorted per folder. An Error
/// for a missing path or a named file that is no `.abide` file.
struct SuiteFiles {
    std::vector<std::string> rules;
    std::vector<std::string> tests;
};
core::Result<SuiteFiles> suite_files(const std::vector<std::string>& paths);

/// Expands fact paths: a folder gives its `.jsonl`, `.ndjson`, `.json` and `.csv` files, sorted;
/// `-` is standard input.
core::Result<std::vector<std::string>> fact_files(const std::vector<std::string>& paths);

struct Loaded {
    std::unique_ptr<ir::RuleSet> rules;
    std::unique_ptr<facts::FactSet> facts;  ///< null when no fact paths were given
    size_t rule_files = 0;
    size_t undeclared_facts = 0;
};

struct LoadOptions {
    bool strict = false;
    bool skip_invalid = false;
    /// A fact store (`--db`) whose facts are read before the logs; the logs may add to them
    /// under the rules for several logs (the same id with other content is an error).
    /// (Set members by name: a positional LoadOptions{...} leaves these out and warns.)
    std::optional<std::string> db;
    /// Only the store's facts recorded by this instant (format_instant text), `--known-at`.
    std::optional<std::string> known_at;
};

/// Compiles the rules and reads the facts, printing diagnostics (and warnings) to stderr.
/// nullopt when the input is wrong: the caller exits 2.
std::optional<Loaded> load(const std::vector<std::string>& rule_paths,
                           const std::vector<std::string>& fact_paths, const LoadOptions& options);

/// Prints `abide: error: MESSAGE` to stderr.
void print_error(const std::string& message);
/// Whether to colour a stream: a terminal, and NO_COLOR unset.
bool use_color(int fd);

}  // namespace abide::cli
