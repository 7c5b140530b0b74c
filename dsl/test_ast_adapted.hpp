#pragma once
/// Boost.Fusion adaptation of the test-file syntax tree (test_ast.hpp).
#include <boost/fusion/include/adapt_struct.hpp>

#include "dsl/ast_adapted.hpp"
#include "dsl/test_ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(abide::dsl::test_ast::TitleClause, offset, text)
BOOST_FUSION_ADAPT_STRUCT(abide::dsl::test_ast::RulesClause, offset, globs)
BOOST_FUSION_ADAPT_STRUCT(abide::dsl::test_ast::FactsFileClause, offset, path)
BOOST_FUSION_ADAPT_STRUCT(abide::dsl::test_ast::EvidenceId, offset, text, quoted)
BOOST_FUSION_ADAPT_STRUCT(abide::dsl::test_ast::EvidenceList, offset, ids)
BOOST_FUSION_ADAPT_STRUCT(abide::dsl::test_ast::ReasonClause, offset, phrase)
BOOST_FUSION_ADAPT_STRUCT(abide::dsl::test_ast::AtRiskClause, offset, value)
BOOST_FUSION_ADAPT_STRUCT(abide::dsl::test_ast::Target, offset, text)
BOOST_FUSION_ADAPT_STRUCT(abide::dsl::test_ast::ExpectClause, offset, target, verdict_offset,
                          verdict, date, evidence, reason, at_risk)
BOOST_FUSION_ADAPT_STRUCT(abide::dsl::test_ast::SkipClause, offset, why)
BOOST_FUSION_ADAPT_STRUCT(abide::dsl::test_ast::TestDecl, offset, name, clauses, close_offset)
