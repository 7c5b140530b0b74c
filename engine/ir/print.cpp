#include "engine/ir/print.hpp"

#include <string>

namespace abide::ir {
namespace {

std::string quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

std::string operand(const Operand& op, const OperandRenderer& render) {
    if (render)
        if (auto s = render(op)) return *s;
    if (auto* lit = std::get_if<Literal>(&op)) return to_string(*lit);
    if (auto* v = std::get_if<VarRef>(&op)) return v->name;
    const auto& t = std::get<TriggerField>(op);
    return t.var_name + "." + t.field.name;
}

// Precedence for parentheses: or < and < not/compare.
int precedence(const Condition& c) {
    switch (c.kind) {
        case Condition::Kind::Or: return 0;
        case Condition::Kind::And: return 1;
        default: return 2;
    }
}

}  // namespace

const char* to_string(CmpOp op) {
    switch (op) {
        case CmpOp::Eq: return "==";
        case CmpOp::Ne: return "!=";
        case CmpOp::Lt: return "<";
        case CmpOp::Le: return "<=";
        case CmpOp::Gt: return ">";
        case CmpOp::Ge: return ">=";
    }
    return "==";
}

std::string to_string(const Literal& lit) {
    switch (lit.kind) {
        case Literal::Kind::Text: return quote(lit.text);
        case Literal::Kind::Party: return lit.text;
        case Literal::Kind::Number: return core::format_number(lit.number);
        case Literal::Kind::Quantity: {
            auto unit = core::find_unit(lit.unit);
            double shown = unit ? lit.number / unit->factor : lit.number;
            return core::format_quantity(shown, lit.unit);
        }
        case Literal::Kind::Date: return core::to_string(lit.date);
        case Literal::Kind::Bool: return lit.boolean ? "true" : "false";
    }
    return {};
}

std::string to_string(const Condition& c, const OperandRenderer& render) {
    auto child = [&](const Condition& sub, int parent_prec) {
        std::string s = to_string(sub, render);
        return precedence(sub) < parent_prec ? "(" + s + ")" : s;
    };
    switch (c.kind) {
        case Condition::Kind::Compare:
            return c.field.name + " " + to_string(c.op) + " " + operand(c.operands.at(0), render);
        case Condition::Kind::In: {
            std::string s = c.field.name + " in [";
            for (size_t i = 0; i < c.operands.size(); ++i)
                s += (i ? ", " : "") + operand(c.operands[i], render);
            return s + "]";
        }
        case Condition::Kind::And:
        case Condition::Kind::Or: {
            const char* op = c.kind == Condition::Kind::And ? " and " : " or ";
            std::string s;
            for (size_t i = 0; i < c.children.size(); ++i)
                s += (i ? op : "") + child(*c.children[i], precedence(c));
            return s;
        }
        case Condition::Kind::Not: {
            const Condition& sub = *c.children.at(0);
            return "not " + (sub.kind == Condition::Kind::Compare || sub.kind == Condition::Kind::In
                                 ? "(" + to_string(sub, render) + ")"
                                 : child(sub, 2));
        }
    }
    return {};
}

std::string describe(const Pattern& p, const core::Schema& schema, const OperandRenderer& render) {
    std::string s = p.event < schema.size() ? schema.event(p.event).name : "?";
    if (p.where) s += " with " + to_string(*p.where, render);
    return s;
}

}  // namespace abide::ir
