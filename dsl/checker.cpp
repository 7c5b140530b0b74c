#include "dsl/checker.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/date.hpp"
#include "core/quantity.hpp"
#include "core/schema.hpp"
#include "core/suggest.hpp"

namespace abide::dsl {
namespace {

using core::AttrType;

std::string quoted(std::string_view s) {
    // Appended piecewise: `"'" + std::string(s) + "'"` trips GCC 12's -Wrestrict at -O3.
    std::string out;
    out.reserve(s.size() + 2);
    out += '\'';
    out += s;
    out += '\'';
    return out;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
    if (auto s = core::closest(word, candidates); s && *s != word)
        return "; did you mean '" + *s + "'?";
    return "";
}

/// What a value on the right of a comparison is, to check it against the field's type.
struct ValueType {
    enum class Kind { Text, Party, Number, Quantity, Date, Bool } kind = Kind::Text;
    core::Dimension dimension = core::Dimension::None;
};

ValueType type_of(AttrType t) {
    switch (t) {
        case AttrType::Text: return {ValueType::Kind::Text};
        case AttrType::Party: return {ValueType::Kind::Party};
        case AttrType::Number: return {ValueType::Kind::Number};
        case AttrType::Date: return {ValueType::Kind::Date};
        case AttrType::Bool: return {ValueType::Kind::Bool};
        default: return {ValueType::Kind::Quantity, *core::attr_dimension(t)};
    }
}

std::string describe(ValueType v) {
    switch (v.kind) {
        case ValueType::Kind::Text: return "text";
        case ValueType::Kind::Party: return "a party";
        case ValueType::Kind::Number: return "a bare number";
        case ValueType::Kind::Quantity:
            return "a " + std::string(core::dimension_name(v.dimension)) + " quantity";
        case ValueType::Kind::Date: return "a date";
        case ValueType::Kind::Bool: return "a yes/no value";
    }
    return "a value";
}

std::string example_of(AttrType t) {
    switch (t) {
        case AttrType::Mass: return "'12 Mt'";
        case AttrType::Money: return "'500 million USD'";
        case AttrType::Percent: return "'15 %'";
        case AttrType::PP: return "'10 pp'";
        default: return "";
    }
}

/// Why `field OP value` does not type-check, or "" if it does.
std::string mismatch(const ir::Field& f, ValueType v) {
    ValueType want = type_of(f.type);
    auto is_textual = [](ValueType::Kind k) {
        return k == ValueType::Kind::Text || k == ValueType::Kind::Party;
    };
    if (is_textual(want.kind) && is_textual(v.kind)) return "";
    if (want.kind == v.kind &&
        (want.kind != ValueType::Kind::Quantity || want.dimension == v.dimension))
        return "";
    std::string what = quoted(f.name) + " is " + std::string(core::attr_type_name(f.type));
    if (want.kind == ValueType::Kind::Quantity && v.kind == ValueType::Kind::Number)
        return what + " and compares with a quantity of that unit, such as " + example_of(f.type) +
               ", not a bare number";
    if (want.kind == ValueType::Kind::Quantity && v.kind == ValueType::Kind::Quantity)
        return "cannot compare " + std::string(core::dimension_name(want.dimension)) + " " +
               quoted(f.name) + " with " + describe(v) + " (unit dimension mismatch)";
    if (is_textual(want.kind) && v.kind == ValueType::Kind::Number)
        return what + " but the value is a number; write text in double quotes";
    return "cannot compare " + quoted(f.name) + " (" + std::string(core::attr_type_name(f.type)) +
           ") with " + describe(v);
}

ValueType type_of_literal(const ir::Literal& l) {
    switch (l.kind) {
        case ir::Literal::Kind::Text: return {ValueType::Kind::Text};
        case ir::Literal::Kind::Party: return {ValueType::Kind::Party};
        case ir::Literal::Kind::Number: return {ValueType::Kind::Number};
        case ir::Literal::Kind::Quantity: return {ValueType::Kind::Quantity, l.dimension};
        case ir::Literal::Kind::Date: return {ValueType::Kind::Date};
        case ir::Literal::Kind::Bool: return {ValueType::Kind::Bool};
    }
    return {};
}

}  // namespace

core::SourceLoc loc_of(const core::SourceFile& src, size_t offset) {
    return core::SourceLoc{src.path(), src.line_col(offset)};
}

// ---------------------------------------------------------------------------------------------
// Declarations

namespace {

class DeclChecker {
public:
    DeclChecker(const std::vector<ParsedFile>& files, core::Diagnostics& diags,
                const CompileOptions& options)
        : files_(files), diags_(diags), options_(options) {}

