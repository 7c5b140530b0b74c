// libFuzzer target: the bytes are one test file (`*.test.abide`), compiled by
// dsl::compile_tests. Besides the sanitizers it checks the contract: a suite exactly when no
// error was reported, every error positioned inside the file with a message; and `abide fmt` on
// test files: a file formats exactly when it parses, idempotently, and the formatted file
// compiles exactly when the original does, to as many tests and expectations.
#include <memory>
#include <vector>

#include "dsl/format.hpp"
#include "dsl/test_compile.hpp"
#include "fuzz/support.hpp"

namespace {

size_t expectations(const std::vector<abide::suite::TestFile>& files) {
    size_t n = 0;
    for (const auto& f : files)
        for (const auto& t : f.tests) n += t.expects.size();
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace abide;
    using fuzz::require;
    auto in = fuzz::input(data, size, "fuzz.test.abide");
    core::Diagnostics diags;
    auto compiled = dsl::compile_tests({in.src}, diags);
    require(compiled.has_value() == !diags.has_errors());
    fuzz::require_positioned(diags, in);

    core::Diagnostics fmt_diags;
    auto formatted = dsl::format_source(*in.src, dsl::SourceKind::Tests, fmt_diags);
    fuzz::require_no_internal_error(fmt_diags);
    if (!formatted) return 0;
    core::SourceFile again_src("fuzz.test.abide", *formatted);
    core::Diagnostics again_diags;
    auto again = dsl::format_source(again_src, dsl::SourceKind::Tests, again_diags);
    require(again.has_value() && *again == *formatted);
    core::Diagnostics fdiags;
    auto fcompiled = dsl::compile_tests(
        {std::make_shared<const core::SourceFile>("fuzz.test.abide", *formatted)}, fdiags);
    require(fcompiled.has_value() == compiled.has_value());
    if (compiled) {
        require(fcompiled->size() == compiled->size());
        require(expectations(*fcompiled) == expectations(*compiled));
    }
    return 0;
}
