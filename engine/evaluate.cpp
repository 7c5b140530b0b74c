#include "engine/evaluate.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "engine/amounts.hpp"
#include "engine/explain.hpp"
#include "engine/ir/print.hpp"
#include "engine/match.hpp"

namespace abide::engine {

using namespace std::string_view_literals;  // appends of literals: no strlen at run time

namespace {

using core::Date;
using ir::Obligation;
using Kind = ir::Obligation::Kind;

// Evaluation stops at the first environment-level error (a negative aggregated value, a
// trigger-dependent window that ends before it starts); the verdicts would not be final.
struct Failure {
    std::string message;
};

void append_range(std::string& out, std::optional<Date> s, std::optional<Date> e) {
    if (s) {
        out += "from "sv;
        core::append_date(out, *s);
        if (e) {
            out += " to "sv;
            core::append_date(out, *e);
        }
    } else if (e) {
        out += "until "sv;
        core::append_date(out, *e);
    } else {
        out += "at any time"sv;
    }
}

std::string range_text(std::optional<Date> s, std::optional<Date> e) {
    std::string out;
    append_range(out, s, e);
    return out;
}

std::string days_text(int64_t n) {
    return std::to_string(n) + (n == 1 || n == -1 ? " day" : " days");
}

class Evaluator {
public:
    Evaluator(const ir::RuleSet& rules, const facts::FactSet& facts, const facts::FactIndex& index,
              const Options& options, Tracer* trace = nullptr)
        : rules_(rules), facts_(facts), index_(index), options_(options), trace_(trace) {}

    RuleResult evaluate_rule(const ir::Rule& rule) {
        RuleResult result;
        result.rule = &rule;
        as_of_ = options_.as_of;
        agreement_ = rule.agreement ? &rules_.agreements[*rule.agreement] : nullptr;
        std::optional<uint32_t> ender;
        if (agreement_ && agreement_->ends) ender = end_of(*agreement_);
        if (ender) {
            // The agreement ended on E* <= T: judge as of E*, and what was still pending then
            // is void (§9.13).
            as_of_ = end_date_;
        }
        Frame frame(rule.frame_size);
        result.node = eval(*rule.body, frame, rule.id);
        if (ender) make_void(result.node, *ender);
        return result;
    }

private:
    // The end date E* of an agreement whose `ends` fact is visible, if E* <= T.
    std::optional<uint32_t> end_of(const ir::Agreement& a) {
        const CompiledPattern& p = pattern(a.ends->pattern);
        Frame empty;
        for (uint32_t i : p.candidates(index_, empty, std::nullopt, options_.as_of)) {
            if (!p.matches(i, empty)) continue;
            auto end = core::add(facts_[i].date, a.ends->period);
            if (trace_) [[unlikely]]
                trace_->agreement_end(i, end, end && *end <= options_.as_of);
            if (end && *end <= options_.as_of) {
                end_date_ = *end;
                return i;
            }
            return std::nullopt;  // the first notice decides; its end is still ahead
        }
        return std::nullopt;
    }

    void make_void(NodeResult& n, uint32_t ender) {
        for (auto& c : n.children) make_void(c, ender);
        if (n.verdict != Verdict::Pending) return;
        n.verdict = Verdict::Void;
        n.at_risk = false;
        n.days_left.reset();
        n.evidence = {ender};
        n.reason = "void: the agreement ended on " + core::to_string(end_date_) + " (" +
                   std::string(facts_[ender].id()) + ") while this was pending";
    }

    const CompiledPattern& pattern(const ir::Pattern& p) {
        auto it = patterns_.find(&p);
        if (it == patterns_.end()) it = patterns_.emplace(&p, CompiledPattern(p, facts_)).first;
        return it->second;
    }

    std::string describe(const ir::Pattern& p, const Frame& frame) {
        std::string out;
        append_describe(out, p, frame);
        return out;
    }

    // The pattern in words, with bound operands rendered as values. It is rendered once per
    // pattern, with its bound operands left open; each instance (a for-each may have
    // thousands) fills in their values between the fixed pieces.
    void append_describe(std::string& out, const ir::Pattern& p, const Frame& frame) {
        auto it = descriptions_.find(&p);
        if (it == descriptions_.end()) it = descriptions_.emplace(&p, describe_template(p)).first;
        const Description& d = it->second;
        const size_t start = out.size();
        out += d.texts[0];
        for (size_t k = 0; k < d.operands.size(); ++k) {
            if (!append_operand(out, *d.operands[k], frame)) {
                // Not a value here (unbound, or of no printable kind): printed by name, as
                // the whole description does it.
                out.resize(start);
                ir::append_describe(out, p, rules_.schema,
                                    [&](std::string& o, const ir::Operand& op) {
                                        return append_operand(o, op, frame);
                                    });
                return;
            }
            out += d.texts[k + 1];
        }
    }

