// The JSON Lines file reader parses on a second thread while the caller checks: whatever the
// timing, a file must read exactly like the same text in memory (one thread), batch
// boundaries and errors anywhere included.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

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

}  // namespace
