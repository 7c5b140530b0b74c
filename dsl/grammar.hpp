#pragma once
/// The grammar's entry points, split over two instantiation units so that an edit rebuilds
/// one: grammar.cpp (file structure, declarations, obligations) and condition.cpp (conditions,
/// values, quantities, windows and dates), of about the same size. Each rule is defined in its _def
/// header and instantiated once with config.hpp's context_type.
#include <boost/spirit/home/x3.hpp>

#include "dsl/ast.hpp"
#include "dsl/config.hpp"

namespace abide::dsl::parser {

struct top_item_class;
struct condition_class;
struct quantity_class;
struct window_class;
struct duration_class;

/// One `event`, `agreement` or top-level `rule`; parse.cpp calls it in a loop and resyncs
/// after an error. Its on_error records the diagnostic.
using top_item_type = x3::rule<top_item_class, ast::TopItem>;
/// `where` conditions (condition.cpp).
using condition_type = x3::rule<condition_class, ast::Condition>;
/// `NUMBER [SCALE] [UNIT]` (condition.cpp), also the target of an aggregate.
using quantity_type = x3::rule<quantity_class, ast::QuantityLit>;

/// `by D`, `within N UNITS after D`, ... (condition.cpp).
using window_type = x3::rule<window_class, ast::Window>;
/// `180 days` (condition.cpp), also in `ends`.
using duration_type = x3::rule<duration_class, ast::Duration>;

BOOST_SPIRIT_DECLARE(top_item_type, condition_type, quantity_type, window_type, duration_type)

inline const top_item_type top_item = "'event', 'agreement' or 'rule'";
inline const condition_type condition = "condition such as 'topic == \"x\"'";
inline const quantity_type quantity = "number or quantity such as '12 Mt'";
inline const window_type window = "window";
inline const duration_type duration = "duration such as '180 days'";

}  // namespace abide::dsl::parser
