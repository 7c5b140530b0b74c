#pragma once
/// Lowering: checked syntax tree -> ir::RuleSet. Private to dsl/.
#include <optional>
#include <vector>

#include "core/diagnostic.hpp"
#include "dsl/checker.hpp"
#include "engine/ir/rules.hpp"

namespace abide::dsl {

/// Lowers every rule of `decls` (the Resolver reports what the bodies get wrong) and assembles
/// the rule set: rules sorted by full id (byte order), agreements in declaration order.
ir::RuleSet lower(Declarations decls, core::Diagnostics& diags);

}  // namespace abide::dsl
