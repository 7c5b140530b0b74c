#include "report/explain_report.hpp"

#include <string>

#include "core/date.hpp"
#include "core/quantity.hpp"
#include "engine/ir/print.hpp"
#include "report/json_writer.hpp"
#include "report/render.hpp"

namespace abide::report {
namespace {

using engine::DateTrace;
using engine::FactOutcome;
using engine::FactStep;
using engine::TraceNode;
using Kind = ir::Obligation::Kind;

std::string date_text(const std::optional<core::Date>& d) {
    return d ? core::to_string(*d) : std::string("(no date)");
}

std::string_view kind_name(Kind k) {
    switch (k) {
        case Kind::Require: return "require";
        case Kind::Forbid: return "forbid";
        case Kind::Aggregate: return "aggregate";
        case Kind::ForEach: return "for-each";
        case Kind::ForIn: return "for-in";
        case Kind::All: return "all";
        case Kind::Any: return "any";
        case Kind::AtLeast: return "at-least";
    }
    return "";
}

// "signed 2025-10-28 + 180 days = 2026-04-26": the base as written with its date, then each step.
std::string derivation(const DateTrace& t) {
    std::string out;
    using Base = ir::DateExpr::Base;
    switch (t.base) {
        case Base::Literal:
            out = date_text(t.base_value);
            if (!t.name.empty() && t.name != out) out = t.name + " → " + out;
            break;
        case Base::Signed:
            out = t.name + " " + date_text(t.base_value);
            if (t.steps.empty()) out += " (the agreement's signing date)";
            break;
        case Base::TriggerDate: out = t.name + " " + date_text(t.base_value); break;
        case Base::YearStart:
            out = "start of year " + t.name + " " + date_text(t.base_value);
            break;
        case Base::YearEnd: out = "end of year " + t.name + " " + date_text(t.base_value); break;
    }
    for (const auto& s : t.steps) {
        out += s.sign < 0 ? " - " : " + ";
        out += core::to_string(s.period);
        out += " = ";
        out += date_text(s.result);
    }
    return out;
}

std::string quantity(double v, const std::string& unit) {
    return unit.empty() ? core::format_number(v) : core::format_quantity(v, unit);
}

class TextWriter {
public:
    TextWriter(std::ostream& out, const engine::Explanation& ex, const ir::RuleSet& rules,
               const facts::FactSet& facts)
        : out_(out), ex_(ex), rules_(rules), facts_(facts) {}

    void write() {
        const ir::Rule& rule = *ex_.rule;
        out_ << "rule " << rule.id;
        if (!rule.title.empty()) out_ << ": " << rule.title;
        out_ << '\n';
        std::string meta;
        if (!rule.loc.file.empty()) {
            meta += "defined at " + rule.loc.file;
            if (rule.loc.pos.line) meta += ":" + std::to_string(rule.loc.pos.line);
        }
        if (!rule.party.empty()) {
            std::string parties;
            for (const auto& p : rule.party) parties += (parties.empty() ? "" : ", ") + p;
            meta += (meta.empty() ? "" : "; ") + std::string("party ") + parties;
        }
        if (!rule.cite.empty())
            meta += (meta.empty() ? "" : "; ") + std::string("cite ") + rule.cite;
        if (!meta.empty()) out_ << "  " << meta << '\n';
        out_ << "as of " << core::to_string(ex_.as_of)
             << " (facts dated after it are not known yet)\n";
        write_end();
        out_ << '\n';
        write_node(ex_.root, 0);
        out_ << '\n';
        const auto& r = ex_.root.result;
        out_ << "verdict: " << engine::to_string(r.verdict);
        if (r.at_risk) out_ << " (at risk)";
        out_ << '\n' << "reason: " << r.reason << '\n';
    }

private:
    void line(int depth, const std::string& text) {
        out_ << std::string(static_cast<size_t>(depth) * 2, ' ') << text << '\n';
    }

    std::string fact_label(uint32_t i) const {
        return std::string(facts_[i].id()) + " (" + core::to_string(facts_[i].date) + ")";
    }

