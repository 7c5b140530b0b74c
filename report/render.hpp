#pragma once
/// Renderers of an evaluation: the §8 JSON document and the text table people read.
#include <ostream>
#include <string>
#include <vector>

#include "engine/verdict.hpp"
#include "facts/fact.hpp"

namespace abide::report {

class JsonWriter;

/// The machine-readable document of language.md §8 (results in evaluation order, which is
/// sorted by rule id). Extra keys: days_left, late, progress.
void write_json(std::ostream& out, const engine::Evaluation& ev, const ir::RuleSet& rules,
                const facts::FactSet& facts);

/// One element of the document's `results` array, rendered on its own so that results can be
/// rendered as they are evaluated (in parallel) and then joined by write_json_document.
std::string render_json_result(const engine::RuleResult& result, const ir::RuleSet& rules,
                               const facts::FactSet& facts);
/// The document around already rendered results (in order; empty strings are skipped).
void write_json_document(std::ostream& out, core::Date as_of,
                         const std::vector<std::string>& results, const engine::Summary& summary);

/// The `progress` key of an aggregate: `{"value": V, "target": T, "unit": U}`, as the §8
/// document, the explain document and the report document write it.
void write_progress(JsonWriter& w, const engine::Progress& p);

enum class Color { No, Yes };

/// A table: rule, party, verdict, deadline and days left, reason; children indented.
void write_text(std::ostream& out, const engine::Evaluation& ev, const ir::RuleSet& rules,
                const facts::FactSet& facts, Color color);

}  // namespace abide::report
