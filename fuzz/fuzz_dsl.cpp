// libFuzzer target: the bytes are one rule file, compiled by dsl::compile. Besides the
// sanitizers it checks the compiler's contract: a RuleSet exactly when no error was reported,
// and every error positioned inside the file (or at its end) with a message. It also formats
// the file (`abide fmt`): a file formats exactly when it parses (no internal error: the
// output parses and keeps every comment), formatting is idempotent, and the formatted file
// compiles exactly when the original does, to as many rules.
#include <memory>
#include <vector>

#include "dsl/compile.hpp"
#include "dsl/format.hpp"
#include "fuzz/support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace abide;
    using fuzz::require;
    auto in = fuzz::input(data, size, "fuzz.abide");
    std::vector<std::shared_ptr<const core::SourceFile>> files{in.src};
    core::Diagnostics diags;
    auto compiled = dsl::compile(files, diags, dsl::CompileOptions{(size & 1) != 0});
    require(compiled.has_value() == !diags.has_errors());
    fuzz::require_positioned(diags, in);

    core::Diagnostics fmt_diags;
    auto formatted = dsl::format_source(*in.src, dsl::SourceKind::Rules, fmt_diags);
    fuzz::require_no_internal_error(fmt_diags);
    if (!formatted) return 0;
    core::SourceFile again_src("fuzz.abide", *formatted);
    core::Diagnostics again_diags;
    auto again = dsl::format_source(again_src, dsl::SourceKind::Rules, again_diags);
    require(again.has_value() && *again == *formatted);
    core::Diagnostics fdiags;
    auto fcompiled =
        dsl::compile({std::make_shared<const core::SourceFile>("fuzz.abide", *formatted)}, fdiags,
                     dsl::CompileOptions{(size & 1) != 0});
    require(fcompiled.has_value() == compiled.has_value());
    if (compiled) require(fcompiled->rules.size() == compiled->rules.size());
    return 0;
}