    // A description's fixed texts and, between them, its operands that are not literals.
    struct Description {
        std::vector<std::string> texts;  // operands.size() + 1 of them
        std::vector<const ir::Operand*> operands;
    };
    Description describe_template(const ir::Pattern& p) const {
        Description d;
        std::string text;
        size_t from = 0;
        ir::append_describe(text, p, rules_.schema, [&](std::string& o, const ir::Operand& op) {
            if (std::holds_alternative<ir::Literal>(op)) return false;  // as written
            d.texts.push_back(o.substr(from));
            d.operands.push_back(&op);
            from = o.size();
            return true;
        });
        d.texts.push_back(text.substr(from));
        return d;
    }

    bool append_operand(std::string& out, const ir::Operand& op, const Frame& frame) {
        auto quoted = [&](std::string_view text) {
            out += '"';
            out += text;
            out += '"';
            return true;
        };
        if (auto* v = std::get_if<ir::VarRef>(&op)) {
            if (v->var >= frame.size()) return false;
            const Scalar& s = frame[v->var].value;
            if (s.kind == Scalar::Kind::Number) {
                out += core::format_number(s.number);
                return true;
            }
            if (s.kind == Scalar::Kind::Text) return quoted(s.text);
        }
        if (auto* t = std::get_if<ir::TriggerField>(&op)) {
            if (t->var >= frame.size() || !frame[t->var].fact) return false;
            Scalar s = read_field(facts_, facts_[*frame[t->var].fact], t->field);
            if (s.kind == Scalar::Kind::Text)
                return quoted(s.symbol != facts::kNoSymbol ? facts_.symbols().text(s.symbol)
                                                           : s.text);
            if (s.kind == Scalar::Kind::Number) {
                out += core::format_number(s.number);
                return true;
            }
            if (s.kind == Scalar::Kind::Date) {
                out += core::to_string(Date{s.date});
                return true;
            }
        }
        return false;
    }

    // --- windows ---

    // `trace`, when given, receives the base date and each step's result.
    Date resolve(const ir::DateExpr& e, const Frame& frame, DateTrace* trace = nullptr) {
        std::optional<Date> d;
        switch (e.base) {
            case ir::DateExpr::Base::Literal: d = e.date; break;
            case ir::DateExpr::Base::Signed:
                d = rules_.agreements.at(e.agreement).signed_date;
                break;
            case ir::DateExpr::Base::TriggerDate:
                if (e.var < frame.size() && frame[e.var].fact) d = facts_[*frame[e.var].fact].date;
                break;
            case ir::DateExpr::Base::YearStart:
            case ir::DateExpr::Base::YearEnd:
                if (e.var < frame.size() && frame[e.var].value.kind == Scalar::Kind::Number) {
                    int y = static_cast<int>(frame[e.var].value.number);
                    d = e.base == ir::DateExpr::Base::YearStart ? core::make_date(y, 1, 1)
                                                                : core::make_date(y, 12, 31);
                }
                break;
        }
        if (trace) [[unlikely]] {
            trace->base = e.base;
            trace->name = e.name;
            trace->base_value = d;
        }
        for (const auto& step : e.steps) {
            if (!d) break;
            d = core::add(*d, step.period, step.sign);
            if (trace) [[unlikely]]
                trace->steps.push_back({step.sign, step.period, d});
        }
        if (trace) [[unlikely]]
            trace->value = d;
        if (!d) {
            std::string trigger = trigger_of(frame);
            throw Failure{"the date '" + e.name + "' falls outside the years 1400 to 9999" +
                          (trigger.empty() ? "" : " for trigger fact '" + trigger + "'")};
        }
        return *d;
    }

    struct Span {
        std::optional<Date> start, end;
    };

    // The innermost bound trigger fact, to name in an evaluation error.
    std::string trigger_of(const Frame& frame) const {
        std::string trigger;
        for (const auto& b : frame)
            if (b.fact) trigger = std::string(facts_[*b.fact].id());
        return trigger;
    }

