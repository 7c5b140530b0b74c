#pragma once
/// What the DSL fuzz targets check alike: the bytes as a source file, and every diagnostic
/// carrying a message and a line inside the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "core/diagnostic.hpp"
#include "core/source.hpp"

namespace abide::fuzz {

inline void require(bool ok) {
    if (!ok) std::abort();
}

struct Input {
    std::shared_ptr<const core::SourceFile> src;
    size_t lines = 1;
};

inline Input input(const uint8_t* data, size_t size, const char* name) {
    std::string text(reinterpret_cast<const char*>(data), size);
    size_t lines = 1;
    for (char ch : text) lines += ch == '\n';
    return {std::make_shared<const core::SourceFile>(name, std::move(text)), lines};
}

/// Every diagnostic has a message, and those about the input point inside it.
inline void require_positioned(const core::Diagnostics& diags, const Input& in) {
    for (const auto& d : diags.all()) {
        require(!d.message.empty());
        if (d.file == in.src->path()) require(d.pos.line <= in.lines);
    }
}

/// No diagnostic of `fmt` is an internal error (its output failed to re-parse or lost a comment).
inline void require_no_internal_error(const core::Diagnostics& diags) {
    for (const auto& d : diags.all()) require(d.message.rfind("internal error:", 0) != 0);
}

}  // namespace abide::fuzz
