#pragma once
/// The grammar's entry points, split over two instantiation units so that an edit rebuilds
/// one: grammar.cpp (file structure, obligations, windows, dates) and condition.cpp (conditions,
/// values, quantities). Each rule is defined in its _def header and instantiated once with
/// config.hpp's context_type.
#include <boost/spirit/home/x3.hpp>

#include "dsl/ast.hpp"
#include "dsl/config.hpp"

namespace abide::dsl::parser {

struct top_item_class;
struct condition_class;
struct quantity_class;

/// One `event`, `agreement` or top-level `rule`; parse.cpp calls it in a loop and resyncs
/// after an error. Its on_error records the diagnostic.
using top_item_type = x3::rule<top_item_class, ast::TopItem>;
/// `where` conditions (condition.cpp).
using condition_type = x3::rule<condition_class, ast::Condition>;
/// `NUMBER [SCALE] [UNIT]` (condition.cpp), also the target of an aggregate.
using quantity_type = x3::rule<quantity_class, ast::QuantityLit>;

BOOST_SPIRIT_DECLARE(top_item_type, condition_type, quantity_type)

inline const top_item_type top_item = "'event', 'agreement' or 'rule'";
inline const condition_type condition = "condition such as 'topic == \"x\"'";
inline const quantity_type quantity = "number or quantity such as '12 Mt'";

}  // namespace abide::dsl::parser
