#pragma once
/// File structure: declarations, rules, obligations, windows and dates (§1–§5). Conditions
/// and quantities come from condition.cpp through grammar.hpp's declarations, which is why
/// `condition` and `quantity` are only ever used directly in rules defined here (never inside
/// `lexeme` or an inline named rule, which would change the context type).
#include "dsl/grammar.hpp"
#include "dsl/lexical.hpp"

namespace abide::dsl::parser {

/// The rule whose failures become diagnostics; see error_handler.hpp.
struct top_item_class : error_handler_base {};

struct event_decl_class;
struct attr_decl_class;
struct agreement_decl_class;
struct agreement_item_class;
struct rule_decl_class;
struct rule_field_class;
struct text_field_class;
struct agr_text_field_class;
struct party_field_class;
struct parties_field_class;
struct signed_field_class;
struct binding_field_class;
struct ends_field_class;
struct obligation_class;
struct nested_obligation_class;
struct require_class;
struct require_what_class;
struct aggregate_cmp_class;
struct sum_max_class;
struct count_class;
struct pattern_class;
struct forbid_class;
struct for_each_class;
struct for_in_class;
struct domain_class;
struct value_list_class;
struct list_item_class;
struct year_range_class;
struct all_class;
struct any_class;
struct at_least_class;
struct agg_op_class;
struct party_list_class;
struct yes_no_class;
struct type_name_class;

#define ABIDE_OBLIGATION_KEYWORDS "'require', 'forbid', 'for', 'all', 'any' or 'at least'"

const x3::rule<event_decl_class, ast::EventDecl> event_decl = "event declaration";
const x3::rule<attr_decl_class, ast::AttrDecl> attr_decl = "attribute";
const x3::rule<agreement_decl_class, ast::AgreementDecl> agreement_decl = "agreement";
const x3::rule<agreement_item_class, ast::AgreementItem> agreement_item = "agreement item";
const x3::rule<rule_decl_class, ast::RuleDecl> rule_decl = "rule";
const x3::rule<rule_field_class, ast::RuleField> rule_field = "rule field";
const x3::rule<text_field_class, ast::TextField> text_field = "rule field";
const x3::rule<agr_text_field_class, ast::TextField> agr_text_field = "agreement field";
const x3::rule<party_field_class, ast::NamesField> party_field = "'party'";
const x3::rule<parties_field_class, ast::NamesField> parties_field = "'parties'";
const x3::rule<signed_field_class, ast::SignedField> signed_field = "'signed'";
const x3::rule<binding_field_class, ast::BindingField> binding_field = "'binding'";
const x3::rule<ends_field_class, ast::EndsField> ends_field = "'ends'";
const x3::rule<obligation_class, ast::Obligation> obligation = ABIDE_OBLIGATION_KEYWORDS;
const x3::rule<nested_obligation_class, ast::Obligation> nested_obligation =
    ABIDE_OBLIGATION_KEYWORDS;
// Expectation targets need user-facing names, or a failure shows X3's mangled parser type.
const x3::rule<struct year_number_class, int> year_number = "year such as '2028'";
const x3::rule<struct part_count_class, unsigned> part_count = "whole number such as '2'";
const x3::rule<struct obligation_list_class, std::vector<ast::Obligation>> obligation_list =
    ABIDE_OBLIGATION_KEYWORDS;
const x3::rule<require_class, ast::Require> require_ob = "'require'";
const x3::rule<require_what_class, x3::variant<ast::AggregateCmp, ast::Pattern>> require_what =
    "event type, or 'sum(...)', 'max(...)' or 'count(...)'";
const x3::rule<aggregate_cmp_class, ast::AggregateCmp> aggregate_cmp = "aggregate";
const x3::rule<sum_max_class, ast::SumMax> sum_max = "'sum' or 'max'";
const x3::rule<count_class, ast::Count> count_agg = "'count'";
const x3::rule<pattern_class, ast::Pattern> pattern = "event type";
const x3::rule<forbid_class, ast::Forbid> forbid_ob = "'forbid'";
const x3::rule<for_each_class, ast::ForEach> for_each_ob = "'for each'";
const x3::rule<for_in_class, ast::ForIn> for_in_ob = "'for'";
const x3::rule<domain_class, x3::variant<ast::ValueList, ast::YearRange>> domain =
    "list such as '[gallium, germanium]' or range such as '2026..2028'";
const x3::rule<value_list_class, ast::ValueList> value_list = "list";
const x3::rule<list_item_class, ast::ListItem> list_item = "name or string";
const x3::rule<year_range_class, ast::YearRange> year_range = "range";
const x3::rule<all_class, ast::AllBlock> all_ob = "'all'";
const x3::rule<any_class, ast::AnyBlock> any_ob = "'any'";
const x3::rule<at_least_class, ast::AtLeastBlock> at_least_ob = "'at least'";
const x3::rule<agg_op_class, ast::CmpOp> agg_op = "comparison '>=', '>', '<=', '<' or '=='";
const x3::rule<party_list_class, std::vector<ast::Name>> party_list = "party code such as 'US'";
const x3::rule<yes_no_class, std::string> yes_no = "'yes' or 'no'";
const x3::rule<type_name_class, ast::Name> type_name =
    "type ('text', 'number', 'mass', 'money', 'percent', 'pp', 'date', 'bool' or 'party')";

// Closers named for what may stand before them, so that a typo inside reads well:
// "expected 'require', ... or '}', found 'requir'; did you mean 'require'?".
const auto event_close =
    x3::rule<struct event_close_class>{"attribute such as 'topic: text', or '}'"} = x3::lit('}');
const auto agreement_close = x3::rule<struct agreement_close_class>{
    "'title', 'signed', 'parties', 'source', 'binding', 'ends', 'rule' or '}'"} = x3::lit('}');
const auto rule_close = x3::rule<struct rule_close_class>{
    "'}' (a rule holds exactly one obligation; combine several with 'all { ... }')"} = x3::lit('}');
const auto block_close = x3::rule<struct block_close_class>{
    "'require', 'forbid', 'for', 'all', 'any', 'at least' "
    "or '}'"} = x3::lit('}');
const auto colon = x3::rule<struct colon_class>{"':'"} = x3::lit(':');
const auto open_brace = x3::rule<struct open_brace_class>{"'{'"} = x3::lit('{');

struct agg_ops_t : x3::symbols<ast::CmpOp> {
    agg_ops_t() {
        add(">=", ast::CmpOp::Ge)(">", ast::CmpOp::Gt)("<=", ast::CmpOp::Le)("<", ast::CmpOp::Lt)(
            "==", ast::CmpOp::Eq);
    }
};
inline const agg_ops_t agg_ops;

struct agg_kinds_t : x3::symbols<ast::AggKind> {
    agg_kinds_t() { add("sum", ast::AggKind::Sum)("max", ast::AggKind::Max); }
};
inline const agg_kinds_t agg_kinds;

// ---- declarations ----
const auto top_item_def = event_decl | agreement_decl | rule_decl;

const auto event_decl_def = pos >> kw_event > ident > open_brace > *attr_decl > event_close;
const auto attr_decl_def = ident > colon > type_name;
const auto type_name_def = ident;

const auto agreement_decl_def =
    pos >> kw_agreement > ident > open_brace > *agreement_item > agreement_close;
const auto agreement_item_def =
    agr_text_field | parties_field | signed_field | binding_field | ends_field | rule_decl;
const auto agr_text_field_def =
    pos >> x3::lexeme[(x3::string("title") | x3::string("source")) >> !ident_char] > string_lit;
const auto parties_field_def = pos >> x3::lexeme[x3::string("parties") >> !ident_char] > party_list;
const auto party_list_def = ident % ',';
const auto signed_field_def = pos >> kw_signed > date_lit;
const auto binding_field_def = pos >> kw_binding > yes_no;
const auto yes_no_def = x3::lexeme[(x3::string("yes") | x3::string("no")) >> !ident_char];
const auto ends_field_def = pos >> kw_ends > duration > kw_after > pattern;

const auto rule_decl_def =
    pos >> kw_rule > dotted > open_brace > *rule_field > obligation > *rule_field > rule_close;
const auto rule_field_def = text_field | party_field;
const auto text_field_def =
    pos >>
    x3::lexeme[(x3::string("title") | x3::string("cite") | x3::string("note")) >> !ident_char] >
    string_lit;
const auto party_field_def = pos >> x3::lexeme[x3::string("party") >> !ident_char] > party_list;

// ---- obligations ----
const auto obligation_def =
    require_ob | forbid_ob | for_each_ob | for_in_ob | all_ob | any_ob | at_least_ob;
// Bodies and parts recurse through the guard; the rule's own obligation is level 0.
const auto nested_obligation_def = depth_guard[obligation];

const auto require_ob_def = pos >> kw_require > require_what > -window;
const auto require_what_def = aggregate_cmp | pattern;
const auto aggregate_cmp_def = pos >> (sum_max | count_agg) > agg_op > quantity;
const auto agg_op_def = agg_ops;
const auto sum_max_def = pos >> x3::lexeme[agg_kinds >> !ident_char] >> '(' > ident > '.' > ident >
                         -(kw_where > condition) > ')';
const auto count_agg_def = pos >> kw_count >> '(' > pattern > ')';
const auto pattern_def = ident >> -(kw_where > condition);

const auto forbid_ob_def = pos >> kw_forbid > pattern > -window;
const auto for_each_ob_def =
    pos >> kw_for >> kw_each > pattern > -window > kw_as > ident > colon > nested_obligation;
const auto for_in_ob_def = pos >> kw_for > ident > kw_in > domain > colon > nested_obligation;
const auto domain_def = value_list | year_range;
const auto value_list_def = pos >> '[' > -(list_item % ',') > ']';
const auto list_item_def = string_node | ident;
const auto year_number_def = x3::int_;
const auto part_count_def = x3::uint_;
const auto obligation_list_def = +nested_obligation;

const auto year_range_def = pos >> x3::int_ >> ".." > year_number;

const auto all_ob_def = pos >> kw_all > open_brace > obligation_list > block_close;
const auto any_ob_def = pos >> kw_any > open_brace > obligation_list > block_close;
const auto at_least_ob_def =
    pos >> kw_at >> kw_least > part_count > kw_of > open_brace > obligation_list > block_close;

#undef ABIDE_OBLIGATION_KEYWORDS

BOOST_SPIRIT_DEFINE(top_item, event_decl, attr_decl, type_name, agreement_decl, agreement_item,
                    agr_text_field, parties_field, party_list, signed_field, binding_field, yes_no,
                    ends_field, rule_decl, rule_field, text_field, party_field, obligation,
                    nested_obligation, require_ob, require_what, aggregate_cmp, agg_op, sum_max,
                    count_agg, pattern, forbid_ob, for_each_ob, for_in_ob, domain, value_list,
                    list_item, year_range, all_ob, any_ob, at_least_ob, year_number, part_count,
                    obligation_list)

}  // namespace abide::dsl::parser
