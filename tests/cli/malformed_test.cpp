// Malformed inputs through the real binary: each must exit exactly 2 (not a signal, not a hang),
// print nothing on stdout, and report the fault as `FILE:LINE:COL: error: MESSAGE` with the
// source line and a caret (fact files: `FILE:LINE`), or `abide: error: MESSAGE` where there is
// no position (language.md §8, §9.16). A second list holds inputs the language accepts.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "tests/cli/support.hpp"

namespace abide::testing {
namespace {

// Every case gets this file as `decls.abide`: an event with one attribute of each type, and
// one rule (line 14) for `eval` to evaluate.
const char* const kDecls =
    "# Declarations shared by the cases.\n"
    "event shipment {\n"
    "  qty: mass\n"
    "  amount: money\n"
    "  share: percent\n"
    "  delta: pp\n"
    "  n: number\n"
    "  note: text\n"
    "  day: date\n"
    "  flag: bool\n"
    "  buyer: party\n"
    "}\n"
    "event meeting_requested { ref: text }\n"
    "rule t.any_shipment { require shipment by 2026-12-31 }\n";

// A valid fact for line 1 of a log, so that the faulty line is line 2.
const char* const kGood =
    R"({"id":"f-1","date":"2026-01-10","type":"shipment","party":"US","qty":"5 Mt","n":3,"note":"ok"})"
    "\n";
const char* const kCsvHeader = "id,date,type,party,qty,n,note\n";

constexpr size_t kTenMB = 10u << 20;
constexpr size_t kDeep = 100'000;

std::string repeat(const std::string& s, size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (size_t i = 0; i < n; ++i) out += s;
    return out;
}

struct InputFile {
    InputFile(std::string p, std::string c, std::string (*m)() = nullptr)
        : path(std::move(p)), content(std::move(c)), make(m) {}
    std::string path;
    std::string content;
    std::string (*make)() = nullptr;  ///< big inputs are built when the case runs
};

/// Where the error must be reported.
struct Where {
    enum class Kind { Rule, Fact, NoPosition, RuleOrNoPosition, Anywhere };
    Kind kind = Kind::Anywhere;
    std::string file;             ///< base name of the file (Rule, Fact, RuleOrNoPosition)
    std::string line = "[0-9]+";  ///< regex for the line number
    int col = 0;                  ///< exact column, 0 for any
};

Where rule_at(std::string file, int line = 0, int col = 0) {
    return {Where::Kind::Rule, std::move(file), line ? std::to_string(line) : "[0-9]+", col};
}
Where fact_at(std::string file, int line = 0) {
    return {Where::Kind::Fact, std::move(file), line ? std::to_string(line) : "[0-9]+", 0};
}
Where no_position() {
    return {Where::Kind::NoPosition, "", "", 0};
}

struct Malformed {
    Malformed(std::string n, std::vector<InputFile> f, std::vector<std::string> a, Where w = {},
              std::string al = "", std::string in = "")
        : name(std::move(n)),
          files(std::move(f)),
          args(std::move(a)),
          where(std::move(w)),
          also(std::move(al)),
          stdin_text(std::move(in)) {}
    std::string name;
    std::vector<InputFile> files;
    std::vector<std::string> args;
    Where where;
    std::string also;        ///< a further regex (case-insensitive) stderr must match
    std::string stdin_text;  ///< for `--facts -`
};

std::string escape_regex(const std::string& s) {
    static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
    return std::regex_replace(s, special, R"(\$&)");
}

std::string where_regex(const Where& w) {
    const std::string file = "(?:[^\\n]*/)?" + escape_regex(w.file);
    switch (w.kind) {
        case Where::Kind::Rule:
            return "(?:^|\\n)" + file + ":(" + w.line + "):([0-9]+): error: [^\\n]+";
        case Where::Kind::Fact:
            return "(?:^|\\n)" + file + ":(" + w.line + ")(?::([0-9]+))?: error: [^\\n]+";
        case Where::Kind::NoPosition: return "(?:^|\\n)abide: error: [^\\n]+";
        case Where::Kind::RuleOrNoPosition:
            return "(?:^|\\n)(?:" + file + ":[0-9]+:[0-9]+|abide): error: [^\\n]+";
        case Where::Kind::Anywhere: return "(?:^|\\n)[^\\n]*error: [^\\n]+";
    }
    return "";
}

std::string line_at(const std::string& s, size_t pos) {
    size_t end = s.find('\n', pos);
    return s.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
}

std::vector<Malformed> malformed_cases() {
    const std::vector<std::string> check = {"check", "@decls.abide", "@bad.abide"};
    auto eval_facts = [](std::vector<std::string> logs) {
        std::vector<std::string> a = {"eval", "@decls.abide", "--facts"};
        a.insert(a.end(), logs.begin(), logs.end());
        a.insert(a.end(), {"--as-of", "2026-06-01", "--format", "json"});
        return a;
    };
    const auto jsonl = eval_facts({"@facts.jsonl"});
    const auto csv = eval_facts({"@facts.csv"});
    auto flags = [](std::vector<std::string> extra) {
        std::vector<std::string> a = {"eval", "@decls.abide", "--facts", "@empty.jsonl"};
        // One --as-of only: a second would be an error of its own ("at most 1").
        if (std::find(extra.begin(), extra.end(), "--as-of") == extra.end())
            a.insert(a.end(), {"--as-of", "2026-06-01"});
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    };
    auto fact_line = [](const std::string& extra) {
        return std::string(kGood) + R"({"id":"f-2","date":"2026-01-11","type":"shipment")" + extra +
               "}\n";
    };
    std::string minerals = read_source_file("tests/inputs/minerals.abide");
    std::string minerals_cut = minerals.substr(0, minerals.find("within 6 months") + 10);

    std::vector<Malformed> v = {
        // --- rule files: syntax ---
        {"rule_truncated_mid_rule",
         {{"bad.abide", "rule t.cut {\n  title \"cut short\"\n  require shipment wi"}},
         check,
         rule_at("bad.abide", 3)},
        {"rule_truncated_mid_agreement",
         {{"bad.abide", minerals_cut}},
         {"check", "@bad.abide"},
         rule_at("bad.abide")},
        {"rule_unterminated_string",
         {{"bad.abide",
           "rule t.bad {\n  title \"never closed\n  require shipment by 2026-12-31\n}\n"}},
         check,
         rule_at("bad.abide", 2),
         "string|quote|terminat"},
        {"rule_unterminated_string_at_eof",
         {{"bad.abide", "rule t.bad { title \"abc"}},
         check,
         rule_at("bad.abide", 1),
         "string|quote|terminat"},
        {"rule_invalid_utf8_in_string",
         {{"bad.abide",
           "rule t.bad {\n  title \"caf\xC3\x28\"\n  require shipment by 2026-12-31\n}\n"}},
         check,
         rule_at("bad.abide", 2),
         "utf-?8|encoding|byte"},
        {"rule_invalid_utf8_in_identifier",
         {{"bad.abide", "rule t.b\xE9\xFF { require shipment by 2026-12-31 }\n"}},
         check,
         rule_at("bad.abide", 1)},
        {"rule_binary_file",
         {{"blob.bin", "",
           [] {
               std::string s(
                   "\x7f"
                   "ELF\x02\x01\x01",
                   7);
               s.append(9, '\0');
               for (int i = 0; i < 4096; ++i) s.push_back(static_cast<char>((i * 7919) & 0xff));
               return s;
           }}},
         {"check", "@decls.abide", "@blob.bin"},
         {Where::Kind::RuleOrNoPosition, "blob.bin", "", 0}},
        {"rule_10mb_line",
         {{"bad.abide", "",
           [] {
               return "rule t.long { title \"" + std::string(kTenMB, 'x') +
                      "\" require shipment by 2026-12-31 } @\n";
           }}},
         check,
         rule_at("bad.abide", 1)},
        {"rule_nesting_100000_parentheses",
         {{"bad.abide", "",
           [] {
               return "rule t.deep { require shipment where " + repeat("(", kDeep) + "n > 1" +
                      repeat(")", kDeep) + " by 2026-12-31 }\n";
           }}},
         check,
         rule_at("bad.abide", 1),
         "nest|deep|256|level"},
        {"rule_nesting_300_parentheses",
         {{"bad.abide", "",
           [] {
               return "rule t.deep { require shipment where " + repeat("(", 300) + "n > 1" +
                      repeat(")", 300) + " by 2026-12-31 }\n";
           }}},
         check,
         rule_at("bad.abide", 1),
         "nest|deep|256|level"},
        {"rule_nesting_100000_brackets",
         {{"bad.abide", "",
           [] {
               return "rule t.deep { require shipment where note in " + repeat("[", kDeep) +
                      "\"a\"" + repeat("]", kDeep) + " by 2026-12-31 }\n";
           }}},
         check,
         rule_at("bad.abide", 1)},
        {"rule_nesting_100000_all_blocks",
         {{"bad.abide", "",
           [] {
               return "rule t.deep {\n" + repeat("all { ", kDeep) +
                      "require shipment by 2026-12-31 " + repeat("} ", kDeep) + "\n}\n";
           }}},
         check,
         rule_at("bad.abide", 2),
         "nest|deep|256|level"},
        {"rule_no_obligation",
         {{"bad.abide", "rule t.bad { title \"nothing to do\" }\n"}},
         check,
         rule_at("bad.abide", 1)},
        {"rule_empty_all_block",
         {{"bad.abide", "rule t.bad { all { } }\n"}},
         check,
         rule_at("bad.abide", 1, 20)},
        {"rule_at_least_count_too_large",
         {{"bad.abide", "rule t.bad { at least 4294967296 of { require shipment } }\n"}},
         check,
         rule_at("bad.abide", 1)},
        {"rule_year_range_missing_end",
         {{"bad.abide", "rule t.bad { for y in 2026..: require shipment where n == y }\n"}},
         check,
         rule_at("bad.abide", 1, 29)},
        {"rule_date_arithmetic_out_of_range",
         {{"bad.abide", "rule t.bad { require shipment by 9999-12-31 + 1 day }\n"}},
         check,
         rule_at("bad.abide", 1)},
        // --- rule files: values ---
        {"rule_impossible_date",
         {{"bad.abide", "rule t.bad { require shipment by 2026-02-30 }\n"}},
         check,
         rule_at("bad.abide", 1, 34),
         "2026-02-30|date"},
        {"rule_impossible_signed_date",
         {{"bad.abide",
           "agreement ag {\n  signed 2025-02-29\n  rule r { require shipment by 2026-01-01 "
           "}\n}\n"}},
         check,
         rule_at("bad.abide", 2, 10),
         "2025-02-29|date"},
        {"rule_unknown_unit_in_aggregate",
         {{"bad.abide", "rule t.bad { require sum(shipment.qty) >= 12 Mg by 2026-12-31 }\n"}},
         check,
         rule_at("bad.abide", 1),
         "unit|Mg"},
        {"rule_unknown_unit_in_condition",
         {{"bad.abide", "rule t.bad { require shipment where amount > 5 EUR by 2026-12-31 }\n"}},
         check,
         rule_at("bad.abide", 1),
         "unit|EUR"},
        // --- rule files: checks ---
        {"rule_duplicate_id_across_files",
         {{"a.abide", "rule t.dup { require shipment by 2026-06-30 }\n"},
          {"b.abide", "\n# the same id again\nrule t.dup { require shipment by 2026-12-31 }\n"}},
         {"check", "@decls.abide", "@a.abide", "@b.abide"},
         rule_at("b.abide", 3),
         "a\\.abide:1"},
        {"rule_duplicate_event_across_files",
         {{"bad.abide", "event shipment { qty: mass }\n"}},
         check,
         rule_at("bad.abide", 1),
         "decls\\.abide:2"},
        {"rule_undeclared_event_did_you_mean",
         {{"bad.abide", "rule t.bad { require shipmen by 2026-12-31 }\n"}},
         check,
         rule_at("bad.abide", 1, 22),
         "did you mean [`']shipment[`']\\?"},
        {"rule_undeclared_attribute_did_you_mean",
         {{"bad.abide", "rule t.bad { require shipment where qtty > 5 Mt by 2026-12-31 }\n"}},
         check,
         rule_at("bad.abide", 1, 37),
         "did you mean [`']qty[`']\\?"},
        {"rule_window_ends_before_start",
         {{"bad.abide", "rule t.bad { require shipment between 2026-05-01 and 2026-04-01 }\n"}},
         check,
         rule_at("bad.abide", 1)},
        {"rule_window_minus_duration_ends_before_start",
         {{"bad.abide",
           "rule t.bad { require shipment from 2026-05-01 until 2026-05-01 - 1 day }\n"}},
         check,
         rule_at("bad.abide", 1)},
        {"rule_mass_compared_with_bare_number",
         {{"bad.abide", "rule t.bad { require shipment where qty > 5 by 2026-12-31 }\n"}},
         check,
         rule_at("bad.abide", 1)},
        {"rule_mass_sum_compared_with_bare_number",
         {{"bad.abide", "rule t.bad { require sum(shipment.qty) >= 5 by 2026-12-31 }\n"}},
         check,
         rule_at("bad.abide", 1)},
        {"rule_mass_compared_with_money",
         {{"bad.abide", "rule t.bad { require shipment where qty > 5 USD by 2026-12-31 }\n"}},
         check,
         rule_at("bad.abide", 1)},
        {"rule_text_ordered_comparison",
         {{"bad.abide", "rule t.bad { require shipment where note < \"m\" by 2026-12-31 }\n"}},
         check,
         rule_at("bad.abide", 1)},
        {"rule_bare_identifier_for_text",
         {{"bad.abide", "rule t.bad { require shipment where note == hello by 2026-12-31 }\n"}},
         check,
         rule_at("bad.abide", 1),
         "quot"},
        {"rule_builtin_field_declared",
         {{"bad.abide", "event bad_event { id: text }\n"}},
         check,
         rule_at("bad.abide", 1)},
        {"rule_agreement_without_signed",
         {{"bad.abide", "agreement ag {\n  rule r { require shipment by 2026-01-01 }\n}\n"}},
         check,
         rule_at("bad.abide"),
         "signed"},
        {"rule_strict_missing_title_party_cite",
         {},
         {"check", "--strict", "@decls.abide"},
         rule_at("decls.abide", 14)},
        // --- rule paths ---
        {"rule_folder_without_abide_files",
         {{"rules/README.md", "# not rules\n"}},
         {"check", "@rules"},
         no_position(),
         "rules"},
        {"rule_folder_with_only_test_files",
         {{"rules/x.test.abide", "rule t.x { require shipment by 2026-01-01 }\n"}},
         {"check", "@rules"},
         no_position(),
         "rules"},
        {"rule_file_missing", {}, {"check", "@nope.abide"}, no_position(), "nope\\.abide"},
        // --- fact logs: JSON Lines ---
        {"fact_impossible_date",
         {{"facts.jsonl", std::string(kGood) +
                              R"({"id":"f-2","date":"2026-02-30","type":"shipment"})"
                              "\n"}},
         jsonl,
         fact_at("facts.jsonl", 2),
         "date|2026-02-30"},
        {"fact_impossible_rfc3339_date",
         {{"facts.jsonl", std::string(kGood) +
                              R"({"id":"f-2","date":"2026-02-30T10:00:00Z","type":"shipment"})"
                              "\n"}},
         jsonl,
         fact_at("facts.jsonl", 2)},
        {"fact_rfc3339_date_before_year_1400",
         {{"facts.jsonl", std::string(kGood) +
                              R"({"id":"f-2","date":"1400-01-01T00:00:00+01:00","type":"shipment"})"
                              "\n"}},
         jsonl,
         fact_at("facts.jsonl", 2)},
        {"fact_rfc3339_date_after_year_9999",
         {{"facts.jsonl", std::string(kGood) +
                              R"({"id":"f-2","date":"9999-12-31T23:00:00-05:00","type":"shipment"})"
                              "\n"}},
         jsonl,
         fact_at("facts.jsonl", 2)},
        {"fact_impossible_date_attribute",
         {{"facts.jsonl", fact_line(R"(,"day":"2026-13-01")")}},
         jsonl,
         fact_at("facts.jsonl", 2)},
        {"fact_unknown_unit",
         {{"facts.jsonl", fact_line(R"(,"qty":"5 Mg")")}},
         jsonl,
         fact_at("facts.jsonl", 2),
         "unit|Mg"},
        {"fact_unterminated_string",
         {{"facts.jsonl", std::string(kGood) +
                              R"({"id":"f-2","date":"2026-01-11","type":"shipment","note":"abc})"
                              "\n"}},
         jsonl,
         fact_at("facts.jsonl", 2)},
        {"fact_text_for_number",
         {{"facts.jsonl", fact_line(R"(,"n":"abc")")}},
         jsonl,
         fact_at("facts.jsonl", 2),
         "\\bn\\b|number"},
        {"fact_number_for_text",
         {{"facts.jsonl", fact_line(R"(,"note":5)")}},
         jsonl,
         fact_at("facts.jsonl", 2),
         "note|text"},
        {"fact_quantity_without_unit",
         {{"facts.jsonl", fact_line(R"(,"qty":"5")")}},
         jsonl,
         fact_at("facts.jsonl", 2),
         "qty|unit"},
        {"fact_quantity_as_bare_number",
         {{"facts.jsonl", fact_line(R"(,"qty":5)")}},
         jsonl,
         fact_at("facts.jsonl", 2),
         "qty|unit"},
        {"fact_quantity_wrong_dimension",
         {{"facts.jsonl", fact_line(R"(,"qty":"5 USD")")}},
         jsonl,
         fact_at("facts.jsonl", 2),
         "qty|mass|USD"},
        {"fact_quantity_object_wrong_dimension",
         {{"facts.jsonl", fact_line(R"(,"amount":{"value":4.2,"unit":"Mt"})")}},
         jsonl,
         fact_at("facts.jsonl", 2),
         "amount|money|Mt"},
        {"fact_bool_not_a_bool",
         {{"facts.jsonl", fact_line(R"(,"flag":"maybe")")}},
         jsonl,
         fact_at("facts.jsonl", 2),
         "flag|bool"},
        {"fact_duplicate_id_different_content",
         {{"facts.jsonl",
           std::string(kGood) +
               R"({"id":"f-1","date":"2026-01-10","type":"shipment","party":"US","qty":"5 Mt","n":4,"note":"ok"})"
               "\n"}},
         jsonl,
         fact_at("facts.jsonl", 2),
         "f-1"},
        {"fact_duplicate_id_across_files",
         {{"facts.jsonl", kGood},
          {"more.jsonl", R"({"id":"f-1","date":"2026-01-10","type":"shipment","n":99})"
                         "\n"}},
         eval_facts({"@facts.jsonl", "@more.jsonl"}),
         fact_at("more.jsonl", 1),
         "f-1"},
        {"fact_invalid_utf8",
         {{"facts.jsonl", fact_line(",\"note\":\"caf\xC3\x28\"")}},
         jsonl,
         fact_at("facts.jsonl", 2)},
        {"fact_10mb_line",
         {{"facts.jsonl", "",
           [] {
               return std::string(kGood) +
                      R"({"id":"f-2","date":"2026-01-11","type":"shipment","note":")" +
                      std::string(kTenMB, 'x') + "\"}\n";
           }}},
         jsonl,
         fact_at("facts.jsonl", 2)},
        {"fact_nesting_100000_arrays",
         {{"facts.jsonl", "",
           [] {
               return std::string(kGood) +
                      R"({"id":"f-2","date":"2026-01-11","type":"shipment","note":)" +
                      repeat("[", kDeep) + repeat("]", kDeep) + "}\n";
           }}},
         jsonl,
         fact_at("facts.jsonl", 2)},
        {"fact_line_not_an_object",
         {{"facts.jsonl", std::string(kGood) + "[1, 2, 3]\n"}},
         jsonl,
         fact_at("facts.jsonl", 2)},
        {"fact_missing_id",
         {{"facts.jsonl", std::string(kGood) + R"({"date":"2026-01-11","type":"shipment"})"
                                               "\n"}},
         jsonl,
         fact_at("facts.jsonl", 2),
         "\\bid\\b"},
        {"fact_missing_date",
         {{"facts.jsonl", std::string(kGood) + R"({"id":"f-2","type":"shipment"})"
                                               "\n"}},
         jsonl,
         fact_at("facts.jsonl", 2),
         "date"},
        {"fact_missing_type",
         {{"facts.jsonl", std::string(kGood) + R"({"id":"f-2","date":"2026-01-11"})"
                                               "\n"}},
         jsonl,
         fact_at("facts.jsonl", 2),
         "type"},
        {"fact_bad_line_on_stdin",
         {},
         {"eval", "@decls.abide", "--facts", "-", "--as-of", "2026-06-01"},
         fact_at("<stdin>", 2),
         "",
         std::string(kGood) + "{not json}\n"},
        // --- fact logs: CSV ---
        {"fact_csv_ragged_long_row",
         {{"facts.csv", std::string(kCsvHeader) + "f-1,2026-01-01,shipment,US,5 Mt,5,ok\n" +
                            "f-2,2026-01-02,shipment,US,5 Mt,6,ok,extra\n"}},
         csv,
         fact_at("facts.csv", 3)},
        {"fact_csv_ragged_short_row",
         {{"facts.csv", std::string(kCsvHeader) + "f-1,2026-01-01,shipment,US,5 Mt,5,ok\n" +
                            "f-2,2026-01-02\n"}},
         csv,
         fact_at("facts.csv", 3)},
        {"fact_csv_unterminated_quote",
         {{"facts.csv", std::string(kCsvHeader) + "f-1,2026-01-01,shipment,US,5 Mt,5,\"abc\n" +
                            "f-2,2026-01-02,shipment,US,5 Mt,6,ok\n"}},
         csv,
         fact_at("facts.csv")},
        {"fact_csv_impossible_date",
         {{"facts.csv", std::string(kCsvHeader) + "f-1,2026-02-30,shipment,US,5 Mt,5,ok\n"}},
         csv,
         fact_at("facts.csv", 2)},
        {"fact_csv_missing_id_column",
         {{"facts.csv", "date,type,n\n2026-01-01,shipment,5\n"}},
         csv,
         fact_at("facts.csv", 1),
         "\\bid\\b"},
        {"fact_csv_10mb_record",
         {{"facts.csv", "",
           [] {
               return std::string(kCsvHeader) + "f-1,2026-01-01,shipment,US,5 Mt,5," +
                      std::string(kTenMB, 'x') + "\n";
           }}},
         csv,
         fact_at("facts.csv", 2)},
        {"fact_csv_100000_column_header_with_a_duplicate",
         {{"facts.csv", "",
           [] {
               std::string h = "id,date,type";
               for (int i = 0; i < 100'000; ++i) h += ",c" + std::to_string(i);
               return h + ",c0\n";
           }}},
         csv,
         fact_at("facts.csv", 1),
         "duplicate"},
        // --- fact paths ---
        {"fact_folder_without_logs",
         {{"logs/notes.txt", "nothing here\n"}},
         eval_facts({"@logs"}),
         no_position(),
         "logs"},
        {"fact_file_missing", {}, eval_facts({"@nope.jsonl"}), no_position(), "nope\\.jsonl"},
        {"fact_binary_file",
         {{"blob.dat", "",
           [] {
               std::string s;
               for (int i = 0; i < 4096; ++i) s.push_back(static_cast<char>((i * 131 + 7) & 0xff));
               return s;
           }}},
         eval_facts({"@blob.dat"}),
         {Where::Kind::RuleOrNoPosition, "blob.dat", "", 0}},
        // --- flags ---
        {"flag_as_of_impossible_date",
         {{"empty.jsonl", ""}},
         flags({"--as-of", "2026-02-30"}),
         no_position(),
         "as-of"},
        {"flag_as_of_not_a_date",
         {{"empty.jsonl", ""}},
         flags({"--as-of", "tomorrow"}),
         no_position(),
         "as-of"},
        {"flag_unknown",
         {{"empty.jsonl", ""}},
         flags({"--frobnicate"}),
         no_position(),
         "frobnicate"},
        {"flag_bad_format",
         {{"empty.jsonl", ""}},
         flags({"--format", "xml"}),
         no_position(),
         "format|xml"},
        {"flag_bad_fail_on",
         {{"empty.jsonl", ""}},
         flags({"--fail-on", "always"}),
         no_position(),
         "fail-on|always"},
        {"flag_negative_horizon",
         {{"empty.jsonl", ""}},
         flags({"--horizon", "-1"}),
         no_position(),
         "horizon"},
        {"flag_horizon_not_a_number",
         {{"empty.jsonl", ""}},
         flags({"--horizon", "soon"}),
         no_position(),
         "horizon|soon"},
        {"flag_eval_without_facts",
         {},
         {"eval", "@decls.abide", "--as-of", "2026-06-01"},
         no_position(),
         "facts"},
        {"flag_no_command", {}, {}, no_position()},
        {"flag_unknown_command",
         {},
         {"frobnicate", "@decls.abide"},
         no_position(),
         "unknown command 'frobnicate'"},
        {"flag_misspelt_command",
         {},
         {"evl", "@decls.abide"},
         no_position(),
         "unknown command 'evl'; did you mean 'eval'\\?"},
        // --- evaluation-time errors ---
        {"eval_negative_value_in_sum",
         {{"agg.abide", "rule t.total { require sum(shipment.qty) >= 10 Mt by 2026-12-31 }\n"},
          {"facts.jsonl", R"({"id":"f-neg","date":"2026-01-05","type":"shipment","qty":"-5 Mt"})"
                          "\n"}},
         {"eval", "@decls.abide", "@agg.abide", "--facts", "@facts.jsonl", "--as-of", "2026-06-01"},
         {},
         "f-neg"},
        {"eval_negative_value_in_max",
         {{"agg.abide", "rule t.most { require max(shipment.amount) >= 3 million USD }\n"},
          {"facts.jsonl",
           R"({"id":"f-neg","date":"2026-01-05","type":"shipment","amount":"-1 million USD"})"
           "\n"}},
         {"eval", "@decls.abide", "@agg.abide", "--facts", "@facts.jsonl", "--as-of", "2026-06-01"},
         {},
         "f-neg"},
        {"eval_trigger_window_by_before_trigger",
         {{"trig.abide",
           "rule t.meet { for each meeting_requested as req: require shipment by 2026-01-01 }\n"},
          {"facts.jsonl",
           R"({"id":"f-trig","date":"2026-01-15","type":"meeting_requested","ref":"A"})"
           "\n"}},
         {"eval", "@decls.abide", "@trig.abide", "--facts", "@facts.jsonl", "--as-of",
          "2026-06-01"},
         {},
         "f-trig"},
        {"eval_trigger_window_between_ends_before_start",
         {{"trig.abide",
           "rule t.meet { for each meeting_requested as req:\n"
           "  require shipment between 2026-03-01 and req.date }\n"},
          {"facts.jsonl",
           R"({"id":"f-trig","date":"2026-01-15","type":"meeting_requested","ref":"A"})"
           "\n"}},
         {"eval", "@decls.abide", "@trig.abide", "--facts", "@facts.jsonl", "--as-of",
          "2026-06-01"},
         {},
         "f-trig"},
        {"eval_trigger_date_arithmetic_out_of_range",
         {{"trig.abide",
           "rule t.far { for each shipment as s: require shipment within 100 years after s.date "
           "}\n"},
          {"facts.jsonl", R"({"id":"f-far","date":"9990-01-10","type":"shipment"})"
                          "\n"}},
         {"eval", "@decls.abide", "@trig.abide", "--facts", "@facts.jsonl", "--as-of",
          "9999-01-01"},
         {},
         "f-far"},
    };
    return v;
}

