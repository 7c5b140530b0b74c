#pragma once
/// The test-file grammar's entry point (`test NAME { ... }`), instantiated once in
/// test_grammar.cpp with config.hpp's context_type and called by test_parse.cpp.
#include <boost/spirit/home/x3.hpp>

#include "dsl/config.hpp"
#include "dsl/test_ast.hpp"

namespace abide::dsl::parser {

struct test_decl_class;

/// One `test` block; test_parse.cpp calls it in a loop and resyncs after an error. Its
/// on_error records the diagnostic.
using test_decl_type = x3::rule<test_decl_class, test_ast::TestDecl>;

BOOST_SPIRIT_DECLARE(test_decl_type)

inline const test_decl_type test_decl = "'test'";

}  // namespace abide::dsl::parser
