// libFuzzer target: the bytes are one rule file, compiled by dsl::compile. Besides the
// sanitizers it checks the compiler's contract: a RuleSet exactly when no error was reported,
// and every error positioned inside the file (or at its end) with a message. It also formats
// the file (`abide fmt`): a file formats exactly when it parses (no internal error: the
// output parses and keeps every comment), formatting is idempotent, and the formatted file
// compiles exactly when the original does, to as many rules.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "dsl/compile.hpp"
#include "dsl/format.hpp"

namespace {

void require(bool ok) {
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace abide;
    std::string text(reinterpret_cast<const char*>(data), size);
    size_t lines = 1;
    for (char ch : text) lines += ch == '\n';
    std::vector<std::shared_ptr<const core::SourceFile>> files{
        std::make_shared<const core::SourceFile>("fuzz.abide", std::move(text))};
    core::Diagnostics diags;
    auto compiled = dsl::compile(files, diags, dsl::CompileOptions{(size & 1) != 0});
    require(compiled.has_value() == !diags.has_errors());
    for (const auto& d : diags.all()) {
        require(!d.message.empty());
        if (d.file == "fuzz.abide") require(d.pos.line <= lines);
    }

    core::Diagnostics fmt_diags;
    auto formatted = dsl::format_source(*files[0], dsl::SourceKind::Rules, fmt_diags);
    for (const auto& d : fmt_diags.all()) require(d.message.rfind("internal error:", 0) != 0);
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