    Span window(const ir::Window& w, const Frame& frame, const std::string& id) {
        Span s;
        if (w.start)
            s.start = resolve(*w.start, frame, trace_ ? &trace_->window_side(true) : nullptr);
        if (w.end) s.end = resolve(*w.end, frame, trace_ ? &trace_->window_side(false) : nullptr);
        if (s.start && s.end && *s.end < *s.start) {
            std::string trigger = trigger_of(frame);
            throw Failure{id + ": the window " + range_text(s.start, s.end) +
                          " ends before it starts" +
                          (trigger.empty() ? "" : " for trigger fact '" + trigger + "'")};
        }
        return s;
    }

    void set_window(NodeResult& n, const Span& s) {
        n.has_window = true;
        n.start = s.start;
        n.end = s.end;
    }

    // Days left and the deadline-based at_risk flag of a pending node.
    void deadline_flags(NodeResult& n, const Span& s, bool can_be_at_risk) {
        if (!s.end) return;
        n.days_left = static_cast<int64_t>(s.end->days) - as_of_.days;
        if (can_be_at_risk && *n.days_left <= options_.horizon_days) n.at_risk = true;
    }

    std::optional<Date> visible_end(const Span& s) const {
        return s.end ? std::min(*s.end, as_of_) : as_of_;
    }
    bool closed(const Span& s) const { return s.end && as_of_ > *s.end; }

    // --- obligations ---

    NodeResult eval(const Obligation& ob, Frame& frame, const std::string& id) {
        if (trace_) [[unlikely]]
            return eval_traced(ob, frame, id);
        return eval_node(ob, frame, id);
    }

    // The same evaluation, with the tracer told where each node begins and ends. Kept out of
    // line so that eval(), on every node of a normal run, stays a test and a call.
    [[gnu::noinline, gnu::cold]] NodeResult eval_traced(const Obligation& ob, Frame& frame,
                                                        const std::string& id) {
        trace_->begin(ob, id);
        NodeResult n = eval_node(ob, frame, id);
        const ir::Pattern* p = nullptr;
        switch (ob.kind) {
            case Kind::Require:
            case Kind::Forbid:
            case Kind::ForEach: p = &ob.pattern; break;
            case Kind::Aggregate: p = &ob.aggregate.pattern; break;
            default: break;
        }
        auto render = [&](std::string& o, const ir::Operand& op) {
            return append_operand(o, op, frame);
        };
        trace_->end(ob, frame, n, p ? &pattern(*p) : nullptr, p ? describe(*p, frame) : "", as_of_,
                    render);
        return n;
    }

    NodeResult eval_node(const Obligation& ob, Frame& frame, const std::string& id) {
        switch (ob.kind) {
            case Kind::Require: return eval_require(ob, frame, id);
            case Kind::Forbid: return eval_forbid(ob, frame, id);
            case Kind::Aggregate: return eval_aggregate(ob, frame, id);
            case Kind::ForEach: return eval_for_each(ob, frame, id);
            case Kind::ForIn: return eval_for_in(ob, frame, id);
            case Kind::All:
            case Kind::Any:
            case Kind::AtLeast: return eval_composite(ob, frame, id);
        }
        return {};
    }

    // The part require and forbid share: the window, and the matching facts seen in it so far
    // (into n.evidence, by date).
    Span collect_matches(const Obligation& ob, Frame& frame, const std::string& id, NodeResult& n) {
        n.rule = id;
        Span w = window(ob.window, frame, id);
        set_window(n, w);
        const CompiledPattern& p = pattern(ob.pattern);
        const bool exact = p.candidates_are_exact();
        const auto found = p.candidates(index_, frame, w.start, visible_end(w));
        // Room for the trigger a for-each puts in front, too.
        if (exact) n.evidence.reserve(found.size() + 1);
        for (uint32_t i : found)
            if (exact || p.matches(i, frame)) n.evidence.push_back(i);
        return w;
    }

