#pragma once
/// A test fixture that builds rule IR, agreements and facts in code, concisely:
///
///     rule("r", require(pat("done"), within(date("2025-10-28"), days(180))));
///     fact("f1", "2026-04-26", "done", {{"topic", text("x")}});
///     auto n = only("2026-04-26");          // the single rule's verdict as of that date
///
/// The schema (EngineTest's constructor) declares the events of language.md §1 and a few more;
/// a test may declare others with `event()` before its first fact. Rules are kept sorted by id
/// (the RuleSet contract). Conditions name fields as the DSL does and are resolved against the
/// pattern's event when `pat()` builds the pattern. Loop and trigger variables get frame slots
/// by name, on first use.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "core/quantity.hpp"
#include "core/schema.hpp"
#include "engine/evaluate.hpp"
#include "engine/ir/rules.hpp"
#include "engine/preflight.hpp"
#include "engine/verdict.hpp"
#include "facts/fact.hpp"
#include "facts/index.hpp"

namespace abide::core {
inline void PrintTo(const Date& d, std::ostream* os) {
    *os << to_string(d);
}
}  // namespace abide::core

namespace abide::engine {
inline void PrintTo(const Verdict& v, std::ostream* os) {
    *os << to_string(v);
}
}  // namespace abide::engine

namespace abide::etest {

using core::AttrType;
using core::Date;
using core::Period;
using core::PeriodUnit;
using engine::NodeResult;
using engine::Verdict;
using ir::CmpOp;
using Ob = ir::ObligationPtr;

inline Date d(std::string_view text) {
    auto date = core::parse_date(text);
    if (!date) ADD_FAILURE() << "bad date literal in test: " << text;
    return date.value_or(Date{});
}

inline Period days(int n) {
    return {n, PeriodUnit::Day};
}
inline Period weeks(int n) {
    return {n, PeriodUnit::Week};
}
inline Period months(int n) {
    return {n, PeriodUnit::Month};
}
inline Period years(int n) {
    return {n, PeriodUnit::Year};
}

// --- literals: condition operands, aggregate targets and fact attribute values ----------------

inline ir::Literal text(std::string s) {
    ir::Literal l;
    l.kind = ir::Literal::Kind::Text;
    l.text = std::move(s);
    return l;
}
inline ir::Literal num(double v) {
    ir::Literal l;
    l.kind = ir::Literal::Kind::Number;
    l.number = v;
    return l;
}
/// "12 Mt", "500 million USD", "10 pp": the value in base units, the unit kept for display.
inline ir::Literal qty(std::string_view s) {
    ir::Literal l;
    auto q = core::parse_quantity(s);
    if (!q) {
        ADD_FAILURE() << "bad quantity literal in test: " << s;
        return l;
    }
    l.kind = q->dimension == core::Dimension::None ? ir::Literal::Kind::Number
                                                   : ir::Literal::Kind::Quantity;
    l.number = q->value;
    l.dimension = q->dimension;
    l.unit = std::string(q->unit);
    return l;
}
inline ir::Literal dval(std::string_view s) {
    ir::Literal l;
    l.kind = ir::Literal::Kind::Date;
    l.date = d(s);
    return l;
}
inline ir::Literal party(std::string code) {
    ir::Literal l;
    l.kind = ir::Literal::Kind::Party;
    l.text = std::move(code);
    return l;
}
inline ir::Literal boolean(bool b) {
    ir::Literal l;
    l.kind = ir::Literal::Kind::Bool;
    l.boolean = b;
    return l;
}

// --- dates and windows -----------------------------------------------------------------------

inline ir::DateExpr date(std::string_view s) {
    ir::DateExpr e;
    e.base = ir::DateExpr::Base::Literal;
    e.date = d(s);
    e.name = std::string(s);
    return e;
}
inline ir::DateExpr plus(ir::DateExpr e, Period p) {
    e.steps.push_back({+1, p});
    return e;
}
inline ir::DateExpr minus(ir::DateExpr e, Period p) {
    e.steps.push_back({-1, p});
    return e;
}
/// `within N UNITS after D`: [D, D + N UNITS].
inline ir::Window within(ir::DateExpr base, Period p) {
    ir::Window w;
    w.end = plus(base, p);
    w.start = std::move(base);
    return w;
}
inline ir::Window between(ir::DateExpr s, ir::DateExpr e) {
    ir::Window w;
    w.start = std::move(s);
    w.end = std::move(e);
    return w;
}
inline ir::Window from(ir::DateExpr s) {
    ir::Window w;
    w.start = std::move(s);
    return w;
}
inline ir::Window until(ir::DateExpr e) {
    ir::Window w;
    w.end = std::move(e);
    return w;
}
inline ir::Window unbounded() {
    return {};
}
inline ir::Window during(int year) {
    return between(date(std::to_string(year) + "-01-01"), date(std::to_string(year) + "-12-31"));
}

// --- the fixture -----------------------------------------------------------------------------

/// A condition still to be resolved against the event of the pattern that holds it.
struct Cond {
    std::function<ir::ConditionPtr(uint32_t event)> make;
};

class EngineTest : public ::testing::Test {
protected:
    EngineTest() {
        event("done", {{"topic", AttrType::Text}, {"ref", AttrType::Text}});
        event("ministerial_convened", {{"topic", AttrType::Text}, {"parties", AttrType::Text}});
        event("meeting_requested", {{"by", AttrType::Party}, {"ref", AttrType::Text}});
        event("meeting_held", {{"ref", AttrType::Text}});
        event("financing_approved", {{"project", AttrType::Text}, {"amount", AttrType::Money}});
        event("discontinuation_notice", {{"agreement", AttrType::Text}});
        event("purchase", {{"commodity", AttrType::Text}, {"quantity", AttrType::Mass}});
        event("reported_total", {{"commodity", AttrType::Text}, {"quantity", AttrType::Mass}});
        event("license_issued", {{"n", AttrType::Number}});
        event("violation", {{"kind", AttrType::Text}});
        // Every attribute type, and declared `party` / `source` (§9.3), for conditions.
        event("tariff_changed", {{"measure", AttrType::Text},
                                 {"delta", AttrType::PP},
                                 {"rate", AttrType::Percent},
                                 {"n", AttrType::Number},
                                 {"quantity", AttrType::Mass},
                                 {"amount", AttrType::Money},
                                 {"effective", AttrType::Date},
                                 {"final", AttrType::Bool},
                                 {"by", AttrType::Party},
                                 {"party", AttrType::Party},
                                 {"source", AttrType::Text}});
    }