    Declarations run() {
        // Events first, across all files: rules may name events declared in another file.
        for (const auto& f : files_)
            for (const auto& item : f.items)
                if (auto* e = boost::get<ast::EventDecl>(&item.get())) event(*f.src, *e);
        for (const auto& f : files_)
            for (const auto& item : f.items)
                if (auto* a = boost::get<ast::AgreementDecl>(&item.get())) agreement(*f.src, *a);
        // `ends` patterns and rules, once every agreement's `signed` date is known.
        for (const auto& p : pending_ends_) {
            Resolver r(out_, *p.src, diags_, std::nullopt);
            if (auto pat = r.pattern(p.field->pattern)) {
                ir::Ends ends;
                ends.period = {static_cast<int32_t>(p.field->duration.count),
                               p.field->duration.unit};
                ends.pattern = std::move(*pat);
                out_.agreements[p.agreement].ends = std::move(ends);
            }
        }
        for (const auto& f : files_) {
            for (const auto& item : f.items) {
                if (auto* r = boost::get<ast::RuleDecl>(&item.get())) {
                    rule(*f.src, *r, std::nullopt);
                } else if (auto* a = boost::get<ast::AgreementDecl>(&item.get())) {
                    auto it = agreement_of_.find(a);
                    if (it == agreement_of_.end()) continue;  // a duplicate agreement
                    for (const auto& ai : a->items)
                        if (auto* rd = boost::get<ast::RuleDecl>(&ai.get()))
                            rule(*f.src, *rd, it->second);
                }
            }
        }
        return std::move(out_);
    }

private:
    struct Seen {
        const core::SourceFile* src;
        size_t offset;
    };
    struct PendingEnds {
        const core::SourceFile* src;
        const ast::EndsField* field;
        uint32_t agreement;
    };

    void duplicate(const core::SourceFile& src, size_t offset, std::string message,
                   const Seen& earlier, std::string note) {
        auto d = core::make_diagnostic(core::Severity::Error, src, offset, std::move(message));
        d.notes.push_back(core::make_diagnostic(core::Severity::Note, *earlier.src, earlier.offset,
                                                std::move(note)));
        diags_.add(std::move(d));
    }

    void event(const core::SourceFile& src, const ast::EventDecl& e) {
        const std::string& name = e.name.text;
        if (auto it = events_.find(name); it != events_.end()) {
            duplicate(src, e.name.offset, "duplicate event type " + quoted(name), it->second,
                      "previous declaration of " + quoted(name) + " is here");
            return;
        }
        events_.emplace(name, Seen{&src, e.name.offset});
        core::EventDecl decl;
        decl.name = name;
        decl.loc = loc_of(src, e.name.offset);
        std::unordered_map<std::string, size_t> seen;
        std::vector<std::string_view> type_names = {"text", "number", "mass", "money", "percent",
                                                    "pp",   "date",   "bool", "party"};
        for (const auto& a : e.attrs) {
            const std::string& an = a.name.text;
            if (auto prev = seen.find(an); prev != seen.end()) {
                duplicate(src, a.name.offset,
                          "duplicate attribute " + quoted(an) + " in event " + quoted(name),
                          Seen{&src, prev->second},
                          "previous declaration of " + quoted(an) + " is here");
                continue;
            }
            seen.emplace(an, a.name.offset);
            auto type = core::find_attr_type(a.type.text);
            if (!type) {
                diags_.error(src, a.type.offset,
                             "unknown type " + quoted(a.type.text) +
                                 did_you_mean(a.type.text, type_names) +
                                 " (types: text, number, mass, money, percent, pp, date, bool, "
                                 "party)");
                continue;
            }
            auto builtin = core::find_builtin_field(an);
            if (builtin == core::BuiltinField::Id || builtin == core::BuiltinField::Type ||
                builtin == core::BuiltinField::Date) {
                diags_.error(src, a.name.offset,
                             quoted(an) +
                                 " is a built-in field of every fact and cannot be "
                                 "declared as an attribute");
                continue;
            }
            if (builtin == core::BuiltinField::Party || builtin == core::BuiltinField::Source) {
                // The built-in field itself (§9.3): not an attribute slot of its own.
                AttrType want =
                    builtin == core::BuiltinField::Party ? AttrType::Party : AttrType::Text;
                if (*type != want)
                    diags_.error(src, a.type.offset,
                                 "the built-in field " + quoted(an) + " can only be declared as " +
                                     std::string(core::attr_type_name(want)));
                continue;
            }
            decl.attrs.push_back(core::AttrDecl{an, *type, loc_of(src, a.name.offset)});
        }
        out_.schema.add(std::move(decl));
    }

