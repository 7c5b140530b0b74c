#pragma once
/// Compliance reports: one snapshot, the changes since an earlier run, in Markdown, a single
/// self-contained HTML file, JSON or CSV. Every string from rules and facts is escaped for its
/// format (report/escape.hpp).
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "report/changes.hpp"
#include "report/snapshot.hpp"

namespace abide::report {

/// A recorded run, as reports name it.
struct RunRef {
    int64_t id = 0;
    core::Date as_of;
    std::string recorded_at;  ///< UTC, `YYYY-MM-DDTHH:MM:SSZ`
};

struct Report {
    Snapshot snapshot;
    std::optional<RunRef> run;  ///< the run this report records, if recorded
    /// What the changes are relative to; nullopt when there was nothing to compare with (then
    /// `changes` is empty and reports say so).
    std::optional<RunRef> since;
    std::vector<Change> changes;
    int horizon_days = 30;  ///< for the timeline's "soon" band; as evaluated
};

enum class Format : uint8_t { Markdown, Html, Json, Csv };
/// "md"/"markdown", "html", "json", "csv"; nullopt for anything else.
std::optional<Format> parse_format(std::string_view name);
std::string_view to_string(Format f);

void write_markdown(std::ostream& out, const Report& r);
/// One HTML5 document: inline CSS and SVG, no script, no external resource; only http(s) URLs
/// found in fact sources become links (`<a href>`).
void write_html(std::ostream& out, const Report& r);
/// {as_of, run, since, summary, changes, results (§8 shape plus cite and note), facts}.
void write_report_json(std::ostream& out, const Report& r);
/// RFC 4180, CRLF: a header, then one row per rule.
void write_csv(std::ostream& out, const Report& r);
void write(std::ostream& out, const Report& r, Format f);

/// A plain-text list of changes for a terminal (`abide diff`, `abide report` without -o).
void write_changes_text(std::ostream& out, const Report& r);

// Shared by the renderers.
namespace detail {
/// Counts by verdict (plus at risk) of the rules' own nodes.
struct Tally {
    size_t met = 0, pending = 0, at_risk = 0, breached = 0, void_ = 0;
    size_t total() const { return met + pending + breached + void_; }
    void add(const NodeRecord& n);
};
struct ScoreRow {
    std::string key;    ///< party, or agreement id ("" for rules outside an agreement)
    std::string label;  ///< agreement title, or the party
    Tally tally;
};
/// Per party (a rule of several parties counts for each; "" when it names none), sorted.
std::vector<ScoreRow> by_party(const Snapshot& s);
/// Per agreement, sorted by id; top-level rules under "".
std::vector<ScoreRow> by_agreement(const Snapshot& s);
/// The rule and node of each changed node (null when removed).
const RuleRecord* find_rule(const Snapshot& s, std::string_view id);
/// "2026-04-26 (in 12 days)", "2025-12-31 (330 days ago)", "" when none.
std::string deadline_text(const NodeRecord& n, core::Date as_of);
std::string progress_text(const engine::Progress& p);
/// The straight-line pace (fraction of the target due by as_of) of a goal aggregate with a
/// bounded window; nullopt otherwise.
std::optional<double> pace(const NodeRecord& n, core::Date as_of);
std::string verdict_text(const NodeRecord& n);  ///< "pending (at risk)", "met"
std::string join(const std::vector<std::string>& v, std::string_view sep);
}  // namespace detail

}  // namespace abide::report
