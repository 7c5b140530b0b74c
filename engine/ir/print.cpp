#include "engine/ir/print.hpp"

#include <string>

namespace abide::ir {

using namespace std::string_view_literals;  // appends of literals: no strlen at run time
namespace {

void append_quoted(std::string& out, const std::string& s) {
    out += '"';
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n"sv;
            continue;
        }
        out += c;
    }
    out += '"';
}

void append_operand(std::string& out, const Operand& op, const OperandAppender& render) {
    if (render && render(out, op)) return;
    if (auto* lit = std::get_if<Literal>(&op)) {
        if (lit->kind == Literal::Kind::Text)
            append_quoted(out, lit->text);
        else
            out += to_string(*lit);
        return;
    }
    if (auto* v = std::get_if<VarRef>(&op)) {
        out += v->name;
        return;
    }
    const auto& t = std::get<TriggerField>(op);
    out += t.var_name;
    out += '.';
    out += t.field.name;
}

// The std::function renderer, as an appender.
struct RendererAdapter {
    const OperandRenderer& render;
    bool operator()(std::string& out, const Operand& op) const {
        auto s = render(op);
        if (!s) return false;
        out += *s;
        return true;
    }
};

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
        case Literal::Kind::Text: {
            std::string out;
            append_quoted(out, lit.text);
            return out;
        }
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

void append(std::string& out, const Condition& c, OperandAppender render) {
    auto child = [&](const Condition& sub, int parent_prec) {
        bool paren = precedence(sub) < parent_prec;
        if (paren) out += '(';
        append(out, sub, render);
        if (paren) out += ')';
    };
    switch (c.kind) {
        case Condition::Kind::Compare:
            out += c.field.name;
            out += ' ';
            out += to_string(c.op);
            out += ' ';
            append_operand(out, c.operands.at(0), render);
            return;
        case Condition::Kind::In: {
            out += c.field.name;
            out += " in ["sv;
            for (size_t i = 0; i < c.operands.size(); ++i) {
                if (i) out += ", "sv;
                append_operand(out, c.operands[i], render);
            }
            out += ']';
            return;
        }
        case Condition::Kind::And:
        case Condition::Kind::Or: {
            const char* op = c.kind == Condition::Kind::And ? " and " : " or ";
            for (size_t i = 0; i < c.children.size(); ++i) {
                if (i) out += op;
                child(*c.children[i], precedence(c));
            }
            return;
        }
        case Condition::Kind::Not: {
            const Condition& sub = *c.children.at(0);
            out += "not "sv;
            if (sub.kind == Condition::Kind::Compare || sub.kind == Condition::Kind::In) {
                out += '(';
                append(out, sub, render);
                out += ')';
            } else {
                child(sub, 2);
            }
            return;
        }
    }
}

void append_describe(std::string& out, const Pattern& p, const core::Schema& schema,
                     OperandAppender render) {
    out += p.event < schema.size() ? std::string_view(schema.event(p.event).name)
                                   : std::string_view("?");
    if (p.where) {
        out += " with "sv;
        append(out, *p.where, render);
    }
}

std::string to_string(const Condition& c, const OperandRenderer& render) {
    std::string out;
    if (render) {
        RendererAdapter adapter{render};
        append(out, c, adapter);
    } else {
        append(out, c);
    }
    return out;
}

std::string describe(const Pattern& p, const core::Schema& schema, const OperandRenderer& render) {
    std::string out;
    if (render) {
        RendererAdapter adapter{render};
        append_describe(out, p, schema, adapter);
    } else {
        append_describe(out, p, schema);
    }
    return out;
}

}  // namespace abide::ir
