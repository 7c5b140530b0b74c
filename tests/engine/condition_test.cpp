// Conditions in patterns (language.md §4, §9.1-§9.3, §9.14): comparisons on every value type,
// `in`, `and` / `or` / `not`, missing attributes, built-in fields, undeclared event types.
//
// Each condition becomes a rule `require tariff_changed where C during 2026`, evaluated after the
// window: a met rule's evidence is exactly the set of matching facts, a breached one matched none.
#include "tests/engine/builder.hpp"

namespace abide::etest {
namespace {

using Ids = std::vector<std::string>;

class Conditions : public EngineTest {
protected:
    Conditions() {
        fact("t1", "2026-01-10", "tariff_changed",
             {{"measure", text("fentanyl")},
              {"delta", qty("-10 pp")},
              {"rate", qty("15%")},
              {"n", num(3)},
              {"quantity", qty("12_000_000 t")},
              {"amount", qty("500 million USD")},
              {"effective", dval("2026-02-01")},
              {"final", boolean(true)},
              {"by", party("US")},
              {"party", party("US")},
              {"source", text("federalregister.gov")}});
        fact("t2", "2026-02-10", "tariff_changed",
             {{"measure", text("steel")},
              {"delta", qty("5 pp")},
              {"rate", qty("25 %")},
              {"n", num(7)},
              {"quantity", qty("4.2 Mt")},
              {"amount", qty("3 billion USD")},
              {"effective", dval("2026-06-01")},
              {"final", boolean(false)},
              {"by", party("CN")},
              {"party", party("CN")},
              {"source", text("mofcom")}});
        // Only a measure: every other attribute, and party and source, are absent.
        fact("t3", "2026-03-10", "tariff_changed", {{"measure", text("soybeans")}});
        fact("t4", "2026-04-10", "tariff_changed",
             {{"measure", text("fentanyl")}, {"n", num(10)}, {"party", party("CN")}});
        // Outside the window: never evidence.
        fact("t5", "2027-01-05", "tariff_changed", {{"measure", text("fentanyl")}});
        // A type no declaration names: loaded, matches nothing.
        fact("u1", "2026-05-05", "tariff_chnaged", {});
    }

    /// Adds rule `id`: require tariff_changed where C during 2026.
    void when(const std::string& id, Cond c) {
        rule(id, require(pat("tariff_changed", std::move(c)), during(2026)));
    }

