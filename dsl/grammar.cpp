// Instantiation unit: file structure, declarations and obligations (grammar_def.hpp).
#include "dsl/grammar_def.hpp"

namespace abide::dsl::parser {
BOOST_SPIRIT_INSTANTIATE(top_item_type, iterator_type, context_type)
}
