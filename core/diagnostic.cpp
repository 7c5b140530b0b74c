#include "core/diagnostic.hpp"

#include <algorithm>
#include <cstddef>

namespace abide::core {

Diagnostic make_diagnostic(Severity sev, const SourceFile& src, size_t offset,
                           std::string message) {
    Diagnostic d;
    d.severity = sev;
    d.file = src.path();
    d.pos = src.line_col(offset);
    d.message = std::move(message);
    d.line_text = std::string(src.line_text(d.pos.line));
    return d;
}

void Diagnostics::add(Diagnostic d) {
    if (d.severity == Severity::Error) {
        if (errors_ >= max_errors_) {
            ++suppressed_;
            return;
        }
        ++errors_;
    }
    list_.push_back(std::move(d));
}

void Diagnostics::rewind(const Mark& m) {
    list_.erase(list_.begin() + static_cast<std::ptrdiff_t>(std::min(m.list, list_.size())),
                list_.end());
    errors_ = m.errors;
    suppressed_ = m.suppressed;
}

void Diagnostics::error(const SourceFile& src, size_t offset, std::string message) {
    add(make_diagnostic(Severity::Error, src, offset, std::move(message)));
}

void Diagnostics::warning(const SourceFile& src, size_t offset, std::string message) {
    add(make_diagnostic(Severity::Warning, src, offset, std::move(message)));
}

}  // namespace abide::core
