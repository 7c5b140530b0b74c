// FactIndex built on several threads, and its per-value indexes built up front by prepare(),
// equal the single-threaded, lazily built ones.
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "tests/engine/builder.hpp"

namespace abide::etest {
namespace {

class IndexThreads : public EngineTest {
protected:
    IndexThreads() {
        // Enough facts for the index to cut them into chunks; dates out of order, types mixed.
        const char* types[] = {"meeting_held", "done", "meeting_requested", "meeting_held"};
        for (int i = 0; i < 70000; ++i) {
            std::string id = "f" + std::to_string(i);
            std::string date = "2026-" + std::string((i * 7) % 12 < 9 ? "0" : "") +
                               std::to_string((i * 7) % 12 + 1) + "-1" +
                               std::to_string((i * 13) % 10);
            std::string ref = "r" + std::to_string((i * 31) % 997);
            if (i % 10 == 9)
                fact(id, date, "undeclared_event");
            else
                fact(id, date, types[i % 4], {{"ref", text(ref)}});
        }
    }
};

TEST_F(IndexThreads, ParallelBuildAndPrepareMatchTheSerialIndex) {
    facts::FactSet& fs = facts_added();
    const facts::FactIndex serial(fs);
    const facts::FactIndex parallel(fs, 3);
    const uint32_t types = static_cast<uint32_t>(fs.schema().size());
    std::vector<std::pair<uint32_t, uint32_t>> keys;
    for (uint32_t t = 0; t < types; ++t) {
        auto a = serial.all(t), b = parallel.all(t);
        ASSERT_EQ(std::vector<uint32_t>(a.begin(), a.end()),
                  std::vector<uint32_t>(b.begin(), b.end()));
        keys.emplace_back(t, 0);
        keys.emplace_back(t, facts::FactIndex::kPartySlot);
    }
    keys.emplace_back(types + 5, 0);  // an unknown type is skipped
    parallel.prepare(keys, 3);
    parallel.prepare(keys, 2);  // already built: nothing to do
    serial.with_symbol(0, 1, 0);
    parallel.prepare({{0, 1}}, 2);  // built lazily by with_symbol() otherwise
    for (uint32_t t = 0; t < types; ++t) {
        for (uint32_t slot : {0u, 1u, facts::FactIndex::kPartySlot}) {
            for (facts::Symbol s = 0; s < fs.symbols().size(); s += 7) {
                auto a = serial.with_symbol(t, slot, s), b = parallel.with_symbol(t, slot, s);
                ASSERT_EQ(std::vector<uint32_t>(a.begin(), a.end()),
                          std::vector<uint32_t>(b.begin(), b.end()));
            }
        }
    }
}

// Facts out of date order are listed by date (ties in input order), and a window is the
// facts dated in it: the index sorts what the log did not.
TEST_F(IndexThreads, OutOfOrderFactsAreListedByDateAndCutByWindow) {
    facts::FactSet& fs = facts_added();
    for (unsigned threads : {1u, 3u}) {
        const facts::FactIndex index(fs, threads);
        for (uint32_t t = 0; t < fs.schema().size(); ++t) {
            auto all = index.all(t);
            for (size_t k = 1; k < all.size(); ++k) {
                ASSERT_LE(fs[all[k - 1]].date, fs[all[k]].date);
                if (fs[all[k - 1]].date == fs[all[k]].date) {
                    ASSERT_LT(all[k - 1], all[k]);
                }
            }
            const auto from = *core::parse_date("2026-03-10"), to = *core::parse_date("2026-05-12");
            auto in = index.range(t, from, to);
            size_t want = 0;
            for (uint32_t i : all) want += fs[i].date >= from && fs[i].date <= to;
            ASSERT_EQ(in.size(), want);
            for (uint32_t i : in) {
                EXPECT_GE(fs[i].date, from);
                EXPECT_LE(fs[i].date, to);
            }
        }
    }
}

// numbers(): the attribute's numbers of the facts of a list the index handed out, in its order
// (NaN for a fact without one); nothing for a list of its own making.
TEST_F(EngineTest, IndexNumbersFollowItsListsInOrder) {
    fact("p1", "2026-02-01", "purchase", {{"quantity", qty("4 t")}, {"commodity", text("a")}});
    fact("p2", "2026-03-01", "purchase", {{"commodity", text("b")}});
    fact("p3", "2026-01-15", "purchase", {{"quantity", qty("2.5 t")}, {"commodity", text("a")}});
    fact("p4", "2026-04-01", "purchase", {{"quantity", qty("7 t")}, {"commodity", text("a")}});
    facts::FactSet& fs = facts_added();
    const facts::FactIndex index(fs);
    const uint32_t type = *fs.schema().find("purchase");
    const auto& event = fs.schema().event(type);
    const auto quantity = static_cast<uint32_t>(event.find_attr("quantity"));
    const auto commodity = static_cast<uint32_t>(event.find_attr("commodity"));
    auto ids = [&](std::span<const uint32_t> list) {
        std::vector<std::string> out;
        for (uint32_t i : list) out.emplace_back(fs[i].id());
        return out;
    };
    auto numbers = [&](std::span<const uint32_t> list) {
        auto got = index.numbers(type, list, quantity);
        return std::vector<double>(got.begin(), got.end());
    };
    const auto all = index.all(type);
    ASSERT_EQ(ids(all), (std::vector<std::string>{"p3", "p1", "p2", "p4"}));
    const std::vector<double> got = numbers(all);
    ASSERT_EQ(got.size(), 4u);
    EXPECT_EQ(got[0], 2.5);
    EXPECT_EQ(got[1], 4);
    EXPECT_TRUE(std::isnan(got[2]));  // p2 has no quantity
    EXPECT_EQ(got[3], 7);
    // A window of the type's list, and of a per-value list.
    const auto march_on = index.range(type, d("2026-03-01"), std::nullopt);
    ASSERT_EQ(ids(march_on), (std::vector<std::string>{"p2", "p4"}));
    ASSERT_EQ(numbers(march_on).size(), 2u);
    EXPECT_EQ(numbers(march_on)[1], 7);
    const auto a = index.with_symbol(type, commodity, *fs.symbols().find("a"));
    ASSERT_EQ(ids(a), (std::vector<std::string>{"p3", "p1", "p4"}));
    EXPECT_EQ(numbers(a), (std::vector<double>{2.5, 4, 7}));
    EXPECT_EQ(numbers(a.subspan(1)), (std::vector<double>{4, 7}));
    // Not one of its lists: a copy, or another type's.
    const std::vector<uint32_t> copy(all.begin(), all.end());
    EXPECT_TRUE(numbers(copy).empty());
    EXPECT_TRUE(index.numbers(type + 1, all, quantity).empty());
}

}  // namespace
}  // namespace abide::etest
