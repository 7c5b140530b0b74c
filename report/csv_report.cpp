// The report as CSV (RFC 4180): one row per rule, CRLF line ends, fields quoted when they hold
// a comma, a quote or a line break. Lists (party, evidence, changes) are joined with "; ".
#include <algorithm>
#include <cmath>

#include "core/quantity.hpp"
#include "report/escape.hpp"
#include "report/report.hpp"

namespace abide::report {

void write_csv(std::ostream& out, const Report& r) {
    const Snapshot& s = r.snapshot;
    static const char* const kHeader[] = {
        "as_of",        "rule",       "title",     "agreement", "party",  "verdict", "at_risk",
        "window_start", "window_end", "days_left", "value",     "target", "unit",    "evidence",
        "late",         "reason",     "cite",      "note",      "change"};
    for (size_t i = 0; i < std::size(kHeader); ++i) out << (i ? "," : "") << kHeader[i];
    out << "\r\n";
    auto number = [](double v) { return std::isfinite(v) ? core::format_number(v) : ""; };
    for (const auto& rule : s.rules) {
        if (rule.nodes.empty()) continue;
        const NodeRecord& n = rule.nodes.front();
        std::vector<std::string> kinds;
        for (const auto& c : r.changes)
            if (c.rule == rule.id) {
                std::string k(to_string(c.kind));
                if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) kinds.push_back(k);
            }
        std::vector<std::string> fields = {core::to_string(s.as_of),
                                           rule.id,
                                           rule.title,
                                           rule.agreement,
                                           detail::join(rule.party, "; "),
                                           std::string(engine::to_string(n.verdict)),
                                           n.at_risk ? "yes" : "no",
                                           n.start ? core::to_string(*n.start) : "",
                                           n.end ? core::to_string(*n.end) : "",
                                           n.days_left ? std::to_string(*n.days_left) : "",
                                           n.progress ? number(n.progress->value) : "",
                                           n.progress ? number(n.progress->target) : "",
                                           n.progress ? n.progress->unit : "",
                                           detail::join(n.evidence, "; "),
                                           n.late,
                                           n.reason,
                                           rule.cite,
                                           rule.note,
                                           detail::join(kinds, "; ")};
        for (size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << csv_field(fields[i]);
        out << "\r\n";
    }
    // Rules gone since the compared run have no row of their own otherwise.
    for (const auto& c : r.changes) {
        if (c.kind != ChangeKind::RuleRemoved) continue;
        out << core::to_string(s.as_of) << "," << csv_field(c.rule) << ",,,,,,,,,,,,,,"
            << csv_field(c.reason) << ",,,rule removed\r\n";
    }
}

}  // namespace abide::report