    NodeResult eval_require(const Obligation& ob, Frame& frame, const std::string& id) {
        NodeResult n;
        Span w = collect_matches(ob, frame, id, n);
        const CompiledPattern& p = pattern(ob.pattern);
        std::string& r = n.reason;
        r.reserve(128);
        if (!n.evidence.empty()) {
            n.verdict = Verdict::Met;
            const auto& f = facts_[n.evidence.front()];
            r += "met by "sv;
            r += f.id();
            r += " on "sv;
            core::append_date(r, f.date);
            r += ": "sv;
            append_describe(r, ob.pattern, frame);
            r += ' ';
            append_range(r, w.start, w.end);
        } else if (closed(w)) {
            n.verdict = Verdict::Breached;
            r += "no "sv;
            append_describe(r, ob.pattern, frame);
            r += ' ';
            append_range(r, w.start, w.end);
            Date after{w.end->days + 1};
            for (uint32_t i : p.candidates(index_, frame, after, as_of_)) {
                if (!p.matches(i, frame)) continue;
                n.late = i;
                n.reason += "; late: " + std::string(facts_[i].id()) + " on " +
                            core::to_string(facts_[i].date);
                break;
            }
        } else {
            n.verdict = Verdict::Pending;
            deadline_flags(n, w, true);
            r += "no "sv;
            append_describe(r, ob.pattern, frame);
            r += " yet "sv;
            append_range(r, w.start, w.end);
            if (n.days_left) {
                r += " ("sv;
                r += days_text(*n.days_left);
                r += " left)"sv;
            }
        }
        return n;
    }

    NodeResult eval_forbid(const Obligation& ob, Frame& frame, const std::string& id) {
        NodeResult n;
        Span w = collect_matches(ob, frame, id, n);
        std::string what = describe(ob.pattern, frame);
        if (!n.evidence.empty()) {
            n.verdict = Verdict::Breached;
            const auto& f = facts_[n.evidence.front()];
            n.reason = "forbidden " + what + " occurred: " + std::string(f.id()) + " on " +
                       core::to_string(f.date);
        } else if (closed(w)) {
            n.verdict = Verdict::Met;
            n.reason = "no " + what + " " + range_text(w.start, w.end);
        } else {
            n.verdict = Verdict::Pending;
            deadline_flags(n, w, false);
            n.reason = "no " + what + " so far; the window is open " + range_text(w.start, w.end);
        }
        return n;
    }

