// JSON Lines reading and the checks shared with CSV (language.md §7, §9.14, §9.15).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/date.hpp"
#include "facts/read.hpp"
#include "tests/facts/helpers.hpp"

namespace {

using abide::core::parse_date;
using abide::core::Severity;
using abide::facts::Format;
using abide::facts::kUndeclaredType;
using abide::facts::ReadOptions;
using abide::facts::Value;
using abide::facts::testing::messages;
using abide::facts::testing::Reader;
using ::testing::HasSubstr;

namespace fs = std::filesystem;

fs::path temp_file(const std::string& name, const std::string& text) {
    fs::path dir = fs::temp_directory_path() / "abide_facts_tests";
    fs::create_directories(dir);
    fs::path p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

// One line's error message, read as JSON Lines.
std::string error_of(const std::string& line) {
    Reader r;
    auto stats = r.read("t.jsonl", line + "\n");
    EXPECT_EQ(r.facts.size(), 0u) << line;
    EXPECT_EQ(stats.errors, 1u) << line;
    EXPECT_TRUE(stats.rejected);
    if (r.diags.all().empty()) return "";
    EXPECT_EQ(r.diags.all()[0].severity, Severity::Error);
    EXPECT_EQ(r.diags.all()[0].pos.line, 1u);
    return r.diags.all()[0].message;
}

TEST(ReadJson, ValidLineWithEveryType) {
    Reader r;
    auto s = r.read(
        "t.jsonl",
        R"({"id":"i-1","date":"2026-01-15","type":"investment","party":"US","source":"USTR",)"
        R"("amount":"500 million USD","count":3,"effective":"2026-02-01","binding":true}
{"id":"s-1","date":"2025-12-31","type":"soybean_purchase","party":"CN","quantity":"4.2 Mt","buyer":"COFCO","note":"first, \"big\" lot"}
{"id":"t-1","date":"2025-11-10","type":"tariff_changed","party":"US","measure":"fentanyl","delta":"-10 pp","rate":"15%"}
)");
    ASSERT_EQ(r.facts.size(), 3u) << messages(r.diags);
    EXPECT_TRUE(r.diags.all().empty());
    EXPECT_EQ(s.lines, 3u);
    EXPECT_EQ(s.added, 3u);
    EXPECT_FALSE(s.rejected);

    const auto& inv = r.facts[0];
    EXPECT_EQ(inv.id(), "i-1");
    EXPECT_EQ(inv.date, *parse_date("2026-01-15"));
    EXPECT_EQ(inv.type, *r.schema.find("investment"));
    EXPECT_EQ(r.text(r.facts.type_name(inv)), "investment");
    EXPECT_EQ(r.text(inv.party), "US");
    EXPECT_EQ(r.facts.source(inv), "USTR");
    EXPECT_EQ(inv.line, 1u);
    EXPECT_EQ(r.facts.files()[r.facts.file_of(inv)], "t.jsonl");
    EXPECT_EQ(r.value(0, "amount").kind, Value::Kind::Number);
    EXPECT_DOUBLE_EQ(r.value(0, "amount").number, 5e8);
    EXPECT_DOUBLE_EQ(r.value(0, "count").number, 3);
    EXPECT_EQ(r.value(0, "effective").kind, Value::Kind::Date);
    EXPECT_EQ(r.value(0, "effective").date, parse_date("2026-02-01")->days);
    EXPECT_EQ(r.value(0, "binding").kind, Value::Kind::Bool);
    EXPECT_TRUE(r.value(0, "binding").boolean);
    // Declared `party` and `source` are the built-in fields; their slots stay Absent.
    EXPECT_EQ(r.value(0, "party").kind, Value::Kind::Absent);
    EXPECT_EQ(r.value(0, "source").kind, Value::Kind::Absent);

    EXPECT_DOUBLE_EQ(r.value(1, "quantity").number, 4.2e6);  // tonnes
    EXPECT_EQ(r.value(1, "buyer").kind, Value::Kind::Party);
    EXPECT_EQ(r.text(r.value(1, "buyer").symbol), "COFCO");
    EXPECT_EQ(r.value(1, "note").kind, Value::Kind::Text);
    EXPECT_EQ(r.text(r.value(1, "note").symbol), "first, \"big\" lot");
    EXPECT_EQ(r.facts[1].line, 2u);

    EXPECT_DOUBLE_EQ(r.value(2, "delta").number, -10);
    EXPECT_DOUBLE_EQ(r.value(2, "rate").number, 15);
    EXPECT_EQ(r.text(r.value(2, "measure").symbol), "fentanyl");
    // Equal text, equal symbol.
    EXPECT_EQ(r.facts[0].party, r.facts[2].party);
}

TEST(ReadJson, QuantitiesConvertToBaseUnits) {
    struct Case {
        const char* json;
        double base;
    } cases[] = {
        {R"("25 MMT")", 25e6},
        {R"("12_000 kt")", 12e6},
        {R"("1830 t")", 1830},
        {R"("2 million t")", 2e6},
        {R"({"value": 4.2, "unit": "Mt"})", 4.2e6},
        {R"({"unit": "kt", "value": 5})", 5000},
        {R"({"value": 3, "unit": "MMT"})", 3e6},
    };
    for (const auto& c : cases) {
        Reader r;
        r.read(
            "q.jsonl",
            std::string(R"({"id":"a","date":"2026-01-01","type":"soybean_purchase","quantity":)") +
                c.json + "}\n");
        ASSERT_EQ(r.facts.size(), 1u) << c.json << "\n" << messages(r.diags);
        EXPECT_DOUBLE_EQ(r.value(0, "quantity").number, c.base) << c.json;
    }
    Reader money;
    money.read(
        "m.jsonl",
        R"({"id":"a","date":"2026-01-01","type":"investment","amount":{"value":3,"unit":"billion USD"}})"
        "\n");
    ASSERT_EQ(money.facts.size(), 1u) << messages(money.diags);
    EXPECT_DOUBLE_EQ(money.value(0, "amount").number, 3e9);
}

TEST(ReadJson, QuantityErrors) {
    const std::string head =
        R"({"id":"a","date":"2026-01-01","type":"soybean_purchase","quantity":)";
    std::string bare = error_of(head + "1830}");
    EXPECT_THAT(bare, HasSubstr("needs a unit"));
    EXPECT_THAT(bare, HasSubstr("bare number"));
    EXPECT_THAT(bare, HasSubstr("\"1830 t\""));
    EXPECT_THAT(error_of(head + R"("1830"})"), HasSubstr("needs a unit"));
    std::string wrong = error_of(head + R"("500 USD"})");
    EXPECT_THAT(wrong, HasSubstr("must be mass"));
    EXPECT_THAT(wrong, HasSubstr("found money"));
    std::string unknown = error_of(head + R"("4.2 Mtt"})");
    EXPECT_THAT(unknown, HasSubstr("unknown unit 'Mtt'"));
    EXPECT_THAT(unknown, HasSubstr("did you mean 'Mt'?"));
    std::string obj_unknown = error_of(head + R"({"value": 4.2, "unit": "kT"}})");
    EXPECT_THAT(obj_unknown, HasSubstr("unknown unit 'kT'"));
    EXPECT_THAT(obj_unknown, HasSubstr("did you mean 'kt'?"));
    EXPECT_THAT(error_of(head + R"({"value": 4.2, "unit": "pp"}})"), HasSubstr("must be mass"));
    EXPECT_THAT(error_of(head + R"({"value": 4.2}})"), HasSubstr("must be a quantity"));
    EXPECT_THAT(error_of(head + R"({"value": 4.2, "unit": "Mt", "x": 1}})"),
                HasSubstr("must be a quantity"));
    EXPECT_THAT(error_of(head + R"(["4 Mt"]})"), HasSubstr("found an array"));
    EXPECT_THAT(
        error_of(R"({"id":"a","date":"2026-01-01","type":"tariff_changed","delta":"10 %"})"),
        HasSubstr("must be pp"));
}

TEST(ReadJson, AttributeTypeErrors) {
    const std::string inv = R"({"id":"a","date":"2026-01-01","type":"investment",)";
    EXPECT_THAT(error_of(inv + R"("count":"5"})"),
                HasSubstr("must be a number, found a string; write it without quotes"));
    EXPECT_THAT(error_of(inv + R"("count":true})"), HasSubstr("must be a number, found a boolean"));
    EXPECT_THAT(error_of(inv + R"("binding":"yes"})"),
                HasSubstr("must be true or false, found a string"));
    EXPECT_THAT(error_of(inv + R"("binding":1})"),
                HasSubstr("must be true or false, found a number"));
    EXPECT_THAT(error_of(inv + R"("effective":20260101})"), HasSubstr("must be a date"));
    EXPECT_THAT(error_of(inv + R"("effective":"2026-02-30"})"),
                HasSubstr("is not a calendar date"));
    EXPECT_THAT(error_of(inv + R"("effective":"soon"})"), HasSubstr("expected YYYY-MM-DD"));
    EXPECT_THAT(error_of(inv + R"("party":5})"),
                HasSubstr("'party' must be a string, found a number"));
    EXPECT_THAT(error_of(inv + R"("source":["a"]})"),
                HasSubstr("'source' must be a string, found an array"));
    const std::string soy = R"({"id":"a","date":"2026-01-01","type":"soybean_purchase",)";
    EXPECT_THAT(error_of(soy + R"("note":5})"),
                HasSubstr("attribute 'note' must be text (a string), found a number"));
    EXPECT_THAT(error_of(soy + R"("buyer":{"a":1}})"),
                HasSubstr("found an object (nested values are not allowed)"));
    EXPECT_THAT(error_of(soy + R"("buyer":""})"), HasSubstr("must not be empty"));
}

TEST(ReadJson, DatesAreUtcCalendarDates) {
    struct Case {
        const char* date;
        const char* utc;
    } cases[] = {
        {"2026-01-01", "2026-01-01"},
        {"2025-12-31T23:30:00-05:00", "2026-01-01"},  // forward into the next year
        {"2026-01-01T01:00:00+02:00", "2025-12-31"},  // backward
        {"2026-03-01T00:15:00.123+01:00", "2026-02-28"},
        {"2026-06-30T12:00:00Z", "2026-06-30"},
    };
    for (const auto& c : cases) {
        Reader r;
        r.read("d.jsonl", std::string(R"({"id":"a","type":"meeting","date":")") + c.date + "\"}\n");
        ASSERT_EQ(r.facts.size(), 1u) << c.date << messages(r.diags);
        EXPECT_EQ(r.facts[0].date, *parse_date(c.utc)) << c.date;
    }
    EXPECT_THAT(error_of(R"({"id":"a","type":"meeting","date":"2026-02-30"})"),
                HasSubstr("'2026-02-30' is not a calendar date"));
    EXPECT_THAT(error_of(R"({"id":"a","type":"meeting","date":"2025-13-01"})"),
                HasSubstr("'2025-13-01' is not a calendar date"));
    EXPECT_THAT(error_of(R"({"id":"a","type":"meeting","date":"01/02/2026"})"),
                HasSubstr("invalid date"));
    EXPECT_THAT(error_of(R"({"id":"a","type":"meeting","date":"2026-01-01T25:00:00Z"})"),
                HasSubstr("invalid date"));
    EXPECT_THAT(error_of(R"({"id":"a","type":"meeting","date":20260101})"),
                HasSubstr("'date' must be a string, found a number"));
}

TEST(ReadJson, RequiredFields) {
    EXPECT_EQ(error_of(R"({"date":"2026-01-01","type":"meeting"})"), "missing required field 'id'");
    EXPECT_EQ(error_of(R"({"id":"a","type":"meeting"})"), "missing required field 'date'");
    EXPECT_EQ(error_of(R"({"id":"a","date":"2026-01-01"})"), "missing required field 'type'");
    EXPECT_EQ(error_of(R"({"id":null,"date":"2026-01-01","type":"meeting"})"),
              "missing required field 'id'");
    EXPECT_EQ(error_of(R"({"id":"","date":"2026-01-01","type":"meeting"})"),
              "'id' must not be empty");
    EXPECT_EQ(error_of(R"({"id":7,"date":"2026-01-01","type":"meeting"})"),
              "'id' must be a string, found a number");
    EXPECT_EQ(error_of(R"({"id":"a","date":"2026-01-01","type":["meeting"]})"),
              "'type' must be a string, found an array");
    EXPECT_EQ(error_of(R"({"id":"a","id":"b","date":"2026-01-01","type":"meeting"})"),
              "duplicate key 'id'");
}

TEST(ReadJson, BadJsonNamesFileAndLine) {
    struct Case {
        std::string line;
        const char* expect;
    } cases[] = {
        {R"([1,2])", "expected a JSON object, found an array"},
        {R"("text")", "expected a JSON object, found a string"},
        {R"({"id":"a","date":"2026-01-01",)", "invalid JSON"},
        {R"({"id":"a","date":"2026-01-01","type":"meeting")", "invalid JSON"},
        {R"({"id":"a" "date":"2026-01-01"})", "invalid JSON"},
        {R"({"id":"a","date":"2026-01-01","type":"meeting"} extra)",
         "unexpected text after the JSON object"},
        {R"({"id":"a","date":"2026-01-01","type":"meeting"}{"id":"b"})",
         "unexpected text after the JSON object"},
        {R"({"id":"a","date":"2026-01-01","type":"meeting","note":"}"} x)",
         "unexpected text after the JSON object"},
        {R"({"id":"a","date":"2026-01-01","type":"meeting","note":"a)", "unterminated string"},
        {R"({"id":"a","date":"2026-01-01","type":"meeting","note":{"a":1})", "not closed"},
        {R"({"id":"a","date":"2026-01-01","type":"meeting","note":tru})", "invalid JSON"},
        {"{\"id\":\"a\xff\",\"date\":\"2026-01-01\",\"type\":\"meeting\"}", "invalid UTF-8"},
        {"{\"id\":\"a\",\"date\":\"2026-01-01\",\"type\":\"meeting\",\"x\":\"\xc3\"}",
         "invalid UTF-8"},
    };
    for (const auto& c : cases) {
        Reader r;
        r.read("bad.jsonl", R"({"id":"ok","date":"2026-01-01","type":"meeting"})"
                            "\n\n" +
                                c.line + "\n");
        ASSERT_EQ(r.diags.all().size(), 1u) << c.line << "\n" << messages(r.diags);
        const auto& d = r.diags.all()[0];
        EXPECT_THAT(d.message, HasSubstr(c.expect)) << c.line;
        EXPECT_EQ(d.file, "bad.jsonl");
        EXPECT_EQ(d.pos.line, 3u) << c.line;  // the blank line 2 counts
        EXPECT_EQ(r.facts.size(), 0u) << "all or nothing";
    }
    // The caret of an invalid byte points at it.
    Reader r;
    r.read("u.jsonl", "{\"id\":\"a\xff\",\"date\":\"2026-01-01\",\"type\":\"meeting\"}\n");
    ASSERT_EQ(r.diags.all().size(), 1u);
    EXPECT_EQ(r.diags.all()[0].pos.col, 9u);
}

TEST(ReadJson, UndeclaredAttributeIsRejectedWithSuggestion) {
    Reader r;
    r.read("a.jsonl", R"({"id":"a","date":"2026-01-01","type":"soybean_purchase","quantty":"4 Mt"})"
                      "\n");
    EXPECT_EQ(r.only_message(),
              "unknown attribute 'quantty' for event 'soybean_purchase'; did you mean 'quantity'?");
    EXPECT_EQ(r.diags.all()[0].pos.col, 57u);  // at the key
    EXPECT_EQ(r.diags.all()[0].line_text.substr(0, 10), R"({"id":"a",)");
    std::string far =
        error_of(R"({"id":"a","date":"2026-01-01","type":"soybean_purchase","colour":"red"})");
    EXPECT_THAT(far, HasSubstr("(declared: quantity, buyer, note)"));
    EXPECT_THAT(error_of(R"({"id":"a","date":"2026-01-01","type":"meeting","x":1})"),
                HasSubstr("declares no attributes"));
    // null is absent, even for an undeclared key.
    Reader n;
    n.read(
        "n.jsonl",
        R"({"id":"a","date":"2026-01-01","type":"soybean_purchase","quantity":null,"nope":null,"party":null})"
        "\n");
    ASSERT_EQ(n.facts.size(), 1u) << messages(n.diags);
    EXPECT_EQ(n.value(0, "quantity").kind, Value::Kind::Absent);
    EXPECT_EQ(n.facts[0].party, abide::facts::kNoSymbol);
}

TEST(ReadJson, UndeclaredTypesAreLoadedButMarked) {
    Reader r;
    auto s = r.read(
        "u.jsonl",
        R"({"id":"a","date":"2026-01-01","type":"soybean_purchse","anything":"4 Mt","n":5,"q":{"value":1,"unit":"t"}})"
        "\n"
        R"({"id":"b","date":"2026-01-01","type":"meeting"})"
        "\n");
    ASSERT_EQ(r.facts.size(), 2u) << messages(r.diags);
    EXPECT_EQ(s.undeclared, 1u);
    EXPECT_EQ(r.facts[0].type, kUndeclaredType);
    EXPECT_EQ(r.text(r.facts.type_name(r.facts[0])), "soybean_purchse");
    EXPECT_TRUE(r.facts.values(r.facts[0]).empty());
    EXPECT_TRUE(r.diags.all().empty());
    // Shape is still checked.
    EXPECT_THAT(error_of(R"({"id":"a","date":"2026-01-01","type":"nope","x":[1]})"),
                HasSubstr("nested values are not allowed"));
}

TEST(ReadJson, DuplicatesSameContentCountOnce) {
    Reader r;
    auto s = r.read(
        "d.jsonl",
        R"({"id":"a","date":"2026-01-01","type":"investment","count":5,"party":"US"})"
        "\n"
        R"({"party":"US","count":5.0,"type":"investment","date":"2026-01-01","id":"a"})"
        "\n"
        R"({"id":"a","date":"2026-01-01","type":"investment","count":5,"party":"US","binding":null})"
        "\n");
    EXPECT_TRUE(r.diags.all().empty()) << messages(r.diags);
    EXPECT_EQ(r.facts.size(), 1u);
    EXPECT_EQ(s.duplicates, 2u);
    EXPECT_EQ(s.added, 1u);
    EXPECT_EQ(s.lines, 3u);
    // Quantities compare as parsed: "25 MMT" is "25 Mt", but not "25000 kt".
    Reader q;
    auto qs = q.read(
        "q.jsonl",
        R"({"id":"a","date":"2026-01-01","type":"soybean_purchase","quantity":"25 MMT"})"
        "\n"
        R"({"id":"a","date":"2026-01-01","type":"soybean_purchase","quantity":{"value":25,"unit":"Mt"}})"
        "\n"
        R"({"id":"a","date":"2026-01-01","type":"soybean_purchase","quantity":"25000 kt"})"
        "\n");
    EXPECT_EQ(qs.duplicates, 1u);
    EXPECT_EQ(qs.errors, 1u);
}

TEST(ReadJson, ConflictingDuplicateNamesTheEarlierLine) {
    Reader r;
    auto s = r.read("c.jsonl", R"({"id":"a","date":"2026-01-01","type":"investment","count":5})"
                               "\n"
                               R"({"id":"b","date":"2026-01-01","type":"meeting"})"
                               "\n"
                               R"({"id":"a","date":"2026-01-01","type":"investment","count":6})"
                               "\n");
    EXPECT_TRUE(s.rejected);
    EXPECT_EQ(r.facts.size(), 0u);
    ASSERT_EQ(r.diags.all().size(), 1u);
    const auto& d = r.diags.all()[0];
    EXPECT_EQ(d.pos.line, 3u);
    EXPECT_EQ(d.message, "duplicate id 'a' with different content; first seen at c.jsonl:1");
    ASSERT_EQ(d.notes.size(), 1u);
    EXPECT_EQ(d.notes[0].file, "c.jsonl");
    EXPECT_EQ(d.notes[0].pos.line, 1u);
}

TEST(ReadJson, DateVersusDateTimeConflictsAcrossFiles) {
    Reader r;
    auto first = r.read("one.jsonl", R"({"id":"a","date":"2026-01-01","type":"meeting"})"
                                     "\n");
    EXPECT_EQ(first.added, 1u);
    auto same = r.read("two.jsonl", R"({"type":"meeting","id":"a","date":"2026-01-01"})"
                                    "\n");
    EXPECT_EQ(same.duplicates, 1u);
    EXPECT_EQ(same.added, 0u);
    EXPECT_FALSE(same.rejected);
    auto second = r.read("three.jsonl",
                         "\n"
                         R"({"id":"a","date":"2026-01-01T00:00:00Z","type":"meeting"})"
                         "\n");
    EXPECT_TRUE(second.rejected);
    ASSERT_EQ(r.diags.all().size(), 1u);
    EXPECT_EQ(r.diags.all()[0].file, "three.jsonl");
    EXPECT_EQ(r.diags.all()[0].pos.line, 2u);
    EXPECT_THAT(r.diags.all()[0].message, HasSubstr("first seen at one.jsonl:1"));
    EXPECT_EQ(r.facts.size(), 1u);  // the first file's fact stays
}

TEST(ReadJson, AllOrNothingAndSkipInvalid) {
    const std::string text = R"({"id":"a","date":"2026-01-01","type":"meeting"})"
                             "\n"
                             R"({"id":"b","date":"2026-02-30","type":"meeting"})"
                             "\n"
                             R"({"id":"c","date":"2026-01-03","type":"meeting"})"
                             "\n"
                             "not json\n";
    Reader strict;
    strict.read("x.jsonl", R"({"id":"z","date":"2026-01-01","type":"meeting"})"
                           "\n");  // another file
    auto s = strict.read("s.jsonl", text);
    EXPECT_TRUE(s.rejected);
    EXPECT_EQ(s.added, 0u);
    EXPECT_EQ(s.errors, 2u);
    EXPECT_EQ(strict.facts.size(), 1u);  // only the other file's fact
    EXPECT_FALSE(strict.facts.find_id("a").has_value());
    ASSERT_EQ(strict.diags.all().size(), 2u);
    EXPECT_EQ(strict.diags.all()[0].pos.line, 2u);
    EXPECT_EQ(strict.diags.all()[1].pos.line, 4u);
    EXPECT_TRUE(strict.diags.has_errors());

    Reader lax;
    auto l = lax.read("s.jsonl", text, ReadOptions{.skip_invalid = true});
    EXPECT_FALSE(l.rejected);
    EXPECT_EQ(l.added, 2u);
    EXPECT_EQ(l.skipped, 2u);
    EXPECT_EQ(lax.facts.size(), 2u);
    EXPECT_FALSE(lax.diags.has_errors());
    ASSERT_EQ(lax.diags.all().size(), 2u);
    for (const auto& d : lax.diags.all()) {
        EXPECT_EQ(d.severity, Severity::Warning);
        EXPECT_THAT(d.message, HasSubstr("line skipped"));
    }
    EXPECT_EQ(lax.diags.all()[0].pos.line, 2u);
    EXPECT_EQ(lax.diags.all()[1].pos.line, 4u);
}

TEST(ReadJson, BlankLinesAndCrLf) {
    Reader r;
    auto s =
        r.read("b.jsonl",
               "\n   \n{\"id\":\"a\",\"date\":\"2026-01-01\",\"type\":\"meeting\"}\r\n\r\n"
               "{\"id\":\"b\",\"date\":\"2026-01-01\",\"type\":\"meeting\"}");  // no final newline
    ASSERT_EQ(r.facts.size(), 2u) << messages(r.diags);
    EXPECT_EQ(s.lines, 2u);
    EXPECT_EQ(r.facts[0].line, 3u);
    EXPECT_EQ(r.facts[1].line, 5u);
}

TEST(ReadJson, EmptyInputHasNoFactsAndNoErrors) {
    Reader r;
    auto s = r.read("e.jsonl", "");
    EXPECT_EQ(s.lines, 0u);
    EXPECT_FALSE(s.rejected);
    EXPECT_TRUE(r.diags.all().empty());
    auto path = temp_file("empty.jsonl", "");
    auto f = abide::facts::read_facts(path.string(), r.facts, r.diags);
    ASSERT_TRUE(f.ok());
    EXPECT_EQ(f->added, 0u);
    auto blank = temp_file("blank.txt", "\n\n  \n");
    auto b = abide::facts::read_facts(blank.string(), r.facts, r.diags);
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->lines, 0u);
    EXPECT_TRUE(r.diags.all().empty());
    EXPECT_EQ(r.facts.size(), 0u);
}

