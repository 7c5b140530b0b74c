#include "report/snapshot.hpp"

#include <algorithm>
#include <unordered_set>

#include "engine/evaluate.hpp"

namespace abide::report {
namespace {

const char* kind_name(ir::Obligation::Kind k) {
    using K = ir::Obligation::Kind;
    switch (k) {
        case K::Require: return "require";
        case K::Forbid: return "forbid";
        case K::Aggregate: return "aggregate";
        case K::ForEach: return "for each";
        case K::ForIn: return "for in";
        case K::All: return "all";
        case K::Any: return "any";
        case K::AtLeast: return "at least";
    }
    return "";
}

struct Flattener {
    const facts::FactSet& facts;
    std::unordered_set<uint32_t>& used;

    // Children follow the obligation tree as the engine builds them (engine/evaluate.cpp):
    // all/any/at least have one child per part, for each and for in one per instance of their
    // single body. `ob` is null where the tree and the verdicts part ways (never, in practice).
    void add(RuleRecord& out, const engine::NodeResult& n, const ir::Obligation* ob,
             uint32_t depth) {
        NodeRecord r;
        r.id = n.rule;
        r.depth = depth;
        if (ob) {
            r.kind = kind_name(ob->kind);
            if (ob->kind == ir::Obligation::Kind::Aggregate) r.op = ir::to_string(ob->aggregate.op);
        }
        r.verdict = n.verdict;
        r.at_risk = n.at_risk;
        r.has_window = n.has_window;
        r.start = n.start;
        r.end = n.end;
        r.days_left = n.days_left;
        r.reason = n.reason;
        r.progress = n.progress;
        r.evidence.reserve(n.evidence.size());
        for (uint32_t e : n.evidence) {
            r.evidence.emplace_back(facts[e].id());
            used.insert(e);
        }
        if (n.late) {
            r.late = std::string(facts[*n.late].id());
            used.insert(*n.late);
        }
        out.nodes.push_back(std::move(r));
        for (size_t i = 0; i < n.children.size(); ++i) {
            const ir::Obligation* child = nullptr;
            if (ob) {
                using K = ir::Obligation::Kind;
                if (ob->kind == K::ForEach || ob->kind == K::ForIn)
                    child = ob->parts.empty() ? nullptr : ob->parts[0].get();
                else if (i < ob->parts.size())
                    child = ob->parts[i].get();
            }
            add(out, n.children[i], child, depth + 1);
        }
    }
};

}  // namespace

const FactRef* Snapshot::fact(std::string_view id) const {
    auto it = std::lower_bound(facts.begin(), facts.end(), id,
                               [](const FactRef& f, std::string_view k) { return f.id < k; });
    return it != facts.end() && it->id == id ? &*it : nullptr;
}

void recount(Snapshot& s) {
    s.summary = {};
    for (const auto& r : s.rules)
        if (!r.nodes.empty()) engine::count(s.summary, r.nodes.front().verdict);
}

Snapshot make_snapshot(const engine::Evaluation& ev, const ir::RuleSet& rules,
                       const facts::FactSet& facts) {
    Snapshot s;
    s.as_of = ev.as_of;
    std::unordered_set<uint32_t> used;
    Flattener flat{facts, used};
    for (const auto& result : ev.results) {
        const ir::Rule& rule = *result.rule;
        RuleRecord r;
        r.id = rule.id;
        r.title = rule.title;
        r.cite = rule.cite;
        r.note = rule.note;
        r.party = rule.party;
        if (rule.agreement) {
            const ir::Agreement& a = rules.agreements[*rule.agreement];
            r.agreement = a.id;
            r.agreement_title = a.title;
        }
        flat.add(r, result.node, rule.body.get(), 0);
        s.rules.push_back(std::move(r));
    }
    std::sort(s.rules.begin(), s.rules.end(),
              [](const RuleRecord& a, const RuleRecord& b) { return a.id < b.id; });
    for (uint32_t i : used) {
        const facts::Fact& f = facts[i];
        FactRef ref;
        ref.id = std::string(f.id());
        ref.date = f.date;
        if (auto type = facts.type_name(f); type != facts::kNoSymbol)
            ref.type = std::string(facts.symbols().text(type));
        if (f.party != facts::kNoSymbol) ref.party = std::string(facts.symbols().text(f.party));
        ref.source = std::string(facts.source(f));
        s.facts.push_back(std::move(ref));
    }
    std::sort(s.facts.begin(), s.facts.end(),
              [](const FactRef& a, const FactRef& b) { return a.id < b.id; });
    recount(s);
    return s;
}

}  // namespace abide::report
