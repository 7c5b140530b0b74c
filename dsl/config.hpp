#pragma once
/// The one iterator type, skipper and context type of the grammar.
///
/// There is exactly ONE phrase_parse call site (recovery.hpp, `parse_items`), and every
/// BOOST_SPIRIT_INSTANTIATE uses `context_type` below. A rule instantiated with one context and
/// called with another is a link error (undefined parse_rule<...>), not a compile error: if you
/// add a `with<>` or change the skipper, change it here and nowhere else.
#include <boost/spirit/home/x3.hpp>

#include "dsl/error_handler.hpp"

namespace abide::dsl::parser {

namespace x3 = boost::spirit::x3;

using iterator_type = const char*;

/// Skips one blank (space, tab, CR, LF) or one `#` comment up to, not including, the line
/// break. Hand-written rather than `ascii::space | ...` because Spirit's ascii classifiers
/// assert on the non-ASCII bytes that UTF-8 comments and strings contain.
struct skipper_parser : x3::parser<skipper_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, const It& last, const Ctx&, RCtx&, Attr&) const {
        if (first == last) return false;
        char c = *first;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++first;
            return true;
        }
        if (c == '#') {
            while (first != last && *first != '\n') ++first;
            return true;
        }
        return false;
    }
};

inline constexpr skipper_parser skipper{};

using phrase_context_type = x3::phrase_parse_context<skipper_parser>::type;
using context_type =
    x3::context<state_tag, std::reference_wrapper<ParseState>, phrase_context_type>;

}  // namespace abide::dsl::parser
