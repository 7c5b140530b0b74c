#pragma once
/// Diagnostics: mistakes in the user's input (rule files, fact logs), collected many per run
/// and rendered by report/diagnostics as `FILE:LINE:COL: error: MESSAGE`, the line and a caret.
#include <string>
#include <vector>

#include "core/source.hpp"

namespace abide::core {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string file;               ///< empty: no file (a bad flag)
    LineCol pos;                    ///< line 0: the whole file
    std::string message;            ///< lower case, no full stop
    std::string line_text;          ///< the source line for the caret; may be empty
    std::vector<Diagnostic> notes;  ///< e.g. "previous definition is here"
};

/// Collects diagnostics and caps errors so that one broken file cannot flood the output.
class Diagnostics {
public:
    explicit Diagnostics(size_t max_errors = 50) : max_errors_(max_errors) {}

    void add(Diagnostic d);
    /// Convenience: an error or warning at `offset` in `src`.
    void error(const SourceFile& src, size_t offset, std::string message);
    void warning(const SourceFile& src, size_t offset, std::string message);

    bool has_errors() const { return errors_ > 0; }
    size_t error_count() const { return errors_; }
    bool full() const { return errors_ >= max_errors_; }
    const std::vector<Diagnostic>& all() const { return list_; }
    size_t suppressed() const { return suppressed_; }

    /// What has been added so far; rewind() drops everything added after it.
    struct Mark {
        size_t list = 0, errors = 0, suppressed = 0;
    };
    Mark mark() const { return {list_.size(), errors_, suppressed_}; }
    void rewind(const Mark& m);

private:
    std::vector<Diagnostic> list_;
    size_t errors_ = 0;
    size_t suppressed_ = 0;
    size_t max_errors_;
};

Diagnostic make_diagnostic(Severity sev, const SourceFile& src, size_t offset, std::string message);

}  // namespace abide::core
