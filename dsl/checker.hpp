#pragma once
/// The checker: gives the syntax tree its meaning and reports what is wrong with it.
///
/// `check_declarations` reads every file's `event` and `agreement` declarations and rule
/// headers (duplicates across the set, attribute types, built-in names, required fields,
/// `--strict`). `Resolver` resolves the names inside one rule body (event types, attributes,
/// variables and their scopes, units and dimensions, dates and windows) into IR pieces,
/// reporting each problem as a diagnostic and returning nullopt for the piece. lower.cpp walks
/// the obligation tree with a Resolver, so every check lives here and lowering stays mechanical.
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "dsl/ast.hpp"
#include "dsl/compile.hpp"
#include "engine/ir/rules.hpp"

namespace abide::dsl {

struct ParsedFile {
    std::shared_ptr<const core::SourceFile> src;
    std::vector<ast::TopItem> items;
};

/// A rule found by check_declarations, with the file and agreement it belongs to.
struct RuleSite {
    const ast::RuleDecl* decl = nullptr;
    const core::SourceFile* src = nullptr;
    std::optional<uint32_t> agreement;
    std::string full_id;
};

struct Declarations {
    core::Schema schema;
    std::vector<ir::Agreement> agreements;  ///< `ends` filled; signed_date valid when known
    std::vector<bool> signed_known;         ///< per agreement: its `signed` date was valid
    std::unordered_map<std::string, uint32_t> agreement_index;
    std::vector<RuleSite> rules;  ///< in file order
};

/// Checks declarations and rule headers of all files. Errors go to `diags`.
Declarations check_declarations(const std::vector<ParsedFile>& files, core::Diagnostics& diags,
                                const CompileOptions& options);

core::SourceLoc loc_of(const core::SourceFile& src, size_t offset);

// The syntax tree spells comparisons in the IR's order, so lowering is a cast.
static_assert(static_cast<int>(ast::CmpOp::Eq) == static_cast<int>(ir::CmpOp::Eq) &&
              static_cast<int>(ast::CmpOp::Ne) == static_cast<int>(ir::CmpOp::Ne) &&
              static_cast<int>(ast::CmpOp::Lt) == static_cast<int>(ir::CmpOp::Lt) &&
              static_cast<int>(ast::CmpOp::Le) == static_cast<int>(ir::CmpOp::Le) &&
              static_cast<int>(ast::CmpOp::Gt) == static_cast<int>(ir::CmpOp::Gt) &&
              static_cast<int>(ast::CmpOp::Ge) == static_cast<int>(ir::CmpOp::Ge));
/// The IR's comparison for the syntax tree's; `ir::to_string` of it spells the operator.
inline ir::CmpOp to_ir(ast::CmpOp op) {
    return static_cast<ir::CmpOp>(op);
}

/// Resolves the names of one rule body. Variables live in a stack of scopes; each `for each`
/// or `for ... in` gets its own frame slot, numbered in the order they appear.
class Resolver {
public:
    enum class VarKind { Trigger, Text, Year };
    struct Binding {
        std::string name;
        VarKind kind = VarKind::Text;
        uint32_t slot = 0;
        uint32_t event = 0;  ///< Trigger: its event type
        size_t offset = 0;
        bool used = false;
    };

    Resolver(const Declarations& decls, const core::SourceFile& src, core::Diagnostics& diags,
             std::optional<uint32_t> agreement);

    void error(size_t offset, std::string message);
    void warning(size_t offset, std::string message);
    core::SourceLoc loc(size_t offset) const { return loc_of(src_, offset); }

    std::optional<uint32_t> event(const ast::Name& name);
    std::optional<ir::Pattern> pattern(const ast::Pattern& p);
    /// The condition of a pattern over `event`.
    ir::ConditionPtr condition(const ast::Condition& c, uint32_t event);
    /// A field of a fact of type `event`: a built-in or a declared attribute.
    std::optional<ir::Field> field(uint32_t event, const ast::Name& name, bool builtins = true);
    /// A number or quantity literal: Number, or Quantity in base units.
    std::optional<ir::Literal> quantity(const ast::QuantityLit& q);
    std::optional<ir::DateExpr> date(const ast::DateExpr& d);
    /// The window of an obligation, with §5's defaults (and the `for each` trigger's date as
    /// the start inside a `for each` body); checks an end before its start where both are known.
    std::optional<ir::Window> window(const boost::optional<ast::Window>& w, size_t at);

    /// Binds a variable for the scope of a loop body; false (after an error) if the name is
    /// already bound in an enclosing scope.
    std::optional<uint32_t> bind(const ast::Name& name, VarKind kind, uint32_t event = 0);
    /// Ends the innermost scope; returns its binding (to warn about an unused variable).
    Binding unbind();
    uint32_t frame_size() const { return next_slot_; }
    /// The date of a literal-computable expression (literal or `signed` bases), if known.
    std::optional<core::Date> value_of(const ir::DateExpr& d, size_t at, bool& ok);

    const Declarations& decls() const { return decls_; }

private:
    ir::ConditionPtr factor(const ast::Factor& f, uint32_t event);
    ir::ConditionPtr test(const ast::Test& t, uint32_t event);
    std::optional<ir::Operand> operand(const ast::Value& v, const ir::Field& against);
    std::optional<ir::Operand> name_operand(const ast::Name& n, const ir::Field& against);
    const Binding* lookup(std::string_view name);
    std::string scope_suggestion(std::string_view name) const;

    const Declarations& decls_;
    const core::SourceFile& src_;
    core::Diagnostics& diags_;
    std::optional<uint32_t> agreement_;
    std::vector<Binding> scope_;
    std::vector<std::string> ever_bound_;  ///< to tell "out of scope" from "undeclared"
    uint32_t next_slot_ = 0;
};

/// Lowers one obligation tree (lower.cpp); nullptr after an error.
ir::ObligationPtr lower_obligation(Resolver& r, const ast::Obligation& ob);

}  // namespace abide::dsl