TEST(ReadJson, UnreadablePathsAreErrors) {
    Reader r;
    auto dir = abide::facts::read_facts(fs::temp_directory_path().string(), r.facts, r.diags);
    ASSERT_FALSE(dir.ok());
    EXPECT_THAT(dir.error().message, HasSubstr("is a directory"));
    auto missing = abide::facts::read_facts("/nonexistent/facts.jsonl", r.facts, r.diags);
    ASSERT_FALSE(missing.ok());
    EXPECT_THAT(missing.error().message, HasSubstr("/nonexistent/facts.jsonl"));
    EXPECT_TRUE(r.diags.all().empty());
}

TEST(ReadJson, TenMegabyteLineIsRejectedNotRead) {
    std::string huge = R"({"id":"big","date":"2026-01-01","type":"soybean_purchase","note":")" +
                       std::string(10 << 20, 'x') + "\"}";
    std::string text = R"({"id":"a","date":"2026-01-01","type":"meeting"})"
                       "\n" +
                       huge + "\n" +
                       R"({"id":"b","date":"2026-01-01","type":"meeting"})"
                       "\n";
    {
        Reader r;  // in memory
        auto s = r.read("big.jsonl", text, ReadOptions{.skip_invalid = true});
        EXPECT_EQ(s.added, 2u);
        ASSERT_EQ(r.diags.all().size(), 1u);
        EXPECT_THAT(r.diags.all()[0].message, HasSubstr("line too long"));
        EXPECT_EQ(r.diags.all()[0].pos.line, 2u);
        EXPECT_TRUE(r.diags.all()[0].line_text.empty());  // not copied into the diagnostic
    }
    {
        Reader r;  // streamed from a file, crossing chunk boundaries
        auto path = temp_file("big.jsonl", text);
        auto s = abide::facts::read_facts(path.string(), r.facts, r.diags);
        ASSERT_TRUE(s.ok());
        EXPECT_TRUE(s->rejected);
        ASSERT_EQ(r.diags.all().size(), 1u) << messages(r.diags);
        EXPECT_THAT(r.diags.all()[0].message, HasSubstr("line too long"));
        EXPECT_EQ(r.diags.all()[0].file, path.string());
        EXPECT_EQ(r.diags.all()[0].pos.line, 2u);
        Reader lax;
        auto l =
            abide::facts::read_facts(path.string(), lax.facts, lax.diags, {.skip_invalid = true});
        ASSERT_TRUE(l.ok());
        EXPECT_EQ(l->added, 2u);
        EXPECT_TRUE(lax.facts.find_id("b").has_value());
        EXPECT_EQ(lax.facts[*lax.facts.find_id("b")].line, 3u);
    }
}

