#pragma once
/// The private syntax tree of a test file (`*.test.abide`, /work/notes/test-format.md, README
/// "Test files"), filled by the X3 grammar in test_grammar_def.hpp without semantic actions and
/// lowered to suite::TestFile by test_lower.cpp. `abide fmt` prints test files from it.
///
/// As in ast.hpp every node carries the byte offset of its first character (`offset`), the first
/// adapted member of each node. Clauses keep the order they were written in; repeated or
/// conflicting clauses (two `title`s) are reported by the lowering, not by the grammar. Comments
/// are not in the tree (except the comment lines of a `facts { ... }` block, which are kept as
/// lines): a printer recovers the others from the source text between node offsets.
#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "dsl/ast.hpp"

namespace abide::dsl::test_ast {

namespace x3 = boost::spirit::x3;

using ast::DateLit;
using ast::Name;
using ast::StringLit;

/// `title "TEXT"`.
struct TitleClause {
    std::size_t offset = 0;  ///< of `title`
    StringLit text;
};

/// `rules GLOB, GLOB ...`: each glob is a dotted rule id that may hold `*` (`us_jp.*`, `*`).
struct RulesClause {
    std::size_t offset = 0;  ///< of `rules`
    std::vector<Name> globs;
};

/// `facts "PATH"`: a fixture log, relative to the test file's folder.
struct FactsFileClause {
    std::size_t offset = 0;  ///< of `facts`
    StringLit path;
};

/// One non-blank line of a `facts { ... }` block, with its leading and trailing blanks removed.
/// A line whose first character is `#` is a comment (`comment` set) and is no fact.
struct FactLine {
    std::size_t offset = 0;  ///< of the line's first non-blank character
    std::string text;
    bool comment = false;
};

/// `facts {` NEWLINE JSON-LINES `}`: the lines between the line holding `facts {` and the first
/// line whose only non-blank content is `}`.
struct FactsBlockClause {
    std::size_t offset = 0;  ///< of `facts`
    std::vector<FactLine> lines;
    std::size_t close_offset = 0;  ///< of the closing `}`
};

enum class Verdict { Met, Pending, Breached, Void };
enum class YesNo { No, Yes };

/// One evidence id: a string (`"r-1"`, quoted set) or a bare word of `[A-Za-z0-9_.:-]`.
struct EvidenceId {
    std::size_t offset = 0;
    std::string text;  ///< escapes resolved
    bool quoted = false;
};

/// `evidence [ID, ...]`; `evidence []` asserts that there is none.
struct EvidenceList {
    std::size_t offset = 0;  ///< of `evidence`
    std::vector<EvidenceId> ids;
};

/// `reason "PHRASE"`.
struct ReasonClause {
    std::size_t offset = 0;  ///< of `reason`
    StringLit phrase;
};

/// `at_risk yes|no`.
struct AtRiskClause {
    std::size_t offset = 0;  ///< of `at_risk`
    YesNo value = YesNo::No;
};

/// A rule id or a child id as the JSON output's `rule` field writes it: a dotted identifier
/// and zero or more `[...]` suffixes, as written (`us_cn.ge_licences[gallium]`).
struct Target {
    std::size_t offset = 0;
    std::string text;
};

/// `expect TARGET VERDICT at DATE [evidence [..]] [reason "P"] [at_risk yes|no]`; the three
/// optional parts come in this order.
struct ExpectClause {
    std::size_t offset = 0;  ///< of `expect`
    Target target;
    std::size_t verdict_offset = 0;
    Verdict verdict = Verdict::Met;
    DateLit date;  ///< after `at`; the lowering checks that it is a real date
    boost::optional<EvidenceList> evidence;
    boost::optional<ReasonClause> reason;
    boost::optional<AtRiskClause> at_risk;
};

/// `skip "WHY"`.
struct SkipClause {
    std::size_t offset = 0;  ///< of `skip`
    StringLit why;
};

struct Clause : x3::variant<TitleClause, RulesClause, FactsFileClause, FactsBlockClause,
                            ExpectClause, SkipClause> {
    using base_type::base_type;
    using base_type::operator=;
};

/// `test NAME { CLAUSE* }`.
struct TestDecl {
    std::size_t offset = 0;  ///< of `test`
    Name name;
    std::vector<Clause> clauses;
    std::size_t close_offset = 0;  ///< of the closing `}`
};

/// A whole test file: its tests in file order (a test with a syntax error is left out).
struct TestFile {
    std::vector<TestDecl> tests;
};

}  // namespace abide::dsl::test_ast
