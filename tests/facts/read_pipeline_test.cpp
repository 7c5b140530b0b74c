// The JSON Lines file reader parses on a second thread while the caller checks: whatever the
// timing, a file must read exactly like the same text in memory (one thread), batch
// boundaries and errors anywhere included.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

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
        EXPECT_EQ(a.facts[i].id, b.facts[i].id);
        EXPECT_EQ(a.facts[i].line, b.facts[i].line);
        EXPECT_EQ(a.facts[i].content_hash, b.facts[i].content_hash);
        EXPECT_EQ(a.facts[i].party, b.facts[i].party);
    }
    EXPECT_EQ(a.facts.symbols().size(), b.facts.symbols().size());
}

TEST(ReadPipeline, FileReadsLikeTextInMemory) {
    const std::string text = mixed_log(30000);
    fs::path dir = fs::temp_directory_path() / "abide_facts_tests";
    fs::create_directories(dir);
    fs::path path = dir / "mixed.jsonl";
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
        EXPECT_EQ(fs->duplicates, ms.duplicates);
        EXPECT_EQ(fs->errors, ms.errors);
        EXPECT_EQ(fs->undeclared, ms.undeclared);
        EXPECT_EQ(fs->rejected, !skip);
        EXPECT_GT(fs->errors, 30u);
        expect_same(file, memory);
        EXPECT_EQ(file.facts.size() > 20000u, skip);
    }
}

}  // namespace
