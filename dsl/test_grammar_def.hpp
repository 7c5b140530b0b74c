#pragma once
/// The grammar of test files (`*.test.abide`, README "Test files"): `test NAME { CLAUSE* }` with
/// the clauses title, rules, facts (a path or an inline block of JSON lines), expect and skip.
/// Lexical elements (names, strings, dates, the skipper) are the rule language's (lexical.hpp).
#include <cctype>

#include "dsl/lexical.hpp"
#include "dsl/test_ast_adapted.hpp"
#include "dsl/test_grammar.hpp"

namespace abide::dsl::parser {

/// The rule whose failures become diagnostics; see error_handler.hpp.
struct test_decl_class : error_handler_base {};

#define ABIDE_TEST_KW(name, word) \
    (x3::rule<struct tkw_##name##_class>{"'" word "'"} = x3::lexeme[x3::lit(word) >> !ident_char])

inline const auto tkw_test = ABIDE_TEST_KW(test, "test");
inline const auto tkw_title = ABIDE_TEST_KW(title, "title");
inline const auto tkw_rules = ABIDE_TEST_KW(rules, "rules");
inline const auto tkw_facts = ABIDE_TEST_KW(facts, "facts");
inline const auto tkw_expect = ABIDE_TEST_KW(expect, "expect");
inline const auto tkw_at = ABIDE_TEST_KW(at, "at");
inline const auto tkw_evidence = ABIDE_TEST_KW(evidence, "evidence");
inline const auto tkw_reason = ABIDE_TEST_KW(reason, "reason");
inline const auto tkw_at_risk = ABIDE_TEST_KW(at_risk, "at_risk");
inline const auto tkw_skip = ABIDE_TEST_KW(skip, "skip");

#undef ABIDE_TEST_KW

/// `facts {` NEWLINE LINES `}`: from the keyword to the first line whose only non-blank content
/// is `}`. Line-oriented, so hand-written: the skipper would join lines. After `facts` it fails
/// without consuming when a string follows (the fixture form), and raises an expectation
/// failure for anything else but `{`.
struct facts_block_parser : x3::parser<facts_block_parser> {
    using attribute_type = test_ast::FactsBlockClause;
    static bool const has_attribute = true;

    static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, const It& last, const Ctx& ctx, RCtx&, Attr& attr) const {
        x3::skip_over(first, last, ctx);
        const char* begin = state_of(ctx).begin;
        It p = first;
        constexpr std::string_view kw = "facts";
        if (size_t(last - p) < kw.size() || std::string_view(p, kw.size()) != kw) return false;
        p += kw.size();
        if (p != last && (std::isalnum(static_cast<unsigned char>(*p)) || *p == '_')) return false;
        It q = p;
        x3::skip_over(q, last, ctx);
        if (q != last && *q == '"') return false;  // `facts "PATH"`
        if (q == last || *q != '{')
            boost::throw_exception(x3::expectation_failure<It>(q, "fixture path string or '{'"));
        const It open = q;
        test_ast::FactsBlockClause out;
        out.offset = size_t(first - begin);
        ++q;
        // The rest of the `facts {` line may hold only blanks and a comment.
        while (q != last && blank(*q)) ++q;
        if (q != last && *q != '\n' && *q != '#')
            boost::throw_exception(x3::expectation_failure<It>(
                q, "!expected a line break after 'facts {' (one JSON fact per line)"));
        while (q != last && *q != '\n') ++q;
        for (;;) {
            if (q == last)
                boost::throw_exception(x3::expectation_failure<It>(
                    open, "!unterminated 'facts {' block: expected a line holding only '}'"));
            ++q;  // past '\n'
            It line_end = q;
            while (line_end != last && *line_end != '\n') ++line_end;
            It a = q, b = line_end;
            while (a != b && blank(*a)) ++a;
            while (b != a && blank(b[-1])) --b;
            if (b - a == 1 && *a == '}') {
                out.close_offset = size_t(a - begin);
                first = a + 1;
                x3::traits::move_to(std::move(out), attr);
                return true;
            }
            if (a != b)
                out.lines.push_back(
                    test_ast::FactLine{size_t(a - begin), std::string(a, b), *a == '#'});
            q = line_end;
        }
    }
};
inline constexpr facts_block_parser facts_block{};

struct verdicts_t : x3::symbols<test_ast::Verdict> {
    verdicts_t() {
        add("met", test_ast::Verdict::Met)("pending", test_ast::Verdict::Pending)(
            "breached", test_ast::Verdict::Breached)("void", test_ast::Verdict::Void);
    }
};
inline const verdicts_t verdicts;

struct yes_no_t : x3::symbols<test_ast::YesNo> {
    yes_no_t() { add("yes", test_ast::YesNo::Yes)("no", test_ast::YesNo::No); }
};
inline const yes_no_t yes_no_words;

#define ABIDE_CLAUSE_KEYWORDS "'title', 'rules', 'facts', 'expect', 'skip'"

const x3::rule<struct test_clause_class, test_ast::Clause> test_clause = ABIDE_CLAUSE_KEYWORDS;
const x3::rule<struct title_clause_class, test_ast::TitleClause> title_clause = "'title'";
const x3::rule<struct rules_clause_class, test_ast::RulesClause> rules_clause = "'rules'";
const x3::rule<struct rule_glob_class, ast::Name> rule_glob = "rule id or glob such as 'us_jp.*'";
const x3::rule<struct facts_file_class, test_ast::FactsFileClause> facts_file = "'facts'";
const x3::rule<struct expect_clause_class, test_ast::ExpectClause> expect_clause = "'expect'";
const x3::rule<struct target_class, test_ast::Target> target =
    "rule id such as 'us_jp.ministerial' or 'r[gallium]'";
const x3::rule<struct verdict_class, test_ast::Verdict> verdict =
    "verdict 'met', 'pending', 'breached' or 'void'";
const x3::rule<struct evidence_list_class, test_ast::EvidenceList> evidence_list = "'evidence'";
const x3::rule<struct evidence_ids_class, std::vector<test_ast::EvidenceId>> evidence_ids =
    "evidence id such as 'm1' or '\"r-1\"', or ']'";
const x3::rule<struct evidence_id_class, test_ast::EvidenceId> evidence_id = "evidence id";
const x3::rule<struct quoted_id_class, test_ast::EvidenceId> quoted_id = "string";
const x3::rule<struct bare_id_class, test_ast::EvidenceId> bare_id = "evidence id";
const x3::rule<struct reason_clause_class, test_ast::ReasonClause> reason_clause = "'reason'";
const x3::rule<struct at_risk_clause_class, test_ast::AtRiskClause> at_risk_clause = "'at_risk'";
const x3::rule<struct yes_no_word_class, test_ast::YesNo> yes_no_word = "'yes' or 'no'";
const x3::rule<struct skip_clause_class, test_ast::SkipClause> skip_clause = "'skip'";
const x3::rule<struct test_close_class, std::size_t> test_close = ABIDE_CLAUSE_KEYWORDS " or '}'";

const auto test_open = x3::rule<struct test_open_class>{"'{'"} = x3::lit('{');
const auto bracket_open = x3::rule<struct bracket_open_class>{"'['"} = x3::lit('[');
const auto bracket_close = x3::rule<struct bracket_close_class>{"',' or ']'"} = x3::lit(']');
const auto phrase_string =
    x3::rule<struct phrase_string_class, ast::StringLit>{"string such as \"text\""} = string_node;

const auto test_decl_def = pos >> tkw_test > ident > test_open > *test_clause > test_close;
const auto test_close_def = pos >> '}';
const auto test_clause_def =
    title_clause | rules_clause | facts_file | facts_block | expect_clause | skip_clause;

const auto title_clause_def = pos >> tkw_title > phrase_string;
const auto rules_clause_def = pos >> tkw_rules > (rule_glob % ',');
const auto rule_glob_def = pos >> x3::raw[x3::lexeme[+x3::char_("a-zA-Z0-9_.*")]];
const auto facts_file_def = pos >> tkw_facts >> string_node;
const auto skip_clause_def = pos >> tkw_skip > phrase_string;

const auto expect_clause_def = pos >> tkw_expect > target > pos > verdict > tkw_at > date_lit >
                               -evidence_list > -reason_clause > -at_risk_clause;
const auto target_def =
    pos >> x3::raw[x3::lexeme[ident_first >> *ident_char >> *('.' >> ident_first >> *ident_char) >>
                              *('[' >> *(x3::char_ - ']' - '\n') >> ']')]];
const auto verdict_def = x3::lexeme[verdicts >> !ident_char];
const auto evidence_list_def = pos >> tkw_evidence > bracket_open > evidence_ids > bracket_close;
const auto evidence_ids_def = -(evidence_id % ',');
const auto evidence_id_def = quoted_id | bare_id;
const auto quoted_id_def = pos >> string_lit >> x3::attr(true);
const auto bare_id_def = pos >> x3::raw[x3::lexeme[+x3::char_("A-Za-z0-9_.:-")]] >> x3::attr(false);
const auto reason_clause_def = pos >> tkw_reason > phrase_string;
const auto at_risk_clause_def = pos >> tkw_at_risk > yes_no_word;
const auto yes_no_word_def = x3::lexeme[yes_no_words >> !ident_char];

#undef ABIDE_CLAUSE_KEYWORDS

BOOST_SPIRIT_DEFINE(test_decl, test_close, test_clause, title_clause, rules_clause, rule_glob,
                    facts_file, skip_clause, expect_clause, target, verdict, evidence_list,
                    evidence_ids, evidence_id, quoted_id, bare_id, reason_clause, at_risk_clause,
                    yes_no_word)

}  // namespace abide::dsl::parser
