#pragma once
/// Evaluation: a pure function of (rules, facts, as-of). No clock, no I/O, no logging per fact.
#include "core/result.hpp"
#include "engine/ir/rules.hpp"
#include "engine/verdict.hpp"
#include "facts/fact.hpp"
#include "facts/index.hpp"

namespace abide::engine {

struct Options {
    core::Date as_of;
    int horizon_days = 30;  ///< a pending deadline at most this many days away is at risk
};

/// Evaluates every rule of `rules` against `facts` (indexed by `index`, built from the same
/// FactSet) as of `options.as_of`. The FactSet must have been read against `rules.schema`.
/// Fails (an Error naming the fact) when an aggregated value is negative or a window that
/// depends on a trigger ends before it starts.
core::Result<Evaluation> evaluate(const ir::RuleSet& rules, const facts::FactSet& facts,
                                  const facts::FactIndex& index, const Options& options);

}  // namespace abide::engine
