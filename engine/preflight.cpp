#include "engine/preflight.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace abide::engine {
namespace {

// What a frame slot can hold, as far as dates go: the dates of the facts of a trigger's event
// type, or the years a `for y in a..b` lists.
struct Slot {
    bool bound = false;
    std::optional<core::Date> lo, hi;  ///< empty range: no fact of the type, nothing to fail on
};

// The dates a DateExpr can take over every binding of its variable. Each step (date + period,
// clamped) is monotone in the date, so the range's ends map to the ends of the result.
struct Range {
    bool any = false;    ///< false: the expression never resolves (no trigger fact)
    bool fails = false;  ///< some binding leaves the supported years
    core::Date lo, hi;
};

std::optional<core::Date> apply(core::Date d, const ir::DateExpr& e) {
    std::optional<core::Date> out = d;
    for (const auto& s : e.steps) {
        out = core::add(*out, s.period, s.sign);
        if (!out) break;
    }
    return out;
}

class Walker {
public:
    Walker(const ir::RuleSet& rules, const facts::FactSet& facts, const facts::FactIndex& index)
        : rules_(rules), facts_(facts), index_(index) {}

    bool may_fail() {
        for (const auto& rule : rules_.rules) {
            slots_.assign(rule.frame_size, Slot{});
            if (rule.body && walk(*rule.body)) return true;
        }
        for (auto [type, slot] : aggregated_)
            if (facts_.has_negative(type, slot)) return true;
        return false;
    }

private:
    Range range(const ir::DateExpr& e) const {
        Range r;
        std::optional<core::Date> lo, hi;
        switch (e.base) {
            case ir::DateExpr::Base::Literal:
            case ir::DateExpr::Base::Signed:
                // Resolved and range-checked when the rules were compiled.
                lo = hi = e.base == ir::DateExpr::Base::Literal
                              ? e.date
                              : rules_.agreements[e.agreement].signed_date;
                break;
            case ir::DateExpr::Base::TriggerDate:
            case ir::DateExpr::Base::YearStart:
            case ir::DateExpr::Base::YearEnd:
                if (e.var >= slots_.size() || !slots_[e.var].bound) {
                    r.fails = true;  // unknown binding: assume the worst
                    return r;
                }
                if (!slots_[e.var].lo) return r;  // never bound: never resolved
                lo = slots_[e.var].lo;
                hi = slots_[e.var].hi;
                if (e.base == ir::DateExpr::Base::YearEnd) {
                    // A year slot holds January 1sts; its year ends on December 31st.
                    lo = core::make_date(core::to_ymd(*lo).year, 12, 31);
                    hi = core::make_date(core::to_ymd(*hi).year, 12, 31);
                }
                break;
        }
        if (!lo || !hi) {
            r.fails = true;
            return r;
        }
        auto a = apply(*lo, e), b = apply(*hi, e);
        r.any = true;
        r.fails = !a || !b;
        if (a && b) r.lo = *a, r.hi = *b;
        return r;
    }

    // Per binding, the end is never before the start when both read the same variable and the
    // end only steps forward from the bare start: `req.date` .. `req.date + 10 days`, or a
    // year's January 1st .. its December 31st (`during y`).
    static bool forward_of(const ir::DateExpr& start, const ir::DateExpr& end) {
        using B = ir::DateExpr::Base;
        if (!start.steps.empty() || end.var != start.var) return false;
        bool same =
            (start.base == B::TriggerDate && end.base == B::TriggerDate) ||
            (start.base == B::YearStart && (end.base == B::YearStart || end.base == B::YearEnd));
        return same && std::all_of(end.steps.begin(), end.steps.end(),
                                   [](const auto& s) { return s.sign > 0 && s.period.count >= 0; });
    }

    bool window_may_fail(const ir::Window& w) const {
        Range s, e;
        if (w.start) s = range(*w.start);
        if (w.end) e = range(*w.end);
        if (s.fails || e.fails) return true;
        if (!s.any || !e.any) return false;
        if (s.hi <= e.lo) return false;
        return !forward_of(*w.start, *w.end);
    }

    bool walk(const ir::Obligation& o) {
        using K = ir::Obligation::Kind;
        switch (o.kind) {
            case K::Require:
            case K::Forbid: return window_may_fail(o.window);
            case K::Aggregate:
                if (o.aggregate.kind != ir::Aggregate::Kind::Count && o.aggregate.attr &&
                    o.aggregate.attr->kind == ir::Field::Kind::Attr)
                    aggregated_.insert({o.aggregate.pattern.event, o.aggregate.attr->slot});
                return window_may_fail(o.window);
            case K::ForEach: {
                if (window_may_fail(o.window)) return true;
                if (o.var >= slots_.size()) return true;
                Slot& slot = slots_[o.var];
                slot = Slot{true, std::nullopt, std::nullopt};
                auto all = index_.all(o.pattern.event);
                if (!all.empty()) {
                    slot.lo = facts_[all.front()].date;
                    slot.hi = facts_[all.back()].date;
                }
                break;
            }
            case K::ForIn: {
                if (o.var >= slots_.size()) return true;
                Slot& slot = slots_[o.var];
                slot = Slot{true, std::nullopt, std::nullopt};
                for (const auto& v : o.values) {
                    if (v.kind != ir::Literal::Kind::Number) continue;  // a listed name
                    auto d = core::make_date(static_cast<int>(v.number), 1, 1);
                    if (!d) return true;
                    if (!slot.lo || *d < *slot.lo) slot.lo = d;
                    if (!slot.hi || *d > *slot.hi) slot.hi = d;
                }
                break;
            }
            case K::All:
            case K::Any:
            case K::AtLeast: break;
        }
        for (const auto& part : o.parts)
            if (part && walk(*part)) return true;
        return false;
    }

    const ir::RuleSet& rules_;
    const facts::FactSet& facts_;
    const facts::FactIndex& index_;
    std::vector<Slot> slots_;
    std::set<std::pair<uint32_t, uint32_t>> aggregated_;
};

}  // namespace

bool may_fail(const ir::RuleSet& rules, const facts::FactSet& facts,
              const facts::FactIndex& index) {
    return Walker(rules, facts, index).may_fail();
}

}  // namespace abide::engine
