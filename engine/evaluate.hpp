#pragma once
/// Evaluation: a pure function of (rules, facts, as-of). No clock, no I/O, no logging per fact.
#include <functional>

#include "core/result.hpp"
#include "engine/ir/rules.hpp"
#include "engine/verdict.hpp"
#include "facts/fact.hpp"
#include "facts/index.hpp"

namespace abide::engine {

struct Options {
    core::Date as_of;
    int horizon_days = 30;  ///< a pending deadline at most this many days away is at risk
    unsigned threads = 1;   ///< rules are independent: evaluate this many at once
};

/// Evaluates every rule of `rules` against `facts` (indexed by `index`, built from the same
/// FactSet) as of `options.as_of`. The FactSet must have been read against `rules.schema`.
/// Fails (an Error naming the fact) when an aggregated value is negative or a window that
/// depends on a trigger ends before it starts.
core::Result<Evaluation> evaluate(const ir::RuleSet& rules, const facts::FactSet& facts,
                                  const facts::FactIndex& index, const Options& options);

/// Receives the result of rule `rules.rules[i]`. With several threads it is called
/// concurrently, in no particular order, each index exactly once (unless evaluation fails).
using ResultSink = std::function<void(size_t i, RuleResult&& result)>;

/// The same evaluation, handing each rule's result to `sink` as soon as it is ready instead of
/// keeping them all: a million-instance run renders and frees as it goes. On failure the sink
/// may have received some results; the caller must discard them.
core::Status evaluate_each(const ir::RuleSet& rules, const facts::FactSet& facts,
                           const facts::FactIndex& index, const Options& options,
                           const ResultSink& sink);

class Tracer;  // engine/explain.hpp

/// Evaluates the one rule `rules.rules[rule]` as evaluate() does, reporting each step to
/// `tracer` when it is not null (see explain() in engine/explain.hpp, which is how to use it).
core::Result<RuleResult> evaluate_rule(const ir::RuleSet& rules, const facts::FactSet& facts,
                                       const facts::FactIndex& index, const Options& options,
                                       size_t rule, Tracer* tracer);

/// Adds one verdict to a summary.
void count(Summary& summary, Verdict verdict);

}  // namespace abide::engine
