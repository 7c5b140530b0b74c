#pragma once
/// Lexical building blocks shared by both grammar units (grammar_def.hpp, condition_def.hpp):
/// positions, identifiers, keywords, string and date literals, and the depth guard.
/// Private to dsl/: includes Spirit X3.
#include <boost/spirit/home/x3.hpp>
#include <string>

#include "dsl/ast.hpp"
#include "dsl/ast_adapted.hpp"
#include "dsl/config.hpp"

namespace abide::dsl::parser {

/// `pos` consumes nothing (after the skipper) and yields the byte offset of the next token:
/// how every AST node learns where it starts.
struct pos_parser : x3::parser<pos_parser> {
    using attribute_type = std::size_t;
    static bool const has_attribute = true;

    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, const It& last, const Ctx& ctx, RCtx&, Attr& attr) const {
        x3::skip_over(first, last, ctx);
        x3::traits::move_to(static_cast<std::size_t>(first - state_of(ctx).begin), attr);
        return true;
    }
};
inline constexpr pos_parser pos{};

/// A double-quoted string that ends on its line, with the escapes \" \\ \n. An unterminated
/// string is reported at its opening quote, an unknown escape at its backslash.
struct string_parser : x3::parser<string_parser> {
    using attribute_type = std::string;
    static bool const has_attribute = true;

    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, const It& last, const Ctx& ctx, RCtx&, Attr& attr) const {
        x3::skip_over(first, last, ctx);
        if (first == last || *first != '"') return false;
        std::string out;
        It p = first;
        ++p;
        for (;;) {
            if (p == last || *p == '\n')
                boost::throw_exception(x3::expectation_failure<It>(first, "!unterminated string"));
            char c = *p;
            if (c == '"') break;
            if (c == '\\') {
                It esc = p++;
                char e = p == last ? '\n' : *p;
                if (e == '"' || e == '\\') {
                    out += e;
                } else if (e == 'n') {
                    out += '\n';
                } else if (e == '\n') {
                    boost::throw_exception(
                        x3::expectation_failure<It>(first, "!unterminated string"));
                } else {
                    boost::throw_exception(x3::expectation_failure<It>(
                        esc, "!unknown escape in string; write \\\", \\\\ or \\n"));
                }
                ++p;
                continue;
            }
            out += c;
            ++p;
        }
        first = ++p;
        x3::traits::move_to(std::move(out), attr);
        return true;
    }
};
inline constexpr string_parser string_lit{};

/// Fails the parse with "nesting deeper than 256 levels" instead of recursing further: the
/// check runs before the subject, so input nested 100,000 deep costs 256 stack levels.
template <typename Subject>
struct guard_directive : x3::unary_parser<Subject, guard_directive<Subject>> {
    using base_type = x3::unary_parser<Subject, guard_directive<Subject>>;
    static bool const is_pass_through_unary = true;
    constexpr guard_directive(const Subject& subject) : base_type(subject) {}

    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, const It& last, const Ctx& ctx, RCtx& rctx, Attr& attr) const {
        ParseState& st = state_of(ctx);
        if (st.depth >= kMaxDepth) {
            It where = first;
            x3::skip_over(where, last, ctx);
            boost::throw_exception(
                x3::expectation_failure<It>(where, "!nesting deeper than 256 levels"));
        }
        ++st.depth;
        struct Restore {
            int& depth;
            ~Restore() { --depth; }
        } restore{st.depth};
        return this->subject.parse(first, last, ctx, rctx, attr);
    }
};

struct guard_gen {
    template <typename Subject>
    constexpr guard_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](
        const Subject& subject) const {
        return {x3::as_parser(subject)};
    }
};
inline constexpr guard_gen depth_guard{};

// Character classes as explicit sets: Spirit's classifiers assert on non-ASCII bytes.
inline const auto digit = x3::char_('0', '9');
inline const auto ident_first = x3::char_("a-zA-Z_");
inline const auto ident_char = x3::char_("a-zA-Z0-9_");

/// A keyword: the word, not followed by an identifier character (`format` is not `for`).
/// Keywords are reserved only where the grammar tries them (a clause start), so an attribute
/// may be called `agreement`. Each is a named rule so that errors say `'within'`.
#define ABIDE_KW(word) \
    (x3::rule<struct kw_##word##_class>{"'" #word "'"} = x3::lexeme[x3::lit(#word) >> !ident_char])

inline const auto kw_event = ABIDE_KW(event);
inline const auto kw_agreement = ABIDE_KW(agreement);
inline const auto kw_rule = ABIDE_KW(rule);
inline const auto kw_signed = ABIDE_KW(signed);
inline const auto kw_binding = ABIDE_KW(binding);
inline const auto kw_ends = ABIDE_KW(ends);
inline const auto kw_after = ABIDE_KW(after);
inline const auto kw_require = ABIDE_KW(require);
inline const auto kw_forbid = ABIDE_KW(forbid);
inline const auto kw_for = ABIDE_KW(for);
inline const auto kw_each = ABIDE_KW(each);
inline const auto kw_as = ABIDE_KW(as);
inline const auto kw_in = ABIDE_KW(in);
inline const auto kw_all = ABIDE_KW(all);
inline const auto kw_any = ABIDE_KW(any);
inline const auto kw_at = ABIDE_KW(at);
inline const auto kw_least = ABIDE_KW(least);
inline const auto kw_of = ABIDE_KW(of);
inline const auto kw_count = ABIDE_KW(count);
inline const auto kw_where = ABIDE_KW(where);
inline const auto kw_by = ABIDE_KW(by);
inline const auto kw_within = ABIDE_KW(within);
inline const auto kw_between = ABIDE_KW(between);
inline const auto kw_and = ABIDE_KW(and);
inline const auto kw_from = ABIDE_KW(from);
inline const auto kw_until = ABIDE_KW(until);
inline const auto kw_during = ABIDE_KW(during);
inline const auto kw_or = ABIDE_KW(or);
inline const auto kw_not = ABIDE_KW(not );

#undef ABIDE_KW

// Names. `ident` is a plain identifier; `dotted` allows `a.b.c` (rule ids, `req.date`).
struct ident_class;
struct dotted_class;
struct date_lit_class;
struct string_node_class;
inline const x3::rule<ident_class, ast::Name> ident = "name";
inline const x3::rule<dotted_class, ast::Name> dotted = "name";
inline const x3::rule<date_lit_class, ast::DateLit> date_lit = "date such as '2025-10-28'";
inline const x3::rule<string_node_class, ast::StringLit> string_node = "string";

inline const auto ident_def = pos >> x3::raw[x3::lexeme[ident_first >> *ident_char]];
inline const auto dotted_def =
    pos >> x3::raw[x3::lexeme[ident_first >> *ident_char >> *('.' >> ident_first >> *ident_char)]];
inline const auto date_lit_def =
    pos >> x3::raw[x3::lexeme[x3::repeat(4)[digit] >> '-' >> x3::repeat(2)[digit] >> '-' >>
                              x3::repeat(2)[digit] >> !ident_char]];
inline const auto string_node_def = pos >> string_lit;

BOOST_SPIRIT_DEFINE(ident, dotted, date_lit, string_node)

}  // namespace abide::dsl::parser
