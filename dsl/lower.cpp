#include "dsl/lower.hpp"

#include <algorithm>

namespace abide::dsl {
namespace {

using ObKind = ir::Obligation::Kind;

std::string example_of(core::Dimension d) {
    switch (d) {
        case core::Dimension::Mass: return "'12 Mt'";
        case core::Dimension::Money: return "'500 million USD'";
        case core::Dimension::Percent: return "'15 %'";
        case core::Dimension::PercentagePoints: return "'10 pp'";
        case core::Dimension::None: break;
    }
    return "'12'";
}

ir::ObligationPtr make(ObKind kind, Resolver& r, size_t offset) {
    auto ob = std::make_unique<ir::Obligation>();
    ob->kind = kind;
    ob->loc = r.loc(offset);
    return ob;
}

ir::ObligationPtr lower_require(Resolver& r, const ast::Require& req) {
    if (auto* p = boost::get<ast::Pattern>(&req.what)) {
        auto ob = make(ObKind::Require, r, req.offset);
        auto pattern = r.pattern(*p);
        auto window = r.window(req.window, req.offset);
        if (!pattern || !window) return nullptr;
        ob->pattern = std::move(*pattern);
        ob->window = std::move(*window);
        return ob;
    }
    const auto& agg = boost::get<ast::AggregateCmp>(req.what);
    auto ob = make(ObKind::Aggregate, r, req.offset);
    ir::Aggregate& out = ob->aggregate;
    out.op = to_ir(agg.op);
    bool ok = true;
    std::optional<ir::Field> attr;
    if (auto* sm = boost::get<ast::SumMax>(&agg.aggregate)) {
        out.kind =
            sm->kind == ast::AggKind::Sum ? ir::Aggregate::Kind::Sum : ir::Aggregate::Kind::Max;
        const char* fn = sm->kind == ast::AggKind::Sum ? "sum" : "max";
        if (auto ev = r.event(sm->event)) {
            out.pattern.event = *ev;
            attr = r.field(*ev, sm->attr, /*builtins=*/false);
            if (attr && !core::attr_dimension(attr->type)) {
                r.error(sm->attr.offset,
                        std::string(fn) + "() needs a number or quantity attribute; " + "'" +
                            attr->name + "' is " + std::string(core::attr_type_name(attr->type)));
                attr.reset();
            }
            ok = ok && attr;
            if (sm->where) {
                out.pattern.where = r.condition(*sm->where, *ev);
                ok = ok && out.pattern.where;
            }
        } else {
            ok = false;
        }
        out.attr = attr;
    } else {
        const auto& count = boost::get<ast::Count>(agg.aggregate);
        out.kind = ir::Aggregate::Kind::Count;
        auto pattern = r.pattern(count.pattern);
        if (pattern) out.pattern = std::move(*pattern);
        ok = ok && pattern;
    }
    auto target = r.quantity(agg.target);
    if (target) {
        // count compares with a bare number; sum and max with the attribute's dimension.
        core::Dimension want = core::Dimension::None;
        std::string what = "count(...) compares with a bare number";
        if (out.kind != ir::Aggregate::Kind::Count) {
            if (!attr) {
                want = target->dimension;  // already reported
            } else {
                want = *core::attr_dimension(attr->type);
                what = "'" + attr->name + "' is " + std::string(core::attr_type_name(attr->type)) +
                       (want == core::Dimension::None
                            ? ", so the target is a bare number"
                            : ", so the target is a " + std::string(core::dimension_name(want)) +
                                  " quantity such as " + example_of(want));
            }
        }
        if (target->dimension != want) {
            r.error(
                agg.target.offset,
                what + (target->dimension == core::Dimension::None
                            ? std::string(", not a bare number")
                            : ", not a " + std::string(core::dimension_name(target->dimension)) +
                                  " quantity (unit dimension mismatch)"));
            target.reset();
        } else if (out.kind == ir::Aggregate::Kind::Count &&
                   (target->number < 0 ||
                    target->number !=
                        static_cast<double>(static_cast<long long>(target->number)))) {
            r.error(agg.target.offset, "count(...) compares with a whole number of facts");
            target.reset();
        }
    }
    auto window = r.window(req.window, req.offset);
    if (!ok || !target || !window) return nullptr;
    out.target = std::move(*target);
    ob->window = std::move(*window);
    return ob;
}

ir::ObligationPtr lower_parts(Resolver& r, ObKind kind, size_t offset,
                              const std::vector<ast::Obligation>& parts) {
    auto ob = make(kind, r, offset);
    bool ok = true;
    for (const auto& p : parts) {
        auto part = lower_obligation(r, p);
        ok = ok && part;
        ob->parts.push_back(std::move(part));
    }
    return ok ? std::move(ob) : nullptr;
}

struct Lowerer : boost::static_visitor<ir::ObligationPtr> {
    Resolver& r;
    explicit Lowerer(Resolver& r) : r(r) {}

    ir::ObligationPtr operator()(const ast::Require& req) const { return lower_require(r, req); }

    ir::ObligationPtr operator()(const ast::Forbid& f) const {
        auto ob = make(ObKind::Forbid, r, f.offset);
        auto pattern = r.pattern(f.pattern);
        auto window = r.window(f.window, f.offset);
        if (!pattern || !window) return nullptr;
        ob->pattern = std::move(*pattern);
        ob->window = std::move(*window);
        return ob;
    }

