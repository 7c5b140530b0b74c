// The HTML report: one self-contained file (inline CSS and SVG, no script, no external
// resource), readable on a phone (fluid layout, scrolling tables and chart) and in print.
// Every string from rules and facts goes through append_html(); only http(s) URLs found in a
// fact's source become links, so no rule or fact text can add markup, a script or a fetch.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/quantity.hpp"
#include "report/escape.hpp"
#include "report/report.hpp"

namespace abide::report {
namespace {

using engine::Verdict;

constexpr const char* kStyle = R"css(
:root{--met:#1a7f37;--pending:#9a6700;--breached:#cf222e;--void:#6e7781;--risk:#bc4c00;
--fg:#1f2328;--muted:#59636e;--line:#d0d7de;--soft:#f6f8fa;--link:#0969da}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
color:var(--fg);background:#fff;margin:0 auto;max-width:1100px;padding:16px}
h1{font-size:1.6em;margin:.2em 0}
h2{font-size:1.25em;border-bottom:1px solid var(--line);padding-bottom:.2em;margin:1.6em 0 .6em}
h3{font-size:1.05em}
.meta,.muted{color:var(--muted)}
nav{margin:.5em 0;font-size:.95em}
nav a{margin-right:1em}
a{color:var(--link);overflow-wrap:anywhere}
.badge{display:inline-block;padding:0 .55em;border-radius:1em;font-size:.8em;font-weight:600;
color:#fff;white-space:nowrap;vertical-align:middle}
.b-met{background:var(--met)}.b-pending{background:var(--pending)}
.b-breached{background:var(--breached)}.b-void{background:var(--void)}.b-risk{background:var(--risk)}
.b-change{background:#fff;color:var(--fg);border:1px solid var(--line)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(110px,1fr));gap:8px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:6px 8px;text-align:center;
border-top:4px solid var(--line)}
.card b{display:block;font-size:1.7em;line-height:1.2}
.card.met{border-top-color:var(--met)}.card.pending{border-top-color:var(--pending)}
.card.risk{border-top-color:var(--risk)}.card.breached{border-top-color:var(--breached)}
.card.void{border-top-color:var(--void)}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.95em}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td.z{color:#aab2bb}
.prog{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:4px 16px;align-items:center;
margin:8px 0;padding-bottom:8px;border-bottom:1px solid var(--line)}
.bar{position:relative;height:16px;background:#eaeef2;border-radius:3px}
.fill{position:absolute;left:0;top:0;bottom:0;border-radius:3px;background:var(--pending)}
.fill.met{background:var(--met)}.fill.breached{background:var(--breached)}.fill.void{background:var(--void)}
.pace{position:absolute;top:-4px;bottom:-4px;width:3px;background:var(--fg)}
.legend{font-size:.85em;color:var(--muted)}
.rule{border:1px solid var(--line);border-left:6px solid var(--pending);border-radius:6px;
padding:8px 12px;margin:12px 0;break-inside:avoid}
.rule.v-met{border-left-color:var(--met)}.rule.v-breached{border-left-color:var(--breached)}
.rule.v-void{border-left-color:var(--void)}
.rule h3{margin:0 0 .2em;overflow-wrap:anywhere}
.rule .title{margin:.2em 0}
dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 12px;margin:8px 0}
dt{color:var(--muted)}
dd{margin:0;overflow-wrap:anywhere}
ul.ev{margin:0;padding-left:1.1em}
ul.ev li{margin:2px 0}
.kids td:first-child{white-space:nowrap}
.changed{outline:2px solid var(--link);outline-offset:2px}
svg text{font-family:system-ui,"DejaVu Sans",sans-serif}
footer{margin-top:2em;color:var(--muted);font-size:.85em}
@media (max-width:640px){
body{padding:10px;font-size:14px}
h1{font-size:1.3em}
dl{grid-template-columns:minmax(0,1fr)}
dt{font-weight:600;margin-top:4px}
.prog{grid-template-columns:minmax(0,1fr)}
table{font-size:.85em}
th,td{padding:3px 5px}
.hide-s{display:none}
}
@media print{
body{max-width:none;padding:0;font-size:10pt}
nav{display:none}
h2{break-after:avoid}
.rule,.card,.prog,tr,svg{break-inside:avoid}
.scroll{overflow:visible}
a{color:inherit;text-decoration:underline}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
)css";

class Html {
public:
    explicit Html(std::ostream& out) : out_(out) {}
    Html& raw(std::string_view s) {
        out_ << s;
        return *this;
    }
    Html& text(std::string_view s) {
        buf_.clear();
        append_html(buf_, s);
        out_ << buf_;
        return *this;
    }
    template <class T>
    Html& num(T v) {
        out_ << v;
        return *this;
    }
    /// Free text in which http(s) URLs become links.
    Html& linked(std::string_view s) {
        for (const auto& piece : split_urls(s)) {
            if (piece.url) {
                raw("<a href=\"").text(piece.text).raw("\" rel=\"noopener noreferrer\">");
                text(piece.text).raw("</a>");
            } else {
                text(piece.text);
            }
        }
        return *this;
    }

private:
    std::ostream& out_;
    std::string buf_;
};

// The chart's colours: the same as the CSS variables, written out (SVG attributes).
const char* verdict_color(Verdict v) {
    switch (v) {
        case Verdict::Met: return "#1a7f37";
        case Verdict::Pending: return "#9a6700";
        case Verdict::Breached: return "#cf222e";
        case Verdict::Void: return "#6e7781";
    }
    return "#9a6700";
}

void badge(Html& h, const NodeRecord& n) {
    h.raw("<span class=\"badge b-").raw(engine::to_string(n.verdict)).raw("\">");
    h.raw(engine::to_string(n.verdict)).raw("</span>");
    if (n.at_risk) h.raw(" <span class=\"badge b-risk\">at risk</span>");
}

void verdict_badge(Html& h, std::optional<Verdict> v) {
    if (!v) {
        h.raw("<span class=\"muted\">&mdash;</span>");
        return;
    }
    h.raw("<span class=\"badge b-").raw(engine::to_string(*v)).raw("\">");
    h.raw(engine::to_string(*v)).raw("</span>");
}

std::string anchor(const Snapshot& s, const RuleRecord* rule) {
    return "rule-" + std::to_string(rule - s.rules.data());
}

std::string fmt_pct(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v * 100);
    return buf;
}

void header(Html& h, const Report& r) {
    const Snapshot& s = r.snapshot;
    h.raw("<header><h1>Compliance report</h1><p class=\"meta\">As of <b>")
        .raw(core::to_string(s.as_of))
        .raw("</b>");
    if (r.run) {
        h.raw(" &middot; run ").num(r.run->id).raw(", recorded ").text(r.run->recorded_at);
    }
    if (r.since) {
        h.raw(" &middot; changes since run ").num(r.since->id).raw(" (as of ");
        h.raw(core::to_string(r.since->as_of)).raw(")");
    }
    h.raw("</p>\n<div class=\"cards\">");
    size_t risk = 0;
    for (const auto& rule : s.rules)
        if (!rule.nodes.empty() && rule.nodes.front().at_risk) ++risk;
    auto card = [&](const char* cls, const char* label, size_t n) {
        h.raw("<div class=\"card ")
            .raw(cls)
            .raw("\"><b>")
            .num(n)
            .raw("</b>")
            .raw(label)
            .raw("</div>");
    };
    card("", "rules", s.rules.size());
    card("met", "met", s.summary.met);
    card("pending", "pending", s.summary.pending);
    card("risk", "at risk", risk);
    card("breached", "breached", s.summary.breached);
    card("void", "void", s.summary.void_);
    h.raw(
        "</div></header>\n<nav><a href=\"#changes\">Changes</a><a href=\"#scorecard\">"
        "Scorecard</a><a href=\"#timeline\">Deadlines</a><a href=\"#progress\">Aggregates</a>"
        "<a href=\"#rules\">Rules</a></nav>\n");
}

void changes(Html& h, const Report& r) {
    const Snapshot& s = r.snapshot;
    h.raw("<section id=\"changes\"><h2>What changed</h2>\n");
    if (!r.since) {
        h.raw("<p>This is the first recorded run: there is nothing to compare with.</p>");
    } else if (r.changes.empty()) {
        h.raw("<p>Nothing changed since run ").num(r.since->id).raw(".</p>");
    } else {
        h.raw("<p>").num(r.changes.size()).raw(r.changes.size() == 1 ? " change" : " changes");
        h.raw(" in ").num(changed_rules(r.changes).size()).raw(" rule(s) since run ");
        h.raw(std::to_string(r.since->id)).raw(" (as of ").raw(core::to_string(r.since->as_of));
        h.raw(
            ").</p>\n<div class=\"scroll\"><table class=\"changes\"><thead><tr><th>rule</th>"
            "<th>change</th><th>before</th><th>now</th><th>new evidence</th>"
            "<th class=\"hide-s\">reason</th></tr></thead><tbody>\n");
        for (const auto& c : r.changes) {
            h.raw("<tr data-rule=\"").text(c.rule).raw("\"><td>");
            const RuleRecord* rule = c.after ? detail::find_rule(s, c.rule) : nullptr;
            if (rule)
                h.raw("<a href=\"#").raw(anchor(s, rule)).raw("\">").text(c.node).raw("</a>");
            else
                h.text(c.node);
            h.raw("</td><td><span class=\"badge b-change\">").raw(to_string(c.kind));
            h.raw("</span></td><td>");
            verdict_badge(h, c.before);
            h.raw("</td><td>");
            verdict_badge(h, c.after);
            if (c.at_risk) h.raw(" <span class=\"badge b-risk\">at risk</span>");
            h.raw("</td><td>");
            for (size_t i = 0; i < c.new_evidence.size(); ++i)
                h.raw(i ? ", " : "").text(c.new_evidence[i]);
            h.raw("</td><td class=\"hide-s\">").text(c.reason).raw("</td></tr>\n");
        }
        h.raw("</tbody></table></div>");
    }
    h.raw("</section>\n");
}

void score_table(Html& h, const char* what, const std::vector<detail::ScoreRow>& rows) {
    h.raw("<h3>By ").raw(what).raw("</h3><div class=\"scroll\"><table><thead><tr><th>").raw(what);
    h.raw(
        "</th><th class=\"n\">met</th><th class=\"n\">pending</th><th class=\"n\">at risk</th>"
        "<th class=\"n\">breached</th><th class=\"n\">void</th><th class=\"n "
        "hide-s\">total</th></tr>"
        "</thead><tbody>\n");
    for (const auto& row : rows) {
        h.raw("<tr><td>").text(row.label);
        if (!row.key.empty() && row.key != row.label)
            h.raw(" <span class=\"muted\">(").text(row.key).raw(")</span>");
        h.raw("</td>");
        const auto& t = row.tally;
        for (size_t v : {t.met, t.pending, t.at_risk, t.breached, t.void_})
            h.raw(v ? "<td class=\"n\">" : "<td class=\"n z\">").num(v).raw("</td>");
        h.raw("<td class=\"n hide-s\">").num(t.total()).raw("</td>");
        h.raw("</tr>\n");
    }
    h.raw("</tbody></table></div>\n");
}

void scorecard(Html& h, const Report& r) {
    h.raw("<section id=\"scorecard\"><h2>Scorecard</h2>\n");
    score_table(h, "party", detail::by_party(r.snapshot));
    score_table(h, "agreement", detail::by_agreement(r.snapshot));
    h.raw("</section>\n");
}

// The deadline chart: one row per deadline (a node with a window end), its window as a bar and
// its end as a diamond in the verdict's colour, on a time axis with a line at the as-of date.
// At most kMaxRows rows: pending deadlines first (soonest first), then the most recent others.
void timeline(Html& h, const Report& r) {
    constexpr size_t kMaxRows = 40;
    const Snapshot& s = r.snapshot;
    struct Row {
        const NodeRecord* node;
        const RuleRecord* rule;
    };
    std::vector<Row> pending, other;
    for (const auto& rule : s.rules)
        for (const auto& n : rule.nodes) {
            if (!n.end) continue;
            (n.verdict == Verdict::Pending ? pending : other).push_back({&n, &rule});
        }
    const size_t all = pending.size() + other.size();
    std::stable_sort(pending.begin(), pending.end(),
                     [](const Row& a, const Row& b) { return *a.node->end < *b.node->end; });
    std::stable_sort(other.begin(), other.end(),
                     [](const Row& a, const Row& b) { return *a.node->end > *b.node->end; });
    std::vector<Row> rows(pending.begin(), pending.begin() + std::min(pending.size(), kMaxRows));
    for (size_t i = 0; i < other.size() && rows.size() < kMaxRows; ++i) rows.push_back(other[i]);
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& a, const Row& b) { return *a.node->end < *b.node->end; });