    void agreement(const core::SourceFile& src, const ast::AgreementDecl& a) {
        const std::string& id = a.id.text;
        if (auto it = agreements_seen_.find(id); it != agreements_seen_.end()) {
            duplicate(src, a.id.offset, "duplicate agreement id " + quoted(id), it->second,
                      "previous definition of " + quoted(id) + " is here");
            return;
        }
        agreements_seen_.emplace(id, Seen{&src, a.id.offset});
        auto index = static_cast<uint32_t>(out_.agreements.size());
        agreement_of_.emplace(&a, index);
        out_.agreement_index.emplace(id, index);
        ir::Agreement ag;
        ag.id = id;
        ag.loc = loc_of(src, a.id.offset);
        bool has_signed = false, signed_ok = false, has_rules = false;
        std::unordered_map<std::string, size_t> fields;
        auto once = [&](const std::string& key, size_t offset) {
            if (auto prev = fields.find(key); prev != fields.end()) {
                duplicate(src, offset, "duplicate " + quoted(key) + " in agreement " + quoted(id),
                          Seen{&src, prev->second}, "previous " + quoted(key) + " is here");
                return false;
            }
            fields.emplace(key, offset);
            return true;
        };
        for (const auto& item : a.items) {
            if (auto* t = boost::get<ast::TextField>(&item.get())) {
                if (!once(t->key, t->offset)) continue;
                (t->key == "title" ? ag.title : ag.source) = t->value;
            } else if (auto* n = boost::get<ast::NamesField>(&item.get())) {
                if (!once(n->key, n->offset)) continue;
                for (const auto& p : n->names) ag.parties.push_back(p.text);
            } else if (auto* s = boost::get<ast::SignedField>(&item.get())) {
                if (!once("signed", s->offset)) continue;
                has_signed = true;
                if (auto d = core::parse_date(s->date.text)) {
                    ag.signed_date = *d;
                    signed_ok = true;
                } else {
                    diags_.error(src, s->date.offset,
                                 "invalid date " + quoted(s->date.text) + ": not a calendar date");
                }
            } else if (auto* b = boost::get<ast::BindingField>(&item.get())) {
                if (!once("binding", b->offset)) continue;
                ag.binding = b->value == "yes";
            } else if (auto* e = boost::get<ast::EndsField>(&item.get())) {
                if (!once("ends", e->offset)) continue;
                pending_ends_.push_back({&src, e, index});
            } else if (boost::get<ast::RuleDecl>(&item.get())) {
                has_rules = true;
            }
        }
        if (!has_signed)
            diags_.error(src, a.id.offset,
                         "agreement " + quoted(id) + " has no 'signed' date (required)");
        if (!has_rules)
            diags_.warning(src, a.id.offset, "agreement " + quoted(id) + " has no rules");
        out_.agreements.push_back(std::move(ag));
        out_.signed_known.push_back(signed_ok);
    }

    void rule(const core::SourceFile& src, const ast::RuleDecl& r, std::optional<uint32_t> agr) {
        std::string full_id = agr ? out_.agreements[*agr].id + "." + r.id.text : r.id.text;
        if (agr && r.id.text.find('.') != std::string::npos)
            diags_.error(src, r.id.offset,
                         "a rule inside an agreement has a plain id; its full id is " +
                             quoted(out_.agreements[*agr].id + ".ID"));
        if (auto it = rules_seen_.find(full_id); it != rules_seen_.end()) {
            duplicate(src, r.id.offset, "duplicate rule id " + quoted(full_id), it->second,
                      "previous definition of " + quoted(full_id) + " is here");
            return;
        }
        rules_seen_.emplace(full_id, Seen{&src, r.id.offset});
        std::unordered_map<std::string, size_t> fields;
        auto check_field = [&](const ast::RuleField& f) {
            size_t offset = 0;
            std::string key;
            if (auto* t = boost::get<ast::TextField>(&f.get())) {
                offset = t->offset, key = t->key;
            } else if (auto* n = boost::get<ast::NamesField>(&f.get())) {
                offset = n->offset, key = n->key;
                if (agr && !out_.agreements[*agr].parties.empty()) {
                    const auto& parties = out_.agreements[*agr].parties;
                    for (const auto& p : n->names)
                        if (std::find(parties.begin(), parties.end(), p.text) == parties.end())
                            diags_.warning(src, p.offset,
                                           "party " + quoted(p.text) +
                                               " is not a party to agreement " +
                                               quoted(out_.agreements[*agr].id));
                }
            }
            if (auto prev = fields.find(key); prev != fields.end()) {
                duplicate(src, offset, "duplicate " + quoted(key) + " in rule " + quoted(full_id),
                          Seen{&src, prev->second}, "previous " + quoted(key) + " is here");
                return;
            }
            fields.emplace(key, offset);
        };
        for (const auto& f : r.fields) check_field(f);
        for (const auto& f : r.fields_after) check_field(f);
        if (options_.strict) {
            for (const char* key : {"title", "party", "cite"})
                if (!fields.count(key))
                    diags_.error(src, r.id.offset,
                                 "rule " + quoted(full_id) + " has no " + quoted(key) +
                                     " (required by --strict)");
        }
        out_.rules.push_back(RuleSite{&r, &src, agr, std::move(full_id)});
    }