    void write_end() {
        if (!ex_.rule->agreement) return;
        const ir::Agreement& a = rules_.agreements[*ex_.rule->agreement];
        if (!a.ends) return;
        std::string clause = "agreement " + a.id + " ends " + core::to_string(a.ends->period) +
                             " after " + ir::describe(a.ends->pattern, rules_.schema);
        if (!ex_.end) {
            out_ << clause << ": no such fact by the as-of date, so it has not ended\n";
            return;
        }
        const auto& e = *ex_.end;
        out_ << clause << ": " << fact_label(e.notice) << " + " << core::to_string(a.ends->period)
             << " = " << date_text(e.on);
        if (e.ended)
            out_ << ", on or before the as-of date: the agreement ended on " << date_text(e.on)
                 << "; the rule is judged as of that date and what was still pending then is "
                    "void\n";
        else
            out_ << ", after the as-of date: not ended yet\n";
    }

    void write_window(const TraceNode& n, int depth) {
        const auto& r = n.result;
        if (!r.has_window) return;
        if (n.start)
            line(depth, "window start: " + derivation(*n.start));
        else
            line(depth, "window start: none (unbounded)");
        if (n.end)
            line(depth, "window end: " + derivation(*n.end));
        else
            line(depth, "window end: none (open-ended)");
        std::string w = "window: ";
        if (r.start && r.end)
            w += core::to_string(*r.start) + " to " + core::to_string(*r.end);
        else if (r.start)
            w += "from " + core::to_string(*r.start) + ", open-ended";
        else if (r.end)
            w += "until " + core::to_string(*r.end);
        else
            w += "any date";
        if (r.end) {
            if (ex_.judged_as_of > *r.end)
                w += "; closed (the as-of date is past its end)";
            else
                w += "; open as of " + core::to_string(ex_.judged_as_of);
        }
        line(depth, w);
    }

    std::string fact_reason(const TraceNode& n, const FactStep& s) const {
        const facts::Fact& f = facts_[s.fact];
        const bool agg = n.obligation->kind == Kind::Aggregate;
        const std::string unit = n.result.progress ? n.result.progress->unit : "";
        std::string why;
        switch (s.outcome) {
            case FactOutcome::AfterAsOf:
                why = "ignored: dated after the as-of date " + core::to_string(ex_.judged_as_of);
                if (ex_.judged_as_of != ex_.as_of) why += " (the agreement's end)";
                break;
            case FactOutcome::Mismatch:
                why = "no match: " + s.condition;
                if (s.missing)
                    why += ", but the attribute is missing from the fact";
                else if (!s.actual.empty())
                    why += ", but the fact has " + s.actual;
                else
                    why += " does not hold";
                break;
            case FactOutcome::BeforeWindow:
                why = "matches, but dated before the window start " + date_text(n.result.start);
                break;
            case FactOutcome::AfterWindow:
                why = "matches, but dated after the window end " + date_text(n.result.end);
                if (agg && s.value) why += " (" + quantity(*s.value, unit) + ")";
                if (s.late)
                    why += agg ? "; counting it, the value would have reached the target late"
                               : "; late";
                break;
            case FactOutcome::NoValue:
                why = "matches, but has no numeric value of the aggregated attribute: adds nothing";
                break;
            case FactOutcome::Matched:
                if (agg && s.value && s.running) {
                    const auto& agg_ir = n.obligation->aggregate;
                    static const char* const kNames[] = {"sum", "max", "count"};
                    why = "matches in the window: " +
                          (agg_ir.kind == ir::Aggregate::Kind::Count
                               ? std::string("counts 1")
                               : "value " + quantity(*s.value, unit)) +
                          "; running " + kNames[static_cast<int>(agg_ir.kind)] + " " +
                          quantity(*s.running, unit);
                    if (n.result.progress)
                        why += " (target " + std::string(ir::to_string(agg_ir.op)) + " " +
                               quantity(n.result.progress->target, unit) + ")";
                    if (s.decisive)
                        why += agg_ir.op == ir::CmpOp::Le || agg_ir.op == ir::CmpOp::Lt
                                   ? ": the cap is passed here"
                                   : ": the target is reached here";
                } else if (n.obligation->kind == Kind::ForEach) {
                    why = "matches in the window: a trigger, evaluated as instance [" +
                          std::string(f.id()) + "] below";
                } else {
                    why = "matches in the window";
                    if (s.decisive)
                        why += n.obligation->kind == Kind::Forbid ? ": the forbidden event occurred"
                                                                  : ": this fulfils the rule";
                }
                break;
        }
        return fact_label(s.fact) + ": " + why;
    }

