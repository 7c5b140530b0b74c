#pragma once
/// What changed between two evaluations (snapshots): a pure function, used by every report and
/// by `abide diff`.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/snapshot.hpp"

namespace abide::report {

enum class ChangeKind : uint8_t {
    RuleAdded,       ///< a rule id absent before
    RuleRemoved,     ///< a rule id absent now
    NewlyBreached,   ///< a node breached now, not before (also a new instance that is breached)
    NewlyMet,        ///< a node met now, not before (also a new instance that is met)
    VerdictChanged,  ///< any other verdict change (pending -> void, met -> pending on a retraction)
    NewlyAtRisk,     ///< pending both times, at risk only now
    NewEvidence,     ///< same verdict, new fact ids in its evidence
    NodeAdded,       ///< a new instance or part (a new `for each` trigger), pending or void
    NodeRemoved,     ///< an instance or part gone (a retracted trigger)
};
/// "rule added", "newly breached", "new evidence", ...
std::string_view to_string(ChangeKind k);

struct Change {
    ChangeKind kind = ChangeKind::VerdictChanged;
    std::string rule;                       ///< the rule's id
    std::string node;                       ///< the node's id (equal to `rule` for the rule itself)
    std::optional<engine::Verdict> before;  ///< nullopt: the node did not exist
    std::optional<engine::Verdict> after;   ///< nullopt: the node no longer exists
    bool at_risk = false;                   ///< now
    std::vector<std::string> new_evidence;  ///< fact ids in the evidence now and not before
    std::string reason;                     ///< the reason now (before, for a removal)
};

/// Every change from `before` to `after`, one per changed node, ordered by rule id and then
/// by the node's place in its rule (removed nodes after the others). A node whose verdict,
/// at-risk flag (rising) and evidence are unchanged is not listed, whatever its reason says
/// (reasons carry running values that new evidence already reports).
std::vector<Change> detect_changes(const Snapshot& before, const Snapshot& after);

/// Is `c` a node that has verdict `v` now and did not before (new nodes and rules included)?
bool newly(const Change& c, engine::Verdict v);

/// The distinct rule ids of `changes`, sorted.
std::vector<std::string> changed_rules(const std::vector<Change>& changes);

}  // namespace abide::report