    const std::vector<ParsedFile>& files_;
    core::Diagnostics& diags_;
    const CompileOptions& options_;
    Declarations out_;
    std::unordered_map<std::string, Seen> events_, agreements_seen_, rules_seen_;
    std::unordered_map<const ast::AgreementDecl*, uint32_t> agreement_of_;
    std::vector<PendingEnds> pending_ends_;
};

}  // namespace

Declarations check_declarations(const std::vector<ParsedFile>& files, core::Diagnostics& diags,
                                const CompileOptions& options) {
    return DeclChecker(files, diags, options).run();
}

// ---------------------------------------------------------------------------------------------
// Resolver

Resolver::Resolver(const Declarations& decls, const core::SourceFile& src, core::Diagnostics& diags,
                   std::optional<uint32_t> agreement)
    : decls_(decls), src_(src), diags_(diags), agreement_(agreement) {}

void Resolver::error(size_t offset, std::string message) {
    diags_.error(src_, offset, std::move(message));
}
void Resolver::warning(size_t offset, std::string message) {
    diags_.warning(src_, offset, std::move(message));
}

std::optional<uint32_t> Resolver::event(const ast::Name& name) {
    if (auto i = decls_.schema.find(name.text)) return i;
    std::vector<std::string_view> names;
    for (const auto& e : decls_.schema.events()) names.push_back(e.name);
    error(name.offset,
          "undeclared event type " + quoted(name.text) + did_you_mean(name.text, names));
    return std::nullopt;
}

std::optional<ir::Pattern> Resolver::pattern(const ast::Pattern& p) {
    auto ev = event(p.event);
    if (!ev) return std::nullopt;
    ir::Pattern out;
    out.event = *ev;
    if (p.where) {
        out.where = condition(*p.where, *ev);
        if (!out.where) return std::nullopt;
    }
    return out;
}

ir::ConditionPtr Resolver::condition(const ast::Condition& c, uint32_t event) {
    bool ok = true;
    std::vector<ir::ConditionPtr> terms;
    for (const auto& conj : c.terms) {
        std::vector<ir::ConditionPtr> factors;
        for (const auto& f : conj.factors) {
            auto lowered = factor(f, event);
            ok = ok && lowered;
            factors.push_back(std::move(lowered));
        }
        if (!ok) continue;
        if (factors.size() == 1) {
            terms.push_back(std::move(factors.front()));
        } else {
            auto node = std::make_unique<ir::Condition>();
            node->kind = ir::Condition::Kind::And;
            node->children = std::move(factors);
            terms.push_back(std::move(node));
        }
    }
    if (!ok) return nullptr;
    if (terms.size() == 1) return std::move(terms.front());
    auto node = std::make_unique<ir::Condition>();
    node->kind = ir::Condition::Kind::Or;
    node->children = std::move(terms);
    return node;
}

ir::ConditionPtr Resolver::factor(const ast::Factor& f, uint32_t event) {
    ir::ConditionPtr inner;
    if (auto* t = boost::get<ast::Test>(&f.primary)) {
        inner = test(*t, event);
    } else {
        inner =
            condition(boost::get<ast::x3::forward_ast<ast::Paren>>(f.primary).get().inner, event);
    }
    // `not not x` is `x`: an even chain folds away, so a long chain never nests the IR.
    if (!inner || f.nots.size() % 2 == 0) return inner;
    auto node = std::make_unique<ir::Condition>();
    node->kind = ir::Condition::Kind::Not;
    node->children.push_back(std::move(inner));
    return node;
}

std::optional<ir::Field> Resolver::field(uint32_t event, const ast::Name& name, bool builtins) {
    const core::EventDecl& decl = decls_.schema.event(event);
    ir::Field f;
    f.name = name.text;
    if (name.text.find('.') != std::string::npos) {
        error(name.offset, "the left side of a comparison names a field of the " +
                               quoted(decl.name) + " fact, such as 'ref'; found " +
                               quoted(name.text));
        return std::nullopt;
    }
    if (builtins) {
        if (auto b = core::find_builtin_field(name.text)) {
            switch (*b) {
                case core::BuiltinField::Id:
                    f.kind = ir::Field::Kind::Id, f.type = AttrType::Text;
                    break;
                case core::BuiltinField::Type:
                    f.kind = ir::Field::Kind::Type, f.type = AttrType::Text;
                    break;
                case core::BuiltinField::Date:
                    f.kind = ir::Field::Kind::Date, f.type = AttrType::Date;
                    break;
                case core::BuiltinField::Party:
                    f.kind = ir::Field::Kind::Party, f.type = AttrType::Party;
                    break;
                case core::BuiltinField::Source:
                    f.kind = ir::Field::Kind::Source, f.type = AttrType::Text;
                    break;
            }
            return f;
        }
    }
    int slot = decl.find_attr(name.text);
    if (slot < 0) {
        std::vector<std::string_view> names;
        for (const auto& a : decl.attrs) names.push_back(a.name);
        if (builtins)
            for (std::string_view b : {"id", "party", "source", "date"}) names.push_back(b);
        std::string declared;
        if (!builtins && decl.attrs.empty()) declared = " (it declares no attributes)";
        error(name.offset, "event " + quoted(decl.name) + " has no attribute " + quoted(name.text) +
                               did_you_mean(name.text, names) + declared);
        return std::nullopt;
    }
    f.kind = ir::Field::Kind::Attr;
    f.slot = static_cast<uint32_t>(slot);
    f.type = decl.attrs[static_cast<size_t>(slot)].type;
    return f;
}

ir::ConditionPtr Resolver::test(const ast::Test& t, uint32_t event) {
    auto f = field(event, t.field);
    if (!f) return nullptr;
    auto node = std::make_unique<ir::Condition>();
    node->field = *f;
    if (auto* cmp = boost::get<ast::CmpTail>(&t.tail)) {
        node->kind = ir::Condition::Kind::Compare;
        node->op = to_ir(cmp->op);
        bool ordering = cmp->op != ast::CmpOp::Eq && cmp->op != ast::CmpOp::Ne;
        ValueType vt = type_of(f->type);
        if (ordering && (vt.kind == ValueType::Kind::Text || vt.kind == ValueType::Kind::Party ||
                         vt.kind == ValueType::Kind::Bool)) {
            error(t.field.offset, quoted(ir::to_string(to_ir(cmp->op))) + " does not apply to " +
                                      std::string(core::attr_type_name(f->type)) + " " +
                                      quoted(f->name) + "; use '==', '!=' or 'in'");
            return nullptr;
        }
        auto op = operand(cmp->value, *f);
        if (!op) return nullptr;
        node->operands.push_back(std::move(*op));
    } else {
        const auto& in = boost::get<ast::InTail>(t.tail);
        node->kind = ir::Condition::Kind::In;
        bool ok = true;
        for (const auto& v : in.values) {
            auto op = operand(v, *f);
            if (op) node->operands.push_back(std::move(*op));
            ok = ok && op;
        }
        if (!ok) return nullptr;
        if (in.values.empty())
            warning(in.offset, "the list is empty, so this comparison is never true");
    }
    return node;
}

std::optional<ir::Literal> Resolver::quantity(const ast::QuantityLit& q) {
    auto number = core::parse_number(q.number);
    if (!number) {
        error(q.offset, "invalid number " + quoted(q.number));
        return std::nullopt;
    }
    ir::Literal lit;
    if (q.words.empty()) {
        lit.kind = ir::Literal::Kind::Number;
        lit.number = *number;
        return lit;
    }
    const auto& spellings = core::unit_spellings();
    std::string text = q.number;
    size_t i = 0;
    if (core::find_scale(q.words[0].text)) {
        if (q.words.size() == 1) {
            error(q.words[0].offset,
                  "expected a unit after " + quoted(q.words[0].text) + ", such as 'USD'");
            return std::nullopt;
        }
        text += " " + q.words[0].text;
        i = 1;
    }
    const ast::Name& unit = q.words[i];
    if (!core::find_unit(unit.text)) {
        error(unit.offset, "unknown unit " + quoted(unit.text) +
                               did_you_mean(unit.text, spellings) +
                               " (units: t, kt, Mt, MMT, USD, %, pp)");
        return std::nullopt;
    }
    if (i + 1 < q.words.size()) {
        error(q.words[i + 1].offset,
              "unexpected " + quoted(q.words[i + 1].text) + " after the unit " + quoted(unit.text));
        return std::nullopt;
    }
    text += " " + unit.text;
    std::string why;
    auto parsed = core::parse_quantity(text, &why);
    if (!parsed) {
        error(q.offset, "invalid quantity " + quoted(text) + ": " + why);
        return std::nullopt;
    }
    lit.kind = ir::Literal::Kind::Quantity;
    lit.number = parsed->value;
    lit.dimension = parsed->dimension;
    lit.unit = std::string(parsed->unit);
    return lit;
}

const Resolver::Binding* Resolver::lookup(std::string_view name) {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it)
        if (it->name == name) {
            it->used = true;
            return &*it;
        }
    return nullptr;
}