    h.raw("<section id=\"timeline\"><h2>Deadlines</h2>\n");
    if (rows.empty()) {
        h.raw("<p>No rule has a deadline.</p></section>\n");
        return;
    }
    int32_t lo = s.as_of.days, hi = s.as_of.days;
    for (const auto& row : rows) {
        lo = std::min(lo, row.node->start ? row.node->start->days : row.node->end->days);
        hi = std::max(hi, row.node->end->days);
    }
    const int32_t pad = std::max<int32_t>(7, (hi - lo) / 40);
    lo -= pad;
    hi += pad;
    constexpr double kWidth = 1000, kLeft = 330, kRight = 985, kTop = 34, kRowH = 20;
    const double height = kTop + kRowH * static_cast<double>(rows.size()) + 16;
    auto x = [&](int32_t day) {
        return kLeft + (kRight - kLeft) * (day - lo) / static_cast<double>(hi - lo);
    };
    auto f = [](double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f", v);
        return std::string(buf);
    };
    h.raw("<p class=\"legend\">").num(rows.size()).raw(" of ").num(all);
    h.raw(
        " deadlines (pending first, soonest first); bar: the window, diamond: its end, "
        "red line: the as-of date.</p>\n");
    h.raw(
         "<div class=\"scroll\"><svg role=\"img\" "
         "aria-label=\"Timeline of deadlines\" viewBox=\"0 0 ")
        .raw(f(kWidth))
        .raw(" ")
        .raw(f(height))
        .raw("\" style=\"width:100%;min-width:640px;height:auto\">\n");
    // Axis: a tick each year, or each quarter for a span under three years.
    auto lo_ymd = core::to_ymd(core::Date{lo}), hi_ymd = core::to_ymd(core::Date{hi});
    const bool quarters = hi - lo < 3 * 366;
    for (int y = lo_ymd.year; y <= hi_ymd.year; ++y)
        for (int m = 1; m <= 12; m += quarters ? 3 : 12) {
            auto d = core::make_date(y, m, 1);
            if (!d || d->days < lo || d->days > hi) continue;
            double px = x(d->days);
            h.raw("<line x1=\"").raw(f(px)).raw("\" y1=\"").raw(f(kTop - 6)).raw("\" x2=\"");
            h.raw(f(px)).raw("\" y2=\"").raw(f(height - 12)).raw("\" stroke=\"#d0d7de\"/>");
            h.raw("<text x=\"").raw(f(px + 3)).raw("\" y=\"").raw(f(kTop - 10));
            h.raw("\" font-size=\"11\" fill=\"#59636e\">").num(y);
            if (quarters) h.raw("-").raw(m < 10 ? "0" : "").num(m);
            h.raw("</text>\n");
        }
    for (size_t i = 0; i < rows.size(); ++i) {
        const NodeRecord& n = *rows[i].node;
        const double cy = kTop + kRowH * static_cast<double>(i) + kRowH / 2;
        const std::string color = verdict_color(n.verdict);
        if (i % 2 == 0) {
            h.raw("<rect x=\"0\" y=\"").raw(f(cy - kRowH / 2)).raw("\" width=\"").raw(f(kWidth));
            h.raw("\" height=\"").raw(f(kRowH)).raw("\" fill=\"#f6f8fa\"/>");
        }
        h.raw("<g><title>").text(n.id).raw(": ").raw(engine::to_string(n.verdict));
        h.raw(", deadline ").raw(core::to_string(*n.end)).raw("</title>");
        std::string label = n.id.size() > 48 ? n.id.substr(0, 47) + "\xe2\x80\xa6" : n.id;
        h.raw("<text x=\"4\" y=\"").raw(f(cy + 4)).raw("\" font-size=\"12\" fill=\"#1f2328\">");
        h.text(label).raw("</text>");
        double x0 = x(n.start ? n.start->days : lo), x1 = x(n.end->days);
        h.raw("<rect x=\"").raw(f(x0)).raw("\" y=\"").raw(f(cy - 3)).raw("\" width=\"");
        h.raw(f(std::max(1.0, x1 - x0))).raw("\" height=\"6\" rx=\"3\" fill=\"").raw(color);
        h.raw("\" fill-opacity=\"0.35\"/>");
        h.raw("<path d=\"M")
            .raw(f(x1))
            .raw(" ")
            .raw(f(cy - 7))
            .raw(" l7 7 l-7 7 l-7 -7 z\" fill=\"");
        h.raw(color).raw("\"");
        if (n.at_risk) h.raw(" stroke=\"#bc4c00\" stroke-width=\"3\"");
        h.raw("/></g>\n");
    }
    double ax = x(s.as_of.days);
    h.raw("<line x1=\"").raw(f(ax)).raw("\" y1=\"").raw(f(kTop - 24)).raw("\" x2=\"").raw(f(ax));
    h.raw("\" y2=\"").raw(f(height - 4)).raw("\" stroke=\"#cf222e\" stroke-width=\"2\"/>");
    h.raw("<text x=\"").raw(f(ax + 4)).raw("\" y=\"12\" font-size=\"12\" font-weight=\"600\" ");
    h.raw("fill=\"#cf222e\">as of ").raw(core::to_string(s.as_of)).raw("</text>\n");
    h.raw("</svg></div></section>\n");
}

void progress(Html& h, const Report& r) {
    constexpr size_t kMaxBars = 60;
    const Snapshot& s = r.snapshot;
    h.raw("<section id=\"progress\"><h2>Aggregate commitments</h2>\n");
    h.raw(
        "<p class=\"legend\">Value against target (for a cap: against the cap); the black mark "
        "is the straight-line pace, the share of the target due by the as-of date.</p>\n");
    size_t shown = 0, total = 0;
    for (const auto& rule : s.rules)
        for (const auto& n : rule.nodes) {
            if (!n.progress) continue;
            if (++total > kMaxBars) continue;
            ++shown;
            const auto& p = *n.progress;
            double share = p.target > 0 && std::isfinite(p.value) ? p.value / p.target : 0;
            h.raw("<div class=\"prog\"><div><a href=\"#").raw(anchor(s, &rule)).raw("\">");
            h.text(n.id).raw("</a> ");
            badge(h, n);
            h.raw("<br><span class=\"muted\">").text(n.op).raw(" ").text(detail::progress_text(p));
            h.raw(" (").raw(fmt_pct(share)).raw("%)");
            auto pc = detail::pace(n, s.as_of);
            if (pc) h.raw(", pace ").raw(fmt_pct(*pc)).raw("%");
            h.raw("</span></div><div class=\"bar\" role=\"img\" aria-label=\"");
            h.raw(fmt_pct(share)).raw("% of target\"><div class=\"fill ");
            bool cap = n.op == "<=" || n.op == "<";
            h.raw(cap && share > 1 ? "breached" : engine::to_string(n.verdict));
            h.raw("\" style=\"width:").raw(fmt_pct(std::clamp(share, 0.0, 1.0))).raw("%\"></div>");
            if (pc)
                // Shifted by its width times the share: inside the bar also at 100%.
                h.raw("<div class=\"pace\" title=\"pace\" style=\"left:calc(")
                    .raw(fmt_pct(*pc))
                    .raw("% - ")
                    .raw(fmt_pct(*pc * 0.03))
                    .raw("px)\"></div>");
            h.raw("</div></div>\n");
        }
    if (total == 0) h.raw("<p>No aggregate commitment.</p>");
    if (total > shown)
        h.raw("<p class=\"muted\">").num(total - shown).raw(" more (see the JSON report).</p>");
    h.raw("</section>\n");
}

void evidence_item(Html& h, const Snapshot& s, const std::string& id, const char* label) {
    h.raw("<li>").raw(label).raw("<b>").text(id).raw("</b>");
    if (const FactRef* f = s.fact(id)) {
        h.raw(" <span class=\"muted\">")
            .raw(core::to_string(f->date))
            .raw(" &middot; ")
            .text(f->type);
        if (!f->party.empty()) h.raw(" &middot; ").text(f->party);
        h.raw("</span>");
        if (!f->source.empty()) h.raw(": ").linked(f->source);
    }
    h.raw("</li>");
}

void evidence_list(Html& h, const Snapshot& s, const NodeRecord& n) {
    if (n.evidence.empty() && n.late.empty()) return;
    h.raw("<ul class=\"ev\">");
    for (const auto& e : n.evidence) evidence_item(h, s, e, "");
    if (!n.late.empty()) evidence_item(h, s, n.late, "late: ");
    h.raw("</ul>");
}

void rules(Html& h, const Report& r) {
    constexpr size_t kMaxChildren = 200;
    const Snapshot& s = r.snapshot;
    auto changed = changed_rules(r.changes);
    h.raw("<section id=\"rules\"><h2>Rules</h2>\n");
    for (const auto& rule : s.rules) {
        if (rule.nodes.empty()) continue;
        const NodeRecord& root = rule.nodes.front();
        bool is_changed = std::binary_search(changed.begin(), changed.end(), rule.id);
        h.raw("<article class=\"rule v-").raw(engine::to_string(root.verdict));
        h.raw(is_changed ? " changed" : "").raw("\" id=\"").raw(anchor(s, &rule)).raw("\">");
        h.raw("<h3>").text(rule.id).raw(" ");
        badge(h, root);
        if (is_changed) h.raw(" <span class=\"badge b-change\">changed</span>");
        h.raw("</h3>");
        if (!rule.title.empty()) h.raw("<p class=\"title\">").text(rule.title).raw("</p>");
        h.raw("<dl>");
        if (!rule.agreement.empty()) {
            h.raw("<dt>Agreement</dt><dd>")
                .text(rule.agreement_title.empty() ? rule.agreement : rule.agreement_title);
            h.raw(" <span class=\"muted\">(").text(rule.agreement).raw(")</span></dd>");
        }
        if (!rule.party.empty()) {
            h.raw("<dt>Party</dt><dd>");
            for (size_t i = 0; i < rule.party.size(); ++i) h.raw(i ? ", " : "").text(rule.party[i]);
            h.raw("</dd>");
        }
        if (root.end)
            h.raw("<dt>Deadline</dt><dd>").text(detail::deadline_text(root, s.as_of)).raw("</dd>");
        if (root.progress) {
            h.raw("<dt>Progress</dt><dd>").text(root.op).raw(" ");
            h.text(detail::progress_text(*root.progress)).raw("</dd>");
        }
        h.raw("<dt>Reason</dt><dd>").text(root.reason).raw("</dd>");
        if (!rule.cite.empty()) h.raw("<dt>Citation</dt><dd>").text(rule.cite).raw("</dd>");
        if (!rule.note.empty()) h.raw("<dt>Note</dt><dd>").text(rule.note).raw("</dd>");
        if (!root.evidence.empty() || !root.late.empty()) {
            h.raw("<dt>Evidence</dt><dd>");
            evidence_list(h, s, root);
            h.raw("</dd>");
        }
        h.raw("</dl>");
        if (rule.nodes.size() > 1) {
            h.raw(
                "<div class=\"scroll\"><table class=\"kids\"><thead><tr><th>instance or part</th>"
                "<th>verdict</th><th>deadline</th><th>reason and evidence</th></tr></thead>"
                "<tbody>\n");
            for (size_t i = 1; i < rule.nodes.size() && i <= kMaxChildren; ++i) {
                const NodeRecord& n = rule.nodes[i];
                std::string label = n.id.substr(std::min(n.id.size(), rule.id.size()));
                h.raw("<tr><td style=\"padding-left:").num(8 + 12 * (n.depth - 1)).raw("px\">");
                h.text(label).raw("</td><td>");
                badge(h, n);
                h.raw("</td><td>").text(detail::deadline_text(n, s.as_of)).raw("</td><td>");
                h.text(n.reason);
                evidence_list(h, s, n);
                h.raw("</td></tr>\n");
            }
            h.raw("</tbody></table></div>");
            if (rule.nodes.size() - 1 > kMaxChildren)
                h.raw("<p class=\"muted\">")
                    .num(rule.nodes.size() - 1 - kMaxChildren)
                    .raw(" more (see the JSON report).</p>");
        }
        h.raw("</article>\n");
    }
    h.raw("</section>\n");
}

}  // namespace

void write_html(std::ostream& out, const Report& r) {
    Html h(out);
    h.raw(
         "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>Compliance report as of ")
        .raw(core::to_string(r.snapshot.as_of))
        .raw("</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>")
        .raw(kStyle)
        .raw("</style></head>\n<body>\n");
    header(h, r);
    changes(h, r);
    scorecard(h, r);
    timeline(h, r);
    progress(h, r);
    rules(h, r);
    h.raw(
        "<footer>Generated by abide. Verdicts: met, pending, breached, void; &ldquo;at risk&rdquo; "
        "marks a pending rule near its deadline or behind pace.</footer>\n</body></html>\n");
}

}  // namespace abide::report
