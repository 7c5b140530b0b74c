#include <sstream>

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

// Pretty down to each result's keys and one line per child: a rule with thousands of instances
// stays readable and the document a fraction of its fully indented size.
constexpr int kIndent = 2;
constexpr size_t kPrettyDepth = 4;

namespace {
size_t count_nodes(const engine::NodeResult& n) {
    size_t count = 1;
    for (const auto& c : n.children) count += count_nodes(c);
    return count;
}
}  // namespace

std::string render_json_result(const engine::RuleResult& result, const ir::RuleSet& rules,
                               const facts::FactSet& facts) {
    // Reserve roughly what the nodes will take, so that a rule with thousands of instances is
    // not copied over and over as its text grows.
    std::string out;
    out.reserve(count_nodes(result.node) *
                (256 + result.rule->title.size() + result.rule->id.size()));
    JsonWriter w(out, kIndent, kPrettyDepth);
    w.resume(2);  // inside {"results": [ ... ]}
    Context c{w, facts, *result.rule, rules};
    write_node(c, result.node);
    return out;
}

void write_json_document(std::ostream& out, core::Date as_of,
                         const std::vector<std::string>& results, const engine::Summary& s) {
    out << "{\n  \"as_of\": \"" << core::to_string(as_of) << "\",\n  \"results\": [";
    bool first = true;
    for (const auto& r : results) {
        if (r.empty()) continue;
        out << (first ? "" : ",") << r;
        first = false;
    }
    out << (first ? "" : "\n  ") << "],\n  \"summary\": {\"met\": " << s.met
        << ", \"pending\": " << s.pending << ", \"breached\": " << s.breached
        << ", \"void\": " << s.void_ << "}\n}\n";
}

void write_json(std::ostream& out, const engine::Evaluation& ev, const ir::RuleSet& rules,
                const facts::FactSet& facts) {
    std::vector<std::string> results;
    results.reserve(ev.results.size());
    for (const auto& r : ev.results) results.push_back(render_json_result(r, rules, facts));
    write_json_document(out, ev.as_of, results, ev.summary);
}

}  // namespace abide::report
