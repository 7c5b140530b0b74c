#pragma once
/// Event declarations (`event NAME { ATTR: TYPE ... }`): the vocabulary shared by rules, which
/// name events, and fact readers, which validate against them. Built-in fields every fact has
/// (`id`, `type`, `date`, `party`, `source`) are not attributes; `party` and `source` may be
/// declared (as `party` / `text`) and are then the same field as the built-in one.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/quantity.hpp"
#include "core/source.hpp"

namespace abide::core {

enum class AttrType : uint8_t { Text, Number, Mass, Money, Percent, PP, Date, Bool, Party };

std::string_view attr_type_name(AttrType t);  ///< "text", "mass", ...
std::optional<AttrType> find_attr_type(std::string_view name);
/// The quantity dimension of a type; None for number; nullopt for non-numeric types.
std::optional<Dimension> attr_dimension(AttrType t);

enum class BuiltinField : uint8_t { Id, Type, Date, Party, Source };
/// The built-in field of that name, if any.
std::optional<BuiltinField> find_builtin_field(std::string_view name);

struct AttrDecl {
    std::string name;
    AttrType type = AttrType::Text;
    SourceLoc loc;
};

struct EventDecl {
    std::string name;
    std::vector<AttrDecl> attrs;  ///< in declaration order; a fact stores one slot per entry
    SourceLoc loc;

    /// The slot of attribute `name`, or -1.
    int find_attr(std::string_view name) const;
};

class Schema {
public:
    /// Adds a declaration; returns its index, or nullopt if the name is taken.
    std::optional<uint32_t> add(EventDecl decl);
    std::optional<uint32_t> find(std::string_view name) const;
    const EventDecl& event(uint32_t index) const { return events_[index]; }
    const std::vector<EventDecl>& events() const { return events_; }
    size_t size() const { return events_.size(); }

private:
    std::vector<EventDecl> events_;
    std::unordered_map<std::string, uint32_t> index_;
};

}  // namespace abide::core