std::string Resolver::scope_suggestion(std::string_view name) const {
    std::vector<std::string_view> names;
    for (const auto& b : scope_) names.push_back(b.name);
    return did_you_mean(name, names);
}

std::optional<ir::Operand> Resolver::operand(const ast::Value& v, const ir::Field& against) {
    std::optional<ir::Operand> out;
    size_t offset = 0;
    if (auto* d = boost::get<ast::DateLit>(&v.get())) {
        offset = d->offset;
        auto date = core::parse_date(d->text);
        if (!date) {
            error(d->offset, "invalid date " + quoted(d->text) + ": not a calendar date");
            return std::nullopt;
        }
        ir::Literal lit;
        lit.kind = ir::Literal::Kind::Date;
        lit.date = *date;
        out = lit;
    } else if (auto* q = boost::get<ast::QuantityLit>(&v.get())) {
        offset = q->offset;
        auto lit = quantity(*q);
        if (!lit) return std::nullopt;
        out = *lit;
    } else if (auto* s = boost::get<ast::StringLit>(&v.get())) {
        offset = s->offset;
        ir::Literal lit;
        lit.kind =
            against.type == AttrType::Party ? ir::Literal::Kind::Party : ir::Literal::Kind::Text;
        lit.text = s->value;
        out = lit;
    } else {
        const auto& n = boost::get<ast::Name>(v.get());
        offset = n.offset;
        out = name_operand(n, against);
        if (!out) return std::nullopt;
    }
    ValueType vt;
    if (auto* lit = std::get_if<ir::Literal>(&*out)) {
        vt = type_of_literal(*lit);
    } else if (auto* var = std::get_if<ir::VarRef>(&*out)) {
        vt = ValueType{ValueType::Kind::Text};
        for (const auto& b : scope_)
            if (b.slot == var->var)
                vt = b.kind == VarKind::Year ? ValueType{ValueType::Kind::Number}
                                             : ValueType{ValueType::Kind::Text};
    } else {
        vt = type_of(std::get<ir::TriggerField>(*out).field.type);
    }
    if (std::string why = mismatch(against, vt); !why.empty()) {
        error(offset, why);
        return std::nullopt;
    }
    return out;
}

