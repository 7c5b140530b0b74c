#include <algorithm>
#include <string>

#include "core/date.hpp"
#include "report/render.hpp"

namespace abide::report {
namespace {

const char* color_of(engine::Verdict v) {
    switch (v) {
        case engine::Verdict::Met: return "\x1b[32m";
        case engine::Verdict::Pending: return "\x1b[33m";
        case engine::Verdict::Breached: return "\x1b[31m";
        case engine::Verdict::Void: return "\x1b[90m";
    }
    return "";
}

struct Row {
    std::string rule, party, verdict, deadline, reason;
    engine::Verdict v;
    bool at_risk;
};

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + v[i];
    return s;
}

// Children beyond this many per node are summarised: a for-each over thousands of triggers
// would bury the table; the JSON output keeps them all.
constexpr size_t kMaxChildren = 20;

void collect(std::vector<Row>& rows, const engine::NodeResult& n, const std::string& party,
             int depth) {
    Row r;
    std::string label = n.rule;
    if (depth > 0) {
        auto pos = n.rule.rfind('[');
        label = std::string(static_cast<size_t>(depth) * 2, ' ') + n.rule.substr(pos);
    }
    r.rule = label;
    r.party = depth == 0 ? party : "";
    r.v = n.verdict;
    r.at_risk = n.at_risk;
    r.verdict = std::string(engine::to_string(n.verdict)) + (n.at_risk ? " !" : "");
    if (n.end) {
        r.deadline = core::to_string(*n.end);
        if (n.days_left) r.deadline += " (" + std::to_string(*n.days_left) + "d)";
    }
    r.reason = n.reason;
    rows.push_back(std::move(r));
    size_t shown = 0;
    for (const auto& c : n.children) {
        if (shown == kMaxChildren) {
            Row more;
            more.rule = std::string(static_cast<size_t>(depth + 1) * 2, ' ') + "...";
            more.reason =
                std::to_string(n.children.size() - kMaxChildren) + " more (see --format json)";
            more.v = engine::Verdict::Pending;
            more.at_risk = false;
            rows.push_back(std::move(more));
            break;
        }
        collect(rows, c, party, depth + 1);
        ++shown;
    }
}

}  // namespace

void write_text(std::ostream& out, const engine::Evaluation& ev, const ir::RuleSet&,
                const facts::FactSet&, Color color) {
    std::vector<Row> rows;
    for (const auto& r : ev.results) collect(rows, r.node, join(r.rule->party), 0);
    size_t w_rule = 4, w_party = 5, w_verdict = 7, w_deadline = 8;
    for (const auto& r : rows) {
        w_rule = std::max(w_rule, r.rule.size());
        w_party = std::max(w_party, r.party.size());
        w_verdict = std::max(w_verdict, r.verdict.size());
        w_deadline = std::max(w_deadline, r.deadline.size());
    }
    w_rule = std::min<size_t>(w_rule, 60);
    auto pad = [](const std::string& s, size_t w) {
        return s.size() >= w ? s : s + std::string(w - s.size(), ' ');
    };
    const bool c = color == Color::Yes;
    out << "as of " << core::to_string(ev.as_of) << "\n\n";
    out << (c ? "\x1b[1m" : "") << pad("RULE", w_rule) << "  " << pad("PARTY", w_party) << "  "
        << pad("VERDICT", w_verdict) << "  " << pad("DEADLINE", w_deadline) << "  REASON"
        << (c ? "\x1b[0m" : "") << "\n";
    for (const auto& r : rows) {
        out << pad(r.rule, w_rule) << "  " << pad(r.party, w_party) << "  ";
        if (c && !r.verdict.empty()) out << color_of(r.v);
        out << pad(r.verdict, w_verdict);
        if (c && !r.verdict.empty()) out << "\x1b[0m";
        out << "  " << pad(r.deadline, w_deadline) << "  " << r.reason << "\n";
    }
    const auto& s = ev.summary;
    out << "\n"
        << ev.results.size() << " rules: " << s.met << " met, " << s.pending << " pending, "
        << s.breached << " breached, " << s.void_ << " void";
    size_t risk = std::count_if(ev.results.begin(), ev.results.end(),
                                [](const engine::RuleResult& r) { return r.node.at_risk; });
    if (risk) out << " (" << risk << " at risk, marked !)";
    out << "\n";
}

}  // namespace abide::report
