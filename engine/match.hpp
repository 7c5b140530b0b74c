#pragma once
/// Compiled patterns: an ir::Condition with its literals resolved against one FactSet's symbols,
/// so matching a fact is integer comparisons with no lookups or allocation.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ir/rules.hpp"
#include "facts/fact.hpp"
#include "facts/index.hpp"

namespace abide::engine {

/// A field value read from a fact, a literal or a loop binding, in one comparable form.
struct Scalar {
    enum class Kind : uint8_t { Absent, Text, Number, Date, Bool } kind = Kind::Absent;
    facts::Symbol symbol = facts::kNoSymbol;  ///< Text: kNoSymbol when only `text` is known
    std::string_view text;                    ///< Text: filled when symbol is kNoSymbol
    double number = 0;
    int32_t date = 0;
    bool boolean = false;
};

/// One variable slot of an evaluation frame: a trigger fact, or a loop value.
struct Binding {
    std::optional<uint32_t> fact;
    Scalar value;
};
using Frame = std::vector<Binding>;

/// Reads a field of a fact as a Scalar (Absent when the fact lacks it).
Scalar read_field(const facts::FactSet& facts, const facts::Fact& f, const ir::Field& field);

/// The field's number, if it holds one: read_field for the aggregates' loops, inline for the
/// common case of a declared attribute (a sum reads one for each of thousands of facts).
inline std::optional<double> read_number(const facts::FactSet& facts, const facts::Fact& f,
                                         const ir::Field& field) {
    if (field.kind == ir::Field::Kind::Attr) {
        auto values = facts.values(f);
        if (field.slot < values.size() && values[field.slot].kind == facts::Value::Kind::Number)
            return values[field.slot].number;
        return std::nullopt;
    }
    Scalar s = read_field(facts, f, field);
    if (s.kind == Scalar::Kind::Number) return s.number;
    return std::nullopt;
}

class CompiledPattern {
public:
    CompiledPattern(const ir::Pattern& pattern, const facts::FactSet& facts);

    bool matches(uint32_t fact, const Frame& frame) const;

    /// Candidate facts of the pattern's type in [start, end], by date: all of them, or, when
    /// the condition pins a text attribute with `==` at its top level, only those holding that
    /// value (through the index's per-value lists). The caller still calls matches().
    std::span<const uint32_t> candidates(const facts::FactIndex& index, const Frame& frame,
                                         std::optional<core::Date> start,
                                         std::optional<core::Date> end) const;

    /// For explanations, not the hot path: why `fact` (of the pattern's type) does not match.
    /// The failing part of the condition, descending through `and`: a comparison or `in`, or an
    /// `or` none of whose parts holds, or a `not` whose part holds. nullptr when it matches.
    const ir::Condition* mismatch(uint32_t fact, const Frame& frame) const;

    uint32_t event() const { return event_; }
    /// The attribute slot (or FactIndex::kPartySlot) whose FactIndex::with_symbol() index
    /// candidates() may read; none when it reads only the date-ordered lists, or when its value
    /// is a text literal no fact holds (candidates() then returns nothing).
    std::optional<uint32_t> index_slot() const;
    /// True when candidates() returns exactly the matching facts (the condition is one
    /// equality the index answers), so matches() need not be called on them.
    bool candidates_are_exact() const { return exact_; }

private:
    struct Operand {
        enum class Kind : uint8_t { Const, Var, TriggerField } kind = Kind::Const;
        Scalar constant;
        uint32_t var = 0;
        ir::Field field;  ///< TriggerField: the trigger's field
    };
    struct Node {
        ir::Condition::Kind kind;
        ir::Field field;
        ir::CmpOp op = ir::CmpOp::Eq;
        std::vector<Operand> operands;
        std::vector<uint32_t> children;         ///< indices into nodes_
        const ir::Condition* source = nullptr;  ///< for mismatch()
    };

    uint32_t compile(const ir::Condition& c);
    Scalar resolve(const Operand& op, const Frame& frame) const;
    bool eval(uint32_t node, const facts::Fact& f, const Frame& frame) const;
    const ir::Condition* mismatch(uint32_t node, const facts::Fact& f, const Frame& frame) const;

    const facts::FactSet* facts_;
    uint32_t event_;
    std::vector<Node> nodes_;
    std::optional<uint32_t> root_;
    /// A top-level `text_attr == operand` conjunct usable with FactIndex::with_symbol.
    std::optional<std::pair<uint32_t, uint32_t>> key_;  ///< (attr slot, node index)
    bool exact_ = false;
};

}  // namespace abide::engine
