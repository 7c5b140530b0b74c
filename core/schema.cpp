#include "core/schema.hpp"

#include <array>

namespace abide::core {
namespace {
constexpr std::array<std::string_view, 9> kTypeNames = {
    "text", "number", "mass", "money", "percent", "pp", "date", "bool", "party"};
}

std::string_view attr_type_name(AttrType t) {
    return kTypeNames[static_cast<size_t>(t)];
}

std::optional<AttrType> find_attr_type(std::string_view name) {
    for (size_t i = 0; i < kTypeNames.size(); ++i)
        if (kTypeNames[i] == name) return static_cast<AttrType>(i);
    return {};
}

std::optional<Dimension> attr_dimension(AttrType t) {
    switch (t) {
        case AttrType::Number: return Dimension::None;
        case AttrType::Mass: return Dimension::Mass;
        case AttrType::Money: return Dimension::Money;
        case AttrType::Percent: return Dimension::Percent;
        case AttrType::PP: return Dimension::PercentagePoints;
        default: return {};
    }
}

std::optional<BuiltinField> find_builtin_field(std::string_view name) {
    if (name == "id") return BuiltinField::Id;
    if (name == "type") return BuiltinField::Type;
    if (name == "date") return BuiltinField::Date;
    if (name == "party") return BuiltinField::Party;
    if (name == "source") return BuiltinField::Source;
    return {};
}

int EventDecl::find_attr(std::string_view n) const {
    for (size_t i = 0; i < attrs.size(); ++i)
        if (attrs[i].name == n) return static_cast<int>(i);
    return -1;
}

std::optional<uint32_t> Schema::add(EventDecl decl) {
    auto [it, inserted] = index_.emplace(decl.name, static_cast<uint32_t>(events_.size()));
    if (!inserted) return {};
    events_.push_back(std::move(decl));
    return it->second;
}

std::optional<uint32_t> Schema::find(std::string_view name) const {
    auto it = index_.find(std::string(name));
    if (it == index_.end()) return {};
    return it->second;
}

}  // namespace abide::core