    // --- schema ---

    uint32_t event(std::string name, std::vector<std::pair<std::string, AttrType>> attrs) {
        if (facts_) ADD_FAILURE() << "declare events before the first fact";
        core::EventDecl decl;
        decl.name = std::move(name);
        for (auto& [attr, type] : attrs) decl.attrs.push_back({attr, type, {}});
        auto index = rules_.schema.add(std::move(decl));
        if (!index) ADD_FAILURE() << "event declared twice";
        return index.value_or(0);
    }

    uint32_t event_index(std::string_view name) const {
        auto index = rules_.schema.find(name);
        if (!index) ADD_FAILURE() << "undeclared event in test: " << name;
        return index.value_or(0);
    }

    /// A field of `event` as the DSL resolves it: a built-in, or a declared attribute slot.
    ir::Field field(uint32_t event, std::string_view name) const {
        ir::Field f;
        f.name = std::string(name);
        if (name == "id") {
            f.kind = ir::Field::Kind::Id;
            f.type = AttrType::Text;
        } else if (name == "party") {
            f.kind = ir::Field::Kind::Party;
            f.type = AttrType::Party;
        } else if (name == "source") {
            f.kind = ir::Field::Kind::Source;
            f.type = AttrType::Text;
        } else if (name == "date") {
            f.kind = ir::Field::Kind::Date;
            f.type = AttrType::Date;
        } else if (name == "type") {
            f.kind = ir::Field::Kind::Type;
            f.type = AttrType::Text;
        } else {
            const core::EventDecl& decl = rules_.schema.event(event);
            int slot = decl.find_attr(name);
            if (slot < 0) ADD_FAILURE() << "event " << decl.name << " has no attribute " << name;
            f.kind = ir::Field::Kind::Attr;
            f.slot = static_cast<uint32_t>(std::max(slot, 0));
            f.type = slot < 0 ? AttrType::Text : decl.attrs[static_cast<size_t>(slot)].type;
        }
        return f;
    }

