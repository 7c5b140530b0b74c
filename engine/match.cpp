#include "engine/match.hpp"

#include <algorithm>
#include <cmath>

namespace abide::engine {
namespace {

using facts::Value;

Scalar from_value(const Value& v) {
    Scalar s;
    switch (v.kind) {
        case Value::Kind::Absent: break;
        case Value::Kind::Text:
        case Value::Kind::Party:
            s.kind = Scalar::Kind::Text;
            s.symbol = v.symbol;
            break;
        case Value::Kind::Number:
            s.kind = Scalar::Kind::Number;
            s.number = v.number;
            break;
        case Value::Kind::Date:
            s.kind = Scalar::Kind::Date;
            s.date = v.date;
            break;
        case Value::Kind::Bool:
            s.kind = Scalar::Kind::Bool;
            s.boolean = v.boolean;
            break;
    }
    return s;
}

Scalar text_scalar(std::string_view text) {
    Scalar s;
    s.kind = Scalar::Kind::Text;
    s.text = text;
    return s;
}

// Resolves a literal against the FactSet's symbols. Text that no fact holds keeps only its
// text: it can then equal only fields read as text (id, source), never a symbol.
Scalar from_literal(const ir::Literal& lit, const facts::FactSet& facts) {
    Scalar s;
    switch (lit.kind) {
        case ir::Literal::Kind::Text:
        case ir::Literal::Kind::Party: {
            s = text_scalar(lit.text);
            if (auto sym = facts.symbols().find(lit.text)) s.symbol = *sym;
            break;
        }
        case ir::Literal::Kind::Number:
        case ir::Literal::Kind::Quantity:
            s.kind = Scalar::Kind::Number;
            s.number = lit.number;
            break;
        case ir::Literal::Kind::Date:
            s.kind = Scalar::Kind::Date;
            s.date = lit.date.days;
            break;
        case ir::Literal::Kind::Bool:
            s.kind = Scalar::Kind::Bool;
            s.boolean = lit.boolean;
            break;
    }
    return s;
}

bool text_equal(const Scalar& a, const Scalar& b, const facts::FactSet& facts) {
    if (a.symbol != facts::kNoSymbol && b.symbol != facts::kNoSymbol) return a.symbol == b.symbol;
    auto text = [&](const Scalar& s) {
        return s.symbol != facts::kNoSymbol ? facts.symbols().text(s.symbol) : s.text;
    };
    return text(a) == text(b);
}

// Quantities are converted to base units from decimal text; allow for the last bits of a
// double so that "4.1 Mt" equals "4_100_000 t" whichever way it was computed.
int compare_numbers(double a, double b) {
    double tol = 1e-12 * std::max({1.0, std::fabs(a), std::fabs(b)});
    if (std::fabs(a - b) <= tol) return 0;
    return a < b ? -1 : 1;
}

// A comparison with an absent side is false (§9.2), whatever the operator.
bool compare(const Scalar& a, ir::CmpOp op, const Scalar& b, const facts::FactSet& facts) {
    if (a.kind == Scalar::Kind::Absent || b.kind == Scalar::Kind::Absent) return false;
    if (a.kind != b.kind) return false;
    int order = 0;
    switch (a.kind) {
        case Scalar::Kind::Text: {
            bool eq = text_equal(a, b, facts);
            if (op == ir::CmpOp::Eq) return eq;
            if (op == ir::CmpOp::Ne) return !eq;
            return false;  // the checker allows only == and != on text
        }
        case Scalar::Kind::Number: order = compare_numbers(a.number, b.number); break;
        case Scalar::Kind::Date: order = a.date < b.date ? -1 : (a.date > b.date); break;
        case Scalar::Kind::Bool: order = int(a.boolean) - int(b.boolean); break;
        case Scalar::Kind::Absent: return false;
    }
    switch (op) {
        case ir::CmpOp::Eq: return order == 0;
        case ir::CmpOp::Ne: return order != 0;
        case ir::CmpOp::Lt: return order < 0;
        case ir::CmpOp::Le: return order <= 0;
        case ir::CmpOp::Gt: return order > 0;
        case ir::CmpOp::Ge: return order >= 0;
    }
    return false;
}

}  // namespace

Scalar read_field(const facts::FactSet& facts, const facts::Fact& f, const ir::Field& field) {
    switch (field.kind) {
        case ir::Field::Kind::Id: return text_scalar(f.id());
        case ir::Field::Kind::Source:
            return f.source == facts::kNoSource ? Scalar{} : text_scalar(facts.source(f));
        case ir::Field::Kind::Type: {
            Scalar s = text_scalar(facts.symbols().text(facts.type_name(f)));
            s.symbol = facts.type_name(f);
            return s;
        }
        case ir::Field::Kind::Party: {
            if (f.party == facts::kNoSymbol) return {};
            Scalar s;
            s.kind = Scalar::Kind::Text;
            s.symbol = f.party;
            return s;
        }
        case ir::Field::Kind::Date: {
            Scalar s;
            s.kind = Scalar::Kind::Date;
            s.date = f.date.days;
            return s;
        }
        case ir::Field::Kind::Attr: {
            auto values = facts.values(f);
            if (field.slot >= values.size()) return {};
            return from_value(values[field.slot]);
        }
    }
    return {};
}

CompiledPattern::CompiledPattern(const ir::Pattern& pattern, const facts::FactSet& facts)
    : facts_(&facts), event_(pattern.event) {
    if (!pattern.where) return;
    root_ = compile(*pattern.where);
    // Look for an equality on a text attribute among the top-level conjuncts: the index can
    // then hand over only the facts holding that value (a `ref == req.ref` response rule).
    std::vector<uint32_t> conjuncts;
    if (nodes_[*root_].kind == ir::Condition::Kind::And)
        conjuncts = nodes_[*root_].children;
    else
        conjuncts.push_back(*root_);
    // Prefer an attribute (usually more selective: a ref, an item) over the party.
    for (int pass = 0; pass < 2 && !key_; ++pass) {
        for (uint32_t n : conjuncts) {
            const Node& node = nodes_[n];
            if (node.kind != ir::Condition::Kind::Compare || node.op != ir::CmpOp::Eq) continue;
            if (pass == 0 && node.field.kind == ir::Field::Kind::Attr &&
                (node.field.type == core::AttrType::Text ||
                 node.field.type == core::AttrType::Party)) {
                key_ = {node.field.slot, n};
                break;
            }
            if (pass == 1 && node.field.kind == ir::Field::Kind::Party) {
                key_ = {facts::FactIndex::kPartySlot, n};
                break;
            }
        }
    }
    exact_ = key_ && key_->second == *root_;
}

uint32_t CompiledPattern::compile(const ir::Condition& c) {
    Node node{c.kind, c.field, c.op, {}, {}, &c};
    for (const auto& op : c.operands) {
        Operand o;
        if (auto* lit = std::get_if<ir::Literal>(&op)) {
            o.kind = Operand::Kind::Const;
            o.constant = from_literal(*lit, *facts_);
        } else if (auto* var = std::get_if<ir::VarRef>(&op)) {
            o.kind = Operand::Kind::Var;
            o.var = var->var;
        } else {
            const auto& tf = std::get<ir::TriggerField>(op);
            o.kind = Operand::Kind::TriggerField;
            o.var = tf.var;
            o.field = tf.field;
        }
        node.operands.push_back(std::move(o));
    }
    std::vector<uint32_t> kids;
    for (const auto& child : c.children) kids.push_back(compile(*child));
    node.children = std::move(kids);
    nodes_.push_back(std::move(node));
    return static_cast<uint32_t>(nodes_.size() - 1);
}

Scalar CompiledPattern::resolve(const Operand& op, const Frame& frame) const {
    switch (op.kind) {
        case Operand::Kind::Const: return op.constant;
        case Operand::Kind::Var: return op.var < frame.size() ? frame[op.var].value : Scalar{};
        case Operand::Kind::TriggerField: {
            if (op.var >= frame.size() || !frame[op.var].fact) return {};
            return read_field(*facts_, (*facts_)[*frame[op.var].fact], op.field);
        }
    }
    return {};
}

bool CompiledPattern::eval(uint32_t n, const facts::Fact& f, const Frame& frame) const {
    const Node& node = nodes_[n];
    switch (node.kind) {
        case ir::Condition::Kind::Compare:
            return compare(read_field(*facts_, f, node.field), node.op,
                           resolve(node.operands[0], frame), *facts_);
        case ir::Condition::Kind::In: {
            Scalar v = read_field(*facts_, f, node.field);
            for (const auto& op : node.operands)
                if (compare(v, ir::CmpOp::Eq, resolve(op, frame), *facts_)) return true;
            return false;
        }
        case ir::Condition::Kind::And:
            for (uint32_t c : node.children)
                if (!eval(c, f, frame)) return false;
            return true;
        case ir::Condition::Kind::Or:
            for (uint32_t c : node.children)
                if (eval(c, f, frame)) return true;
            return false;
        case ir::Condition::Kind::Not: return !eval(node.children.at(0), f, frame);
    }
    return false;
}

bool CompiledPattern::matches(uint32_t fact, const Frame& frame) const {
    const facts::Fact& f = (*facts_)[fact];
    if (f.type != event_) return false;
    return !root_ || eval(*root_, f, frame);
}

const ir::Condition* CompiledPattern::mismatch(uint32_t n, const facts::Fact& f,
                                               const Frame& frame) const {
    if (eval(n, f, frame)) return nullptr;
    const Node& node = nodes_[n];
    if (node.kind == ir::Condition::Kind::And)
        for (uint32_t c : node.children)
            if (!eval(c, f, frame)) return mismatch(c, f, frame);
    return node.source;
}

const ir::Condition* CompiledPattern::mismatch(uint32_t fact, const Frame& frame) const {
    const facts::Fact& f = (*facts_)[fact];
    if (!root_ || f.type != event_) return nullptr;
    return mismatch(*root_, f, frame);
}

std::optional<uint32_t> CompiledPattern::index_slot() const {
    if (!key_) return std::nullopt;
    const Operand& op = nodes_[key_->second].operands[0];
    if (op.kind == Operand::Kind::Const &&
        (op.constant.kind != Scalar::Kind::Text || op.constant.symbol == facts::kNoSymbol))
        return std::nullopt;
    return key_->first;
}

std::span<const uint32_t> CompiledPattern::candidates(const facts::FactIndex& index,
                                                      const Frame& frame,
                                                      std::optional<core::Date> start,
                                                      std::optional<core::Date> end) const {
    if (!key_) return index.range(event_, start, end);
    Scalar want = resolve(nodes_[key_->second].operands[0], frame);
    if (want.kind != Scalar::Kind::Text) return {};
    if (want.symbol == facts::kNoSymbol) {
        // A trigger's id or source is read as text: facts can only hold it if it was interned.
        auto sym = facts_->symbols().find(want.text);
        if (!sym) return {};
        want.symbol = *sym;
    }
    auto list = index.with_symbol(event_, key_->first, want.symbol);
    // The per-value list is in date order: cut it to the window.
    auto date_of = [&](uint32_t i) { return (*facts_)[i].date.days; };
    auto lo = start ? std::partition_point(list.begin(), list.end(),
                                           [&](uint32_t i) { return date_of(i) < start->days; })
                    : list.begin();
    auto hi = end ? std::partition_point(lo, list.end(),
                                         [&](uint32_t i) { return date_of(i) <= end->days; })
                  : list.end();
    return {lo, hi};
}

}  // namespace abide::engine