    NodeResult eval_aggregate(const Obligation& ob, Frame& frame, const std::string& id) {
        const ir::Aggregate& agg = ob.aggregate;
        NodeResult n;
        n.rule = id;
        Span w = window(ob.window, frame, id);
        set_window(n, w);
        const CompiledPattern& p = pattern(agg.pattern);
        const bool exact = p.candidates_are_exact();
        double value = 0;
        Sum sum;
        std::optional<uint32_t> max_fact;
        const auto found = p.candidates(index_, frame, w.start, visible_end(w));
        if (agg.kind != ir::Aggregate::Kind::Max) n.evidence.reserve(found.size());
        // A value counted (a sum's or a maximum's).
        auto take = [&](uint32_t i, double v) {
            if (v < 0)
                throw Failure{id + ": fact '" + std::string(facts_[i].id()) + "' has a negative " +
                              agg.attr->name + " (" + core::format_number(v) +
                              "); sums and maxima run over non-negative values"};
            if (agg.kind == ir::Aggregate::Kind::Sum) {
                sum.add(v);
                n.evidence.push_back(i);
            } else if (!max_fact || v > value) {
                value = v;  // strictly larger: the earliest fact holding the maximum
                max_fact = i;
            }
        };
        const bool attr = agg.attr && agg.attr->kind == ir::Field::Kind::Attr;
        // Exactly the candidates count: the index has their numbers in one array, in order.
        std::span<const double> numbers;
        if (exact && attr && agg.kind != ir::Aggregate::Kind::Count)
            numbers = index_.numbers(agg.pattern.event, found, agg.attr->slot);
        for (size_t k = 0; k < numbers.size(); ++k)
            if (!std::isnan(numbers[k])) take(found[k], numbers[k]);  // NaN: no number
        // Otherwise summed facts are scattered over the FactSet: fetch each fact, then its
        // value, a few iterations ahead of reading them.
        constexpr size_t kFactAhead = 48, kValueAhead = 24;
        for (size_t k = 0; numbers.empty() && k < found.size(); ++k) {
            if (k + kFactAhead < found.size()) __builtin_prefetch(&facts_[found[k + kFactAhead]]);
            if (attr && k + kValueAhead < found.size()) {
                auto values = facts_.values(facts_[found[k + kValueAhead]]);
                if (agg.attr->slot < values.size()) __builtin_prefetch(&values[agg.attr->slot]);
            }
            const uint32_t i = found[k];
            if (!exact && !p.matches(i, frame)) continue;
            if (agg.kind == ir::Aggregate::Kind::Count) {
                value += 1;
                n.evidence.push_back(i);
                continue;
            }
            // A missing attribute adds nothing.
            if (const std::optional<double> v = read_number(facts_, facts_[i], *agg.attr))
                take(i, *v);
        }
        if (max_fact) n.evidence = {*max_fact};
        if (agg.kind == ir::Aggregate::Kind::Sum) value = sum.value();

        const double target = agg.target.number;
        const int cmp = compare_amounts(value, target);
        auto unit = core::find_unit(agg.target.unit);
        const double factor = unit ? unit->factor : 1;
        n.progress = Progress{value / factor, target / factor, agg.target.unit};
        static const char* const kNames[] = {"sum", "max", "count"};
        std::string what =
            std::string(kNames[static_cast<int>(agg.kind)]) + " of " +
            (agg.attr ? rules_.schema.event(agg.pattern.event).name + "." + agg.attr->name
                      : rules_.schema.event(agg.pattern.event).name);
        if (agg.pattern.where) {
            std::string d = describe(agg.pattern, frame);
            what += d.substr(d.find(" with "));
        }
        std::string progress = core::format_quantity(value / factor, agg.target.unit) + " " +
                               ir::to_string(agg.op) + " " +
                               core::format_quantity(target / factor, agg.target.unit) + " " +
                               range_text(w.start, w.end);
        bool reached = false, passed = false;
        switch (agg.op) {
            case ir::CmpOp::Ge: reached = cmp >= 0; break;
            case ir::CmpOp::Gt: reached = cmp > 0; break;
            case ir::CmpOp::Le: passed = cmp > 0; break;
            case ir::CmpOp::Lt: passed = cmp >= 0; break;
            default: break;
        }
        switch (agg.op) {
            case ir::CmpOp::Ge:
            case ir::CmpOp::Gt:
                if (reached) {
                    n.verdict = Verdict::Met;
                    n.reason = what + " reached the target: " + progress;
                } else if (closed(w)) {
                    n.verdict = Verdict::Breached;
                    n.reason = what + " fell short: " + progress;
                    late_aggregate(n, ob, frame, w, value);
                } else {
                    pending(n, w, true);
                    // Behind a straight-line pace from S to E?
                    if (w.start && w.end && as_of_ >= *w.start) {
                        double span = w.end->days - w.start->days + 1;
                        double elapsed = as_of_.days - w.start->days + 1;
                        if (value * span < target * elapsed) n.at_risk = true;
                    }
                    n.reason = what + " is short so far: " + progress;
                }
                break;
            case ir::CmpOp::Le:
            case ir::CmpOp::Lt:
                if (passed) {
                    n.verdict = Verdict::Breached;
                    n.reason = what + " passed the cap: " + progress;
                } else if (closed(w)) {
                    n.verdict = Verdict::Met;
                    n.reason = what + " stayed within the cap: " + progress;
                } else {
                    pending(n, w, false);
                    n.reason = what + " is within the cap so far: " + progress;
                }
                break;
            default:  // == is decided only once the window has closed
                if (closed(w)) {
                    n.verdict = cmp == 0 ? Verdict::Met : Verdict::Breached;
                    n.reason = what + (cmp == 0 ? " equals the target: " : " missed the target: ") +
                               progress;
                } else {
                    pending(n, w, true);
                    n.reason = what + " is decided when the window closes: " + progress;
                }
                break;
        }
        if (n.verdict == Verdict::Pending) n.evidence.clear();
        return n;
    }

    // Late fulfilment of a breached `>=`/`>` aggregate: the first fact after the deadline (up
    // to T) at which the running value, carried on past E, reaches the target.
    void late_aggregate(NodeResult& n, const Obligation& ob, const Frame& frame, const Span& w,
                        double value) {
        const ir::Aggregate& agg = ob.aggregate;
        const CompiledPattern& p = pattern(agg.pattern);
        Sum sum;  // carried on from the window's value (for max: the largest so far)
        sum.add(value);
        double max = value;
        for (uint32_t i : p.candidates(index_, frame, Date{w.end->days + 1}, as_of_)) {
            if (!p.candidates_are_exact() && !p.matches(i, frame)) continue;
            if (agg.kind == ir::Aggregate::Kind::Count) {
                sum.add(1);
            } else {
                Scalar v = read_field(facts_, facts_[i], *agg.attr);
                if (v.kind != Scalar::Kind::Number || v.number < 0) continue;
                if (agg.kind == ir::Aggregate::Kind::Sum) {
                    sum.add(v.number);
                } else if (v.number > max) {
                    sum = Sum{};
                    sum.add(max = v.number);
                }
            }
            int cmp = compare_amounts(sum.value(), agg.target.number);
            if (agg.op == ir::CmpOp::Ge ? cmp >= 0 : cmp > 0) {
                n.late = i;
                n.reason += "; reached late: " + std::string(facts_[i].id()) + " on " +
                            core::to_string(facts_[i].date);
                return;
            }
        }
    }

