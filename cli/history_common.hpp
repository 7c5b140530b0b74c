#pragma once
/// What `abide report`, `runs` and `diff` share: naming a run, and writing report files.
#include <optional>
#include <string>
#include <vector>

#include "cli/outputs.hpp"
#include "report/history/history.hpp"
#include "report/report.hpp"

namespace abide::cli {

/// The report formats of `-o` (report/report.hpp): md, markdown, html, json, csv.
const std::vector<std::string>& report_formats();

/// Writes `r` to every output (files atomically) and, when none of them is standard output,
/// the list of its changes (report::write_changes_text) to standard output. False when an
/// output cannot be written (printed).
bool write_report_outputs(const std::vector<Output>& outputs, const report::Report& r);

/// `--fail-on-new`: is one of `changes` newly breached ("breached" or "pending") or newly
/// pending ("pending")? Always false for "never".
bool fails_on_new(const std::vector<report::Change>& changes, const std::string& fail_on_new);

/// A run named on the command line: its id (`4`), or a date (`2026-11-15`: the latest run as of
/// that date or earlier). Prints the error and returns nullopt when there is none.
std::optional<history::RunInfo> resolve_run(history::History& h, const std::string& spec,
                                            const char* what);

/// Opens the history of an existing database (`runs`, `diff` never create one). Prints the
/// error and returns nullopt.
std::optional<history::History> open_existing_history(const std::string& db);

}  // namespace abide::cli
