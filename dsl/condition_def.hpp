#pragma once
/// Conditions, values, windows and dates. Conditions and values: `not` binds tightest, then `and`,
/// then `or` (§9.2). The chains are repetitions, not recursions; only a parenthesis recurses,
/// through the depth guard.
#include "dsl/grammar.hpp"
#include "dsl/lexical.hpp"

namespace abide::dsl::parser {

struct conjunction_class;
struct factor_class;
struct test_class;
struct test_tail_class;
struct cmp_tail_class;
struct in_tail_class;
struct paren_class;
struct value_class;
struct unit_word_class;
struct number_class;
struct cmp_op_class;
struct disjuncts_class;
struct conjuncts_class;

const x3::rule<conjunction_class, ast::Conjunction> conjunction = "condition";
// The operand lists are rules of their own: a nested sequence would be flattened into the
// enclosing struct's members.
const x3::rule<disjuncts_class, std::vector<ast::Conjunction>> disjuncts = "condition";
const x3::rule<conjuncts_class, std::vector<ast::Factor>> conjuncts = "condition";
const x3::rule<factor_class, ast::Factor> factor = "condition";
const x3::rule<test_class, ast::Test> test = "condition such as 'topic == \"x\"'";
const x3::rule<test_tail_class, x3::variant<ast::CmpTail, ast::InTail>> test_tail =
    "comparison operator ('==', '!=', '<', '<=', '>', '>=') or 'in'";
const x3::rule<cmp_tail_class, ast::CmpTail> cmp_tail = "comparison";
const x3::rule<in_tail_class, ast::InTail> in_tail = "'in'";
const x3::rule<paren_class, ast::Paren> paren = "'('";
const x3::rule<value_class, ast::Value> value =
    "value such as \"text\", 12, '5 Mt', 2026-01-01 or a name";
const x3::rule<unit_word_class, ast::Name> unit_word = "unit";
const x3::rule<number_class, std::string> number = "number";
const x3::rule<cmp_op_class, ast::CmpOp> cmp_op =
    "comparison operator ('==', '!=', '<', '<=', '>', '>=') or 'in'";

// Windows and dates (§5).
struct by_class;
struct within_class;
struct between_class;
struct from_class;
struct during_class;
struct during_period_class;
struct year_month_class;
struct date_expr_class;
struct date_base_class;
struct date_step_class;
struct period_unit_class;
const x3::rule<by_class, ast::ByWindow> by_window = "'by'";
const x3::rule<within_class, ast::WithinWindow> within_window = "'within'";
const x3::rule<between_class, ast::BetweenWindow> between_window = "'between'";
const x3::rule<from_class, ast::FromWindow> from_window = "'from'";
const x3::rule<during_class, ast::DuringWindow> during_window = "'during'";
const x3::rule<during_period_class, x3::variant<ast::YearMonthLit, ast::Name>> during_period =
    "year such as '2026', month such as '2026-03', or a year variable";
const x3::rule<year_month_class, ast::YearMonthLit> year_month = "year";
const x3::rule<date_expr_class, ast::DateExpr> date_expr =
    "date such as '2026-01-01', 'signed' or 'NAME.date'";
const x3::rule<date_base_class, ast::DateBase> date_base =
    "date such as '2026-01-01', 'signed' or 'NAME.date'";
const x3::rule<date_step_class, ast::DateStep> date_step = "date step";
const x3::rule<period_unit_class, core::PeriodUnit> period_unit =
    "'days', 'weeks', 'months' or 'years'";

struct period_units_t : x3::symbols<core::PeriodUnit> {
    period_units_t() {
        using core::PeriodUnit;
        add("day", PeriodUnit::Day)("days", PeriodUnit::Day)("week", PeriodUnit::Week)(
            "weeks", PeriodUnit::Week)("month", PeriodUnit::Month)("months", PeriodUnit::Month)(
            "year", PeriodUnit::Year)("years", PeriodUnit::Year);
    }
};
inline const period_units_t period_units;

/// Words that end a value rather than being its unit: `count(x) >= 3 within 6 months ...`.
struct clause_words_t : x3::symbols<int> {
    clause_words_t() {
        for (const char* w :
             {"and",    "or",        "not",    "in",      "within", "by",      "between",
              "from",   "until",     "during", "as",      "where",  "after",   "require",
              "forbid", "for",       "all",    "any",     "at",     "each",    "of",
              "rule",   "agreement", "event",  "title",   "party",  "parties", "cite",
              "note",   "signed",    "source", "binding", "ends"})
            add(w, 0);
    }
};
inline const clause_words_t clause_words;

struct cmp_ops_t : x3::symbols<ast::CmpOp> {
    cmp_ops_t() {
        add("==", ast::CmpOp::Eq)("!=", ast::CmpOp::Ne)("<", ast::CmpOp::Lt)("<=", ast::CmpOp::Le)(
            ">", ast::CmpOp::Gt)(">=", ast::CmpOp::Ge);
    }
};
inline const cmp_ops_t cmp_ops;

const auto condition_def = pos >> disjuncts;
const auto disjuncts_def = conjunction >> *(kw_or > conjunction);
const auto conjunction_def = pos >> conjuncts;
const auto conjuncts_def = factor >> *(kw_and > factor);
const auto factor_def = pos >> *(kw_not >> x3::attr('n')) >> (test | paren);
const auto test_def = ident > test_tail;
const auto test_tail_def = cmp_tail | in_tail;
const auto cmp_op_def = cmp_ops;
const auto cmp_tail_def = cmp_op > value;
const auto in_tail_def = pos >> kw_in > '[' > -(value % ',') > ']';
const auto paren_def = depth_guard[pos >> '(' > condition > ')'];
const auto value_def = date_lit | quantity | string_node | dotted;
const auto number_def =
    x3::raw[x3::lexeme[-x3::lit('-') >> digit >> *(digit | ('_' >> &digit)) >> -('.' >> +digit)]];
const auto unit_word_def =
    pos >> x3::raw[x3::lexeme[x3::lit('%') |
                              (!(clause_words >> !ident_char) >> ident_first >> *ident_char)]];
const auto quantity_def = pos >> number >> *unit_word;

const auto window_def = by_window | within_window | between_window | from_window | during_window;
const auto by_window_def = pos >> kw_by > date_expr;
const auto within_window_def = pos >> kw_within > duration > kw_after > date_expr;
const auto between_window_def = pos >> kw_between > date_expr > kw_and > date_expr;
const auto from_window_def = pos >> kw_from > date_expr > -(kw_until > date_expr);
const auto during_window_def = pos >> kw_during > during_period;
const auto during_period_def = year_month | ident;
const auto year_month_def =
    pos >> x3::raw[x3::lexeme[x3::repeat(4)[digit] >> -('-' >> x3::repeat(2)[digit]) >>
                              !(ident_char | '-')]];
const auto date_expr_def = pos >> date_base >> *date_step;
const auto date_base_def = date_lit | dotted;
const auto date_step_def = pos >> x3::char_("+-") > duration;
const auto duration_def = pos >> x3::uint_ > period_unit;
const auto period_unit_def = x3::lexeme[period_units >> !ident_char];

BOOST_SPIRIT_DEFINE(window, by_window, within_window, between_window, from_window, during_window,
                    during_period, year_month, date_expr, date_base, date_step, duration,
                    period_unit)
BOOST_SPIRIT_DEFINE(condition, disjuncts, conjuncts, conjunction, factor, test, test_tail, cmp_op,
                    cmp_tail, in_tail, paren, value, number, unit_word, quantity)

}  // namespace abide::dsl::parser
