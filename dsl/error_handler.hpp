#pragma once
/// What the grammar carries while it parses one file, and how a syntax error becomes a
/// Diagnostic: X3 raises `expectation_failure` after a committing keyword; the `on_error` of the
/// top-level item records it (it never prints) and fails the item, and the caller resynchronises
/// at the next top-level `event`/`agreement`/`rule` (recovery.hpp).
#include <boost/spirit/home/x3.hpp>
#include <functional>
#include <string_view>

#include "core/diagnostic.hpp"
#include "core/source.hpp"

namespace abide::dsl::parser {

namespace x3 = boost::spirit::x3;

/// Nesting of blocks and parenthesised conditions allowed before the parser gives up (the
/// language contract says deeper than 256 is an error). Checked before recursing, so the
/// stack never holds more than this many levels of the recursive rules.
inline constexpr int kMaxDepth = 256;

/// A `which()` that starts with this character is a whole message rather than the name of
/// what was expected ("unterminated string").
inline constexpr char kVerbatim = '!';

struct state_tag;

struct ParseState {
    const char* begin = nullptr;
    const char* end = nullptr;
    const core::SourceFile* src = nullptr;
    core::Diagnostics* diags = nullptr;
    int depth = 0;
    const char* error_at = nullptr;  ///< where the last reported syntax error points

    /// Records "expected WHICH, found TOKEN" (with a did-you-mean where one of the quoted
    /// alternatives in WHICH is close) at `where`, after skipping blanks and comments.
    void report(const char* where, std::string_view which);
};

template <typename Context>
ParseState& state_of(const Context& ctx) {
    return x3::get<state_tag>(ctx).get();
}

/// Base of the rule IDs whose failures become diagnostics (the top-level item).
struct error_handler_base {
    template <typename Iterator, typename Exception, typename Context>
    x3::error_handler_result on_error(Iterator&, const Iterator&, const Exception& x,
                                      const Context& ctx) const {
        state_of(ctx).report(x.where(), x.which());
        return x3::error_handler_result::fail;
    }
};

/// Describes the token at `p` for "found ...": `'word'`, `'12.5'`, `'"text..."'`, `'{'`, or
/// `end of file`; long tokens are cut.
std::string describe_token(const char* p, const char* end);

/// Skips blanks and `#` comments.
const char* skip_blanks(const char* p, const char* end);

}  // namespace abide::dsl::parser
