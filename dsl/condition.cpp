// Instantiation unit: conditions, values, quantities, windows and dates (condition_def.hpp).
#include "dsl/condition_def.hpp"

namespace abide::dsl::parser {
BOOST_SPIRIT_INSTANTIATE(condition_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(quantity_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(window_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(duration_type, iterator_type, context_type)
}  // namespace abide::dsl::parser
