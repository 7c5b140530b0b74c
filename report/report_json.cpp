// The report as JSON: the §8 result shape (plus cite, note, kind and op) with the run, the
// changes and the evidence facts. Written with JsonWriter, which escapes every string.
#include "report/json_writer.hpp"
#include "report/render.hpp"
#include "report/report.hpp"

namespace abide::report {
namespace {

void date_or_null(JsonWriter& w, const std::optional<core::Date>& d) {
    d ? w.string(core::to_string(*d)) : w.null();
}

void run_ref(JsonWriter& w, const std::optional<RunRef>& r) {
    if (!r) {
        w.null();
        return;
    }
    w.begin_object();
    w.key("id").integer(r->id);
    w.key("as_of").string(core::to_string(r->as_of));
    w.key("recorded_at").string(r->recorded_at);
    w.end_object();
}

// Writes nodes[i] and its descendants (the nodes after it that are deeper); returns the index
// after them.
size_t write_node(JsonWriter& w, const RuleRecord& rule, size_t i) {
    const NodeRecord& n = rule.nodes[i];
    w.begin_object();
    w.key("rule").string(n.id);
    w.key("title").string(rule.title);
    w.key("agreement");
    rule.agreement.empty() ? w.null() : w.string(rule.agreement);
    w.key("party").begin_array();
    for (const auto& p : rule.party) w.string(p);
    w.end_array();
    if (n.depth == 0) {
        w.key("cite").string(rule.cite);
        w.key("note").string(rule.note);
    }
    w.key("kind").string(n.kind);
    if (!n.op.empty()) w.key("op").string(n.op);
    w.key("verdict").string(engine::to_string(n.verdict));
    w.key("window");
    if (n.has_window) {
        w.begin_object();
        w.key("start");
        date_or_null(w, n.start);
        w.key("end");
        date_or_null(w, n.end);
        w.end_object();
    } else {
        w.null();
    }
    w.key("evidence").begin_array();
    for (const auto& e : n.evidence) w.string(e);
    w.end_array();
    w.key("reason").string(n.reason);
    w.key("at_risk").boolean(n.at_risk);
    if (n.days_left) w.key("days_left").integer(*n.days_left);
    if (!n.late.empty()) w.key("late").string(n.late);
    if (n.progress) write_progress(w, *n.progress);
    w.key("children").begin_array();
    size_t j = i + 1;
    while (j < rule.nodes.size() && rule.nodes[j].depth > n.depth) j = write_node(w, rule, j);
    w.end_array();
    w.end_object();
    return j;
}

}  // namespace

void write_report_json(std::ostream& out, const Report& r) {
    const Snapshot& s = r.snapshot;
    JsonWriter w(out, 2, 5);
    w.begin_object();
    w.key("as_of").string(core::to_string(s.as_of));
    w.key("run");
    run_ref(w, r.run);
    w.key("since");
    run_ref(w, r.since);
    w.key("summary").begin_object();
    w.key("rules").integer(static_cast<long long>(s.rules.size()));
    w.key("met").integer(static_cast<long long>(s.summary.met));
    w.key("pending").integer(static_cast<long long>(s.summary.pending));
    w.key("breached").integer(static_cast<long long>(s.summary.breached));
    w.key("void").integer(static_cast<long long>(s.summary.void_));
    w.end_object();
    w.key("changed_rules").begin_array();
    for (const auto& id : changed_rules(r.changes)) w.string(id);
    w.end_array();
    w.key("changes").begin_array();
    for (const auto& c : r.changes) {
        w.begin_object();
        w.key("rule").string(c.rule);
        w.key("node").string(c.node);
        w.key("change").string(to_string(c.kind));
        w.key("before");
        c.before ? w.string(engine::to_string(*c.before)) : w.null();
        w.key("after");
        c.after ? w.string(engine::to_string(*c.after)) : w.null();
        w.key("at_risk").boolean(c.at_risk);
        w.key("new_evidence").begin_array();
        for (const auto& e : c.new_evidence) w.string(e);
        w.end_array();
        w.key("reason").string(c.reason);
        w.end_object();
    }
    w.end_array();
    w.key("results").begin_array();
    for (const auto& rule : s.rules)
        if (!rule.nodes.empty()) write_node(w, rule, 0);
    w.end_array();
    w.key("facts").begin_array();
    for (const auto& f : s.facts) {
        w.begin_object();
        w.key("id").string(f.id);
        w.key("date").string(core::to_string(f.date));
        w.key("type").string(f.type);
        w.key("party");
        f.party.empty() ? w.null() : w.string(f.party);
        w.key("source").string(f.source);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.flush();
    out << "\n";
}

}  // namespace abide::report
