// The JSON Lines file reader parses on a second thread while the caller checks: whatever the
// timing, a file must read exactly like the same text in memory (one thread), batch
// boundaries and errors anywhere included.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "facts/hash.hpp"
#include "facts/read.hpp"
#include "tests/facts/helpers.hpp"

namespace {

using abide::facts::ReadOptions;
using abide::facts::testing::messages;
using abide::facts::testing::Reader;

namespace fs = std::filesystem;

// Many lines, with every kind of bad line (unparsable, invalid, conflicting duplicates, too
// long, blank, CR LF) spread across batches.
std::string mixed_log(int n) {
    std::string text;
    for (int i = 0; i < n; ++i) {
        std::string id = "f" + std::to_string(i % 7 == 3 ? i - 1 : i);  // some repeat
        if (i % 997 == 0) {
            text += "{\"id\":\"" + id + "\",\"date\":\"2026-01-0\n";  // broken JSON
        } else if (i % 1499 == 0) {
            text += "  \t\r\n";
        } else if (i % 2003 == 0) {
            text += R"({"id":")" + id +
                    R"(","date":"2026-02-30","type":"meeting"})"
                    "\r\n";
        } else {
            text += R"({"id":")" + id + R"(","date":"2026-01-)" + (i % 2 ? "01" : "02") +
                    R"(","type":")" + (i % 5 ? "soybean_purchase" : "custom") +
                    R"(","party":"CN","quantity":")" + std::to_string(i % 13) +
                    R"( t","note":"n\u00e9)" + std::to_string(i % 101) + "\"}\n";
        }
    }
    return text;
}

void expect_same(const Reader& a, const Reader& b) {
    ASSERT_EQ(a.facts.size(), b.facts.size());
    for (size_t i = 0; i < a.facts.size(); ++i) {
        EXPECT_EQ(a.facts[i].id(), b.facts[i].id());
        EXPECT_EQ(a.facts[i].line, b.facts[i].line);
        EXPECT_EQ(a.facts[i].content_hash, b.facts[i].content_hash);
        EXPECT_EQ(a.facts[i].party, b.facts[i].party);
    }
    EXPECT_EQ(a.facts.symbols().size(), b.facts.symbols().size());
}

// Writes `text` to a file and reads it both ways (file: streamed, two threads; memory: one
// thread), with and without skip_invalid; `check` adds each test's own expectations.
template <typename Check>
void read_both_ways(const std::string& name, const std::string& text, Check check) {
    fs::path dir = fs::temp_directory_path() / "abide_facts_tests";
    fs::create_directories(dir);
    fs::path path = dir / name;
    std::ofstream(path, std::ios::binary) << text;

    for (bool skip : {false, true}) {
        ReadOptions options{.skip_invalid = skip};
        Reader file;
        auto fs = abide::facts::read_facts(path.string(), file.facts, file.diags, options);
        ASSERT_TRUE(fs.ok());
        Reader memory;
        auto ms = memory.read(path.string(), text, options);
        EXPECT_EQ(messages(file.diags), messages(memory.diags));
        EXPECT_EQ(fs->lines, ms.lines);
        EXPECT_EQ(fs->added, ms.added);
        EXPECT_EQ(fs->errors, ms.errors);
        expect_same(file, memory);
        check(skip, *fs, ms, file, memory);
    }
}

TEST(ReadPipeline, FileReadsLikeTextInMemory) {
    read_both_ways("mixed.jsonl", mixed_log(30000),
                   [](bool skip, const abide::facts::ReadStats& fs,
                      const abide::facts::ReadStats& ms, const Reader& file, const Reader&) {
                       EXPECT_EQ(fs.duplicates, ms.duplicates);
                       EXPECT_EQ(fs.undeclared, ms.undeclared);
                       EXPECT_EQ(fs.rejected, !skip);
                       EXPECT_GT(fs.errors, 30u);
                       EXPECT_EQ(file.facts.size() > 20000u, skip);
                   });
}

