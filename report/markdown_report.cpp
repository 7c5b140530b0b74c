// The Markdown report: for a repository or a newsletter. Every string from rules and facts goes
// through markdown() (escape.hpp); our own words, ids of our making and dates are written as is.
#include <algorithm>
#include <cmath>

#include "core/quantity.hpp"
#include "report/escape.hpp"
#include "report/report.hpp"

namespace abide::report {
namespace {

using detail::join;

std::string md_list(const std::vector<std::string>& v) {
    std::vector<std::string> out;
    for (const auto& s : v) out.push_back(markdown(s));
    return join(out, ", ");
}

void score_table(std::ostream& out, const char* what, const std::vector<detail::ScoreRow>& rows,
                 bool show_key) {
    out << "| " << what << " | met | pending | at risk | breached | void | total |\n";
    out << "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    for (const auto& row : rows) {
        const auto& t = row.tally;
        out << "| " << markdown(row.label);
        if (show_key && !row.key.empty() && row.key != row.label)
            out << " (" << markdown(row.key) << ")";
        out << " | " << t.met << " | " << t.pending << " | " << t.at_risk << " | " << t.breached
            << " | " << t.void_ << " | " << t.total() << " |\n";
    }
    out << "\n";
}

void fact_line(std::ostream& out, const Snapshot& s, const std::string& id, const char* prefix) {
    out << prefix << markdown(id);
    if (const FactRef* f = s.fact(id)) {
        out << " (" << core::to_string(f->date) << ", " << markdown(f->type);
        if (!f->party.empty()) out << ", " << markdown(f->party);
        out << ")";
        if (!f->source.empty()) out << ": " << markdown(f->source);
    }
    out << "\n";
}

}  // namespace

void write_markdown(std::ostream& out, const Report& r) {
    const Snapshot& s = r.snapshot;
    out << "# Compliance report as of " << core::to_string(s.as_of) << "\n\n";
    if (r.run) out << "Run " << r.run->id << ", recorded " << r.run->recorded_at << ". ";
    if (r.since)
        out << "Changes are since run " << r.since->id << " (as of "
            << core::to_string(r.since->as_of) << ").";
    else
        out << "No earlier run to compare with.";
    out << "\n\n";
    out << "**" << s.rules.size() << " rules:** " << s.summary.met << " met, " << s.summary.pending
        << " pending";
    size_t risk = 0;
    for (const auto& rule : s.rules)
        if (!rule.nodes.empty() && rule.nodes.front().at_risk) ++risk;
    if (risk) out << " (" << risk << " at risk)";
    out << ", " << s.summary.breached << " breached, " << s.summary.void_ << " void.\n\n";

    out << "## What changed\n\n";
    if (!r.since) {
        out << "This is the first recorded run: there is nothing to compare with.\n\n";
    } else if (r.changes.empty()) {
        out << "Nothing changed since run " << r.since->id << ".\n\n";
    } else {
        out << "| rule | change | before | now | new evidence | reason |\n";
        out << "| --- | --- | --- | --- | --- | --- |\n";
        for (const auto& c : r.changes) {
            out << "| " << markdown(c.node) << " | " << to_string(c.kind) << " | "
                << (c.before ? engine::to_string(*c.before) : "") << " | "
                << (c.after ? engine::to_string(*c.after) : "") << (c.at_risk ? " (at risk)" : "")
                << " | " << md_list(c.new_evidence) << " | " << markdown(c.reason) << " |\n";
        }
        out << "\n";
    }

    out << "## Scorecard\n\n";
    score_table(out, "party", detail::by_party(s), false);
    score_table(out, "agreement", detail::by_agreement(s), true);

    // Upcoming deadlines: pending nodes with a window end, soonest first.
    std::vector<std::pair<const NodeRecord*, const RuleRecord*>> upcoming;
    for (const auto& rule : s.rules)
        for (const auto& n : rule.nodes)
            if (n.verdict == engine::Verdict::Pending && n.end && *n.end >= s.as_of)
                upcoming.emplace_back(&n, &rule);
    std::stable_sort(upcoming.begin(), upcoming.end(),
                     [](const auto& a, const auto& b) { return *a.first->end < *b.first->end; });
    if (!upcoming.empty()) {
        out << "## Upcoming deadlines\n\n| deadline | rule | party | verdict |\n| --- | --- | --- "
               "| --- |\n";
        for (const auto& [n, rule] : upcoming)
            out << "| " << detail::deadline_text(*n, s.as_of) << " | " << markdown(n->id) << " | "
                << md_list(rule->party) << " | " << detail::verdict_text(*n) << " |\n";
        out << "\n";
    }

    bool any_progress = false;
    for (const auto& rule : s.rules)
        for (const auto& n : rule.nodes) any_progress = any_progress || n.progress.has_value();
    if (any_progress) {
        out << "## Aggregate commitments\n\n| rule | progress | share | pace due | verdict |\n"
               "| --- | --- | ---: | ---: | --- |\n";
        for (const auto& rule : s.rules)
            for (const auto& n : rule.nodes) {
                if (!n.progress) continue;
                const auto& p = *n.progress;
                out << "| " << markdown(n.id) << " | " << markdown(n.op) << " "
                    << markdown(detail::progress_text(p)) << " | ";
                if (p.target > 0 && std::isfinite(p.value))
                    out << core::format_number(std::round(p.value / p.target * 1000) / 10) << "%";
                out << " | ";
                if (auto pc = detail::pace(n, s.as_of))
                    out << core::format_number(std::round(*pc * 1000) / 10) << "%";
                out << " | " << detail::verdict_text(n) << " |\n";
            }
        out << "\n";
    }

    out << "## Rules\n\n| rule | party | verdict | deadline | reason |\n| --- | --- | --- | --- | "
           "--- |\n";
    for (const auto& rule : s.rules) {
        if (rule.nodes.empty()) continue;
        const NodeRecord& n = rule.nodes.front();
        out << "| " << markdown(rule.id) << " | " << md_list(rule.party) << " | "
            << detail::verdict_text(n) << " | " << detail::deadline_text(n, s.as_of) << " | "
            << markdown(n.reason) << " |\n";
    }
    out << "\n## Details\n";
    for (const auto& rule : s.rules) {
        if (rule.nodes.empty()) continue;
        const NodeRecord& root = rule.nodes.front();
        out << "\n### " << markdown(rule.id) << ": " << detail::verdict_text(root) << "\n\n";
        if (!rule.title.empty()) out << markdown(rule.title) << "\n\n";
        if (!rule.agreement.empty())
            out << "- Agreement: "
                << markdown(rule.agreement_title.empty() ? rule.agreement : rule.agreement_title)
                << " (" << markdown(rule.agreement) << ")\n";
        if (!rule.party.empty()) out << "- Party: " << md_list(rule.party) << "\n";
        if (!rule.cite.empty()) out << "- Citation: " << markdown(rule.cite) << "\n";
        if (!rule.note.empty()) out << "- Note: " << markdown(rule.note) << "\n";
        for (const auto& n : rule.nodes) {
            std::string indent(static_cast<size_t>(n.depth) * 2, ' ');
            out << indent << "- " << (n.depth ? markdown(n.id) + ": " : "Verdict: ")
                << detail::verdict_text(n);
            if (n.end) out << ", deadline " << detail::deadline_text(n, s.as_of);
            out << ". " << markdown(n.reason) << "\n";
            for (const auto& e : n.evidence)
                fact_line(out, s, e, (indent + "  - evidence ").c_str());
            if (!n.late.empty()) fact_line(out, s, n.late, (indent + "  - late ").c_str());
        }
    }
}

}  // namespace abide::report
