#pragma once
/// What evaluation produces: one verdict per rule, instance and part, with its evidence.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "engine/ir/rules.hpp"

namespace abide::engine {

enum class Verdict : uint8_t { Met, Pending, Breached, Void };
std::string_view to_string(Verdict v);  ///< "met", "pending", "breached", "void"

/// The running value of an aggregate and its target, both in the target's display unit.
struct Progress {
    double value = 0;
    double target = 0;
    std::string unit;  ///< "" for counts and bare numbers
};

struct NodeResult {
    std::string rule;  ///< the rule id, with suffixes for instances and parts
    Verdict verdict = Verdict::Pending;
    bool has_window = false;          ///< false for all / any / at least / for-in nodes
    std::optional<core::Date> start;  ///< the resolved window; nullopt: unbounded
    std::optional<core::Date> end;
    std::vector<uint32_t> evidence;  ///< fact indices into the evaluated FactSet
    std::string reason;              ///< one sentence in plain words
    bool at_risk = false;
    std::optional<int64_t> days_left;  ///< pending nodes with a window end: end - as_of
    std::optional<uint32_t> late;      ///< breached require: first matching fact in (E, T];
                                       ///< breached >=/> aggregate: the fact reaching it late
    std::optional<Progress> progress;  ///< aggregates
    std::vector<NodeResult> children;
};

struct RuleResult {
    const ir::Rule* rule = nullptr;
    NodeResult node;
};

struct Summary {
    size_t met = 0, pending = 0, breached = 0, void_ = 0;
};

struct Evaluation {
    core::Date as_of;
    std::vector<RuleResult> results;  ///< in RuleSet order (sorted by id)
    Summary summary;
};

}  // namespace abide::engine