// Lines that begin with '{' and end with '}' yet are not exactly one valid object: the file
// reader parses runs of such-looking lines as one document stream and must hand each of these
// (and what follows it) to the line-by-line parser, so that every diagnostic and fact is the
// one a line-by-line read gives.
TEST(ReadPipeline, StreamedRunsFallBackOnLinesThatAreNotOneObject) {
    const std::vector<std::string> odd = {
        R"({"id":"a1","type":"meeting","date":"2026-01-01"}{"id":"a2"})",
        R"({"id":"a3","type":"meeting","note":"})",
        R"({"id":"a4","type":"meeting","q":{"a":1})",
        R"({"id":"a5","type":"meeting","date":"2026-01-01"}})",
        R"({"id":"a6","type":"soybean_purchase","date":"2026-01-01","quantity":1e999})",
        R"({"id":"a7","type":"meeting","date":"2026-01-01","x":tru})",
        R"({"id":"a8","type":"meeting","date":"2026-01-01","x":"\q"})",
        "{\"id\":\"a9\xff\",\"type\":\"meeting\",\"date\":\"2026-01-01\"}",
        "{\"id\":\"a10\t\",\"type\":\"meeting\",\"date\":\"2026-01-01\"}",
        R"({})",
        R"({"id":11,"type":"meeting","date":"2026-01-01"})",
        R"({"id":"a12","type":"meeting","date":"2026-01-01","note":"a\\"})",
        R"({"id":"a13","type":"meeting","date":"2026-01-01","note":"a\"})",
        R"({"id":"a14","type":"meeting","date":"2026-01-01","x":[1,"y}"]})",
        R"({"id":"a15","type":"meeting","date":"2026-01-01"} {"id":"a16"})",
        R"({"id":"a17","type":"meeting","date":"2026-01-01","x":[[[[{}]]]]})",
        R"({"id":"a18","type":"meeting","date":"2026-01-01",})",
        R"({"id":"a19" "type":"meeting"})",
        R"({"id":"a20","type":"meeting","date":"2026-01-01"} 5})",
        R"({"id":"a21","type":"meeting","date":"2026-01-01","x":{"value":2,"unit":"t"}})",
        R"({"id":"a22","type":"meeting","date":"2026-01-01","x":"{\"id\":\"a23\"}"})",
    };
    std::string text;
    int id = 0;
    for (int i = 0; i < 6000; ++i) {
        if (i % 37 == 5) {
            text += odd[static_cast<size_t>(i / 37) % odd.size()];
        } else {
            text += R"({"id":"g)" + std::to_string(id++) +
                    R"(","date":"2026-01-02","type":"soybean_purchase","party":"CN","quantity":")" +
                    std::to_string(i % 13) + R"( t","note":"n\u00e9)" + std::to_string(i % 7) +
                    "\"}";
        }
        text += "\n";
    }
    text += odd[1];  // the last line too, with no line break after it
    read_both_ways("odd.jsonl", text,
                   [](bool skip, const abide::facts::ReadStats& fs, const abide::facts::ReadStats&,
                      const Reader& file, const Reader& memory) {
                       EXPECT_GT(fs.errors, 100u);
                       if (skip) {
                           for (size_t i = 0; i < file.facts.size(); ++i)
                               EXPECT_EQ(file.facts[i].content_hash, memory.facts[i].content_hash);
                       }
                   });
}

// A log of `n` distinct facts, about 110 bytes a line: past 40,000 lines the reader has sized
// the FactSet from a sample and checks ids in bulk at the end of the file (no repeat seen so
// far); `tail` follows them.
std::string distinct_log(int n, const std::string& tail) {
    std::string text;
    for (int i = 0; i < n; ++i)
        text += R"({"id":"d)" + std::to_string(i) + R"(","date":"2026-01-)" +
                (i % 2 ? "01" : "02") + R"(","type":"soybean_purchase","party":"CN","quantity":")" +
                std::to_string(i % 13) + R"( t","note":"n)" + std::to_string(i % 101) + "\"}\n";
    return text + tail;
}