TEST(ReadJson, StreamedFileMatchesInMemoryAcrossChunks) {
    // ~9 MB: more than two read chunks, so lines straddle chunk boundaries.
    std::string text;
    const int n = 90000;
    for (int i = 0; i < n; ++i) {
        text += R"({"id":"f)" + std::to_string(i) + R"(","date":"2026-01-)" +
                (i % 2 ? "01" : "02") + R"(","type":"soybean_purchase","party":"CN","quantity":")" +
                std::to_string(i) + R"( t","note":")" + std::string(50, 'n') + "\"}\n";
        if (i == 70000) text += "{broken\n";
    }
    auto path = temp_file("many.jsonl", text);
    Reader r;
    auto s = abide::facts::read_facts(path.string(), r.facts, r.diags, {.skip_invalid = true});
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->added, static_cast<size_t>(n));
    EXPECT_EQ(s->skipped, 1u);
    ASSERT_EQ(r.diags.all().size(), 1u);
    EXPECT_EQ(r.diags.all()[0].pos.line, 70002u);
    auto last = r.facts.find_id("f89999");
    ASSERT_TRUE(last.has_value());
    EXPECT_EQ(r.facts[*last].line, static_cast<uint32_t>(n + 1));
    EXPECT_DOUBLE_EQ(r.value(*last, "quantity").number, 89999);
    Reader m;
    m.read("many.jsonl", text, {.skip_invalid = true});
    EXPECT_EQ(m.facts.size(), r.facts.size());
}

