#include "engine/explain.hpp"

#include <algorithm>
#include <cmath>

#include "core/quantity.hpp"
#include "engine/amounts.hpp"

namespace abide::engine {
namespace {

using Kind = ir::Obligation::Kind;

// A fact's value of the field a condition reads, written like a literal of the rule: text
// quoted, parties bare, quantities in the unit the condition compares with.
std::string show_value(const Scalar& v, const ir::Condition& c, const facts::FactSet& facts) {
    switch (v.kind) {
        case Scalar::Kind::Absent: return "";
        case Scalar::Kind::Text: {
            std::string_view text =
                v.symbol != facts::kNoSymbol ? facts.symbols().text(v.symbol) : v.text;
            if (c.field.kind == ir::Field::Kind::Party || c.field.type == core::AttrType::Party)
                return std::string(text);
            return "\"" + std::string(text) + "\"";
        }
        case Scalar::Kind::Number: {
            auto dim = core::attr_dimension(c.field.type);
            if (!dim || *dim == core::Dimension::None) return core::format_number(v.number);
            std::string unit(core::base_unit(*dim));
            for (const auto& op : c.operands)
                if (auto* lit = std::get_if<ir::Literal>(&op);
                    lit && lit->kind == ir::Literal::Kind::Quantity && !lit->unit.empty()) {
                    unit = lit->unit;
                    break;
                }
            auto u = core::find_unit(unit);
            return core::format_quantity(v.number / (u ? u->factor : 1), unit);
        }
        case Scalar::Kind::Date: return core::to_string(core::Date{v.date});
        case Scalar::Kind::Bool: return v.boolean ? "true" : "false";
    }
    return "";
}

// Hands the engine's final results (after `void`) to the recorded tree, node by node.
void attach(TraceNode& t, NodeResult& n) {
    for (size_t k = 0; k < std::min(t.children.size(), n.children.size()); ++k)
        attach(t.children[k], n.children[k]);
    n.children.clear();
    t.result = std::move(n);
}

}  // namespace

std::string_view to_string(FactOutcome o) {
    switch (o) {
        case FactOutcome::Matched: return "matched";
        case FactOutcome::Mismatch: return "mismatch";
        case FactOutcome::BeforeWindow: return "before-window";
        case FactOutcome::AfterWindow: return "after-window";
        case FactOutcome::AfterAsOf: return "after-as-of";
        case FactOutcome::NoValue: return "no-value";
    }
    return "";
}

void Tracer::agreement_end(uint32_t notice, std::optional<core::Date> on, bool ended) {
    end_ = Explanation::End{notice, on, ended};
}

void Tracer::begin(const ir::Obligation& ob, const std::string& id) {
    TraceNode node;
    node.obligation = &ob;
    node.id = id;
    stack_.push_back(std::move(node));
}

DateTrace& Tracer::window_side(bool start) {
    // A window outside any node cannot happen; keep a slot anyway rather than crash.
    if (stack_.empty()) stack_.emplace_back();
    auto& slot = start ? stack_.back().start : stack_.back().end;
    slot.emplace();
    return *slot;
}

void Tracer::end(const ir::Obligation& ob, const Frame& frame, const NodeResult& n,
                 const CompiledPattern* pattern, std::string text, core::Date judged_as_of,
                 ir::OperandAppender render) {
    if (stack_.empty()) return;
    TraceNode node = std::move(stack_.back());
    stack_.pop_back();
    node.pattern = std::move(text);
    if (pattern) classify(node, ob, frame, n, *pattern, judged_as_of, render);
    if (ob.kind == Kind::ForEach)
        for (size_t k = 0; k < std::min(node.children.size(), n.children.size()); ++k)
            if (!n.children[k].evidence.empty())
                node.children[k].trigger = n.children[k].evidence.front();
    if (stack_.empty())
        root_ = std::move(node);
    else
        stack_.back().children.push_back(std::move(node));
}

// Every fact of the pattern's type, in date order, sorted into the outcomes the evaluator
// distinguishes: not yet known (after the as-of date), failing the condition, outside the
// window, or counted. The checks run in that order, so a fact is blamed on the first reason.
void Tracer::classify(TraceNode& node, const ir::Obligation& ob, const Frame& frame,
                      const NodeResult& n, const CompiledPattern& p, core::Date judged_as_of,
                      ir::OperandAppender render) {
    const bool aggregate = ob.kind == Kind::Aggregate;
    const ir::Aggregate& agg = ob.aggregate;
    double factor = 1;
    if (aggregate)
        if (auto unit = core::find_unit(agg.target.unit)) factor = unit->factor;
    double running = 0;  // base units
    Sum sum;
    bool decided = false;
    for (uint32_t i : index_.all(p.event())) {
        const facts::Fact& f = facts_[i];
        FactStep s;
        s.fact = i;
        s.late = n.late && *n.late == i;
        if (f.date > judged_as_of) {
            s.outcome = FactOutcome::AfterAsOf;
        } else if (const ir::Condition* c = p.mismatch(i, frame)) {
            s.outcome = FactOutcome::Mismatch;
            ir::append(s.condition, *c, render);
            if (c->kind == ir::Condition::Kind::Compare || c->kind == ir::Condition::Kind::In) {
                Scalar v = read_field(facts_, f, c->field);
                s.missing = v.kind == Scalar::Kind::Absent;
                s.actual = show_value(v, *c, facts_);
            }
        } else if (n.start && f.date < *n.start) {
            s.outcome = FactOutcome::BeforeWindow;
        } else if (n.end && f.date > *n.end) {
            s.outcome = FactOutcome::AfterWindow;
        } else {
            s.outcome = FactOutcome::Matched;
        }
        if (aggregate &&
            (s.outcome == FactOutcome::Matched || s.outcome == FactOutcome::AfterWindow)) {
            std::optional<double> v;
            if (agg.kind == ir::Aggregate::Kind::Count) {
                v = 1;
            } else if (agg.attr) {
                Scalar x = read_field(facts_, f, *agg.attr);
                if (x.kind == Scalar::Kind::Number) v = x.number;
            }
            if (!v) {
                if (s.outcome == FactOutcome::Matched) s.outcome = FactOutcome::NoValue;
            } else {
                s.value = *v / factor;
                if (s.outcome == FactOutcome::Matched) {
                    // Values are non-negative (the evaluator fails otherwise): a max from 0.
                    if (agg.kind == ir::Aggregate::Kind::Max) {
                        running = std::max(running, *v);
                    } else {
                        sum.add(*v);  // compensated, as the evaluator sums
                        running = sum.value();
                    }
                    s.running = running / factor;
                    int cmp = compare_amounts(running, agg.target.number);
                    bool crossed = false;
                    switch (agg.op) {
                        case ir::CmpOp::Ge: crossed = cmp >= 0; break;
                        case ir::CmpOp::Gt: crossed = cmp > 0; break;
                        case ir::CmpOp::Le: crossed = cmp > 0; break;
                        case ir::CmpOp::Lt: crossed = cmp >= 0; break;
                        default: break;
                    }
                    if (crossed && !decided) s.decisive = decided = true;
                }
            }
        } else if (!aggregate && s.outcome == FactOutcome::Matched && !decided &&
                   ob.kind != Kind::ForEach) {
            s.decisive = decided = true;
        }
        node.facts.push_back(std::move(s));
    }
}

core::Result<Explanation> explain(const ir::RuleSet& rules, const facts::FactSet& facts,
                                  const facts::FactIndex& index, const Options& options,
                                  size_t rule) {
    Tracer tracer(rules, facts, index);
    auto result = evaluate_rule(rules, facts, index, options, rule, &tracer);
    if (!result) return result.error();
    Explanation out;
    out.rule = result->rule;
    out.as_of = options.as_of;
    out.end = tracer.end_info();
    out.judged_as_of = out.end && out.end->ended ? *out.end->on : options.as_of;
    out.root = tracer.take_root();
    attach(out.root, result->node);
    return out;
}

}  // namespace abide::engine
