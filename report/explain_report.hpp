#pragma once
/// Renderers of an explanation (engine/explain.hpp): the step-by-step account `abide explain`
/// prints, in plain words or as JSON.
#include <ostream>

#include "engine/explain.hpp"
#include "facts/fact.hpp"

namespace abide::report {

/// The evaluation of one rule step by step: each window and how it was computed, each fact
/// of the pattern's type and why it counted or not, running totals, instances and parts, the
/// agreement's end, and the verdict (the engine's, as `abide eval` reports it).
void write_explain_text(std::ostream& out, const engine::Explanation& ex, const ir::RuleSet& rules,
                        const facts::FactSet& facts);

/// The same steps as one JSON document.
void write_explain_json(std::ostream& out, const engine::Explanation& ex, const ir::RuleSet& rules,
                        const facts::FactSet& facts);

}  // namespace abide::report