    void write_facts(const TraceNode& n, int depth) {
        const auto& ob = *n.obligation;
        uint32_t event = ob.kind == Kind::Aggregate ? ob.aggregate.pattern.event : ob.pattern.event;
        const std::string& type = rules_.schema.event(event).name;
        if (n.facts.empty()) {
            line(depth, "no " + type + " facts at all");
            return;
        }
        line(depth, std::to_string(n.facts.size()) + " " + type + " fact" +
                        (n.facts.size() == 1 ? "" : "s") + " considered:");
        for (const auto& s : n.facts) line(depth + 1, fact_reason(n, s));
    }

    void write_verdict(const TraceNode& n, int depth) {
        const auto& r = n.result;
        std::string v = "=> " + std::string(engine::to_string(r.verdict));
        if (r.verdict == engine::Verdict::Pending && r.end)
            v += ", deadline " + core::to_string(*r.end) +
                 (r.days_left ? " (" + std::to_string(*r.days_left) +
                                    (*r.days_left == 1 ? " day left)" : " days left)")
                              : "");
        if (r.at_risk) v += ", at risk";
        if (r.progress)
            v += "; value " + quantity(r.progress->value, r.progress->unit) + " against " +
                 quantity(r.progress->target, r.progress->unit);
        line(depth, v + ": " + r.reason);
    }

    void write_node(const TraceNode& n, int depth) {
        const auto& ob = *n.obligation;
        switch (ob.kind) {
            case Kind::Require:
            case Kind::Forbid:
                line(depth, std::string(kind_name(ob.kind)) + " " + n.pattern);
                write_window(n, depth + 1);
                write_facts(n, depth + 1);
                break;
            case Kind::Aggregate: {
                const auto& a = ob.aggregate;
                static const char* const kNames[] = {"sum", "max", "count"};
                std::string what = std::string(kNames[static_cast<int>(a.kind)]) + " of ";
                if (a.attr) what += a.attr->name + " over ";
                what += n.pattern + " " + ir::to_string(a.op) + " " + ir::to_string(a.target);
                line(depth, "require " + what);
                write_window(n, depth + 1);
                write_facts(n, depth + 1);
                break;
            }
            case Kind::ForEach:
                line(depth, "for each " + n.pattern + " as " + ob.var_name);
                write_window(n, depth + 1);
                write_facts(n, depth + 1);
                for (const auto& c : n.children) {
                    std::string head = "instance " + c.id.substr(c.id.rfind('['));
                    if (c.trigger)
                        head += ": " + ob.var_name + " = " + fact_label(*c.trigger) + ", " +
                                ob.var_name + ".date = " + core::to_string(facts_[*c.trigger].date);
                    line(depth + 1, head);
                    write_node(c, depth + 2);
                }
                break;
            case Kind::ForIn: {
                std::string values;
                for (const auto& v : ob.values)
                    values += (values.empty() ? "" : ", ") + ir::to_string(v);
                line(depth, "for " + ob.var_name + " in [" + values + "]: every instance needed");
                for (size_t k = 0; k < n.children.size(); ++k) {
                    const auto& c = n.children[k];
                    std::string label = c.id.substr(c.id.rfind('[') + 1);
                    if (!label.empty()) label.pop_back();
                    line(depth + 1, "instance " + ob.var_name + " = " + label);
                    write_node(c, depth + 2);
                }
                break;
            }
            case Kind::All:
            case Kind::Any:
            case Kind::AtLeast: {
                std::string head =
                    ob.kind == Kind::All
                        ? "all of " + std::to_string(ob.parts.size()) + " parts (every part needed)"
                    : ob.kind == Kind::Any
                        ? "any of " + std::to_string(ob.parts.size()) + " parts (one part needed)"
                        : "at least " + std::to_string(ob.at_least) + " of " +
                              std::to_string(ob.parts.size()) + " parts";
                line(depth, head);
                for (size_t k = 0; k < n.children.size(); ++k) {
                    line(depth + 1, "part " + std::to_string(k + 1));
                    write_node(n.children[k], depth + 2);
                }
                break;
            }
        }
        write_verdict(n, depth + 1);
    }