std::optional<ir::Operand> Resolver::name_operand(const ast::Name& n, const ir::Field& against) {
    const std::string& text = n.text;
    size_t dot = text.find('.');
    if (dot == std::string::npos) {
        if (const Binding* b = lookup(text)) {
            if (b->kind == VarKind::Trigger) {
                error(n.offset, quoted(text) + " is a fact; write " + quoted(text + ".ATTR") +
                                    " or " + quoted(text + ".date"));
                return std::nullopt;
            }
            return ir::VarRef{b->slot, text};
        }
        if (against.type == AttrType::Bool) {
            if (text == "true" || text == "yes" || text == "false" || text == "no") {
                ir::Literal lit;
                lit.kind = ir::Literal::Kind::Bool;
                lit.boolean = text == "true" || text == "yes";
                return lit;
            }
        }
        if (against.type == AttrType::Party) {
            ir::Literal lit;
            lit.kind = ir::Literal::Kind::Party;
            lit.text = text;
            return lit;
        }
        if (std::find(ever_bound_.begin(), ever_bound_.end(), text) != ever_bound_.end()) {
            error(n.offset, "variable " + quoted(text) + " is used outside its scope");
            return std::nullopt;
        }
        std::string hint = scope_suggestion(text);
        if (against.type == AttrType::Bool)
            error(n.offset, "unknown name " + quoted(text) + " for yes/no " + quoted(against.name) +
                                "; write true, false, yes or no" + hint);
        else
            error(n.offset, "unknown name " + quoted(text) + hint +
                                "; to compare with text, write it in double quotes: \"" + text +
                                "\"");
        return std::nullopt;
    }
    std::string head = text.substr(0, dot), tail = text.substr(dot + 1);
    if (const Binding* b = lookup(head)) {
        if (b->kind != VarKind::Trigger || tail.find('.') != std::string::npos) {
            error(n.offset, quoted(head) + " is a loop value and has no fields");
            return std::nullopt;
        }
        ast::Name attr{n.offset + dot + 1, tail};
        auto f = field(b->event, attr);
        if (!f) return std::nullopt;
        return ir::TriggerField{b->slot, head, *f};
    }
    if (auto it = decls_.agreement_index.find(head);
        it != decls_.agreement_index.end() && tail == "signed") {
        ir::Literal lit;
        lit.kind = ir::Literal::Kind::Date;
        lit.date = decls_.agreements[it->second].signed_date;
        return lit;
    }
    if (std::find(ever_bound_.begin(), ever_bound_.end(), head) != ever_bound_.end())
        error(n.offset, "variable " + quoted(head) + " is used outside its scope");
    else
        error(n.offset, "undeclared variable " + quoted(head) + scope_suggestion(head));
    return std::nullopt;
}