TEST(ReadJson, FormatByExtensionOrFirstCharacter) {
    EXPECT_EQ(abide::facts::format_for_path("a.csv"), Format::Csv);
    EXPECT_EQ(abide::facts::format_for_path("A.CSV"), Format::Csv);
    EXPECT_EQ(abide::facts::format_for_path("a.jsonl"), Format::JsonLines);
    EXPECT_EQ(abide::facts::format_for_path("a.ndjson"), Format::JsonLines);
    EXPECT_EQ(abide::facts::format_for_path("a.json"), Format::JsonLines);
    EXPECT_EQ(abide::facts::format_for_path("facts.log"), Format::Auto);
    Reader r;
    auto j = temp_file("sniff1.log",
                       "\n  {\"id\":\"a\",\"date\":\"2026-01-01\",\"type\":\"meeting\"}\n");
    auto c = temp_file("sniff2.log", "id,date,type\nb,2026-01-01,meeting\n");
    ASSERT_TRUE(abide::facts::read_facts(j.string(), r.facts, r.diags).ok());
    ASSERT_TRUE(abide::facts::read_facts(c.string(), r.facts, r.diags).ok());
    EXPECT_TRUE(r.diags.all().empty()) << messages(r.diags);
    EXPECT_EQ(r.facts.size(), 2u);
    // An explicit format wins over the extension.
    Reader f;
    f.read("x.csv",
           R"({"id":"a","date":"2026-01-01","type":"meeting"})"
           "\n",
           {.format = Format::JsonLines});
    EXPECT_EQ(f.facts.size(), 1u);
}

