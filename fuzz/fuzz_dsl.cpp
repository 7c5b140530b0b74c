// libFuzzer target: the bytes are one rule file, compiled by dsl::compile. Besides the
// sanitizers it checks the compiler's contract: a RuleSet exactly when no error was reported,
// and every error positioned inside the file (or at its end) with a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "dsl/compile.hpp"

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
    return 0;
}