    // --- variables ---

    /// The frame slot of a loop or trigger variable, allocated on first use.
    uint32_t slot(const std::string& var) {
        auto [it, inserted] = slots_.emplace(var, static_cast<uint32_t>(slots_.size()));
        return it->second;
    }
    ir::Operand var(const std::string& name) { return ir::VarRef{slot(name), name}; }
    /// `NAME.ATTR` of a `for each` trigger of type `event`.
    ir::Operand trig(const std::string& name, std::string_view event, std::string_view attr) {
        return ir::TriggerField{slot(name), name, field(event_index(event), attr)};
    }
    ir::DateExpr trigger_date(const std::string& name) {
        ir::DateExpr e;
        e.base = ir::DateExpr::Base::TriggerDate;
        e.var = slot(name);
        e.name = name + ".date";
        return e;
    }
    /// `during y` for a loop variable over years.
    ir::Window during_var(const std::string& name) {
        ir::DateExpr s, e;
        s.base = ir::DateExpr::Base::YearStart;
        e.base = ir::DateExpr::Base::YearEnd;
        s.var = e.var = slot(name);
        s.name = e.name = name;
        return between(std::move(s), std::move(e));
    }

    // --- conditions ---

    Cond cmp(std::string name, CmpOp op, ir::Operand value) {
        return {[this, name, op, value](uint32_t event) {
            auto c = std::make_unique<ir::Condition>();
            c->kind = ir::Condition::Kind::Compare;
            c->field = field(event, name);
            c->op = op;
            c->operands.push_back(value);
            return c;
        }};
    }
    Cond eq(std::string n, ir::Operand v) { return cmp(std::move(n), CmpOp::Eq, std::move(v)); }
    Cond ne(std::string n, ir::Operand v) { return cmp(std::move(n), CmpOp::Ne, std::move(v)); }
    Cond lt(std::string n, ir::Operand v) { return cmp(std::move(n), CmpOp::Lt, std::move(v)); }
    Cond le(std::string n, ir::Operand v) { return cmp(std::move(n), CmpOp::Le, std::move(v)); }
    Cond gt(std::string n, ir::Operand v) { return cmp(std::move(n), CmpOp::Gt, std::move(v)); }
    Cond ge(std::string n, ir::Operand v) { return cmp(std::move(n), CmpOp::Ge, std::move(v)); }
    Cond one_of(std::string name, std::vector<ir::Operand> values) {
        return {[this, name, values](uint32_t event) {
            auto c = std::make_unique<ir::Condition>();
            c->kind = ir::Condition::Kind::In;
            c->field = field(event, name);
            c->operands = values;
            return c;
        }};
    }
    static Cond junction(ir::Condition::Kind kind, std::vector<Cond> parts) {
        return {[kind, parts](uint32_t event) {
            auto c = std::make_unique<ir::Condition>();
            c->kind = kind;
            for (const Cond& p : parts) c->children.push_back(p.make(event));
            return c;
        }};
    }
    template <typename... C>
    static Cond and_(C... parts) {
        return junction(ir::Condition::Kind::And, {std::move(parts)...});
    }
    template <typename... C>
    static Cond or_(C... parts) {
        return junction(ir::Condition::Kind::Or, {std::move(parts)...});
    }
    static Cond not_(Cond c) { return junction(ir::Condition::Kind::Not, {std::move(c)}); }

    /// `EVENT [where CONDITION]`.
    ir::Pattern pat(std::string_view event, std::optional<Cond> where = std::nullopt) {
        ir::Pattern p;
        p.event = event_index(event);
        if (where) p.where = where->make(p.event);
        return p;
    }

    // --- obligations ---