    void pending(NodeResult& n, const Span& w, bool can_be_at_risk) {
        n.verdict = Verdict::Pending;
        deadline_flags(n, w, can_be_at_risk);
    }

    NodeResult eval_for_each(const Obligation& ob, Frame& frame, const std::string& id) {
        NodeResult n;
        n.rule = id;
        Span w = window(ob.window, frame, id);
        set_window(n, w);
        const CompiledPattern& p = pattern(ob.pattern);
        const bool exact = p.candidates_are_exact();
        const Obligation& body = *ob.parts.at(0);
        size_t met = 0, breached = 0;
        const auto triggers_found = p.candidates(index_, frame, w.start, visible_end(w));
        if (exact) n.children.reserve(triggers_found.size());
        std::string child_id;
        // Trigger facts are scattered over the FactSet: fetch each one, then its id and
        // values, a few iterations ahead of evaluating its instance.
        constexpr size_t kFactAhead = 16, kDataAhead = 8;
        for (size_t k = 0; k < triggers_found.size(); ++k) {
            if (k + kFactAhead < triggers_found.size())
                __builtin_prefetch(&facts_[triggers_found[k + kFactAhead]]);
            if (k + kDataAhead < triggers_found.size()) {
                const facts::Fact& ahead = facts_[triggers_found[k + kDataAhead]];
                __builtin_prefetch(ahead.id_address());
                auto values = facts_.values(ahead);
                if (!values.empty()) __builtin_prefetch(values.data());
            }
            const uint32_t i = triggers_found[k];
            if (!exact && !p.matches(i, frame)) continue;
            frame[ob.var].fact = i;
            const std::string_view fact_id = facts_[i].id();
            child_id.clear();
            child_id += id;
            child_id += '[';
            child_id += fact_id;
            child_id += ']';
            NodeResult child = eval(body, frame, child_id);
            child.evidence.insert(child.evidence.begin(), i);
            met += child.verdict == Verdict::Met;
            breached += child.verdict == Verdict::Breached;
            n.children.push_back(std::move(child));
        }
        frame[ob.var].fact.reset();
        const size_t seen = n.children.size();
        std::string triggers =
            std::to_string(seen) + " " + ob.var_name + " trigger" + (seen == 1 ? "" : "s") + " (" +
            rules_.schema.event(ob.pattern.event).name + ") " + range_text(w.start, w.end);
        if (breached > 0) {
            n.verdict = Verdict::Breached;
            n.reason = std::to_string(breached) + " of " + triggers + " breached";
        } else if (met == seen && closed(w)) {
            n.verdict = Verdict::Met;
            n.reason = "all " + triggers + " met";
        } else {
            n.verdict = Verdict::Pending;
            deadline_flags(n, w, false);
            n.reason = triggers + " seen so far, " + std::to_string(met) + " met, none overdue" +
                       (closed(w) ? "" : "; more may come");
        }
        finish_composite(n);
        return n;
    }

    NodeResult eval_for_in(const Obligation& ob, Frame& frame, const std::string& id) {
        NodeResult n;
        n.rule = id;
        const Obligation& body = *ob.parts.at(0);
        for (const auto& v : ob.values) {
            Binding& b = frame[ob.var];
            b.value = Scalar{};
            std::string label;
            if (v.kind == ir::Literal::Kind::Number) {
                b.value.kind = Scalar::Kind::Number;
                b.value.number = v.number;
                label = core::format_number(v.number);
            } else {
                b.value.kind = Scalar::Kind::Text;
                b.value.text = v.text;
                if (auto sym = facts_.symbols().find(v.text)) b.value.symbol = *sym;
                label = v.text;
            }
            n.children.push_back(eval(body, frame, id + "[" + label + "]"));
        }
        frame[ob.var] = Binding{};
        combine_all(n, "instances");
        return n;
    }