// Ids repeated only after the sample, so found by the bulk check: the same content counts once,
// different content is an error naming the first line, a correction is refused; each exactly
// as a line-by-line read reports it (the file is read again with every id checked as it
// comes, so diagnostics, order and stats are the line-by-line ones).
TEST(ReadPipeline, IdsRepeatedAfterTheSampleReadLikeInMemory) {
    const int n = 60000;
    const std::string same =  // line 3 again, exactly
        R"({"id":"d2","date":"2026-01-02","type":"soybean_purchase","party":"CN","quantity":"2 t","note":"n2"})"
        "\n";
    const std::string other =  // line 11's id, another quantity
        R"({"id":"d10","date":"2026-01-02","type":"soybean_purchase","party":"CN","quantity":"99 t","note":"n10"})"
        "\n";
    const std::string fresh = R"({"id":"z1","date":"2026-01-05","type":"meeting","party":"US"})"
                              "\n";
    const std::string correction =
        R"({"id":"d20","date":"2026-01-03","type":"meeting","supersedes":true})"
        "\n";
    // The last fact's id thrice: kept once, dropped once, refused once.
    const std::string last_again =
        R"({"id":"d59999","date":"2026-01-01","type":"soybean_purchase","party":"CN","quantity":"4 t","note":"n5"})"
        "\n";
    const std::string last_changed =
        R"({"id":"d59999","date":"2026-01-09","type":"soybean_purchase","party":"CN","quantity":"4 t","note":"n82"})"
        "\n";
    const std::string tail = same + fresh + other + correction + last_again + last_changed + same;
    read_both_ways(
        "late_repeats.jsonl", distinct_log(n, tail),
        [&](bool skip, const abide::facts::ReadStats& fs, const abide::facts::ReadStats& ms,
            const Reader& file, const Reader&) {
            EXPECT_EQ(fs.duplicates, 3u);
            EXPECT_EQ(fs.duplicates, ms.duplicates);
            EXPECT_EQ(fs.errors, 3u);
            EXPECT_EQ(fs.rejected, !skip);
            const std::string m = messages(file.diags);
            EXPECT_THAT(
                m, ::testing::HasSubstr(":60003:7: " + std::string(skip ? "warning" : "error") +
                                        ": duplicate id 'd10' with different content; "
                                        "first seen at "));
            EXPECT_THAT(m, ::testing::HasSubstr(":60004:50: "));  // the correction
            EXPECT_THAT(m, ::testing::HasSubstr(":60006:7: "));   // d59999 changed
            ASSERT_EQ(file.diags.all().size(), 3u) << m;
            ASSERT_EQ(file.diags.all()[0].notes.size(), 1u);
            EXPECT_EQ(file.diags.all()[0].notes[0].pos.line, 11u);
            EXPECT_EQ(file.facts.size(), skip ? static_cast<size_t>(n) + 1 : 0u);
            if (skip) {
                ASSERT_TRUE(file.facts.find_id("z1").has_value());
                EXPECT_EQ(file.facts[*file.facts.find_id("d10")].line, 11u);
                EXPECT_EQ(file.facts[*file.facts.find_id("d59999")].line, static_cast<uint32_t>(n));
            }
        });
}

// The same fact repeated once after the sample, and nothing else: counted once, no diagnostic.
TEST(ReadPipeline, OneFactRepeatedAfterTheSampleCountsOnce) {
    const std::string again =
        R"({"id":"d7","date":"2026-01-01","type":"soybean_purchase","party":"CN","quantity":"7 t","note":"n7"})"
        "\n";
    read_both_ways("late_same.jsonl", distinct_log(60000, again),
                   [](bool, const abide::facts::ReadStats& fs, const abide::facts::ReadStats&,
                      const Reader& file, const Reader&) {
                       EXPECT_EQ(fs.duplicates, 1u);
                       EXPECT_EQ(fs.errors, 0u);
                       EXPECT_EQ(fs.added, 60000u);
                       EXPECT_TRUE(file.diags.all().empty()) << messages(file.diags);
                   });
}

