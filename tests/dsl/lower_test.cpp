// Lowering: the IR the compiler produces — windows, dates, slots, fields, literals in base
// units, sorting and full ids.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/date.hpp"
#include "test_util.hpp"

namespace abide::dsl {
namespace {

using Base = ir::DateExpr::Base;
using ObKind = ir::Obligation::Kind;
using test::compile_text;

core::Date D(const char* s) {
    return *core::parse_date(s);
}

const ir::Rule& rule(const ir::RuleSet& set, const std::string& id) {
    for (const auto& r : set.rules)
        if (r.id == id) return r;
    throw std::runtime_error("no rule " + id);
}

std::unique_ptr<test::Compiled> ok(const std::string& text) {
    auto c = compile_text(text);
    EXPECT_TRUE(c->set) << c->dump();
    if (!c->set) throw std::runtime_error("does not compile: " + c->dump());
    return c;
}

const ir::Literal& literal(const ir::Operand& op) {
    return std::get<ir::Literal>(op);
}

std::unique_ptr<test::Compiled> minerals() {
    std::ifstream in(std::string(ABIDE_SOURCE_DIR) + "/tests/golden/ok/minerals.abide");
    std::stringstream ss;
    ss << in.rdbuf();
    return ok(ss.str());
}

TEST(Lower, MineralsAgreement) {
    auto c = minerals();
    const ir::RuleSet& set = *c->set;
    ASSERT_EQ(set.agreements.size(), 1u);
    const ir::Agreement& a = set.agreements[0];
    EXPECT_EQ(a.id, "us_jp_minerals");
    EXPECT_EQ(a.signed_date, D("2025-10-28"));
    EXPECT_EQ(a.parties, (std::vector<std::string>{"US", "JP"}));
    EXPECT_EQ(a.source, "Joint statement of 2025-10-28, Section I");
    EXPECT_EQ(a.binding, std::optional<bool>(false));
    EXPECT_EQ(a.loc.pos.line, 13u);
    ASSERT_TRUE(a.ends);
    EXPECT_EQ(a.ends->period, (core::Period{30, core::PeriodUnit::Day}));
    EXPECT_EQ(set.schema.event(a.ends->pattern.event).name, "discontinuation_notice");
    const auto& where = *a.ends->pattern.where;
    EXPECT_EQ(where.kind, ir::Condition::Kind::Compare);
    EXPECT_EQ(where.field.kind, ir::Field::Kind::Attr);
    EXPECT_EQ(where.field.name, "agreement");
    EXPECT_EQ(literal(where.operands[0]).text, "us_jp_minerals");
    EXPECT_EQ(literal(where.operands[0]).kind, ir::Literal::Kind::Text);
}

TEST(Lower, MineralsWithinAfterSigned) {
    auto c = minerals();
    const ir::Rule& r = rule(*c->set, "us_jp_minerals.ministerial");
    EXPECT_EQ(r.title, "Convene a bilateral Mining, Minerals and Metals Investment Ministerial");
    EXPECT_EQ(r.party, (std::vector<std::string>{"US", "JP"}));
    EXPECT_EQ(r.cite, "Section I, 2(d)");
    EXPECT_EQ(r.agreement, std::optional<uint32_t>(0));
    EXPECT_EQ(r.frame_size, 0u);
    EXPECT_EQ(r.loc.pos.line, 21u);
    EXPECT_EQ(r.loc.pos.col, 8u);
    const ir::Obligation& ob = *r.body;
    EXPECT_EQ(ob.kind, ObKind::Require);
    EXPECT_EQ(ob.loc.pos.line, 25u);
    EXPECT_EQ(ob.loc.pos.col, 5u);
    ASSERT_TRUE(ob.window.start && ob.window.end);
    EXPECT_EQ(ob.window.start->base, Base::Signed);
    EXPECT_EQ(ob.window.start->agreement, 0u);
    EXPECT_TRUE(ob.window.start->steps.empty());
    EXPECT_EQ(ob.window.end->base, Base::Signed);
    ASSERT_EQ(ob.window.end->steps.size(), 1u);
    EXPECT_EQ(ob.window.end->steps[0].sign, +1);
    EXPECT_EQ(ob.window.end->steps[0].period, (core::Period{180, core::PeriodUnit::Day}));
    EXPECT_EQ(c->set->schema.event(ob.pattern.event).name, "ministerial_convened");
}

TEST(Lower, MineralsForEachTrigger) {
    auto c = minerals();
    const ir::RuleSet& set = *c->set;
    const ir::Rule& r = rule(set, "us_jp_minerals.meet_on_request");
    EXPECT_EQ(r.frame_size, 1u);
    const ir::Obligation& fe = *r.body;
    EXPECT_EQ(fe.kind, ObKind::ForEach);
    EXPECT_EQ(fe.var, 0u);
    EXPECT_EQ(fe.var_name, "req");
    EXPECT_EQ(set.schema.event(fe.pattern.event).name, "meeting_requested");
    // The trigger window: no window in an agreement = from `signed`, no end.
    ASSERT_TRUE(fe.window.start);
    EXPECT_EQ(fe.window.start->base, Base::Signed);
    EXPECT_FALSE(fe.window.end);
    ASSERT_EQ(fe.parts.size(), 1u);
    const ir::Obligation& body = *fe.parts[0];
    EXPECT_EQ(body.kind, ObKind::Require);
    const auto& cond = *body.pattern.where;
    EXPECT_EQ(cond.field.slot, 0u);  // meeting_held { ref }
    const auto& tf = std::get<ir::TriggerField>(cond.operands[0]);
    EXPECT_EQ(tf.var, 0u);
    EXPECT_EQ(tf.var_name, "req");
    EXPECT_EQ(tf.field.kind, ir::Field::Kind::Attr);
    EXPECT_EQ(tf.field.slot, 1u);  // meeting_requested { by, ref }
    EXPECT_EQ(tf.field.name, "ref");
    ASSERT_TRUE(body.window.start && body.window.end);
    EXPECT_EQ(body.window.start->base, Base::TriggerDate);
    EXPECT_EQ(body.window.start->var, 0u);
    EXPECT_EQ(body.window.start->name, "req.date");
    EXPECT_EQ(body.window.end->base, Base::TriggerDate);
    EXPECT_EQ(body.window.end->steps[0].period, (core::Period{10, core::PeriodUnit::Day}));
}

TEST(Lower, DefaultWindows) {
    auto c = ok(R"(
        event x { }
        agreement a { signed 2025-01-31
          rule none { require x }
          rule by { require x by signed + 1 month + 1 month }
          rule each_none { for each x as t: require x }
          rule each_by { for each x as t: forbid x by t.date + 2 weeks }
          rule each_within { for each x as t: require x within 1 year after signed }
        }
        rule top.none { require x }
        rule top.by { require x by 2026-01-01 }
    )");
    const auto& set = *c->set;
    const auto& none = *rule(set, "a.none").body;
    EXPECT_EQ(none.window.start->base, Base::Signed);
    EXPECT_FALSE(none.window.end);

    const auto& by = *rule(set, "a.by").body;
    EXPECT_EQ(by.window.start->base, Base::Signed);
    EXPECT_EQ(by.window.end->base, Base::Signed);
    ASSERT_EQ(by.window.end->steps.size(), 2u);  // kept apart: each step clamps (§9.5)
    EXPECT_EQ(by.window.end->steps[1].period, (core::Period{1, core::PeriodUnit::Month}));

    const auto& each_none = *rule(set, "a.each_none").body->parts[0];
    EXPECT_EQ(each_none.window.start->base, Base::TriggerDate);
    EXPECT_FALSE(each_none.window.end);

    const auto& each_by = *rule(set, "a.each_by").body->parts[0];
    EXPECT_EQ(each_by.kind, ObKind::Forbid);
    EXPECT_EQ(each_by.window.start->base, Base::TriggerDate);
    EXPECT_EQ(each_by.window.end->base, Base::TriggerDate);
    EXPECT_EQ(each_by.window.end->steps[0].period, (core::Period{2, core::PeriodUnit::Week}));

    // An explicit window inside a for each body is kept as written.
    const auto& each_within = *rule(set, "a.each_within").body->parts[0];
    EXPECT_EQ(each_within.window.start->base, Base::Signed);

    const auto& top_none = *rule(set, "top.none").body;
    EXPECT_FALSE(top_none.window.start);
    EXPECT_FALSE(top_none.window.end);
    EXPECT_EQ(rule(set, "top.none").agreement, std::nullopt);
    const auto& top_by = *rule(set, "top.by").body;
    EXPECT_FALSE(top_by.window.start);
    EXPECT_EQ(top_by.window.end->base, Base::Literal);
    EXPECT_EQ(top_by.window.end->date, D("2026-01-01"));
}

TEST(Lower, LiteralWindows) {
    auto c = ok(R"(
        event x { }
        rule w.between { require x between 2026-01-01 and 2026-03-31 }
        rule w.from_until { require x from 2026-01-01 until 2026-01-01 + 10 days - 1 week }
        rule w.from { forbid x from 2026-05-01 }
        rule w.year { require x during 2026 }
        rule w.month { require x during 2028-02 }
        rule w.within { require x within 3 months after 2025-08-31 }
    )");
    const auto& set = *c->set;
    auto interval = [&](const char* id) {
        const auto& w = rule(set, id).body->window;
        return std::make_pair(w.start, w.end);
    };
    auto [bs, be] = interval("w.between");
    EXPECT_EQ(bs->date, D("2026-01-01"));
    EXPECT_EQ(be->date, D("2026-03-31"));
    auto [fs, fe] = interval("w.from_until");
    ASSERT_EQ(fe->steps.size(), 2u);
    EXPECT_EQ(fe->steps[1].sign, -1);
    EXPECT_EQ(fe->steps[1].period, (core::Period{1, core::PeriodUnit::Week}));
    auto [os, oe] = interval("w.from");
    EXPECT_EQ(os->date, D("2026-05-01"));
    EXPECT_FALSE(oe);
    auto [ys, ye] = interval("w.year");
    EXPECT_EQ(ys->base, Base::Literal);
    EXPECT_EQ(ys->date, D("2026-01-01"));
    EXPECT_EQ(ye->date, D("2026-12-31"));
    auto [ms, me] = interval("w.month");
    EXPECT_EQ(ms->date, D("2028-02-01"));
    EXPECT_EQ(me->date, D("2028-02-29"));
    auto [ws, we] = interval("w.within");
    EXPECT_EQ(ws->date, D("2025-08-31"));
    EXPECT_EQ(we->date, D("2025-08-31"));
    EXPECT_EQ(we->steps[0].period, (core::Period{3, core::PeriodUnit::Month}));
}

TEST(Lower, LoopsGetTheirOwnSlots) {
    auto c = ok(R"(
        event x { m: text  y: number }
        rule l.r { all {
          for m in [gallium, "rare earths"]: require x where m == m
          for y in 2026..2028: for each x where y == y as t: require x where m == t.m during y
        } }
    )");
    const ir::Rule& r = rule(*c->set, "l.r");
    EXPECT_EQ(r.frame_size, 3u);
    const auto& list = *r.body->parts[0];
    EXPECT_EQ(list.kind, ObKind::ForIn);
    EXPECT_EQ(list.var, 0u);
    EXPECT_EQ(list.var_name, "m");
    ASSERT_EQ(list.values.size(), 2u);
    EXPECT_EQ(list.values[0].kind, ir::Literal::Kind::Text);
    EXPECT_EQ(list.values[0].text, "gallium");
    EXPECT_EQ(list.values[1].text, "rare earths");
    const auto& cmp = *list.parts[0]->pattern.where;
    EXPECT_EQ(cmp.field.name, "m");
    EXPECT_EQ(std::get<ir::VarRef>(cmp.operands[0]).var, 0u);

    const auto& years = *r.body->parts[1];
    EXPECT_EQ(years.var, 1u);
    ASSERT_EQ(years.values.size(), 3u);
    EXPECT_EQ(years.values[0].kind, ir::Literal::Kind::Number);
    EXPECT_EQ(years.values[2].number, 2028);
    const auto& each = *years.parts[0];
    EXPECT_EQ(each.kind, ObKind::ForEach);
    EXPECT_EQ(each.var, 2u);
    EXPECT_EQ(std::get<ir::VarRef>(each.pattern.where->operands[0]).var, 1u);
    // The for each has no window of its own: it starts at... no trigger encloses it, and the
    // rule is top level, so it is unbounded.
    EXPECT_FALSE(each.window.start);
    const auto& body = *each.parts[0];
    EXPECT_EQ(std::get<ir::TriggerField>(body.pattern.where->operands[0]).var, 2u);
    EXPECT_EQ(body.window.start->base, Base::YearStart);
    EXPECT_EQ(body.window.start->var, 1u);
    EXPECT_EQ(body.window.end->base, Base::YearEnd);
    EXPECT_EQ(body.window.end->var, 1u);
    EXPECT_EQ(body.window.end->name, "y");
}

TEST(Lower, QuantitiesInBaseUnits) {
    auto c = ok(R"(
        event buy { q: mass  usd: money  pct: percent  d: pp  n: number }
        rule q.mt { require sum(buy.q) >= 12 Mt }
        rule q.mmt { require max(buy.q) >= 25 MMT }
        rule q.kt { require buy where q == 1.5 thousand kt }
        rule q.usd { require sum(buy.usd) >= 500 million USD }
        rule q.busd { require buy where usd < 3 billion USD }
        rule q.pct { require buy where pct <= 15% }
        rule q.pp { require buy where d > -10 pp }
        rule q.n { require sum(buy.n) == 25_000_000 }
        rule q.count { require count(buy where n > 12.5) < 3 }
    )");
    const auto& set = *c->set;
    auto target = [&](const char* id) { return rule(set, id).body->aggregate.target; };
    auto operand = [&](const char* id) {
        return literal(rule(set, id).body->pattern.where->operands[0]);
    };
    ir::Literal mt = target("q.mt");
    EXPECT_EQ(mt.kind, ir::Literal::Kind::Quantity);
    EXPECT_DOUBLE_EQ(mt.number, 12e6);
    EXPECT_EQ(mt.dimension, core::Dimension::Mass);
    EXPECT_EQ(mt.unit, "Mt");
    EXPECT_EQ(rule(set, "q.mt").body->aggregate.kind, ir::Aggregate::Kind::Sum);
    EXPECT_EQ(rule(set, "q.mt").body->aggregate.op, ir::CmpOp::Ge);
    EXPECT_EQ(rule(set, "q.mt").body->aggregate.attr->slot, 0u);
    ir::Literal mmt = target("q.mmt");
    EXPECT_DOUBLE_EQ(mmt.number, 25e6);
    EXPECT_EQ(mmt.unit, "Mt");
    EXPECT_EQ(rule(set, "q.mmt").body->aggregate.kind, ir::Aggregate::Kind::Max);
    EXPECT_DOUBLE_EQ(operand("q.kt").number, 1.5e6);
    ir::Literal usd = target("q.usd");
    EXPECT_DOUBLE_EQ(usd.number, 5e8);
    EXPECT_EQ(usd.dimension, core::Dimension::Money);
    EXPECT_EQ(usd.unit, "USD");
    EXPECT_DOUBLE_EQ(operand("q.busd").number, 3e9);
    EXPECT_EQ(operand("q.pct").dimension, core::Dimension::Percent);
    EXPECT_DOUBLE_EQ(operand("q.pct").number, 15);
    EXPECT_EQ(operand("q.pp").unit, "pp");
    EXPECT_DOUBLE_EQ(operand("q.pp").number, -10);
    ir::Literal n = target("q.n");
    EXPECT_EQ(n.kind, ir::Literal::Kind::Number);
    EXPECT_DOUBLE_EQ(n.number, 25e6);
    const auto& count = rule(set, "q.count").body->aggregate;
    EXPECT_EQ(count.kind, ir::Aggregate::Kind::Count);
    EXPECT_FALSE(count.attr);
    EXPECT_EQ(count.op, ir::CmpOp::Lt);
    EXPECT_EQ(count.target.kind, ir::Literal::Kind::Number);
    EXPECT_DOUBLE_EQ(count.target.number, 3);
    EXPECT_DOUBLE_EQ(literal(count.pattern.where->operands[0]).number, 12.5);
}

TEST(Lower, ConditionsShapeAndFields) {
    auto c = ok(R"(
        event t { a: number  b: text  ok: bool  by: party  party: party  source: text }
        rule c.prec { require t where a == 1 or b == "x" and not a == 2 }
        rule c.nots { require t where not not a == 1 }
        rule c.paren { require t where (a == 1 or a == 2) and b != "y" }
        rule c.in { require t where by in [US, "CN"] and b in ["p", "q"] }
        rule c.builtin { require t where id == "f-1" and party == US and source == "s" and date >= 2026-01-01 }
        rule c.bool { require t where ok == yes and ok != false }
        rule c.esc { require t where b == "say \"hi\"\\\n" }
    )");
    const auto& set = *c->set;
    auto where = [&](const char* id) -> const ir::Condition& {
        return *rule(set, id).body->pattern.where;
    };
    // or binds loosest, not tightest: a == 1 or (b == "x" and (not a == 2)).
    const auto& prec = where("c.prec");
    EXPECT_EQ(prec.kind, ir::Condition::Kind::Or);
    ASSERT_EQ(prec.children.size(), 2u);
    EXPECT_EQ(prec.children[0]->kind, ir::Condition::Kind::Compare);
    EXPECT_EQ(prec.children[1]->kind, ir::Condition::Kind::And);
    EXPECT_EQ(prec.children[1]->children[1]->kind, ir::Condition::Kind::Not);
    EXPECT_EQ(prec.children[1]->children[1]->children[0]->op, ir::CmpOp::Eq);
    EXPECT_EQ(where("c.nots").kind, ir::Condition::Kind::Compare);
    const auto& paren = where("c.paren");
    EXPECT_EQ(paren.kind, ir::Condition::Kind::And);
    EXPECT_EQ(paren.children[0]->kind, ir::Condition::Kind::Or);
    EXPECT_EQ(paren.children[1]->op, ir::CmpOp::Ne);

    const auto& in = where("c.in");
    const auto& by = *in.children[0];
    EXPECT_EQ(by.kind, ir::Condition::Kind::In);
    EXPECT_EQ(by.field.type, core::AttrType::Party);
    ASSERT_EQ(by.operands.size(), 2u);
    EXPECT_EQ(literal(by.operands[0]).kind, ir::Literal::Kind::Party);
    EXPECT_EQ(literal(by.operands[0]).text, "US");
    EXPECT_EQ(literal(by.operands[1]).kind, ir::Literal::Kind::Party);
    EXPECT_EQ(literal(in.children[1]->operands[1]).kind, ir::Literal::Kind::Text);

    const auto& b = where("c.builtin");
    EXPECT_EQ(b.children[0]->field.kind, ir::Field::Kind::Id);
    EXPECT_EQ(b.children[1]->field.kind, ir::Field::Kind::Party);  // declared, still built in
    EXPECT_EQ(literal(b.children[1]->operands[0]).kind, ir::Literal::Kind::Party);
    EXPECT_EQ(b.children[2]->field.kind, ir::Field::Kind::Source);
    EXPECT_EQ(b.children[3]->field.kind, ir::Field::Kind::Date);
    EXPECT_EQ(b.children[3]->op, ir::CmpOp::Ge);
    EXPECT_EQ(literal(b.children[3]->operands[0]).date, D("2026-01-01"));
    // Declared `party` and `source` are the built-in fields, not slots.
    const auto& decl = set.schema.event(0);
    EXPECT_EQ(decl.attrs.size(), 4u);
    EXPECT_EQ(decl.find_attr("party"), -1);

    const auto& bl = where("c.bool");
    EXPECT_EQ(literal(bl.children[0]->operands[0]).kind, ir::Literal::Kind::Bool);
    EXPECT_TRUE(literal(bl.children[0]->operands[0]).boolean);
    EXPECT_FALSE(literal(bl.children[1]->operands[0]).boolean);
    EXPECT_EQ(literal(where("c.esc").operands[0]).text, "say \"hi\"\\\n");
}

TEST(Lower, BlocksAndSorting) {
    auto c = ok(R"(
        event x { }
        rule z.last { at least 2 of { require x  forbid x  any { require x  require x } } }
        rule a.first { all { require x } }
        rule M.upper { require x }
    )");
    const auto& set = *c->set;
    ASSERT_EQ(set.rules.size(), 3u);
    // Byte order: upper case sorts before lower case.
    EXPECT_EQ(set.rules[0].id, "M.upper");
    EXPECT_EQ(set.rules[1].id, "a.first");
    EXPECT_EQ(set.rules[2].id, "z.last");
    const auto& al = *set.rules[2].body;
    EXPECT_EQ(al.kind, ObKind::AtLeast);
    EXPECT_EQ(al.at_least, 2u);
    ASSERT_EQ(al.parts.size(), 3u);
    EXPECT_EQ(al.parts[1]->kind, ObKind::Forbid);
    EXPECT_EQ(al.parts[2]->kind, ObKind::Any);
    EXPECT_EQ(al.parts[2]->parts.size(), 2u);
    EXPECT_EQ(set.rules[1].body->kind, ObKind::All);
}

TEST(Lower, EventAndAttributeLocations) {
    auto c = ok("event a { x: text }\n\n  event b {\n    y: mass\n  }");
    const auto& schema = c->set->schema;
    EXPECT_EQ(schema.event(1).name, "b");
    EXPECT_EQ(schema.event(1).loc.pos.line, 3u);
    EXPECT_EQ(schema.event(1).loc.pos.col, 9u);
    EXPECT_EQ(schema.event(1).attrs[0].type, core::AttrType::Mass);
    EXPECT_EQ(schema.event(1).attrs[0].loc.pos.line, 4u);
    EXPECT_EQ(schema.event(1).attrs[0].loc.pos.col, 5u);
    EXPECT_EQ(schema.event(1).loc.file, "test.abide");
}

}  // namespace
}  // namespace abide::dsl