    NodeResult eval_composite(const Obligation& ob, Frame& frame, const std::string& id) {
        NodeResult n;
        n.rule = id;
        for (size_t i = 0; i < ob.parts.size(); ++i)
            n.children.push_back(eval(*ob.parts[i], frame, id + "[" + std::to_string(i + 1) + "]"));
        size_t met = 0, breached = 0, total = n.children.size();
        for (const auto& c : n.children) {
            met += c.verdict == Verdict::Met;
            breached += c.verdict == Verdict::Breached;
        }
        if (ob.kind == Kind::All) {
            combine_all(n, "parts");
            return n;
        }
        size_t need = ob.kind == Kind::Any ? 1 : ob.at_least;
        std::string counts = std::to_string(met) + " of " + std::to_string(total) + " parts met, " +
                             std::to_string(breached) + " breached; " + std::to_string(need) +
                             " needed";
        if (met >= need) {
            n.verdict = Verdict::Met;
        } else if (breached > total - std::min(need, total)) {
            n.verdict = Verdict::Breached;
        } else {
            n.verdict = Verdict::Pending;
        }
        n.reason = counts;
        finish_composite(n);
        return n;
    }

    // all { } and for ... in: every part met, any part breached, otherwise pending.
    void combine_all(NodeResult& n, const std::string& noun) {
        size_t met = 0, breached = 0, total = n.children.size();
        for (const auto& c : n.children) {
            met += c.verdict == Verdict::Met;
            breached += c.verdict == Verdict::Breached;
        }
        if (breached > 0)
            n.verdict = Verdict::Breached;
        else if (met == total)
            n.verdict = Verdict::Met;
        else
            n.verdict = Verdict::Pending;
        n.reason = std::to_string(met) + " of " + std::to_string(total) + " " + noun + " met, " +
                   std::to_string(breached) + " breached";
        finish_composite(n);
    }

    void finish_composite(NodeResult& n) {
        for (const auto& c : n.children)
            if (c.verdict == Verdict::Pending && c.at_risk && n.verdict == Verdict::Pending)
                n.at_risk = true;
        collect_evidence(n);
    }

    // A composite's evidence: that of its parts whose verdict equals its own (§9.10), each
    // fact once, where it first appears; a pending node has none.
    void collect_evidence(NodeResult& n) {
        n.evidence.clear();
        if (n.verdict == Verdict::Pending) return;
        size_t total = 0;
        for (const auto& c : n.children)
            if (c.verdict == n.verdict) total += c.evidence.size();
        n.evidence.reserve(total);
        for (const auto& c : n.children)
            if (c.verdict == n.verdict)
                n.evidence.insert(n.evidence.end(), c.evidence.begin(), c.evidence.end());
        keep_first_occurrences(n.evidence);
    }

    // Removes repeated entries, keeping each one's first position. A for-each met by 20,000
    // instances has 40,000 entries: sorted (fact, position) pairs find the repeats in
    // n log n, where searching the kept ones would take n^2 / 2 steps.
    void keep_first_occurrences(std::vector<uint32_t>& v) {
        constexpr size_t kSmall = 32;
        if (v.size() <= kSmall) {
            size_t kept = 0;
            for (uint32_t e : v)
                if (std::find(v.begin(), v.begin() + static_cast<ptrdiff_t>(kept), e) ==
                    v.begin() + static_cast<ptrdiff_t>(kept))
                    v[kept++] = e;
            v.resize(kept);
            return;
        }
        order_.clear();
        order_.reserve(v.size());
        for (size_t i = 0; i < v.size(); ++i) order_.push_back((uint64_t{v[i]} << 32) | i);
        std::sort(order_.begin(), order_.end());
        repeated_.assign(v.size(), 0);
        for (size_t k = 1; k < order_.size(); ++k)
            if (order_[k] >> 32 == order_[k - 1] >> 32)
                repeated_[static_cast<uint32_t>(order_[k])] = 1;
        size_t kept = 0;
        for (size_t i = 0; i < v.size(); ++i)
            if (!repeated_[i]) v[kept++] = v[i];
        v.resize(kept);
    }

