#pragma once
/// Renderers of an evaluation: the §8 JSON document and the text table people read.
#include <ostream>

#include "engine/verdict.hpp"
#include "facts/fact.hpp"

namespace abide::report {

/// The machine-readable document of language.md §8 (results in evaluation order, which is
/// sorted by rule id). Extra keys: days_left, late, progress.
void write_json(std::ostream& out, const engine::Evaluation& ev, const ir::RuleSet& rules,
                const facts::FactSet& facts);

enum class Color { No, Yes };

/// A table: rule, party, verdict, deadline and days left, reason; children indented.
void write_text(std::ostream& out, const engine::Evaluation& ev, const ir::RuleSet& rules,
                const facts::FactSet& facts, Color color);

}  // namespace abide::report
