#include "core/date.hpp"
#include "report/json_writer.hpp"
#include "report/render.hpp"

namespace abide::report {
namespace {

struct Context {
    JsonWriter& w;
    const facts::FactSet& facts;
    const ir::Rule& rule;
    const ir::RuleSet& rules;
};

void write_node(Context& c, const engine::NodeResult& n) {
    JsonWriter& w = c.w;
    w.begin_object();
    w.key("rule").string(n.rule);
    w.key("title").string(c.rule.title);
    w.key("agreement");
    if (c.rule.agreement)
        w.string(c.rules.agreements[*c.rule.agreement].id);
    else
        w.null();
    w.key("party").begin_array();
    for (const auto& p : c.rule.party) w.string(p);
    w.end_array();
    w.key("verdict").string(engine::to_string(n.verdict));
    w.key("window");
    if (n.has_window) {
        w.begin_object();
        w.key("start");
        n.start ? w.string(core::to_string(*n.start)) : w.null();
        w.key("end");
        n.end ? w.string(core::to_string(*n.end)) : w.null();
        w.end_object();
    } else {
        w.null();
    }
    w.key("evidence").begin_array();
    for (uint32_t e : n.evidence) w.string(c.facts[e].id);
    w.end_array();
    w.key("reason").string(n.reason);
    w.key("at_risk").boolean(n.at_risk);
    if (n.days_left) w.key("days_left").integer(*n.days_left);
    if (n.late) w.key("late").string(c.facts[*n.late].id);
    if (n.progress) {
        w.key("progress").begin_object();
        w.key("value").number(n.progress->value);
        w.key("target").number(n.progress->target);
        w.key("unit").string(n.progress->unit);
        w.end_object();
    }
    w.key("children").begin_array();
    for (const auto& child : n.children) write_node(c, child);
    w.end_array();
    w.end_object();
}

}  // namespace

void write_json(std::ostream& out, const engine::Evaluation& ev, const ir::RuleSet& rules,
                const facts::FactSet& facts) {
    // Pretty down to each result's keys and one line per child: a rule with thousands of
    // instances stays readable and the document stays a fraction of its fully indented size.
    JsonWriter w(out, 2, 4);
    w.begin_object();
    w.key("as_of").string(core::to_string(ev.as_of));
    w.key("results").begin_array();
    for (const auto& r : ev.results) {
        Context c{w, facts, *r.rule, rules};
        write_node(c, r.node);
    }
    w.end_array();
    w.key("summary").begin_object();
    w.key("met").integer(static_cast<long long>(ev.summary.met));
    w.key("pending").integer(static_cast<long long>(ev.summary.pending));
    w.key("breached").integer(static_cast<long long>(ev.summary.breached));
    w.key("void").integer(static_cast<long long>(ev.summary.void_));
    w.end_object();
    w.end_object();
}

}  // namespace abide::report