    std::ostream& out_;
    const engine::Explanation& ex_;
    const ir::RuleSet& rules_;
    const facts::FactSet& facts_;
};

void json_date(JsonWriter& w, const std::optional<core::Date>& d) {
    if (d)
        w.string(core::to_string(*d));
    else
        w.null();
}

void json_derivation(JsonWriter& w, const std::optional<DateTrace>& t) {
    if (!t) {
        w.null();
        return;
    }
    static const char* const kBases[] = {"date", "signed", "trigger-date", "year-start",
                                         "year-end"};
    w.begin_object();
    w.key("base").string(kBases[static_cast<int>(t->base)]);
    w.key("name").string(t->name);
    w.key("base_date");
    json_date(w, t->base_value);
    w.key("steps").begin_array();
    for (const auto& s : t->steps) {
        w.begin_object();
        w.key("op").string(s.sign < 0 ? "-" : "+");
        w.key("period").string(core::to_string(s.period));
        w.key("date");
        json_date(w, s.result);
        w.end_object();
    }
    w.end_array();
    w.key("date");
    json_date(w, t->value);
    w.key("text").string(derivation(*t));
    w.end_object();
}

void json_node(JsonWriter& w, const TraceNode& n, const facts::FactSet& facts) {
    const auto& r = n.result;
    w.begin_object();
    w.key("id").string(n.id);
    w.key("kind").string(kind_name(n.obligation->kind));
    if (!n.pattern.empty()) w.key("pattern").string(n.pattern);
    if (n.trigger) w.key("trigger").string(facts[*n.trigger].id());
    if (r.has_window) {
        w.key("window").begin_object();
        w.key("start");
        json_date(w, r.start);
        w.key("end");
        json_date(w, r.end);
        w.key("start_derivation");
        json_derivation(w, n.start);
        w.key("end_derivation");
        json_derivation(w, n.end);
        w.end_object();
    }
    if (n.obligation->kind == Kind::Require || n.obligation->kind == Kind::Forbid ||
        n.obligation->kind == Kind::Aggregate || n.obligation->kind == Kind::ForEach) {
        w.key("facts").begin_array();
        for (const auto& s : n.facts) {
            w.begin_object();
            w.key("id").string(facts[s.fact].id());
            w.key("date").string(core::to_string(facts[s.fact].date));
            w.key("outcome").string(engine::to_string(s.outcome));
            if (s.outcome == FactOutcome::Mismatch) {
                w.key("condition").string(s.condition);
                w.key("missing").boolean(s.missing);
                if (!s.missing && !s.actual.empty()) w.key("actual").string(s.actual);
            }
            if (s.value) w.key("value").number(*s.value);
            if (s.running) w.key("running").number(*s.running);
            if (s.decisive) w.key("decisive").boolean(true);
            if (s.late) w.key("late").boolean(true);
            w.end_object();
        }
        w.end_array();
    }
    w.key("verdict").string(engine::to_string(r.verdict));
    w.key("reason").string(r.reason);
    w.key("at_risk").boolean(r.at_risk);
    if (r.days_left) w.key("days_left").integer(*r.days_left);
    if (r.progress) write_progress(w, *r.progress);
    w.key("evidence").begin_array();
    for (uint32_t e : r.evidence) w.string(facts[e].id());
    w.end_array();
    if (!n.children.empty()) {
        w.key("children").begin_array();
        for (const auto& c : n.children) json_node(w, c, facts);
        w.end_array();
    }
    w.end_object();
}

}  // namespace

void write_explain_text(std::ostream& out, const engine::Explanation& ex, const ir::RuleSet& rules,
                        const facts::FactSet& facts) {
    TextWriter(out, ex, rules, facts).write();
}

void write_explain_json(std::ostream& out, const engine::Explanation& ex, const ir::RuleSet& rules,
                        const facts::FactSet& facts) {
    {
        JsonWriter w(out);
        w.begin_object();
        w.key("rule").string(ex.rule->id);
        w.key("as_of").string(core::to_string(ex.as_of));
        w.key("judged_as_of").string(core::to_string(ex.judged_as_of));
        w.key("agreement_end");
        if (ex.end) {
            w.begin_object();
            w.key("notice").string(facts[ex.end->notice].id());
            w.key("date");
            json_date(w, ex.end->on);
            w.key("ended").boolean(ex.end->ended);
            w.end_object();
        } else {
            w.null();
        }
        w.key("verdict").string(engine::to_string(ex.root.result.verdict));
        w.key("reason").string(ex.root.result.reason);
        w.key("steps");
        json_node(w, ex.root, facts);
        w.end_object();
    }
    out << '\n';
    (void)rules;
}

}  // namespace abide::report