TEST(ReadJson, ErrorFloodIsCapped) {
    std::string text;
    for (int i = 0; i < 3000; ++i) text += "nope\n";
    Reader lax;
    auto s = lax.read("flood.jsonl", text, {.skip_invalid = true});
    EXPECT_EQ(s.skipped, 3000u);
    EXPECT_EQ(lax.diags.all().size(), 1001u);
    EXPECT_THAT(lax.diags.all().back().message, HasSubstr("2000 more invalid lines skipped"));
    EXPECT_EQ(lax.diags.all().back().pos.line, 1001u);
}

// Reads `text` in memory, line by line, and from a file, whose reader parses runs of lines as
// streams; `check` sees each Reader.
template <class Check>
void read_both_ways(const std::string& name, const std::string& text, ReadOptions options,
                    Check check) {
    fs::path path = temp_file(name, text);
    for (bool from_file : {false, true}) {
        SCOPED_TRACE(from_file ? "from a file" : "in memory");
        Reader r;
        if (from_file)
            (void)abide::facts::read_facts(path.string(), r.facts, r.diags, options);
        else
            r.read(name, text, options);
        check(r);
    }
}

// Strings without escapes are taken as written, the others unescaped: either spelling of a key
// or a value reads the same, line by line (in memory) and in the file reader's streamed runs.
TEST(ReadJson, EscapedAndPlainStringsReadTheSame) {
    const std::string text =
        R"({"id":"a1","date":"2026-01-01","type":"meeting","party":"CN"})"
        "\n"
        R"({"i\u0064":"a\u0032","d\u0061te":"2026-01-01","type":"me\u0065ting","party":"C\u004e"})"
        "\n"
        R"({"id":"a\"3\\","date":"2026-01-01","type":"meeting","party":"CN\/"})"
        "\n"
        R"({"id" : "a4" , "date" :"2026-01-01" ,"type":"meeting","party":"CN" })"
        "\n";
    read_both_ways("escapes.jsonl", text, {}, [](Reader& r) {
        EXPECT_TRUE(r.diags.all().empty()) << messages(r.diags);
        ASSERT_EQ(r.facts.size(), 4u);
        EXPECT_EQ(r.facts[1].id(), "a2");
        EXPECT_EQ(r.facts[2].id(), "a\"3\\");
        EXPECT_EQ(r.facts[3].id(), "a4");
        for (size_t i = 0; i < 4; ++i) EXPECT_EQ(r.facts[i].type, r.facts[0].type);
        EXPECT_EQ(r.text(r.facts[0].party), "CN");
        EXPECT_EQ(r.facts[1].party, r.facts[0].party);
        EXPECT_EQ(r.text(r.facts[2].party), "CN/");
        EXPECT_EQ(r.facts[3].party, r.facts[0].party);
        EXPECT_EQ(r.facts[1].date, r.facts[0].date);
    });
}