    /// The facts each rule matched, evaluated after the window.
    void expect_matches(const std::vector<std::pair<std::string, Ids>>& expected) {
        engine::Evaluation e = evaluate("2027-02-01");
        for (const auto& [id, ids] : expected) {
            NodeResult n = result(e, id);
            EXPECT_EQ(evidence(n), ids) << "rule " << id;
            EXPECT_EQ(n.verdict, ids.empty() ? Verdict::Breached : Verdict::Met) << "rule " << id;
        }
    }
};

TEST_F(Conditions, TextEqualityAndInequality) {
    when("eq", eq("measure", text("fentanyl")));
    when("ne", ne("measure", text("fentanyl")));
    when("none", eq("measure", text("Fentanyl")));
    expect_matches({{"eq", {"t1", "t4"}}, {"ne", {"t2", "t3"}}, {"none", {}}});
}

TEST_F(Conditions, NumberComparisons) {
    when("lt", lt("n", num(7)));
    when("le", le("n", num(7)));
    when("gt", gt("n", num(7)));
    when("ge", ge("n", num(3)));
    when("eq", eq("n", num(10)));
    when("ne", ne("n", num(10)));  // t3 lacks n: false there
    expect_matches({{"lt", {"t1"}},
                    {"le", {"t1", "t2"}},
                    {"gt", {"t4"}},
                    {"ge", {"t1", "t2", "t4"}},
                    {"eq", {"t4"}},
                    {"ne", {"t1", "t2"}}});
}

TEST_F(Conditions, QuantitiesCompareAfterConversion) {
    when("mass_ge", ge("quantity", qty("12 Mt")));
    when("mass_eq", eq("quantity", qty("12 MMT")));
    when("mass_lt", lt("quantity", qty("4_200_001 t")));
    when("mass_le_kt", le("quantity", qty("4200 kt")));
    when("money_gt", gt("amount", qty("1 billion USD")));
    when("money_le", le("amount", qty("500 million USD")));
    when("pp_lt", lt("delta", qty("0 pp")));
    when("pp_ge", ge("delta", qty("-10 pp")));
    when("pct_eq", eq("rate", qty("15%")));
    when("pct_gt", gt("rate", qty("20 %")));
    expect_matches({{"mass_ge", {"t1"}},
                    {"mass_eq", {"t1"}},
                    {"mass_lt", {"t2"}},
                    {"mass_le_kt", {"t2"}},
                    {"money_gt", {"t2"}},
                    {"money_le", {"t1"}},
                    {"pp_lt", {"t1"}},
                    {"pp_ge", {"t1", "t2"}},
                    {"pct_eq", {"t1"}},
                    {"pct_gt", {"t2"}}});
}

// §2: quantities of one dimension compare after conversion. 2.01 Mt is 2_010_000 t exactly, even
// though 2.01 x 1e6 in binary floating point is 2009999.9999999998.
TEST_F(EngineTest, QuantityEqualityIsExactAfterConversion) {
    rule("eq_mt", require(pat("purchase", eq("quantity", qty("2.01 Mt"))), during(2026)));
    rule("eq_kt", require(pat("purchase", eq("quantity", qty("4100 kt"))), during(2026)));
    rule("le_kt", require(pat("purchase", le("quantity", qty("4100 kt"))), during(2026)));
    rule("ge_t", require(pat("purchase", ge("quantity", qty("4_100_000 t"))), during(2026)));
    fact("p1", "2026-02-01", "purchase", {{"quantity", qty("2_010_000 t")}});
    fact("p2", "2026-03-01", "purchase", {{"quantity", qty("4.1 Mt")}});
    engine::Evaluation e = evaluate("2027-01-01");
    EXPECT_EQ(evidence(result(e, "eq_mt")), std::vector<std::string>{"p1"});
    EXPECT_EQ(evidence(result(e, "eq_kt")), std::vector<std::string>{"p2"});
    EXPECT_EQ(evidence(result(e, "le_kt")), (std::vector<std::string>{"p1", "p2"}));
    EXPECT_EQ(evidence(result(e, "ge_t")), std::vector<std::string>{"p2"});
}

TEST_F(Conditions, DateAttributesAndTheBuiltInDate) {
    when("eff_ge", ge("effective", dval("2026-03-01")));
    when("eff_lt", lt("effective", dval("2026-03-01")));
    when("eff_eq", eq("effective", dval("2026-02-01")));
    when("date_ge", ge("date", dval("2026-03-10")));
    when("date_gt", gt("date", dval("2026-03-10")));
    when("date_eq", eq("date", dval("2026-02-10")));
    when("date_le", le("date", dval("2026-02-10")));
    when("date_ne", ne("date", dval("2026-02-10")));
    expect_matches({{"eff_ge", {"t2"}},
                    {"eff_lt", {"t1"}},
                    {"eff_eq", {"t1"}},
                    {"date_ge", {"t3", "t4"}},
                    {"date_gt", {"t4"}},
                    {"date_eq", {"t2"}},
                    {"date_le", {"t1", "t2"}},
                    {"date_ne", {"t1", "t3", "t4"}}});
}

TEST_F(Conditions, BoolAttributes) {
    when("true", eq("final", boolean(true)));
    when("false", eq("final", boolean(false)));
    when("not_true", ne("final", boolean(true)));  // t3, t4 lack it: false there
    expect_matches({{"true", {"t1"}}, {"false", {"t2"}}, {"not_true", {"t2"}}});
}

TEST_F(Conditions, InLists) {
    when("text", one_of("measure", {text("steel"), text("soybeans"), text("corn")}));
    when("pct", one_of("rate", {qty("15%"), qty("25%")}));
    when("party", one_of("party", {party("CN"), party("JP")}));
    when("attr_party", one_of("by", {party("US")}));
    when("id", one_of("id", {text("t1"), text("t4"), text("u1"), text("t5")}));
    when("empty_match", one_of("measure", {text("corn")}));
    expect_matches({{"text", {"t2", "t3"}},
                    {"pct", {"t1", "t2"}},
                    {"party", {"t2", "t4"}},
                    {"attr_party", {"t1"}},
                    {"id", {"t1", "t4"}},
                    {"empty_match", {}}});
}

TEST_F(Conditions, AndOrNot) {
    when("and", and_(eq("measure", text("fentanyl")), gt("n", num(5))));
    when("or", or_(eq("measure", text("steel")), eq("party", party("CN"))));
    when("not_or", not_(or_(eq("measure", text("steel")), eq("party", party("CN")))));
    when("nested", or_(and_(eq("measure", text("fentanyl")), eq("party", party("US"))),
                       eq("measure", text("soybeans"))));
    when("three", and_(ge("n", num(3)), le("n", num(7)), ne("measure", text("steel"))));
    when("not_not", not_(not_(eq("measure", text("steel")))));
    expect_matches({{"and", {"t4"}},
                    {"or", {"t2", "t4"}},
                    {"not_or", {"t1", "t3"}},
                    {"nested", {"t1", "t3"}},
                    {"three", {"t1"}},
                    {"not_not", {"t2"}}});
}

TEST_F(Conditions, MissingAttributeMakesTheComparisonFalse) {
    // §9.2: so `not (a == "x")` is true where `a` is absent.
    when("eq", eq("rate", qty("15%")));
    when("ne", ne("rate", qty("15%")));
    when("not_eq", not_(eq("rate", qty("15%"))));
    when("lt", lt("effective", dval("2030-01-01")));
    when("not_lt", not_(lt("effective", dval("2030-01-01"))));
    when("in", one_of("source", {text("mofcom"), text("federalregister.gov")}));
    expect_matches({{"eq", {"t1"}},
                    {"ne", {"t2"}},
                    {"not_eq", {"t2", "t3", "t4"}},
                    {"lt", {"t1", "t2"}},
                    {"not_lt", {"t3", "t4"}},
                    {"in", {"t1", "t2"}}});
}

TEST_F(Conditions, BuiltInFields) {
    when("party", eq("party", party("US")));
    when("party_ne", ne("party", party("US")));  // t3 has no party: false there
    when("by", eq("by", party("CN")));
    when("id", eq("id", text("t3")));
    when("id_ne", ne("id", text("t3")));
    when("source", eq("source", text("mofcom")));
    when("not_source", not_(eq("source", text("mofcom"))));
    expect_matches({{"party", {"t1"}},
                    {"party_ne", {"t2", "t4"}},
                    {"by", {"t2"}},
                    {"id", {"t3"}},
                    {"id_ne", {"t1", "t2", "t4"}},
                    {"source", {"t2"}},
                    {"not_source", {"t1", "t3", "t4"}}});
}

TEST_F(Conditions, FactsOfAnUndeclaredTypeMatchNothing) {
    when("all", not_(eq("measure", text("-"))));
    rule("any_type", require(pat("tariff_changed"), during(2026)));
    rule("forbid", forbid(pat("violation"), during(2026)));
    rule("count", count(pat("tariff_changed"), CmpOp::Eq, 4, during(2026)));
    engine::Evaluation e = evaluate("2027-02-01");
    EXPECT_EQ(evidence(result(e, "all")), (Ids{"t1", "t2", "t3", "t4"}));
    EXPECT_EQ(evidence(result(e, "any_type")), (Ids{"t1", "t2", "t3", "t4"}));
    EXPECT_EQ(result(e, "forbid").verdict, Verdict::Met);
    NodeResult c = result(e, "count");
    EXPECT_EQ(c.verdict, Verdict::Met);
    ASSERT_TRUE(c.progress);
    EXPECT_EQ(c.progress->value, 4);
}

TEST_F(Conditions, PatternWithoutConditionMatchesEveryFactOfItsType) {
    rule("plain", require(pat("tariff_changed"), during(2026)));
    rule("other_type", require(pat("done"), during(2026)));
    engine::Evaluation e = evaluate("2027-02-01");
    EXPECT_EQ(evidence(result(e, "plain")), (Ids{"t1", "t2", "t3", "t4"}));
    EXPECT_EQ(result(e, "other_type").verdict, Verdict::Breached);
}

}  // namespace
}  // namespace abide::etest