    ir::ObligationPtr operator()(const ast::x3::forward_ast<ast::ForEach>& fe) const {
        const ast::ForEach& e = fe.get();
        auto ob = make(ObKind::ForEach, r, e.offset);
        // The trigger's own pattern and window are resolved outside its scope.
        auto pattern = r.pattern(e.pattern);
        auto window = r.window(e.window, e.offset);
        if (!pattern) {
            lower_obligation(r, e.body);  // still report what the body gets wrong
            return nullptr;
        }
        auto slot = r.bind(e.var, Resolver::VarKind::Trigger, pattern->event);
        if (!slot) return nullptr;
        ob->var = *slot;
        ob->var_name = e.var.text;
        auto body = lower_obligation(r, e.body);
        r.unbind();
        if (!window || !body) return nullptr;
        ob->pattern = std::move(*pattern);
        ob->window = std::move(*window);
        ob->parts.push_back(std::move(body));
        return ob;
    }

    ir::ObligationPtr operator()(const ast::x3::forward_ast<ast::ForIn>& fi) const {
        const ast::ForIn& f = fi.get();
        auto ob = make(ObKind::ForIn, r, f.offset);
        Resolver::VarKind kind = Resolver::VarKind::Text;
        bool ok = true;
        if (auto* list = boost::get<ast::ValueList>(&f.domain)) {
            if (list->items.empty()) {
                r.error(list->offset, "empty list: 'for " + f.var.text + " in []' has no values");
                ok = false;
            }
            for (const auto& item : list->items) {
                ir::Literal lit;
                lit.kind = ir::Literal::Kind::Text;
                if (auto* s = boost::get<ast::StringLit>(&item.get()))
                    lit.text = s->value;
                else
                    lit.text = boost::get<ast::Name>(item.get()).text;
                ob->values.push_back(std::move(lit));
            }
        } else {
            const auto& range = boost::get<ast::YearRange>(f.domain);
            kind = Resolver::VarKind::Year;
            constexpr long long kMaxValues = 10'000;
            if (range.last < range.first) {
                r.error(range.offset, "the range ends (" + std::to_string(range.last) +
                                          ") before it starts (" + std::to_string(range.first) +
                                          ")");
                ok = false;
            } else if (static_cast<long long>(range.last) - range.first + 1 > kMaxValues) {
                r.error(range.offset, "the range " + std::to_string(range.first) + ".." +
                                          std::to_string(range.last) + " has more than " +
                                          std::to_string(kMaxValues) + " values");
                ok = false;
            } else {
                for (long long y = range.first; y <= range.last; ++y) {  // int: last may be INT_MAX
                    ir::Literal lit;
                    lit.kind = ir::Literal::Kind::Number;
                    lit.number = y;
                    ob->values.push_back(std::move(lit));
                }
            }
        }
        auto slot = r.bind(f.var, kind);
        if (!slot) return nullptr;
        ob->var = *slot;
        ob->var_name = f.var.text;
        auto body = lower_obligation(r, f.body);
        auto binding = r.unbind();
        if (!binding.used) r.warning(binding.offset, "unused variable '" + binding.name + "'");
        if (!ok || !body) return nullptr;
        ob->parts.push_back(std::move(body));
        return ob;
    }

    ir::ObligationPtr operator()(const ast::x3::forward_ast<ast::AllBlock>& b) const {
        return lower_parts(r, ObKind::All, b.get().offset, b.get().parts);
    }
    ir::ObligationPtr operator()(const ast::x3::forward_ast<ast::AnyBlock>& b) const {
        return lower_parts(r, ObKind::Any, b.get().offset, b.get().parts);
    }
    ir::ObligationPtr operator()(const ast::x3::forward_ast<ast::AtLeastBlock>& b) const {
        const ast::AtLeastBlock& block = b.get();
        auto ob = lower_parts(r, ObKind::AtLeast, block.offset, block.parts);
        if (block.count > block.parts.size()) {
            r.error(block.offset, "'at least " + std::to_string(block.count) + " of' has only " +
                                      std::to_string(block.parts.size()) +
                                      (block.parts.size() == 1 ? " part" : " parts"));
            return nullptr;
        }
        if (block.count == 0) r.warning(block.offset, "'at least 0 of' always holds");
        if (ob) ob->at_least = block.count;
        return ob;
    }
};

}  // namespace

ir::ObligationPtr lower_obligation(Resolver& r, const ast::Obligation& ob) {
    return boost::apply_visitor(Lowerer(r), ob);
}

ir::RuleSet lower(Declarations decls, core::Diagnostics& diags) {
    ir::RuleSet set;
    for (const RuleSite& site : decls.rules) {
        Resolver r(decls, *site.src, diags, site.agreement);
        auto body = lower_obligation(r, site.decl->body);
        if (!body) continue;
        ir::Rule rule;
        rule.id = site.full_id;
        rule.agreement = site.agreement;
        rule.loc = loc_of(*site.src, site.decl->id.offset);
        rule.body = std::move(body);
        rule.frame_size = r.frame_size();
        auto fields = [&](const std::vector<ast::RuleField>& list) {
            for (const auto& f : list) {
                if (auto* t = boost::get<ast::TextField>(&f.get())) {
                    (t->key == "title"  ? rule.title
                     : t->key == "cite" ? rule.cite
                                        : rule.note) = t->value;
                } else {
                    for (const auto& p : boost::get<ast::NamesField>(f.get()).names)
                        rule.party.push_back(p.text);
                }
            }
        };
        fields(site.decl->fields);
        fields(site.decl->fields_after);
        set.rules.push_back(std::move(rule));
    }
    std::sort(set.rules.begin(), set.rules.end(),
              [](const ir::Rule& a, const ir::Rule& b) { return a.id < b.id; });
    set.schema = std::move(decls.schema);
    set.agreements = std::move(decls.agreements);
    return set;
}

}  // namespace abide::dsl
