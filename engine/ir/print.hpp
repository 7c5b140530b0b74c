#pragma once
/// Plain-words renderings of rule parts, for verdict reasons and explanations:
/// `ministerial_convened with topic == "mining, minerals and metals"`.
#include <functional>
#include <optional>
#include <string>
#include <type_traits>

#include "engine/ir/rules.hpp"

namespace abide::ir {

/// Renders a bound variable or trigger field as a literal ("\"gallium\"", "2026"); returning
/// nullopt prints the operand by name.
using OperandRenderer = std::function<std::optional<std::string>(const Operand&)>;

/// The same, appending to `out` without allocating: returns false (having appended nothing)
/// to print the operand by name. A non-owning reference to a callable that must outlive it.
class OperandAppender {
public:
    OperandAppender() = default;
    template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, OperandAppender>)
        OperandAppender(F&& f)  // NOLINT(google-explicit-constructor): passed like a lambda
        : obj_(const_cast<void*>(static_cast<const void*>(&f))),
          call_([](void* obj, std::string& out, const Operand& op) {
              return (*static_cast<std::remove_reference_t<F>*>(obj))(out, op);
          }) {}
    explicit operator bool() const { return call_ != nullptr; }
    bool operator()(std::string& out, const Operand& op) const { return call_(obj_, out, op); }

private:
    void* obj_ = nullptr;
    bool (*call_)(void*, std::string&, const Operand&) = nullptr;
};

std::string to_string(const Literal& lit);
std::string to_string(const Condition& c, const OperandRenderer& render = {});
/// "EVENT" or "EVENT with CONDITION".
std::string describe(const Pattern& p, const core::Schema& schema,
                     const OperandRenderer& render = {});

/// to_string(Condition) and describe(), appended to `out`.
void append(std::string& out, const Condition& c, OperandAppender render = {});
void append_describe(std::string& out, const Pattern& p, const core::Schema& schema,
                     OperandAppender render = {});

}  // namespace abide::ir
