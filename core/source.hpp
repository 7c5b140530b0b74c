#pragma once
/// A source text (rule file, fact log) and positions in it. Lines and columns count from 1;
/// a column counts bytes, which is what a caret under an ASCII-indented line needs.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace abide::core {

struct LineCol {
    uint32_t line = 0;  ///< 0 means "no position"
    uint32_t col = 0;
};

class SourceFile {
public:
    SourceFile(std::string path, std::string text);

    /// Reads a file; an Error for a missing file, a directory or a read failure.
    static Result<std::shared_ptr<const SourceFile>> load(const std::string& path);

    const std::string& path() const { return path_; }
    const std::string& text() const { return text_; }
    LineCol line_col(size_t offset) const;
    /// The text of line `line` (1-based) without its line break; empty past the end.
    std::string_view line_text(uint32_t line) const;

private:
    std::string path_;
    std::string text_;
    std::vector<size_t> line_starts_;
};

/// A position in a named file, as carried by the rule representation and diagnostics.
struct SourceLoc {
    std::string file;
    LineCol pos;
};

}  // namespace abide::core
