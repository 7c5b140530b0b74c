#pragma once
/// A self-contained record of one evaluation: every node's verdict with its evidence, the rules'
/// citations and the evidence facts' sources. Reports render it, run history stores and loads
/// it, and change detection compares two of them, without the RuleSet or FactSet it came from.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "engine/verdict.hpp"
#include "facts/fact.hpp"

namespace abide::report {

/// A fact named as evidence (or as a late fulfilment) by some node.
struct FactRef {
    std::string id;
    core::Date date;
    std::string type;
    std::string party;   ///< "" when absent
    std::string source;  ///< free text; may hold URLs
};

/// One node of a rule's verdict tree: the rule itself, an instance or a part.
struct NodeRecord {
    std::string id;      ///< the rule id with suffixes, as in the JSON output (`r[gallium]`)
    uint32_t depth = 0;  ///< 0 for the rule itself
    std::string kind;    ///< "require", "forbid", "aggregate", "for each", "for in", "all", "any",
                         ///< "at least"
    std::string op;      ///< aggregates: ">=", ">", "<=", "<", "=="; otherwise ""
    engine::Verdict verdict = engine::Verdict::Pending;
    bool at_risk = false;
    bool has_window = false;
    std::optional<core::Date> start;
    std::optional<core::Date> end;
    std::optional<int64_t> days_left;
    std::vector<std::string> evidence;  ///< fact ids, in the engine's order
    std::string late;                   ///< the late fulfilment's fact id, "" when none
    std::string reason;
    std::optional<engine::Progress> progress;
};

struct RuleRecord {
    std::string id;
    std::string title;
    std::string cite;
    std::string note;
    std::string agreement;        ///< "" for a top-level rule
    std::string agreement_title;  ///< "" when none
    std::vector<std::string> party;
    std::vector<NodeRecord> nodes;  ///< pre-order; nodes[0] is the rule's own node (depth 0)
};

struct Snapshot {
    core::Date as_of;
    std::vector<RuleRecord> rules;  ///< sorted by id
    std::vector<FactRef> facts;     ///< every fact some node names, sorted by id
    engine::Summary summary;        ///< of the rules' own verdicts

    /// The fact with this id, or null.
    const FactRef* fact(std::string_view id) const;
};

/// Flattens an evaluation. Each node's `kind` and `op` come from the rule's obligation tree;
/// evidence indices become fact ids, and each evidence fact is copied once into `facts`.
Snapshot make_snapshot(const engine::Evaluation& ev, const ir::RuleSet& rules,
                       const facts::FactSet& facts);

/// Recounts `summary` from the rules' own verdicts (after loading or filtering).
void recount(Snapshot& s);

}  // namespace abide::report
