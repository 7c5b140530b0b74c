#include <algorithm>
#include <map>

#include "core/quantity.hpp"
#include "report/report.hpp"

namespace abide::report {

std::optional<Format> parse_format(std::string_view name) {
    if (name == "md" || name == "markdown") return Format::Markdown;
    if (name == "html") return Format::Html;
    if (name == "json") return Format::Json;
    if (name == "csv") return Format::Csv;
    return std::nullopt;
}

std::string_view to_string(Format f) {
    switch (f) {
        case Format::Markdown: return "md";
        case Format::Html: return "html";
        case Format::Json: return "json";
        case Format::Csv: return "csv";
    }
    return "";
}

void write(std::ostream& out, const Report& r, Format f) {
    switch (f) {
        case Format::Markdown: write_markdown(out, r); break;
        case Format::Html: write_html(out, r); break;
        case Format::Json: write_report_json(out, r); break;
        case Format::Csv: write_csv(out, r); break;
    }
}

void write_changes_text(std::ostream& out, const Report& r) {
    out << "as of " << core::to_string(r.snapshot.as_of);
    if (r.run) out << " (run " << r.run->id << ")";
    if (!r.since) {
        out << ": no earlier run to compare with\n";
        return;
    }
    out << ", since run " << r.since->id << " (as of " << core::to_string(r.since->as_of)
        << "): " << r.changes.size() << " change" << (r.changes.size() == 1 ? "" : "s") << " in "
        << changed_rules(r.changes).size() << " rule"
        << (changed_rules(r.changes).size() == 1 ? "" : "s") << "\n";
    for (const auto& c : r.changes) {
        out << "  " << to_string(c.kind) << ": " << c.node;
        if (c.before || c.after) {
            out << " (" << (c.before ? engine::to_string(*c.before) : "new") << " -> "
                << (c.after ? engine::to_string(*c.after) : "gone")
                << (c.at_risk ? ", at risk" : "") << ")";
        }
        if (!c.new_evidence.empty()) out << " evidence +" << detail::join(c.new_evidence, ",");
        out << "\n";
    }
}

namespace detail {

void Tally::add(const NodeRecord& n) {
    switch (n.verdict) {
        case engine::Verdict::Met: ++met; break;
        case engine::Verdict::Pending:
            ++pending;
            if (n.at_risk) ++at_risk;
            break;
        case engine::Verdict::Breached: ++breached; break;
        case engine::Verdict::Void: ++void_; break;
    }
}

std::vector<ScoreRow> by_party(const Snapshot& s) {
    std::map<std::string, Tally> rows;
    for (const auto& r : s.rules) {
        if (r.nodes.empty()) continue;
        if (r.party.empty()) rows[""].add(r.nodes.front());
        for (const auto& p : r.party) rows[p].add(r.nodes.front());
    }
    std::vector<ScoreRow> out;
    for (auto& [k, t] : rows) out.push_back({k, k.empty() ? "(no party)" : k, t});
    return out;
}

std::vector<ScoreRow> by_agreement(const Snapshot& s) {
    std::map<std::string, ScoreRow> rows;
    for (const auto& r : s.rules) {
        if (r.nodes.empty()) continue;
        ScoreRow& row = rows[r.agreement];
        row.key = r.agreement;
        row.label = r.agreement.empty()         ? "(outside an agreement)"
                    : r.agreement_title.empty() ? r.agreement
                                                : r.agreement_title;
        row.tally.add(r.nodes.front());
    }
    std::vector<ScoreRow> out;
    for (auto& [k, row] : rows) out.push_back(std::move(row));
    return out;
}

const RuleRecord* find_rule(const Snapshot& s, std::string_view id) {
    auto it = std::lower_bound(s.rules.begin(), s.rules.end(), id,
                               [](const RuleRecord& r, std::string_view k) { return r.id < k; });
    return it != s.rules.end() && it->id == id ? &*it : nullptr;
}

std::string deadline_text(const NodeRecord& n, core::Date as_of) {
    if (!n.end) return "";
    std::string out = core::to_string(*n.end);
    int64_t d = static_cast<int64_t>(n.end->days) - as_of.days;
    if (n.verdict == engine::Verdict::Pending && d >= 0) {
        out += d == 0 ? " (today)" : " (in " + std::to_string(d) + (d == 1 ? " day)" : " days)");
    }
    return out;
}

std::string progress_text(const engine::Progress& p) {
    return core::format_quantity(p.value, p.unit) + " of " +
           core::format_quantity(p.target, p.unit);
}

std::optional<double> pace(const NodeRecord& n, core::Date as_of) {
    if (!n.progress || !n.start || !n.end || (n.op != ">=" && n.op != ">")) return std::nullopt;
    double span = static_cast<double>(n.end->days - n.start->days + 1);
    double elapsed = static_cast<double>(as_of.days - n.start->days + 1);
    if (span <= 0 || elapsed <= 0) return std::nullopt;  // not begun: nothing is due yet
    return std::clamp(elapsed / span, 0.0, 1.0);
}

std::string verdict_text(const NodeRecord& n) {
    std::string out(engine::to_string(n.verdict));
    if (n.at_risk) out += " (at risk)";
    return out;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) out += sep;
        out += v[i];
    }
    return out;
}

}  // namespace detail
}  // namespace abide::report