    const ir::RuleSet& rules_;
    const facts::FactSet& facts_;
    const facts::FactIndex& index_;
    const Options& options_;
    Tracer* trace_ = nullptr;  ///< explanations only (engine/explain.hpp)
    Date as_of_;
    Date end_date_;
    const ir::Agreement* agreement_ = nullptr;
    std::unordered_map<const ir::Pattern*, CompiledPattern> patterns_;
    std::unordered_map<const ir::Pattern*, Description> descriptions_;
    std::vector<uint64_t> order_;    ///< keep_first_occurrences' scratch, reused
    std::vector<uint8_t> repeated_;  ///< likewise
};

// The (type, slot) pairs of the FactIndex's per-value indexes the rules' patterns read.
class IndexKeys {
public:
    IndexKeys(const ir::RuleSet& rules, const facts::FactSet& facts) : facts_(facts) {
        std::vector<bool> agreement_seen(rules.agreements.size(), false);
        for (const auto& rule : rules.rules) {
            if (rule.body) walk(*rule.body);
            if (rule.agreement && *rule.agreement < agreement_seen.size() &&
                !agreement_seen[*rule.agreement]) {
                agreement_seen[*rule.agreement] = true;
                const auto& ends = rules.agreements[*rule.agreement].ends;
                if (ends) add(ends->pattern);
            }
        }
    }
    const std::vector<std::pair<uint32_t, uint32_t>>& keys() const { return keys_; }

private:
    void add(const ir::Pattern& p) {
        if (!p.where) return;
        if (auto slot = CompiledPattern(p, facts_).index_slot()) keys_.emplace_back(p.event, *slot);
    }
    void walk(const Obligation& ob) {
        switch (ob.kind) {
            case Kind::Require:
            case Kind::Forbid:
            case Kind::ForEach: add(ob.pattern); break;
            case Kind::Aggregate: add(ob.aggregate.pattern); break;
            default: break;
        }
        for (const auto& part : ob.parts)
            if (part) walk(*part);
    }
    const facts::FactSet& facts_;
    std::vector<std::pair<uint32_t, uint32_t>> keys_;
};

}  // namespace

void count(Summary& summary, Verdict verdict) {
    switch (verdict) {
        case Verdict::Met: ++summary.met; break;
        case Verdict::Pending: ++summary.pending; break;
        case Verdict::Breached: ++summary.breached; break;
        case Verdict::Void: ++summary.void_; break;
    }
}

core::Status evaluate_each(const ir::RuleSet& rules, const facts::FactSet& facts,
                           const facts::FactIndex& index, const Options& options,
                           const ResultSink& sink) {
    // Workers take rules in order from a shared counter; each has its own Evaluator (and so its
    // own compiled patterns). The first failure stops the others.
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex error_mutex;
    std::string error;
    size_t error_rule = SIZE_MAX;
    auto work = [&] {
        Evaluator ev(rules, facts, index, options);
        for (size_t i = next++; i < rules.rules.size() && !failed; i = next++) {
            try {
                sink(i, ev.evaluate_rule(rules.rules[i]));
            } catch (const Failure& f) {
                // Rules are taken in order, so every rule before this one runs to its end:
                // reporting the lowest failing rule keeps the message deterministic.
                std::lock_guard lock(error_mutex);
                failed = true;
                if (i < error_rule) {
                    error_rule = i;
                    error = f.message;
                }
            }
        }
    };
    unsigned threads = std::max(1u, std::min<unsigned>(options.threads, 64));
    threads =
        static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, rules.rules.size())));
    // Build the per-value indexes the rules read all at once, in parallel, rather than have
    // the first rules build them one after the other while the other workers wait.
    index.prepare(IndexKeys(rules, facts).keys(),
                  std::max(1u, std::min<unsigned>(options.threads, 64)));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (failed) return core::Error{error};
    return core::Ok{};
}

core::Result<RuleResult> evaluate_rule(const ir::RuleSet& rules, const facts::FactSet& facts,
                                       const facts::FactIndex& index, const Options& options,
                                       size_t rule, Tracer* tracer) {
    if (rule >= rules.rules.size()) return core::Error{"no rule number " + std::to_string(rule)};
    Evaluator ev(rules, facts, index, options, tracer);
    try {
        return ev.evaluate_rule(rules.rules[rule]);
    } catch (const Failure& f) {
        return core::Error{f.message};
    }
}

core::Result<Evaluation> evaluate(const ir::RuleSet& rules, const facts::FactSet& facts,
                                  const facts::FactIndex& index, const Options& options) {
    Evaluation out;
    out.as_of = options.as_of;
    out.results.resize(rules.rules.size());
    auto status = evaluate_each(rules, facts, index, options, [&](size_t i, RuleResult&& r) {
        out.results[i] = std::move(r);  // distinct slots: no lock needed
    });
    if (!status) return status.error();
    for (const auto& r : out.results) count(out.summary, r.node.verdict);
    return out;
}

}  // namespace abide::engine
