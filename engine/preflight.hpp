#pragma once
/// A cheap look before evaluating: can this evaluation stop with an error at all?
///
/// Evaluation fails only on a negative value in an aggregated attribute, or on a window that
/// depends on a trigger (or a year variable) and ends before it starts or leaves the supported
/// years (everything static was checked at compile time). When none of that can happen, a
/// report may be written while rules are still being evaluated: exit 2 with half a document on
/// stdout is then impossible.
#include "engine/ir/rules.hpp"
#include "facts/fact.hpp"
#include "facts/index.hpp"

namespace abide::engine {

/// False only when evaluating `rules` over `facts` (indexed by `index`) cannot fail, whatever
/// the as-of date. Conservative: true means "might", not "will".
bool may_fail(const ir::RuleSet& rules, const facts::FactSet& facts, const facts::FactIndex& index);

}  // namespace abide::engine