std::optional<uint32_t> Resolver::bind(const ast::Name& name, VarKind kind, uint32_t event) {
    for (const auto& b : scope_) {
        if (b.name == name.text) {
            auto d = core::make_diagnostic(core::Severity::Error, src_, name.offset,
                                           "variable " + quoted(name.text) + " is already defined");
            d.notes.push_back(core::make_diagnostic(core::Severity::Note, src_, b.offset,
                                                    "previous definition is here"));
            diags_.add(std::move(d));
            return std::nullopt;
        }
    }
    uint32_t slot = next_slot_++;
    scope_.push_back(Binding{name.text, kind, slot, event, name.offset, false});
    ever_bound_.push_back(name.text);
    return slot;
}

Resolver::Binding Resolver::unbind() {
    Binding b = std::move(scope_.back());
    scope_.pop_back();
    return b;
}

std::optional<ir::DateExpr> Resolver::date(const ast::DateExpr& d) {
    ir::DateExpr out;
    if (auto* lit = boost::get<ast::DateLit>(&d.base.get())) {
        auto date = core::parse_date(lit->text);
        if (!date) {
            error(lit->offset, "invalid date " + quoted(lit->text) + ": not a calendar date");
            return std::nullopt;
        }
        out.base = ir::DateExpr::Base::Literal;
        out.date = *date;
        out.name = lit->text;
    } else {
        const auto& n = boost::get<ast::Name>(d.base.get());
        out.name = n.text;
        size_t dot = n.text.find('.');
        std::string head = n.text.substr(0, dot);
        std::string tail = dot == std::string::npos ? "" : n.text.substr(dot + 1);
        if (n.text == "signed") {
            if (!agreement_) {
                error(n.offset,
                      "'signed' is the date of the enclosing agreement, and this rule has none; "
                      "write 'AGREEMENT.signed'");
                return std::nullopt;
            }
            out.base = ir::DateExpr::Base::Signed;
            out.agreement = *agreement_;
        } else if (const Binding* b = lookup(head)) {
            if (b->kind == VarKind::Trigger && tail == "date") {
                out.base = ir::DateExpr::Base::TriggerDate;
                out.var = b->slot;
            } else if (b->kind == VarKind::Trigger) {
                error(n.offset, "a date here is 'signed', a date literal or " +
                                    quoted(head + ".date") + "; found " + quoted(n.text));
                return std::nullopt;
            } else if (b->kind == VarKind::Year && tail.empty()) {
                error(n.offset, "year variable " + quoted(head) + " can only be used as 'during " +
                                    head + "'");
                return std::nullopt;
            } else {
                error(n.offset, quoted(head) + " is a list value, not a date");
                return std::nullopt;
            }
        } else if (auto it = decls_.agreement_index.find(head);
                   it != decls_.agreement_index.end() && tail == "signed") {
            out.base = ir::DateExpr::Base::Signed;
            out.agreement = it->second;
        } else if (tail == "signed") {
            std::vector<std::string_view> ids;
            for (const auto& a : decls_.agreements) ids.push_back(a.id);
            error(n.offset, "unknown agreement " + quoted(head) + did_you_mean(head, ids));
            return std::nullopt;
        } else if (std::find(ever_bound_.begin(), ever_bound_.end(), head) != ever_bound_.end()) {
            error(n.offset, "variable " + quoted(head) + " is used outside its scope");
            return std::nullopt;
        } else {
            error(n.offset, "unknown date " + quoted(n.text) +
                                "; a date is a literal such as 2026-01-01, 'signed', "
                                "'AGREEMENT.signed' or 'NAME.date' of a 'for each'" +
                                scope_suggestion(head));
            return std::nullopt;
        }
    }
    for (const auto& s : d.steps) {
        if (s.duration.count > 1'000'000) {
            error(s.duration.offset, "duration too long");
            return std::nullopt;
        }
        out.steps.push_back(
            {s.sign == '-' ? -1 : +1,
             core::Period{static_cast<int32_t>(s.duration.count), s.duration.unit}});
    }
    return out;
}

std::optional<core::Date> Resolver::value_of(const ir::DateExpr& d, size_t at, bool& ok) {
    core::Date v;
    switch (d.base) {
        case ir::DateExpr::Base::Literal: v = d.date; break;
        case ir::DateExpr::Base::Signed:
            if (!decls_.signed_known[d.agreement]) return std::nullopt;
            v = decls_.agreements[d.agreement].signed_date;
            break;
        default: return std::nullopt;
    }
    for (const auto& s : d.steps) {
        auto next = core::add(v, s.period, s.sign);
        if (!next) {
            error(at, "date " + quoted(d.name) + " with its steps is out of range");
            ok = false;
            return std::nullopt;
        }
        v = *next;
    }
    return v;
}

