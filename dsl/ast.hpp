#pragma once
/// The private syntax tree of a rule file, filled by the X3 grammar (grammar_def.hpp) without
/// semantic actions and given meaning by the checker (checker.hpp) and lowering (lower.hpp).
///
/// Every node carries the byte offset of its first character (`offset`, filled by the `pos`
/// primitive in grammar_def.hpp), so that every diagnostic has a file:line:col. The offset is
/// the first adapted member of each node: this also keeps every node a fusion sequence of two
/// or more members, which sidesteps X3's single-element-struct attribute collapsing.
#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "core/date.hpp"

namespace abide::dsl::ast {

namespace x3 = boost::spirit::x3;

/// An identifier as written; `text` may be dotted (`cn.soybeans`, `req.date`, `us_jp.signed`)
/// where the grammar allows it.
struct Name {
    std::size_t offset = 0;
    std::string text;
};

enum class CmpOp { Eq, Ne, Lt, Le, Gt, Ge };

// ---- values -------------------------------------------------------------------------------

struct StringLit {
    std::size_t offset = 0;
    std::string value;  ///< escapes resolved
};

/// `YYYY-MM-DD` as written; the checker decides whether it is a real date.
struct DateLit {
    std::size_t offset = 0;
    std::string text;
};

/// `NUMBER [WORD [WORD]]`: the words are a scale and/or a unit (`500 million USD`, `15 %`),
/// resolved by the checker so that a misspelt unit gets a did-you-mean.
struct QuantityLit {
    std::size_t offset = 0;
    std::string number;
    std::vector<Name> words;
};

/// A value on the right of a comparison. A Name is a variable, a trigger field (`req.ref`),
/// `true`/`yes`..., a party code or `AGREEMENT.signed`, resolved by the checker (§9.1).
struct Value : x3::variant<DateLit, QuantityLit, StringLit, Name> {
    using base_type::base_type;
    using base_type::operator=;
};

// ---- conditions ---------------------------------------------------------------------------

struct CmpTail {
    CmpOp op = CmpOp::Eq;
    Value value;
};

struct InTail {
    std::size_t offset = 0;  ///< of `in`
    std::vector<Value> values;
};

/// `FIELD OP VALUE` or `FIELD in [VALUES]`.
struct Test {
    Name field;
    x3::variant<CmpTail, InTail> tail;
};

struct Paren;

/// `not* (TEST | '(' CONDITION ')')`; `nots` holds one character per `not`, so a chain of
/// `not`s is a repetition rather than a recursion.
struct Factor {
    std::size_t offset = 0;
    std::string nots;
    x3::variant<Test, x3::forward_ast<Paren>> primary;
};

struct Conjunction {
    std::size_t offset = 0;
    std::vector<Factor> factors;  ///< joined by `and`
};

struct Condition {
    std::size_t offset = 0;
    std::vector<Conjunction> terms;  ///< joined by `or`
};

struct Paren {
    std::size_t offset = 0;
    Condition inner;
};

/// `EVENT_TYPE [where CONDITION]`.
struct Pattern {
    Name event;
    boost::optional<Condition> where;
};

// ---- dates and windows --------------------------------------------------------------------

struct Duration {
    std::size_t offset = 0;
    unsigned count = 0;
    core::PeriodUnit unit = core::PeriodUnit::Day;
};

struct DateStep {
    std::size_t offset = 0;
    char sign = '+';
    Duration duration;
};

/// A date literal, `signed`, `AGR.signed`, `NAME.date`, or a year variable (in `during`).
struct DateBase : x3::variant<DateLit, Name> {
    using base_type::base_type;
    using base_type::operator=;
};

struct DateExpr {
    std::size_t offset = 0;
    DateBase base;
    std::vector<DateStep> steps;
};

struct ByWindow {
    std::size_t offset = 0;
    DateExpr end;
};
struct WithinWindow {
    std::size_t offset = 0;
    Duration duration;
    DateExpr after;
};
struct BetweenWindow {
    std::size_t offset = 0;
    DateExpr start;
    DateExpr end;
};
/// `from D` or `from D until D`.
struct FromWindow {
    std::size_t offset = 0;
    DateExpr start;
    boost::optional<DateExpr> end;
};
/// `during 2026`, `during 2026-03` (`period` holds the digits as written), or `during y`.
struct YearMonthLit {
    std::size_t offset = 0;
    std::string text;
};
struct DuringWindow {
    std::size_t offset = 0;
    x3::variant<YearMonthLit, Name> period;
};

struct Window : x3::variant<ByWindow, WithinWindow, BetweenWindow, FromWindow, DuringWindow> {
    using base_type::base_type;
    using base_type::operator=;
};

// ---- obligations --------------------------------------------------------------------------

enum class AggKind { Sum, Max };

/// `sum(T.ATTR [where C])` / `max(...)`.
struct SumMax {
    std::size_t offset = 0;
    AggKind kind = AggKind::Sum;
    Name event;
    Name attr;
    boost::optional<Condition> where;
};
/// `count(PATTERN)`.
struct Count {
    std::size_t offset = 0;
    Pattern pattern;
};

struct AggregateCmp {
    std::size_t offset = 0;
    x3::variant<SumMax, Count> aggregate;
    CmpOp op = CmpOp::Ge;
    QuantityLit target;
};

struct Require {
    std::size_t offset = 0;
    x3::variant<AggregateCmp, Pattern> what;
    boost::optional<Window> window;
};

struct Forbid {
    std::size_t offset = 0;
    Pattern pattern;
    boost::optional<Window> window;
};

struct ForEach;
struct ForIn;
struct AllBlock;
struct AnyBlock;
struct AtLeastBlock;

struct Obligation : x3::variant<Require, Forbid, x3::forward_ast<ForEach>, x3::forward_ast<ForIn>,
                                x3::forward_ast<AllBlock>, x3::forward_ast<AnyBlock>,
                                x3::forward_ast<AtLeastBlock>> {
    using base_type::base_type;
    using base_type::operator=;
};

struct ForEach {
    std::size_t offset = 0;
    Pattern pattern;
    boost::optional<Window> window;
    Name var;
    Obligation body;
};

/// A listed value of `for NAME in [...]`: an identifier or a string.
struct ListItem : x3::variant<StringLit, Name> {
    using base_type::base_type;
    using base_type::operator=;
};

struct ValueList {
    std::size_t offset = 0;
    std::vector<ListItem> items;
};

struct YearRange {
    std::size_t offset = 0;
    int first = 0;
    int last = 0;
};

struct ForIn {
    std::size_t offset = 0;
    Name var;
    x3::variant<ValueList, YearRange> domain;
    Obligation body;
};

struct AllBlock {
    std::size_t offset = 0;
    std::vector<Obligation> parts;
};
struct AnyBlock {
    std::size_t offset = 0;
    std::vector<Obligation> parts;
};
struct AtLeastBlock {
    std::size_t offset = 0;
    unsigned count = 0;
    std::vector<Obligation> parts;
};

// ---- declarations -------------------------------------------------------------------------

/// `title "..."`, `cite "..."`, `note "..."`, `source "..."`.
struct TextField {
    std::size_t offset = 0;
    std::string key;
    std::string value;
};

/// `party US, JP` (in a rule) or `parties US, JP` (in an agreement).
struct NamesField {
    std::size_t offset = 0;
    std::string key;
    std::vector<Name> names;
};

struct RuleField : x3::variant<TextField, NamesField> {
    using base_type::base_type;
    using base_type::operator=;
};

struct RuleDecl {
    std::size_t offset = 0;
    Name id;
    std::vector<RuleField> fields;  ///< before the obligation
    Obligation body;
    std::vector<RuleField> fields_after;  ///< after it (layout is free)
};

struct SignedField {
    std::size_t offset = 0;
    DateLit date;
};
struct BindingField {
    std::size_t offset = 0;
    std::string value;  ///< "yes" or "no"
};
struct EndsField {
    std::size_t offset = 0;
    Duration duration;
    Pattern pattern;
};

struct AgreementItem
    : x3::variant<TextField, NamesField, SignedField, BindingField, EndsField, RuleDecl> {
    using base_type::base_type;
    using base_type::operator=;
};

struct AgreementDecl {
    std::size_t offset = 0;
    Name id;
    std::vector<AgreementItem> items;
};

struct AttrDecl {
    Name name;
    Name type;
};

struct EventDecl {
    std::size_t offset = 0;
    Name name;
    std::vector<AttrDecl> attrs;
};

struct TopItem : x3::variant<EventDecl, AgreementDecl, RuleDecl> {
    using base_type::base_type;
    using base_type::operator=;
};

}  // namespace abide::dsl::ast