// gtest prints parameters in failure lines: the case name, not a byte dump.
void PrintTo(const Malformed& c, std::ostream* os) {
    *os << c.name;
}

class MalformedInput : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedInput, ExitsTwoWithAPositionedErrorAndNoOutput) {
    const Malformed& c = GetParam();
    TempDir dir;
    ASSERT_FALSE(dir.path().empty());
    dir.write("decls.abide", kDecls);
    for (const auto& f : c.files) dir.write(f.path, f.make ? f.make() : f.content);

    RunResult r = run_abide(expand(c.args, dir), c.stdin_text);
    RecordProperty("elapsed_ms", static_cast<int>(r.elapsed.count()));
    std::cout << "[   stderr ] " << line_at(r.err.substr(0, 300), 0) << '\n';
    ASSERT_TRUE(r.error.empty()) << r.error;
    ASSERT_FALSE(r.timed_out) << "abide hung (killed after the timeout)\nstderr:\n" << head(r.err);
    ASSERT_EQ(r.term_signal, 0) << "abide crashed: " << r.status() << "\nstderr:\n" << head(r.err);
    EXPECT_EQ(r.exit_code, 2) << "stderr:\n" << head(r.err) << "\nstdout:\n" << head(r.out);
    EXPECT_EQ(r.out, "") << "stdout must be empty on exit 2";
    // One bad input must not flood the terminal (long lines are cut, errors are capped).
    EXPECT_LT(r.err.size(), 64u * 1024) << head(r.err);

