#include "report/diagnostics.hpp"

namespace abide::report {
namespace {

const char* label(core::Severity s) {
    switch (s) {
        case core::Severity::Error: return "error";
        case core::Severity::Warning: return "warning";
        case core::Severity::Note: return "note";
    }
    return "error";
}

const char* color_of(core::Severity s) {
    switch (s) {
        case core::Severity::Error: return "\x1b[1;31m";
        case core::Severity::Warning: return "\x1b[1;35m";
        case core::Severity::Note: return "\x1b[1;36m";
    }
    return "";
}

// Long lines (a 10 MB fact line) are cut around the column so the caret stays readable.
constexpr size_t kMaxShown = 160;

}  // namespace

void write_diagnostic(std::ostream& out, const core::Diagnostic& d, bool color) {
    if (d.file.empty())
        out << "abide: ";
    else if (d.pos.line == 0)
        out << d.file << ": ";
    else
        out << d.file << ':' << d.pos.line << ':' << d.pos.col << ": ";
    if (color) out << color_of(d.severity);
    out << label(d.severity) << ':';
    if (color) out << "\x1b[0m";
    out << ' ' << d.message << '\n';
    if (d.pos.line > 0 && !d.line_text.empty()) {
        const std::string& line = d.line_text;
        size_t col = d.pos.col > 0 ? d.pos.col - 1 : 0;
        size_t begin = 0;
        if (line.size() > kMaxShown && col > kMaxShown / 2) begin = col - kMaxShown / 2;
        std::string shown = line.substr(begin, kMaxShown);
        std::string caret;
        for (size_t i = begin; i < col && i < line.size(); ++i)
            caret += line[i] == '\t' ? '\t' : ' ';
        // Control bytes would garble the terminal; show them as '?'.
        for (char& ch : shown)
            if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t') ch = '?';
        out << "  " << (begin ? "..." : "") << shown << '\n';
        out << "  " << (begin ? "   " : "") << caret << '^' << '\n';
    }
    for (const auto& n : d.notes) write_diagnostic(out, n, color);
}

void write_diagnostics(std::ostream& out, const core::Diagnostics& diags, bool color) {
    for (const auto& d : diags.all()) write_diagnostic(out, d, color);
    if (diags.suppressed() > 0)
        out << "abide: note: " << diags.suppressed() << " more errors not shown\n";
}

}  // namespace abide::report