    static Ob node(ir::Obligation::Kind kind) {
        auto o = std::make_unique<ir::Obligation>();
        o->kind = kind;
        return o;
    }
    static Ob require(ir::Pattern p, ir::Window w = {}) {
        Ob o = node(ir::Obligation::Kind::Require);
        o->pattern = std::move(p);
        o->window = std::move(w);
        return o;
    }
    static Ob forbid(ir::Pattern p, ir::Window w = {}) {
        Ob o = node(ir::Obligation::Kind::Forbid);
        o->pattern = std::move(p);
        o->window = std::move(w);
        return o;
    }
    Ob aggregate(ir::Aggregate::Kind kind, ir::Pattern p, std::optional<std::string> attr, CmpOp op,
                 ir::Literal target, ir::Window w) {
        Ob o = node(ir::Obligation::Kind::Aggregate);
        o->aggregate.kind = kind;
        if (attr) o->aggregate.attr = field(p.event, *attr);
        o->aggregate.pattern = std::move(p);
        o->aggregate.op = op;
        o->aggregate.target = std::move(target);
        o->window = std::move(w);
        return o;
    }
    /// `require sum(EVENT.ATTR [where C]) OP TARGET [WINDOW]`.
    Ob sum(ir::Pattern p, std::string attr, CmpOp op, ir::Literal target, ir::Window w = {}) {
        return aggregate(ir::Aggregate::Kind::Sum, std::move(p), std::move(attr), op,
                         std::move(target), std::move(w));
    }
    Ob max_of(ir::Pattern p, std::string attr, CmpOp op, ir::Literal target, ir::Window w = {}) {
        return aggregate(ir::Aggregate::Kind::Max, std::move(p), std::move(attr), op,
                         std::move(target), std::move(w));
    }
    Ob count(ir::Pattern p, CmpOp op, double n, ir::Window w = {}) {
        return aggregate(ir::Aggregate::Kind::Count, std::move(p), std::nullopt, op, num(n),
                         std::move(w));
    }
    /// `for each TRIGGER [WINDOW] as NAME: BODY`.
    Ob for_each(ir::Pattern trigger, ir::Window w, const std::string& name, Ob body) {
        Ob o = node(ir::Obligation::Kind::ForEach);
        o->pattern = std::move(trigger);
        o->window = std::move(w);
        o->var = slot(name);
        o->var_name = name;
        o->parts.push_back(std::move(body));
        return o;
    }
    /// `for NAME in [a, b, ...]: BODY`.
    Ob for_in(const std::string& name, const std::vector<std::string>& values, Ob body) {
        Ob o = node(ir::Obligation::Kind::ForIn);
        o->var = slot(name);
        o->var_name = name;
        for (const auto& v : values) o->values.push_back(text(v));
        o->parts.push_back(std::move(body));
        return o;
    }
    /// `for NAME in FIRST..LAST: BODY`.
    Ob for_years(const std::string& name, int first, int last, Ob body) {
        Ob o = node(ir::Obligation::Kind::ForIn);
        o->var = slot(name);
        o->var_name = name;
        for (int y = first; y <= last; ++y) o->values.push_back(num(y));
        o->parts.push_back(std::move(body));
        return o;
    }
    template <typename... O>
    static Ob composite(ir::Obligation::Kind kind, uint32_t n, O... parts) {
        Ob o = node(kind);
        o->at_least = n;
        (o->parts.push_back(std::move(parts)), ...);
        return o;
    }
    template <typename... O>
    static Ob all(O... parts) {
        return composite(ir::Obligation::Kind::All, 0, std::move(parts)...);
    }
    template <typename... O>
    static Ob any(O... parts) {
        return composite(ir::Obligation::Kind::Any, 0, std::move(parts)...);
    }
    template <typename... O>
    static Ob at_least(uint32_t n, O... parts) {
        return composite(ir::Obligation::Kind::AtLeast, n, std::move(parts)...);
    }

    // --- agreements and rules ---