// Ids are unique across the files read into one FactSet: a large second file repeating the
// first file's ids after its sample is checked against them, and every id of both is found.
TEST(ReadPipeline, IdsCheckedInBulkAgainstAnEarlierFile) {
    fs::path dir = fs::temp_directory_path() / "abide_facts_tests";
    fs::create_directories(dir);
    const fs::path first = dir / "first.jsonl", second = dir / "second.jsonl";
    std::ofstream(first, std::ios::binary)
        << R"({"id":"a1","date":"2026-01-05","type":"meeting","party":"US"})"
           "\n"
           R"({"id":"a2","date":"2026-01-05","type":"meeting","party":"US"})"
           "\n";
    {
        Reader r;  // no repeat: every id of both files is in the id table afterwards
        std::ofstream(second, std::ios::binary) << distinct_log(60000, "");
        ASSERT_TRUE(abide::facts::read_facts(first.string(), r.facts, r.diags).ok());
        auto s = abide::facts::read_facts(second.string(), r.facts, r.diags);
        ASSERT_TRUE(s.ok());
        EXPECT_EQ(s->added, 60000u);
        for (int i = 0; i < 60000; i += 997)
            EXPECT_EQ(r.facts.find_id("d" + std::to_string(i)), static_cast<uint32_t>(i + 2));
        EXPECT_EQ(r.facts.find_id("a2"), 1u);
        EXPECT_FALSE(r.facts.find_id("d60000").has_value());
    }
    {
        Reader r;  // the second file repeats a2 (same) and a1 (changed) at its end
        std::ofstream(second, std::ios::binary) << distinct_log(
            60000, R"({"id":"a2","date":"2026-01-05","type":"meeting","party":"US"})"
                   "\n"
                   R"({"id":"a1","date":"2026-01-06","type":"meeting","party":"US"})"
                   "\n");
        ASSERT_TRUE(abide::facts::read_facts(first.string(), r.facts, r.diags).ok());
        auto s = abide::facts::read_facts(second.string(), r.facts, r.diags);
        ASSERT_TRUE(s.ok());
        EXPECT_TRUE(s->rejected);
        EXPECT_EQ(s->duplicates, 1u);
        EXPECT_EQ(messages(r.diags), second.string() +
                                         ":60002:7: error: duplicate id 'a1' with different "
                                         "content; first seen at " +
                                         first.string() + ":1\n");
        ASSERT_EQ(r.diags.all()[0].notes.size(), 1u);
        EXPECT_EQ(r.diags.all()[0].notes[0].file, first.string());
        EXPECT_EQ(r.facts.size(), 2u);
        EXPECT_EQ(r.facts.find_id("a1"), 0u);
        EXPECT_FALSE(r.facts.find_id("d0").has_value());
    }
}

// Ids whose homes in a table of `slots` slots fall in the `width` slots before `end`: placed
// there, their probes run on past `end`.
std::vector<std::string> crowded_ids(size_t slots, size_t end, size_t width, size_t count,
                                     const std::string& prefix) {
    std::vector<std::string> ids;
    for (uint64_t i = 0; ids.size() < count; ++i) {
        std::string id = prefix + std::to_string(i);
        const size_t home = (abide::facts::detail::hash_bytes(id) >> 32) & (slots - 1);
        if (home < end && home + width >= end) ids.push_back(id);
    }
    return ids;
}

// Deferred ids are placed by two threads, one per half of the id table: ids crowded before
// the middle and before the end of the table run over into the other half, and are placed
// after both, in order; a repeat among them is still found, and every id stays findable.
TEST(ReadPipeline, IdsCrowdedAtTheHalvesOfTheTableArePlacedAndChecked) {
    // 90,000 lines: the id table has 2^18 slots (load <= 1/2), the deferred parts 2^17 each.
    const size_t slots = size_t{1} << 18;
    std::vector<std::string> crowded = crowded_ids(slots, slots / 2, 6, 12, "m");
    for (auto& id : crowded_ids(slots, slots, 6, 12, "w")) crowded.push_back(id);
    auto line = [](const std::string& id, const char* quantity) {
        return R"({"id":")" + id +
               R"(","date":"2026-01-03","type":"soybean_purchase","party":"CN","quantity":")" +
               quantity + "\"}\n";
    };
    std::string tail;
    for (const auto& id : crowded) tail += line(id, "1 t");
    const std::string repeat = line(crowded[3], "2 t") + line(crowded[15], "1 t");
    const int n = 90000 - static_cast<int>(crowded.size());
    read_both_ways("crowded.jsonl", distinct_log(n, tail),
                   [&](bool, const abide::facts::ReadStats& fs, const abide::facts::ReadStats&,
                       const Reader& file, const Reader&) {
                       EXPECT_EQ(fs.errors, 0u);
                       EXPECT_EQ(fs.duplicates, 0u);
                       for (size_t k = 0; k < crowded.size(); ++k)
                           EXPECT_EQ(file.facts.find_id(crowded[k]), static_cast<uint32_t>(n) + k)
                               << crowded[k];
                   });
    read_both_ways("crowded_repeat.jsonl", distinct_log(n, tail + repeat),
                   [&](bool skip, const abide::facts::ReadStats& fs, const abide::facts::ReadStats&,
                       const Reader& file, const Reader&) {
                       EXPECT_EQ(fs.errors, 1u);      // crowded[3] with another quantity
                       EXPECT_EQ(fs.duplicates, 1u);  // crowded[15] again
                       EXPECT_EQ(fs.rejected, !skip);
                       EXPECT_THAT(messages(file.diags),
                                   ::testing::HasSubstr("duplicate id '" + crowded[3] + "'"));
                   });
}

}  // namespace
