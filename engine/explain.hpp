#pragma once
/// Explanations: one rule's evaluation recorded step by step, for `abide explain`.
///
/// The verdicts are the engine's own: explain() runs the very evaluation evaluate() runs, with a
/// Tracer attached that evaluate.cpp calls at each node (and nowhere per fact, so a normal
/// evaluation, which attaches none, pays one never-taken branch per node). At the end of each
/// node the tracer adds what the verdict alone does not say: how each side of the window was
/// computed, and every fact of the pattern's event type with why it counted or not, and, for
/// aggregates, the running value after each counted fact.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/result.hpp"
#include "engine/evaluate.hpp"
#include "engine/ir/print.hpp"
#include "engine/ir/rules.hpp"
#include "engine/match.hpp"
#include "engine/verdict.hpp"
#include "facts/fact.hpp"
#include "facts/index.hpp"

namespace abide::engine {

/// How one side of a window was computed: a base date, then each `+`/`-` step and its result
/// (core::add clamps each step to the month's end).
struct DateTrace {
    ir::DateExpr::Base base = ir::DateExpr::Base::Literal;
    std::string name;  ///< as written: "signed", "us_jp.signed", "req.date", "y"; "" for a date
    std::optional<core::Date> base_value;
    struct Step {
        int sign = +1;
        core::Period period;
        std::optional<core::Date> result;
    };
    std::vector<Step> steps;
    std::optional<core::Date> value;  ///< the resolved date
};

/// What happened to one fact of the pattern's event type.
enum class FactOutcome : uint8_t {
    Matched,       ///< matches, inside the window, on or before the as-of date: it counts
    Mismatch,      ///< the condition fails (FactStep::condition says which part)
    BeforeWindow,  ///< matches, but is dated before the window's start
    AfterWindow,   ///< matches, but is dated after the window's end (late)
    AfterAsOf,     ///< dated after the as-of date (or the agreement's end): not yet known
    NoValue,       ///< aggregates: matches, but lacks a numeric value of the aggregated attribute
};
std::string_view to_string(FactOutcome o);  ///< "matched", "mismatch", "before-window", ...

struct FactStep {
    uint32_t fact = 0;  ///< index into the FactSet
    FactOutcome outcome = FactOutcome::Matched;
    std::string condition;        ///< Mismatch: the failing part of the condition, operands bound
    std::string actual;           ///< Mismatch: the fact's value of that part's field ("" if none)
    bool missing = false;         ///< Mismatch: the fact lacks that field
    std::optional<double> value;  ///< aggregates: this fact's contribution, target's unit
    std::optional<double> running;  ///< aggregates: the running value after it, target's unit
    bool decisive = false;  ///< decided the verdict: the first match of a require or forbid, the
                            ///< fact that reached an aggregate's target or passed its cap
    bool late = false;      ///< the engine's `late` fact (NodeResult::late)
};

struct TraceNode {
    const ir::Obligation* obligation = nullptr;
    std::string id;       ///< as in NodeResult::rule
    std::string pattern;  ///< the pattern in words, operands bound; "" for composites
    std::optional<DateTrace> start, end;
    std::vector<FactStep> facts;      ///< in date order
    std::optional<uint32_t> trigger;  ///< a `for each` instance: its trigger fact
    NodeResult result;                ///< the engine's result for this node, without children
    std::vector<TraceNode> children;  ///< parallel to the engine's NodeResult::children
};

struct Explanation {
    const ir::Rule* rule = nullptr;
    core::Date as_of;
    /// The agreement's `ends` clause, when its first notice is visible as of `as_of`.
    struct End {
        uint32_t notice = 0;           ///< the notice fact
        std::optional<core::Date> on;  ///< notice date + the clause's period
        bool ended = false;            ///< on <= as_of: the rule is judged as of `on`
    };
    std::optional<End> end;
    core::Date judged_as_of;  ///< as_of, or the agreement's end date when it ended
    TraceNode root;
};

/// Evaluates rule `rules.rules[rule]` exactly as evaluate() does (same verdicts, same errors)
/// and records every step. `index` must be built from `facts`.
core::Result<Explanation> explain(const ir::RuleSet& rules, const facts::FactSet& facts,
                                  const facts::FactIndex& index, const Options& options,
                                  size_t rule);

/// The recorder evaluate.cpp calls; use explain() rather than this.
class Tracer {
public:
    Tracer(const ir::RuleSet& rules, const facts::FactSet& facts, const facts::FactIndex& index)
        : rules_(rules), facts_(facts), index_(index) {}

    void agreement_end(uint32_t notice, std::optional<core::Date> on, bool ended);
    void begin(const ir::Obligation& ob, const std::string& id);
    /// The slot the window's start (or end) derivation of the current node is written to.
    DateTrace& window_side(bool start);
    /// Ends the current node: `n` is its result, `pattern` its compiled pattern (null for
    /// composites), `judged_as_of` the date facts are seen up to, `render` renders bound operands.
    void end(const ir::Obligation& ob, const Frame& frame, const NodeResult& n,
             const CompiledPattern* pattern, std::string text, core::Date judged_as_of,
             ir::OperandAppender render);

    /// The recorded tree; the caller fills in the final results (after `void`).
    TraceNode take_root() { return std::move(root_); }
    const std::optional<Explanation::End>& end_info() const { return end_; }

private:
    void classify(TraceNode& node, const ir::Obligation& ob, const Frame& frame,
                  const NodeResult& n, const CompiledPattern& p, core::Date judged_as_of,
                  ir::OperandAppender render);

    const ir::RuleSet& rules_;
    const facts::FactSet& facts_;
    const facts::FactIndex& index_;
    std::vector<TraceNode> stack_;
    TraceNode root_;
    std::optional<Explanation::End> end_;
};

}  // namespace abide::engine
