#pragma once
/// The one renderer of diagnostics for rule files and fact logs:
///   rules/x.abide:3:26: error: expected 'require'
///     require ministerial_convened wthin 180 days
///                                  ^
#include <ostream>

#include "core/diagnostic.hpp"

namespace abide::report {

void write_diagnostic(std::ostream& out, const core::Diagnostic& d, bool color);
void write_diagnostics(std::ostream& out, const core::Diagnostics& diags, bool color);

}  // namespace abide::report