// Strings are scanned for their end sixteen bytes at a time: a quote or an escape on either
// side of a step's edge, and strings that end exactly there, read as written.
TEST(ReadJson, StringsEndingOrEscapedAroundSixteenBytesReadRight) {
    std::string text;
    std::vector<std::string> want;
    for (size_t len : {14u, 15u, 16u, 17u, 31u, 32u, 33u}) {
        std::string plain_id(len, 'p');
        plain_id.back() = static_cast<char>('0' + len % 10);
        want.push_back(plain_id);
        text += R"({"id":")" + plain_id +
                R"(","date":"2026-01-01","type":"meeting"})"
                "\n";
        for (size_t at : {len - 2, len - 1}) {
            std::string raw(len, 'e'), read(len, 'e');
            raw.replace(at, 1, "\\\"");  // an escaped quote, two bytes raw, one read
            read[at] = '"';
            raw += std::to_string(len) + "_" + std::to_string(at);
            read += std::to_string(len) + "_" + std::to_string(at);
            want.push_back(read);
            text += R"({"id":")" + raw +
                    R"(","date":"2026-01-01","type":"meeting"})"
                    "\n";
        }
    }
    read_both_ways("sixteen.jsonl", text, {}, [&](Reader& r) {
        EXPECT_TRUE(r.diags.all().empty()) << messages(r.diags);
        ASSERT_EQ(r.facts.size(), want.size());
        for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(r.facts[i].id(), want[i]) << i;
    });
}