std::optional<ir::Window> Resolver::window(const boost::optional<ast::Window>& w, size_t at) {
    // The default start: a `for each` trigger's date inside its body, else the agreement's
    // `signed` date, else unbounded (a top-level rule).
    auto default_start = [&]() -> std::optional<ir::DateExpr> {
        for (auto it = scope_.rbegin(); it != scope_.rend(); ++it)
            if (it->kind == VarKind::Trigger) {
                ir::DateExpr d;
                d.base = ir::DateExpr::Base::TriggerDate;
                d.var = it->slot;
                d.name = it->name + ".date";
                return d;
            }
        if (agreement_) {
            ir::DateExpr d;
            d.base = ir::DateExpr::Base::Signed;
            d.agreement = *agreement_;
            d.name = "signed";
            return d;
        }
        return std::nullopt;
    };
    ir::Window out;
    if (!w) {
        out.start = default_start();
        return out;
    }
    size_t offset = at;
    if (auto* by = boost::get<ast::ByWindow>(&w->get())) {
        offset = by->offset;
        auto end = date(by->end);
        if (!end) return std::nullopt;
        out.start = default_start();
        out.end = std::move(*end);
    } else if (auto* within = boost::get<ast::WithinWindow>(&w->get())) {
        offset = within->offset;
        auto start = date(within->after);
        if (!start) return std::nullopt;
        if (within->duration.count > 1'000'000) {
            error(within->duration.offset, "duration too long");
            return std::nullopt;
        }
        ir::DateExpr end = *start;
        end.steps.push_back({+1, core::Period{static_cast<int32_t>(within->duration.count),
                                              within->duration.unit}});
        out.start = std::move(*start);
        out.end = std::move(end);
    } else if (auto* between = boost::get<ast::BetweenWindow>(&w->get())) {
        offset = between->offset;
        auto start = date(between->start);
        auto end = date(between->end);
        if (!start || !end) return std::nullopt;
        out.start = std::move(*start);
        out.end = std::move(*end);
    } else if (auto* from = boost::get<ast::FromWindow>(&w->get())) {
        offset = from->offset;
        auto start = date(from->start);
        if (!start) return std::nullopt;
        out.start = std::move(*start);
        if (from->end) {
            auto end = date(*from->end);
            if (!end) return std::nullopt;
            out.end = std::move(*end);
        }
    } else {
        const auto& during = boost::get<ast::DuringWindow>(w->get());
        offset = during.offset;
        if (auto* ym = boost::get<ast::YearMonthLit>(&during.period)) {
            int year = std::stoi(ym->text.substr(0, 4));
            int month = ym->text.size() > 4 ? std::stoi(ym->text.substr(5, 2)) : 0;
            // make_date validates the month before days_in_month (which throws) may see it.
            auto first = core::make_date(year, month ? month : 1, 1);
            std::optional<core::Date> last;
            if (first)
                last = core::make_date(year, month ? month : 12,
                                       month ? core::days_in_month(year, month) : 31);
            if (!first || !last) {
                error(ym->offset,
                      "invalid " + std::string(month ? "month " : "year ") + quoted(ym->text));
                return std::nullopt;
            }
            ir::DateExpr s, e;
            s.date = *first, e.date = *last;
            s.name = e.name = ym->text;
            out.start = std::move(s);
            out.end = std::move(e);
        } else {
            const auto& n = boost::get<ast::Name>(during.period);
            const Binding* b = lookup(n.text);
            if (!b) {
                if (std::find(ever_bound_.begin(), ever_bound_.end(), n.text) != ever_bound_.end())
                    error(n.offset, "variable " + quoted(n.text) + " is used outside its scope");
                else
                    error(n.offset, "undeclared variable " + quoted(n.text) +
                                        scope_suggestion(n.text) +
                                        "; 'during' takes a year such as 2026, a month such as "
                                        "2026-03, or a 'for' variable ranging over years");
                return std::nullopt;
            }
            if (b->kind != VarKind::Year) {
                error(n.offset, quoted(n.text) + " does not range over years; write 'for " +
                                    n.text + " in 2026..2028:' to use it with 'during'");
                return std::nullopt;
            }
            ir::DateExpr s, e;
            s.base = ir::DateExpr::Base::YearStart;
            e.base = ir::DateExpr::Base::YearEnd;
            s.var = e.var = b->slot;
            s.name = e.name = n.text;
            out.start = std::move(s);
            out.end = std::move(e);
        }
    }
    // Every end known now is computed here, also when the other end is open (`by D` at top
    // level), so that a date beyond the supported years is a check error, not a run-time one.
    {
        bool ok = true;
        std::optional<core::Date> s, e;
        if (out.start) s = value_of(*out.start, offset, ok);
        if (out.end) e = value_of(*out.end, offset, ok);
        if (!ok) return std::nullopt;
        if (s && e && *e < *s) {
            error(offset, "the window ends (" + core::to_string(*e) + ") before it starts (" +
                              core::to_string(*s) + ")");
            return std::nullopt;
        }
    }
    return out;
}

}  // namespace abide::dsl