    // libstdc++ regexes recurse per character: search a bounded prefix.
    const std::string err = r.err.substr(0, 8 * 1024);
    // Messages never show internal names (STYLE.md): no C++ or Spirit types.
    EXPECT_FALSE(std::regex_search(err, std::regex("boost|spirit|abide::|N5abide|N5boost")))
        << "internal names in the message:\n"
        << head(err);
    std::smatch m;
    const std::regex re(where_regex(c.where), std::regex::icase);
    ASSERT_TRUE(std::regex_search(err, m, re))
        << "expected an error matching /" << where_regex(c.where) << "/\nstderr:\n"
        << head(err);
    if (!c.also.empty()) {
        EXPECT_TRUE(std::regex_search(err, std::regex(c.also, std::regex::icase)))
            << "expected stderr to match /" << c.also << "/\nstderr:\n"
            << head(err);
    }

    if (c.where.kind == Where::Kind::Rule) {
        const int col = std::stoi(m[2].str());
        if (c.where.col) {
            EXPECT_EQ(col, c.where.col) << m[0].str();
        }
        // The source line and a caret under the column follow the message (§8).
        size_t next = static_cast<size_t>(m.position(0) + m.length(0));
        ASSERT_LT(next, err.size()) << "no source line after the error";
        std::string source = line_at(err, next + 1);
        ASSERT_LT(next + 1 + source.size(), err.size()) << "no caret line after the source line";
        std::string caret = line_at(err, next + 1 + source.size() + 1);
        EXPECT_EQ(caret.find_first_not_of(" \t"), caret.size() - 1)
            << "caret line: '" << caret << "'";
        EXPECT_EQ(caret.empty() ? ' ' : caret.back(), '^');
        if (source.size() < 150 && source.rfind("  ...", 0) != 0) {
            EXPECT_EQ(caret.size(), static_cast<size_t>(col) + 2)
                << "caret not under column " << col << ":\n"
                << source << "\n"
                << caret;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Cli, MalformedInput, ::testing::ValuesIn(malformed_cases()),
                         [](const ::testing::TestParamInfo<Malformed>& info) {
                             return info.param.name;
                         });

// ---------------------------------------------------------------------------------------------
// Inputs the language accepts (language.md §2, §7, §9.14, §9.15): never exit 2, no error.

struct Accepted {
    Accepted(std::string n, std::vector<InputFile> f, std::vector<std::string> a, int e = 0,
             std::string o = "", std::vector<std::pair<std::string, std::string>> v = {},
             std::string er = "", std::string in = "")
        : name(std::move(n)),
          files(std::move(f)),
          args(std::move(a)),
          exit(e),
          out(std::move(o)),
          verdicts(std::move(v)),
          err(std::move(er)),
          stdin_text(std::move(in)) {}
    std::string name;
    std::vector<InputFile> files;
    std::vector<std::string> args;
    int exit = 0;     ///< expected exit status
    std::string out;  ///< regex stdout must match ("" for none)
    std::vector<std::pair<std::string, std::string>> verdicts;  ///< (rule, verdict) in JSON
    std::string err;  ///< regex stderr must match ("" for none)
    std::string stdin_text;
};

std::vector<Accepted> accepted_cases() {
    auto eval = [](std::vector<std::string> rules, std::string facts, std::string as_of) {
        std::vector<std::string> a = {"eval"};
        a.insert(a.end(), rules.begin(), rules.end());
        a.insert(a.end(), {"--facts", facts, "--as-of", as_of, "--format", "json"});
        return a;
    };
    std::string minerals = read_source_file("tests/inputs/minerals.abide");
    std::string crlf;
    for (char ch : minerals) {
        if (ch == '\n') crlf += '\r';
        crlf += ch;
    }
    const std::string one_shipment =
        R"({"id":"f-1","date":"2026-01-10","type":"shipment","qty":"5 Mt"})"
        "\n";
    return {
        {"empty_fact_log",
         {{"empty.jsonl", ""}},
         eval({"@decls.abide"}, "@empty.jsonl", "2026-06-01"),
         0,
         "",
         {{"t.any_shipment", "pending"}}},
        {"blank_lines_only_fact_log",
         {{"blank.jsonl", "\n\n   \n"}},
         eval({"@decls.abide"}, "@blank.jsonl", "2026-06-01"),
         0,
         "",
         {{"t.any_shipment", "pending"}}},
        {"csv_header_only",
         {{"facts.csv", "id,date,type\n"}},
         eval({"@decls.abide"}, "@facts.csv", "2026-06-01"),
         0,
         "",
         {{"t.any_shipment", "pending"}}},
        {"whole_rule_on_one_line",
         {{"one.abide", "event x_done { note: text } rule r { require x_done by 2026-01-01 }"},
          {"facts.jsonl", R"({"id":"f-1","date":"2025-12-31","type":"x_done"})"
                          "\n"}},
         eval({"@one.abide"}, "@facts.jsonl", "2026-06-01"),
         0,
         "",
         {{"r", "met"}}},
        {"whole_agreement_on_one_line",
         {{"one.abide",
           "agreement ag { signed 2026-01-01 rule r { require shipment within 6 months after "
           "signed } }"},
          {"facts.jsonl", one_shipment}},
         eval({"@decls.abide", "@one.abide"}, "@facts.jsonl", "2026-06-01"),
         0,
         "",
         {{"ag.r", "met"}}},
        {"percent_without_space",
         {{"rate.abide",
           "event rate_set { share: percent }\n"
           "rule t.rate { require rate_set where share >= 15% by 2026-12-31 }\n"},
          {"facts.jsonl", R"({"id":"f-1","date":"2026-01-10","type":"rate_set","share":"16%"})"
                          "\n"}},
         eval({"@rate.abide"}, "@facts.jsonl", "2026-06-01"),
         0,
         "",
         {{"t.rate", "met"}}},
        {"crlf_line_endings",
         {{"minerals.abide", crlf},
          {"facts.jsonl",
           "{\"id\":\"f-1\",\"date\":\"2026-04-26\",\"type\":\"ministerial_convened\","
           "\"topic\":\"mining, minerals and metals\"}\r\n"}},
         eval({"@minerals.abide"}, "@facts.jsonl", "2026-05-01"),
         1,
         "",
         {{"us_jp_minerals.ministerial", "met"}}},
        {"crlf_csv_fact_log",
         {{"facts.csv",
           "id,date,type,topic\r\nf-1,2026-04-26,ministerial_convened,\"mining, minerals and "
           "metals\"\r\n"}},
         eval({ABIDE_SOURCE_DIR "/tests/inputs/minerals.abide"}, "@facts.csv", "2026-05-01"),
         1,
         "",
         {{"us_jp_minerals.ministerial", "met"}}},
        {"comment_only_file_next_to_real_one",
         {{"rules/a.abide", "# nothing but a comment\n# and another\n"},
          {"rules/b.abide",
           "event x_done { note: text }\nrule r { require x_done by 2026-01-01 }\n"}},
         {"check", "@rules"},
         0,
         "^ok: 1 rules?"},
        {"same_fact_twice_counts_once",
         {{"facts.jsonl", one_shipment + one_shipment}},
         {"check", "@decls.abide", "--facts", "@facts.jsonl"},
         0,
         "\\b1 facts?\\b"},
        {"same_content_key_order_and_number_form",
         {{"facts.jsonl", R"({"id":"f-1","date":"2026-01-10","type":"shipment","n":5})"
                          "\n"
                          R"({"type":"shipment","n":5.0,"id":"f-1","date":"2026-01-10"})"
                          "\n"}},
         {"check", "@decls.abide", "--facts", "@facts.jsonl"},
         0,
         "\\b1 facts?\\b"},
        {"rfc3339_fact_date_counts_in_utc",
         {{"facts.jsonl", R"({"id":"f-1","date":"2026-12-31T23:30:00-05:00","type":"shipment"})"
                          "\n"}},
         eval({"@decls.abide"}, "@facts.jsonl", "2027-01-05"),
         1,
         "",
         {{"t.any_shipment", "breached"}}},
        {"every_attribute_type_and_quantity_forms",
         {{"facts.jsonl",
           R"({"id":"f-1","date":"2026-01-10","type":"shipment","party":"CN","qty":{"value":4.2,"unit":"Mt"},)"
           R"("amount":"3 million USD","share":"15 %","delta":"-10 pp","n":25,"note":"a # b","day":"2026-01-01",)"
           R"("flag":true,"buyer":"US","source":"USDA"})"
           "\n"
           R"({"id":"f-2","date":"2026-01-11","type":"shipment","qty":"25 MMT","amount":"3 billion USD"})"
           "\n"}},
         eval({"@decls.abide"}, "@facts.jsonl", "2026-06-01"),
         0,
         "",
         {{"t.any_shipment", "met"}}},
        {"csv_numbers_as_text_and_empty_cells",
         {{"facts.csv",
           "id,date,type,party,qty,n,note\nf-1,2026-01-01,shipment,US,,5,\n"
           "f-2,2026-01-02,shipment,,1000 t,,\"a, b\"\n"}},
         eval({"@decls.abide"}, "@facts.csv", "2026-06-01"),
         0,
         "",
         {{"t.any_shipment", "met"}}},
        {"conditions_units_and_strings",
         {{"cond.abide",
           "rule t.cond {\n  title \"issue #5: \\\"quoted\\\" \\\\ and\\nnewline\"  # a comment\n"
           "  require shipment where qty >= 12_000_000 t and not (note == \"x\") and buyer in [US, "
           "JP]\n"
           "    by 2026-12-31\n}\n"},
          {"facts.jsonl",
           R"({"id":"f-1","date":"2026-01-10","type":"shipment","qty":"12 Mt","buyer":"JP"})"
           "\n"}},
         eval({"@decls.abide", "@cond.abide"}, "@facts.jsonl", "2026-06-01"),
         0,
         "",
         {{"t.cond", "met"}}},
        {"nesting_100_parentheses",
         {{"deep.abide", "rule t.deep { require shipment where " + repeat("(", 100) + "n > 1" +
                             repeat(")", 100) + " by 2026-12-31 }\n"}},
         {"check", "@decls.abide", "@deep.abide"},
         0,
         "^ok:"},
        {"keywords_as_attribute_names",
         {{"kw.abide",
           "event kw_event { agreement: text  title: text  party: party  source: text }\n"
           "rule t.kw { require kw_event where agreement == \"x\" and party == US by 2026-12-31 "
           "}\n"},
          {"facts.jsonl",
           R"({"id":"f-1","date":"2026-01-10","type":"kw_event","party":"US","agreement":"x","title":"t"})"
           "\n"}},
         eval({"@kw.abide"}, "@facts.jsonl", "2026-06-01"),
         0,
         "",
         {{"t.kw", "met"}}},
        {"undeclared_fact_type_is_loaded_with_a_warning",
         {{"facts.jsonl", R"({"id":"f-1","date":"2026-01-10","type":"unheard_of","x":1})"
                          "\n"}},
         {"check", "@decls.abide", "--facts", "@facts.jsonl"},
         0,
         "^ok:",
         {},
         "warning"},
        {"skip_invalid_reports_and_keeps_good_lines",
         {{"facts.jsonl", one_shipment + R"({"id":"f-2","date":"2026-02-30","type":"shipment"})"
                                         "\n"}},
         {"eval", "@decls.abide", "--facts", "@facts.jsonl", "--as-of", "2026-06-01", "--format",
          "json", "--skip-invalid"},
         0,
         "",
         {{"t.any_shipment", "met"}},
         "facts\\.jsonl:2(:[0-9]+)?: warning: "},
        {"facts_on_stdin",
         {},
         {"eval", "@decls.abide", "--facts", "-", "--as-of", "2026-06-01", "--format", "json"},
         0,
         "",
         {{"t.any_shipment", "met"}},
         "",
         one_shipment},
        {"test_file_read_when_named",
         {{"x.test.abide", "rule t.x { require shipment by 2026-01-01 }\n"}},
         {"check", "@decls.abide", "@x.test.abide"},
         0,
         "^ok: 2 rules"},
    };
}

void PrintTo(const Accepted& c, std::ostream* os) {
    *os << c.name;
}

class AcceptedInput : public ::testing::TestWithParam<Accepted> {};

TEST_P(AcceptedInput, IsNotAnError) {
    const Accepted& c = GetParam();
    TempDir dir;
    dir.write("decls.abide", kDecls);
    for (const auto& f : c.files) dir.write(f.path, f.make ? f.make() : f.content);
    RunResult r = run_abide(expand(c.args, dir), c.stdin_text);
    ASSERT_TRUE(r.error.empty()) << r.error;
    ASSERT_FALSE(r.timed_out);
    ASSERT_EQ(r.term_signal, 0) << r.status() << "\n" << head(r.err);
    EXPECT_EQ(r.exit_code, c.exit) << "stderr:\n" << head(r.err) << "\nstdout:\n" << head(r.out);
    EXPECT_EQ(r.err.find("error:"), std::string::npos) << head(r.err);
    if (!c.out.empty()) {
        EXPECT_TRUE(std::regex_search(r.out, std::regex(c.out))) << "stdout:\n" << head(r.out);
    }
    if (!c.err.empty()) {
        EXPECT_TRUE(std::regex_search(r.err, std::regex(c.err))) << "stderr:\n" << head(r.err);
    }
    if (!c.verdicts.empty()) {
        auto doc = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
        ASSERT_FALSE(doc.is_discarded()) << "stdout is not JSON:\n" << head(r.out);
        for (const auto& [rule, verdict] : c.verdicts) {
            bool found = false;
            for (const auto& res : doc["results"]) {
                if (res.value("rule", "") != rule) continue;
                found = true;
                EXPECT_EQ(res.value("verdict", ""), verdict) << rule << ": " << res.dump();
            }
            EXPECT_TRUE(found) << rule << " missing from\n" << head(r.out);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Cli, AcceptedInput, ::testing::ValuesIn(accepted_cases()),
                         [](const ::testing::TestParamInfo<Accepted>& info) {
                             return info.param.name;
                         });

}  // namespace
}  // namespace abide::testing