    uint32_t agreement(std::string id, std::string_view signed_date) {
        ir::Agreement a;
        a.id = std::move(id);
        a.title = "agreement " + a.id;
        a.signed_date = d(signed_date);
        rules_.agreements.push_back(std::move(a));
        return static_cast<uint32_t>(rules_.agreements.size() - 1);
    }
    /// `ends PERIOD after PATTERN`.
    void ends(uint32_t agreement, Period p, ir::Pattern pattern) {
        rules_.agreements[agreement].ends = ir::Ends{p, std::move(pattern)};
    }
    /// The agreement's `signed` date.
    ir::DateExpr signed_date(uint32_t agreement) const {
        ir::DateExpr e;
        e.base = ir::DateExpr::Base::Signed;
        e.agreement = agreement;
        e.name = "signed";
        return e;
    }

    /// A top-level rule.
    void rule(std::string id, Ob body) { add_rule(std::move(id), std::nullopt, std::move(body)); }
    /// A rule of an agreement; its id is `AGREEMENT.NAME`.
    void rule(uint32_t agreement, const std::string& name, Ob body) {
        add_rule(rules_.agreements[agreement].id + "." + name, agreement, std::move(body));
    }

    // --- facts ---

    /// Adds a fact. Keys `party` and `source` set the built-in fields; others are attributes of
    /// the event (`type` may be undeclared: the fact then has no attribute slots).
    uint32_t fact(std::string_view id, std::string_view date_text, std::string_view type,
                  std::initializer_list<std::pair<std::string, ir::Literal>> attrs = {}) {
        facts::FactSet& fs = fact_set();
        if (fs.find_id(id)) ADD_FAILURE() << "fact id used twice in test: " << id;
        facts::NewFact f;
        f.id = fs.store_text(id);
        f.date = d(date_text);
        f.type_name = fs.symbols().intern(type);
        f.file = file_;
        f.line = static_cast<uint32_t>(fs.size() + 1);
        f.content_hash = fs.size() + 1;
        std::vector<facts::Value> values;
        if (auto index = rules_.schema.find(type)) {
            f.type = *index;
            values.resize(rules_.schema.event(*index).attrs.size());
        }
        for (const auto& [key, lit] : attrs) {
            if (key == "party") {
                f.party = fs.symbols().intern(lit.text);
                continue;
            }
            if (key == "source") {
                f.source = fs.store_text(lit.text);
                continue;
            }
            int slot =
                f.type == facts::kUndeclaredType ? -1 : rules_.schema.event(f.type).find_attr(key);
            if (slot < 0) {
                ADD_FAILURE() << "fact " << id << ": no attribute " << key << " in " << type;
                continue;
            }
            values[static_cast<size_t>(slot)] = value(lit);
        }
        return fs.add(f, values);
    }

    // --- evaluation ---

    core::Result<engine::Evaluation> try_evaluate(std::string_view as_of, int horizon = 30) {
        facts::FactSet& fs = fact_set();
        index_ = std::make_unique<facts::FactIndex>(fs);
        engine::Options options;
        options.as_of = d(as_of);
        options.horizon_days = horizon;
        auto result = engine::evaluate(rules_, fs, *index_, options);
        // Every engine test also checks the preflight: evaluation fails only where it said so.
        if (!result) {
            EXPECT_TRUE(engine::may_fail(rules_, fs, *index_))
                << "evaluation failed but may_fail() said it could not: " << result.error().message;
        }
        return result;
    }

    /// Evaluates, failing the test on an Error; checks that every node has a reason.
    engine::Evaluation evaluate(std::string_view as_of, int horizon = 30) {
        auto result = try_evaluate(as_of, horizon);
        if (!result) {
            ADD_FAILURE() << "evaluate failed as of " << as_of << ": " << result.error().message;
            return {};
        }
        for (const auto& r : result->results) expect_reasons(r.node);
        return std::move(*result);
    }

    /// The verdict of the one rule of the test.
    NodeResult only(std::string_view as_of, int horizon = 30) {
        engine::Evaluation e = evaluate(as_of, horizon);
        if (e.results.size() != 1) {
            ADD_FAILURE() << "expected one result, got " << e.results.size();
            return failed();
        }
        return e.results[0].node;
    }

