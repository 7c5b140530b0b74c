// CSV fact logs: header, RFC 4180 quoting, cells as text (language.md §7, §9.14).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/date.hpp"
#include "facts/read.hpp"
#include "tests/facts/helpers.hpp"

namespace {

using abide::core::parse_date;
using abide::core::Severity;
using abide::facts::ReadOptions;
using abide::facts::Value;
using abide::facts::testing::messages;
using abide::facts::testing::Reader;
using ::testing::HasSubstr;

TEST(ReadCsv, ValuesFromText) {
    Reader r;
    auto s = r.read("f.csv",
                    "id,date,type,party,amount,count,effective,binding,source\n"
                    "i-1,2026-01-15,investment,US,500 million USD,3,2026-02-01,yes,USTR\n"
                    "i-2 , 2025-12-31T23:30:00-05:00 ,investment,JP,\"1,000 USD\",1.5e3,,NO,\n");
    // "1,000 USD" is not a number in the language: the second row is rejected, the file with it.
    EXPECT_TRUE(s.rejected);
    ASSERT_EQ(r.diags.all().size(), 1u) << messages(r.diags);
    EXPECT_EQ(r.diags.all()[0].pos.line, 3u);
    EXPECT_THAT(r.diags.all()[0].message, HasSubstr("attribute 'amount'"));

    Reader ok;
    auto s2 = ok.read("f.csv",
                      "id,date,type,party,amount,count,effective,binding,source\n"
                      "i-1,2026-01-15,investment,US,500 million USD,3,2026-02-01,yes,USTR\n"
                      "i-2 , 2025-12-31T23:30:00-05:00 ,investment,JP,1_000 USD,1.5e3,,NO,\n");
    ASSERT_EQ(ok.facts.size(), 2u) << messages(ok.diags);
    EXPECT_EQ(s2.lines, 2u);
    EXPECT_EQ(ok.facts[0].id(), "i-1");
    EXPECT_EQ(ok.facts.source(ok.facts[0]), "USTR");
    EXPECT_DOUBLE_EQ(ok.value(0, "amount").number, 5e8);
    EXPECT_DOUBLE_EQ(ok.value(0, "count").number, 3);
    EXPECT_EQ(ok.value(0, "effective").date, parse_date("2026-02-01")->days);
    EXPECT_TRUE(ok.value(0, "binding").boolean);
    EXPECT_EQ(ok.facts[1].id(), "i-2");  // spaces around unquoted cells are trimmed
    EXPECT_EQ(ok.facts[1].date, *parse_date("2026-01-01"));
    EXPECT_DOUBLE_EQ(ok.value(1, "amount").number, 1000);
    EXPECT_DOUBLE_EQ(ok.value(1, "count").number, 1500);
    EXPECT_EQ(ok.value(1, "effective").kind, Value::Kind::Absent);  // empty cell
    EXPECT_EQ(ok.value(1, "binding").kind, Value::Kind::Bool);
    EXPECT_FALSE(ok.value(1, "binding").boolean);
    EXPECT_EQ(ok.facts.source(ok.facts[1]), "");
    EXPECT_EQ(ok.facts[1].line, 3u);
}

TEST(ReadCsv, QuotingAndMultiLineRecords) {
    Reader r;
    r.read("q.csv",
           "id,date,type,note,quantity\r\n"
           "a,2026-01-01,soybean_purchase,\"one, two\",4.2 Mt\r\n"
           "b,2026-01-02,soybean_purchase,\"she said \"\"hi\"\"\",\"25 MMT\"\r\n"
           "c,2026-01-03,soybean_purchase,\"line one\nline two\nline three\",\r\n"
           "d,2026-01-04,soybean_purchase,\"\",1 t\r\n");
    ASSERT_EQ(r.facts.size(), 4u) << messages(r.diags);
    EXPECT_EQ(r.text(r.value(0, "note").symbol), "one, two");
    EXPECT_DOUBLE_EQ(r.value(0, "quantity").number, 4.2e6);
    EXPECT_EQ(r.text(r.value(1, "note").symbol), "she said \"hi\"");
    EXPECT_DOUBLE_EQ(r.value(1, "quantity").number, 25e6);
    EXPECT_EQ(r.text(r.value(2, "note").symbol), "line one\nline two\nline three");
    EXPECT_EQ(r.value(2, "quantity").kind, Value::Kind::Absent);
    EXPECT_EQ(r.facts[2].line, 4u);                           // the record's first line
    EXPECT_EQ(r.facts[3].line, 7u);                           // lines inside quotes count
    EXPECT_EQ(r.value(3, "note").kind, Value::Kind::Absent);  // "" is empty: absent
}

TEST(ReadCsv, CellErrorsPointAtTheCell) {
    Reader r;
    r.read("e.csv",
           "id,date,type,note,quantity\n"
           "a,2026-01-01,soybean_purchase,\"multi\nline\",12\n");
    EXPECT_THAT(r.only_message(), HasSubstr("needs a unit"));
    const auto& d = r.diags.all()[0];
    EXPECT_EQ(d.pos.line, 3u);  // the physical line of the bad cell
    EXPECT_EQ(d.pos.col, 7u);
    EXPECT_EQ(d.line_text, "line\",12");
}

TEST(ReadCsv, TypeErrors) {
    auto err = [](const std::string& header, const std::string& row) {
        Reader r;
        r.read("t.csv", header + "\n" + row + "\n");
        EXPECT_EQ(r.facts.size(), 0u);
        return r.only_message();
    };
    EXPECT_THAT(err("id,date,type,count", "a,2026-01-01,investment,five"),
                HasSubstr("attribute 'count' must be a number, found 'five'"));
    EXPECT_THAT(err("id,date,type,binding", "a,2026-01-01,investment,maybe"),
                HasSubstr("must be true, false, yes or no"));
    EXPECT_THAT(err("id,date,type,amount", "a,2026-01-01,investment,5 Mt"),
                HasSubstr("must be money"));
    EXPECT_THAT(err("id,date,type,amount", "a,2026-01-01,investment,5 USDD"),
                HasSubstr("did you mean 'USD'?"));
    EXPECT_THAT(err("id,date,type,effective", "a,2026-01-01,investment,2026-02-30"),
                HasSubstr("not a calendar date"));
    EXPECT_THAT(err("id,date,type", "a,2025-13-01,meeting"), HasSubstr("not a calendar date"));
    EXPECT_THAT(err("id,date,type", ",2026-01-01,meeting"),
                HasSubstr("missing required field 'id'"));
    EXPECT_THAT(err("id,date,type", "a,2026-01-01,"), HasSubstr("missing required field 'type'"));
}

TEST(ReadCsv, UndeclaredColumnsMatterOnlyWhenFilled) {
    Reader r;
    auto s = r.read("u.csv",
                    "id,date,type,quantity,measure\n"
                    "a,2026-01-01,soybean_purchase,4 Mt,\n"
                    "b,2026-01-01,tariff_changed,,steel\n"
                    "c,2026-01-01,new_thing,1,2\n");
    ASSERT_EQ(r.facts.size(), 3u) << messages(r.diags);
    EXPECT_EQ(s.undeclared, 1u);
    EXPECT_EQ(r.facts[2].type, abide::facts::kUndeclaredType);
    Reader bad;
    bad.read("u.csv", "id,date,type,quantity,measur\nb,2026-01-01,tariff_changed,,steel\n");
    EXPECT_EQ(bad.only_message(),
              "unknown attribute 'measur' for event 'tariff_changed'; did you mean 'measure'?");
    EXPECT_EQ(bad.diags.all()[0].pos.col, 30u);  // at the cell
}

TEST(ReadCsv, RaggedRows) {
    Reader r;
    auto s = r.read(
        "r.csv", "id,date,type\na,2026-01-01,meeting\nb,2026-01-01\nc,2026-01-01,meeting,extra\n");
    EXPECT_TRUE(s.rejected);
    EXPECT_EQ(r.facts.size(), 0u);
    ASSERT_EQ(r.diags.all().size(), 2u) << messages(r.diags);
    EXPECT_EQ(r.diags.all()[0].pos.line, 3u);
    EXPECT_EQ(r.diags.all()[0].message, "this row has 2 cells; the header has 3 columns");
    EXPECT_EQ(r.diags.all()[1].pos.line, 4u);
    EXPECT_EQ(r.diags.all()[1].pos.col, 22u);  // at the first extra cell
    Reader lax;
    auto l = lax.read("r.csv", "id,date,type\na,2026-01-01,meeting\nb,2026-01-01\n",
                      {.skip_invalid = true});
    EXPECT_EQ(l.added, 1u);
    EXPECT_EQ(l.skipped, 1u);
    ASSERT_EQ(lax.diags.all().size(), 1u);
    EXPECT_EQ(lax.diags.all()[0].severity, Severity::Warning);
}

TEST(ReadCsv, HeaderErrorsRejectTheFile) {
    struct Case {
        const char* text;
        const char* expect;
        uint32_t col;
    } cases[] = {
        {"id,type,party\na,meeting,US\n", "the header has no 'date' column", 1},
        {"date,type\n2026-01-01,meeting\n", "the header has no 'id' column", 1},
        {"id,date,type,party,party\n", "duplicate column 'party' in the header", 20},
        {"id,date,,type\n", "empty column name in the header", 9},
        {"id,\"date,type\n", "unterminated quoted field", 4},
    };
    for (const auto& c : cases) {
        Reader r;
        auto s = r.read("h.csv", c.text, {.skip_invalid = true});  // even with skip_invalid
        EXPECT_TRUE(s.rejected) << c.text;
        EXPECT_EQ(r.facts.size(), 0u);
        ASSERT_EQ(r.diags.all().size(), 1u) << c.text;
        EXPECT_EQ(r.diags.all()[0].severity, Severity::Error);
        EXPECT_THAT(r.diags.all()[0].message, HasSubstr(c.expect));
        EXPECT_EQ(r.diags.all()[0].pos.line, 1u);
        EXPECT_EQ(r.diags.all()[0].pos.col, c.col) << c.text;
    }
}

TEST(ReadCsv, QuoteErrors) {
    Reader r;
    r.read("q.csv",
           "id,date,type,note\na,2026-01-01,soybean_purchase,say \"hi\"\n"
           "b,2026-01-01,soybean_purchase,\"hi\"x\n"
           "c,2026-01-01,soybean_purchase,\"never closed\nd,2026-01-01,meeting,\n");
    ASSERT_EQ(r.diags.all().size(), 3u) << messages(r.diags);
    EXPECT_THAT(r.diags.all()[0].message, HasSubstr("quote inside an unquoted field"));
    EXPECT_EQ(r.diags.all()[0].pos.line, 2u);
    EXPECT_EQ(r.diags.all()[0].pos.col, 35u);
    EXPECT_THAT(r.diags.all()[1].message, HasSubstr("unexpected character after a closing quote"));
    EXPECT_EQ(r.diags.all()[1].pos.line, 3u);
    EXPECT_THAT(r.diags.all()[2].message, HasSubstr("unterminated quoted field"));
    EXPECT_EQ(r.diags.all()[2].pos.line, 4u);
}

TEST(ReadCsv, BlankAndEmptyFiles) {
    Reader r;
    EXPECT_EQ(r.read("e.csv", "").lines, 0u);
    EXPECT_EQ(r.read("e.csv", "\n\n").lines, 0u);
    auto s = r.read("h.csv", "\xEF\xBB\xBFid,date,type\n\n a,2026-01-01,meeting\n\n");
    EXPECT_EQ(s.lines, 1u);
    EXPECT_EQ(s.added, 1u);
    EXPECT_TRUE(r.diags.all().empty()) << messages(r.diags);
    EXPECT_EQ(r.facts[0].line, 3u);
    EXPECT_EQ(r.facts[0].id(), "a");
}

TEST(ReadCsv, SameFactInCsvAndJsonCountsOnce) {
    Reader r;
    r.read(
        "a.jsonl",
        R"({"id":"a","date":"2026-01-01","type":"investment","count":5,"binding":true,"party":"US"})"
        "\n");
    auto s =
        r.read("b.csv", "id,date,type,count,binding,party\na,2026-01-01,investment,5.0,yes,US\n");
    EXPECT_EQ(s.duplicates, 1u) << messages(r.diags);
    EXPECT_EQ(r.facts.size(), 1u);
    auto c = r.read("c.csv", "id,date,type,count\na,2026-01-01,investment,6\n");
    EXPECT_TRUE(c.rejected);
    EXPECT_THAT(r.only_message(), HasSubstr("first seen at a.jsonl:1"));
}

}  // namespace
