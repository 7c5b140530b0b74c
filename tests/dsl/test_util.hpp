#pragma once
// Helpers shared by the dsl tests.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "dsl/compile.hpp"

namespace abide::dsl::test {

struct Compiled {
    std::optional<ir::RuleSet> set;
    core::Diagnostics diags{1000};

    std::string dump() const {
        std::string out;
        for (const auto& d : diags.all())
            out += std::to_string(d.pos.line) + ":" + std::to_string(d.pos.col) + ": " +
                   (d.severity == core::Severity::Error ? "error: " : "warning: ") + d.message +
                   "\n";
        return out;
    }
    size_t warnings() const {
        size_t n = 0;
        for (const auto& d : diags.all()) n += d.severity == core::Severity::Warning;
        return n;
    }
};

inline std::unique_ptr<Compiled> compile_text(const std::string& text, CompileOptions options = {},
                                              const std::string& path = "test.abide") {
    auto out = std::make_unique<Compiled>();
    std::vector<std::shared_ptr<const core::SourceFile>> files{
        std::make_shared<core::SourceFile>(path, text)};
    out->set = compile(files, out->diags, options);
    return out;
}

}  // namespace abide::dsl::test