    /// The verdict of rule `id`.
    static NodeResult result(const engine::Evaluation& e, std::string_view id) {
        for (const auto& r : e.results)
            if (r.node.rule == id) return r.node;
        ADD_FAILURE() << "no result for rule " << id;
        return failed();
    }

    /// The child node `id` (the full suffixed id, e.g. "r[2]").
    static NodeResult child(const NodeResult& n, std::string_view id) {
        for (const auto& c : n.children)
            if (c.rule == id) return c;
        std::string have;
        for (const auto& c : n.children) have += " " + c.rule;
        ADD_FAILURE() << "node " << n.rule << " has no child " << id << "; children:" << have;
        return failed();
    }

    static std::vector<std::string> child_ids(const NodeResult& n) {
        std::vector<std::string> ids;
        for (const auto& c : n.children) ids.push_back(c.rule);
        return ids;
    }

    /// The ids of a node's evidence, in order.
    std::vector<std::string> evidence(const NodeResult& n) const {
        std::vector<std::string> ids;
        for (uint32_t i : n.evidence) ids.push_back(fact_id(i));
        return ids;
    }
    /// The id of the late fulfilment, or "" when there is none.
    std::string late(const NodeResult& n) const { return n.late ? fact_id(*n.late) : ""; }

    std::string fact_id(uint32_t index) const {
        if (!facts_ || index >= facts_->size())
            return "<bad fact index " + std::to_string(index) + ">";
        return std::string((*facts_)[index].id());
    }

    const ir::RuleSet& rules() const { return rules_; }
    /// The facts added so far (for tests of the index itself).
    facts::FactSet& facts_added() { return fact_set(); }

    static bool contains(std::string_view haystack, std::string_view needle) {
        return haystack.find(needle) != std::string_view::npos;
    }

private:
    static NodeResult failed() {
        NodeResult n;
        n.rule = "<missing>";
        n.verdict = Verdict::Void;
        n.reason = "<missing>";
        return n;
    }

    static void expect_reasons(const NodeResult& n) {
        EXPECT_FALSE(n.reason.empty()) << "node " << n.rule << " has no reason";
        for (const auto& c : n.children) expect_reasons(c);
    }

    void add_rule(std::string id, std::optional<uint32_t> agreement, Ob body) {
        ir::Rule r;
        r.id = std::move(id);
        r.title = "rule " + r.id;
        r.agreement = agreement;
        r.body = std::move(body);
        r.frame_size = static_cast<uint32_t>(slots_.size());
        rules_.rules.push_back(std::move(r));
        std::stable_sort(rules_.rules.begin(), rules_.rules.end(),
                         [](const ir::Rule& a, const ir::Rule& b) { return a.id < b.id; });
    }

    facts::FactSet& fact_set() {
        if (!facts_) {
            facts_ = std::make_unique<facts::FactSet>(rules_.schema);
            file_ = facts_->add_file("test.jsonl");
        }
        return *facts_;
    }

    facts::Value value(const ir::Literal& lit) {
        facts::Value v;
        switch (lit.kind) {
            case ir::Literal::Kind::Text:
                v.kind = facts::Value::Kind::Text;
                v.symbol = facts_->symbols().intern(lit.text);
                break;
            case ir::Literal::Kind::Party:
                v.kind = facts::Value::Kind::Party;
                v.symbol = facts_->symbols().intern(lit.text);
                break;
            case ir::Literal::Kind::Number:
            case ir::Literal::Kind::Quantity:
                v.kind = facts::Value::Kind::Number;
                v.number = lit.number;
                break;
            case ir::Literal::Kind::Date:
                v.kind = facts::Value::Kind::Date;
                v.date = lit.date.days;
                break;
            case ir::Literal::Kind::Bool:
                v.kind = facts::Value::Kind::Bool;
                v.boolean = lit.boolean;
                break;
        }
        return v;
    }

    ir::RuleSet rules_;
    std::map<std::string, uint32_t> slots_;
    std::unique_ptr<facts::FactSet> facts_;  // built on first use, against rules_.schema
    std::unique_ptr<facts::FactIndex> index_;
    uint32_t file_ = 0;
};

}  // namespace abide::etest
