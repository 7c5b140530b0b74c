// Instantiation unit of the test-file grammar (test_grammar_def.hpp).
#include "dsl/test_grammar_def.hpp"

namespace abide::dsl::parser {
BOOST_SPIRIT_INSTANTIATE(test_decl_type, iterator_type, context_type)
}
