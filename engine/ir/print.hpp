#pragma once
/// Plain-words renderings of rule parts, for verdict reasons and explanations:
/// `ministerial_convened with topic == "mining, minerals and metals"`.
#include <functional>
#include <optional>
#include <string>

#include "engine/ir/rules.hpp"

namespace abide::ir {

/// Renders a bound variable or trigger field as a literal ("\"gallium\"", "2026"); returning
/// nullopt prints the operand by name.
using OperandRenderer = std::function<std::optional<std::string>(const Operand&)>;

std::string to_string(const Literal& lit);
std::string to_string(const Condition& c, const OperandRenderer& render = {});
/// "EVENT" or "EVENT with CONDITION".
std::string describe(const Pattern& p, const core::Schema& schema,
                     const OperandRenderer& render = {});

}  // namespace abide::ir