// A raw control byte inside a string is invalid JSON, refused with its line (the reader then
// counts on every string it takes as written needing no escaping in JSON output).
TEST(ReadJson, RawControlBytesInStringsAreRefused) {
    const std::string text =
        "{\"id\":\"a\tb\",\"date\":\"2026-01-01\",\"type\":\"meeting\"}\n"
        "{\"id\":\"c\",\"date\":\"2026-01-01\",\"type\":\"meeting\"}\n"
        "{\"id\":\"d\",\"date\":\"2026-01-01\",\"type\":\"meeting\",\"party\":\"C\x01N\"}\n"
        "{\"id\":\"e\",\"date\":\"2026-01-01\",\"type\":\"meeting\"}\n";
    read_both_ways("controls.jsonl", text, {.skip_invalid = true}, [](Reader& r) {
        ASSERT_EQ(r.facts.size(), 2u) << messages(r.diags);
        EXPECT_EQ(r.facts[0].id(), "c");
        EXPECT_EQ(r.facts[1].id(), "e");
        EXPECT_TRUE(r.facts[0].id_is_plain());
        // Each at its line and at the byte itself.
        std::vector<std::pair<uint32_t, uint32_t>> at;
        for (const auto& d : r.diags.all())
            if (d.message.find("control character") != std::string::npos)
                at.emplace_back(d.pos.line, d.pos.col);
        EXPECT_THAT(at, testing::ElementsAre(std::pair{1u, 9u}, std::pair{3u, 58u}))
            << messages(r.diags);
    });
}

}  // namespace
