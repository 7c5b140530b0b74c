// The phrase_parse call site of the test-file grammar (same context type as parse.cpp, see
// config.hpp), and its error recovery.
#include "dsl/test_parse.hpp"

#include <cstdio>
#include <string>

#include "dsl/config.hpp"
#include "dsl/parse.hpp"
#include "dsl/test_grammar.hpp"

namespace abide::dsl {

namespace {

bool is_ident_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// As parse.cpp's resync, for `test`: from the start of the block that failed, walk tokens
// (skipping strings and comments, counting braces, which also skips the balanced braces of
// inline JSON facts) to the first `test` at brace depth 0 after the error.
const char* resync(const char* item_start, const char* error_at, const char* end) {
    int depth = 0;
    const char* p = item_start;
    bool first = true;
    while (p != end) {
        char c = *p;
        if (c == '#') {
            while (p != end && *p != '\n') ++p;
        } else if (c == '"') {
            ++p;
            while (p != end && *p != '"' && *p != '\n') {
                if (*p == '\\' && p + 1 != end && p[1] != '\n') ++p;
                ++p;
            }
            if (p != end && *p == '"') ++p;
        } else if (c == '{') {
            ++depth, ++p;
        } else if (c == '}') {
            if (depth > 0) --depth;
            ++p;
        } else if (is_ident_char(c)) {
            const char* w = p;
            while (p != end && is_ident_char(*p)) ++p;
            if (std::string_view(w, size_t(p - w)) == "test" && depth == 0 && w > error_at &&
                !first)
                return w;
        } else {
            ++p;
        }
        first = false;
    }
    return end;
}

}  // namespace

test_ast::TestFile parse_test_file(const core::SourceFile& src, core::Diagnostics& diags) {
    test_ast::TestFile file;
    const std::string& text = src.text();
    if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned char>(text[bad]));
        diags.error(src, bad, std::string("invalid UTF-8 byte ") + buf);
        return file;
    }
    parser::ParseState state;
    state.begin = text.data();
    state.end = text.data() + text.size();
    state.src = &src;
    state.diags = &diags;

    const auto grammar =
        boost::spirit::x3::with<parser::state_tag>(std::ref(state))[parser::test_decl];
    const char* it = state.begin;
    for (;;) {
        it = parser::skip_blanks(it, state.end);
        if (it == state.end || diags.full()) break;
        const char* item_start = it;
        state.depth = 0;
        state.error_at = nullptr;
        test_ast::TestDecl decl;
        bool ok = false;
        try {
            ok = boost::spirit::x3::phrase_parse(it, state.end, grammar, parser::skipper, decl);
        } catch (const boost::spirit::x3::expectation_failure<const char*>& x) {
            state.report(x.where(), x.which());
        }
        if (ok) {
            file.tests.push_back(std::move(decl));
            continue;
        }
        if (!state.error_at) state.report(item_start, parser::test_decl.name);
        it = resync(item_start, state.error_at, state.end);
    }
    return file;
}

}  // namespace abide::dsl
