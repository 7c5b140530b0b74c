#include "report/changes.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace abide::report {

std::string_view to_string(ChangeKind k) {
    switch (k) {
        case ChangeKind::RuleAdded: return "rule added";
        case ChangeKind::RuleRemoved: return "rule removed";
        case ChangeKind::NewlyBreached: return "newly breached";
        case ChangeKind::NewlyMet: return "newly met";
        case ChangeKind::VerdictChanged: return "verdict changed";
        case ChangeKind::NewlyAtRisk: return "newly at risk";
        case ChangeKind::NewEvidence: return "new evidence";
        case ChangeKind::NodeAdded: return "new instance or part";
        case ChangeKind::NodeRemoved: return "instance or part removed";
    }
    return "";
}

bool newly(const Change& c, engine::Verdict v) {
    return c.after == v && c.before != v;
}

std::vector<std::string> changed_rules(const std::vector<Change>& changes) {
    std::vector<std::string> out;
    for (const auto& c : changes) out.push_back(c.rule);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

namespace {

using engine::Verdict;

// A change to node `a` of `rule` as it is after it: what every change of a present node says.
Change change_to(const std::string& rule, const NodeRecord& a) {
    Change c;
    c.rule = rule;
    c.node = a.id;
    c.after = a.verdict;
    c.at_risk = a.at_risk;
    c.reason = a.reason;
    return c;
}

// Compares one node present in both runs; nullopt when nothing worth reporting changed.
std::optional<Change> compare(const std::string& rule, const NodeRecord& b, const NodeRecord& a) {
    Change c = change_to(rule, a);
    c.before = b.verdict;
    std::unordered_set<std::string_view> old(b.evidence.begin(), b.evidence.end());
    for (const auto& e : a.evidence)
        if (!old.count(e)) c.new_evidence.push_back(e);
    if (a.verdict != b.verdict) {
        c.kind = a.verdict == Verdict::Breached ? ChangeKind::NewlyBreached
                 : a.verdict == Verdict::Met    ? ChangeKind::NewlyMet
                                                : ChangeKind::VerdictChanged;
    } else if (a.at_risk && !b.at_risk && a.verdict == Verdict::Pending) {
        c.kind = ChangeKind::NewlyAtRisk;
    } else if (!c.new_evidence.empty()) {
        c.kind = ChangeKind::NewEvidence;
    } else {
        return std::nullopt;
    }
    return c;
}

Change added(const std::string& rule, const NodeRecord& a, ChangeKind kind) {
    Change c = change_to(rule, a);
    c.new_evidence = a.evidence;
    if (kind == ChangeKind::NodeAdded) {
        // A new instance that is already decided is reported as what it is now.
        if (a.verdict == Verdict::Breached) kind = ChangeKind::NewlyBreached;
        if (a.verdict == Verdict::Met) kind = ChangeKind::NewlyMet;
        if (a.verdict == Verdict::Pending && a.at_risk) kind = ChangeKind::NewlyAtRisk;
    }
    c.kind = kind;
    return c;
}

Change removed(const std::string& rule, const NodeRecord& b, ChangeKind kind) {
    Change c;
    c.kind = kind;
    c.rule = rule;
    c.node = b.id;
    c.before = b.verdict;
    c.reason = b.reason;
    return c;
}

}  // namespace

std::vector<Change> detect_changes(const Snapshot& before, const Snapshot& after) {
    std::vector<Change> out;
    std::unordered_map<std::string_view, const RuleRecord*> old_rules;
    for (const auto& r : before.rules) old_rules.emplace(r.id, &r);
    std::unordered_set<std::string_view> new_rules;
    for (const auto& r : after.rules) new_rules.insert(r.id);

    // Both lists are sorted by id: merge them so that removed rules take their place.
    std::vector<const RuleRecord*> gone;
    for (const auto& r : before.rules)
        if (!new_rules.count(r.id)) gone.push_back(&r);
    auto gone_it = gone.begin();
    auto flush_gone = [&](const std::string* upto) {
        while (gone_it != gone.end() && (!upto || (*gone_it)->id < *upto)) {
            if (!(*gone_it)->nodes.empty())
                out.push_back(
                    removed((*gone_it)->id, (*gone_it)->nodes.front(), ChangeKind::RuleRemoved));
            ++gone_it;
        }
    };
    for (const auto& r : after.rules) {
        flush_gone(&r.id);
        auto it = old_rules.find(r.id);
        if (it == old_rules.end()) {
            if (!r.nodes.empty())
                out.push_back(added(r.id, r.nodes.front(), ChangeKind::RuleAdded));
            continue;
        }
        const RuleRecord& old = *it->second;
        std::unordered_map<std::string_view, const NodeRecord*> old_nodes;
        for (const auto& n : old.nodes) old_nodes.emplace(n.id, &n);
        std::unordered_set<std::string_view> seen;
        for (const auto& n : r.nodes) {
            seen.insert(n.id);
            auto o = old_nodes.find(n.id);
            if (o == old_nodes.end()) {
                out.push_back(added(r.id, n, ChangeKind::NodeAdded));
            } else if (auto c = compare(r.id, *o->second, n)) {
                out.push_back(std::move(*c));
            }
        }
        for (const auto& n : old.nodes)
            if (!seen.count(n.id)) out.push_back(removed(r.id, n, ChangeKind::NodeRemoved));
    }
    flush_gone(nullptr);
    return out;
}

}  // namespace abide::report
