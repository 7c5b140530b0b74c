#pragma once
/// The checked rule representation: what a commitment means, free of syntax. The DSL lowers
/// into it (dsl/compile.hpp); engine tests build it in code. Names are resolved: events are
/// schema indices, attributes are slots, variables are indices into an evaluation frame.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/date.hpp"
#include "core/quantity.hpp"
#include "core/schema.hpp"
#include "core/source.hpp"

namespace abide::ir {

using core::Date;
using core::Period;

/// A field of the fact being matched: a built-in (id, party, source, date, type) or a declared
/// attribute slot of the pattern's event type.
struct Field {
    enum class Kind : uint8_t { Id, Party, Source, Date, Type, Attr } kind = Kind::Attr;
    uint32_t slot = 0;                           ///< attribute slot when kind == Attr
    std::string name;                            ///< as written, for reasons and explanations
    core::AttrType type = core::AttrType::Text;  ///< the field's value type
};

/// A value in a rule: a literal, a loop variable, or a field of a `for each` trigger fact.
struct Literal {
    enum class Kind : uint8_t { Text, Number, Quantity, Date, Bool, Party } kind = Kind::Text;
    std::string text;   ///< Text and Party
    double number = 0;  ///< Number, and Quantity in base units
    core::Dimension dimension = core::Dimension::None;
    std::string unit;  ///< Quantity: display unit
    Date date;
    bool boolean = false;
};

struct VarRef {
    uint32_t var = 0;  ///< frame index (see Obligation::ForIn / ForEach)
    std::string name;
};

struct TriggerField {
    uint32_t var = 0;  ///< frame index of the trigger
    std::string var_name;
    Field field;  ///< a field of the trigger's event type
};

using Operand = std::variant<Literal, VarRef, TriggerField>;

enum class CmpOp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge };
const char* to_string(CmpOp op);  ///< "==", "<=", ...

struct Condition;
using ConditionPtr = std::unique_ptr<Condition>;

struct Condition {
    enum class Kind : uint8_t { Compare, In, And, Or, Not } kind = Kind::Compare;
    Field field;                         ///< Compare, In
    CmpOp op = CmpOp::Eq;                ///< Compare
    std::vector<Operand> operands;       ///< Compare: one; In: the list
    std::vector<ConditionPtr> children;  ///< And, Or: two or more; Not: one
};

/// `EVENT_TYPE [where CONDITION]`.
struct Pattern {
    uint32_t event = 0;  ///< index in RuleSet::schema
    ConditionPtr where;  ///< null: every fact of the type matches
};

/// A date in a window: a base, then steps applied left to right (each clamping).
struct DateExpr {
    enum class Base : uint8_t {
        Literal,      ///< `date`
        Signed,       ///< the `signed` date of agreement `agreement`
        TriggerDate,  ///< NAME.date of the trigger in frame slot `var`
        YearStart,    ///< January 1st of the year held by loop variable `var`
        YearEnd       ///< December 31st of the year held by loop variable `var`
    } base = Base::Literal;
    Date date;
    uint32_t agreement = 0;
    uint32_t var = 0;
    std::string name;  ///< as written: "signed", "us_jp.signed", "req.date", "y"
    struct Step {
        int sign = +1;
        Period period;
    };
    std::vector<Step> steps;
};

/// A closed interval of dates; a missing side is unbounded.
struct Window {
    std::optional<DateExpr> start;
    std::optional<DateExpr> end;
};

struct Obligation;
using ObligationPtr = std::unique_ptr<Obligation>;

struct Aggregate {
    enum class Kind : uint8_t { Sum, Max, Count } kind = Kind::Count;
    Pattern pattern;
    std::optional<Field> attr;  ///< Sum and Max: the aggregated attribute
    CmpOp op = CmpOp::Ge;
    Literal target;  ///< Number (count, number attribute) or Quantity
};

struct Obligation {
    enum class Kind : uint8_t { Require, Forbid, Aggregate, ForEach, ForIn, All, Any, AtLeast };
    Kind kind = Kind::Require;
    core::SourceLoc loc;

    Pattern pattern;      ///< Require, Forbid; ForEach: the trigger
    Aggregate aggregate;  ///< Aggregate
    Window window;        ///< Require, Forbid, Aggregate; ForEach: the trigger window

    uint32_t var = 0;  ///< ForEach, ForIn: the frame slot bound per instance
    std::string var_name;
    std::vector<Literal> values;  ///< ForIn: Text values, or Number years for `a..b`

    std::vector<ObligationPtr> parts;  ///< All, Any, AtLeast; ForEach, ForIn: one, the body
    uint32_t at_least = 0;             ///< AtLeast: N
};

struct Ends {
    Period period;
    Pattern pattern;
};

struct Agreement {
    std::string id;
    std::string title;
    Date signed_date;
    std::vector<std::string> parties;
    std::string source;
    std::optional<bool> binding;
    std::optional<Ends> ends;
    core::SourceLoc loc;
};

struct Rule {
    std::string id;  ///< full id: `AGREEMENT.RULE` or a top-level dotted id
    std::string title;
    std::vector<std::string> party;
    std::string cite;
    std::string note;
    std::optional<uint32_t> agreement;  ///< index in RuleSet::agreements
    ObligationPtr body;
    uint32_t frame_size = 0;  ///< number of variable slots the body uses
    core::SourceLoc loc;
};

struct RuleSet {
    core::Schema schema;
    std::vector<Agreement> agreements;
    std::vector<Rule> rules;  ///< sorted by id
};

}  // namespace abide::ir
