// FactSet and Interner: the storage every reader fills (facts/fact.hpp).
#include "facts/fact.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "facts/hash.hpp"
#include "tests/facts/helpers.hpp"

namespace {

using abide::facts::Fact;
using abide::facts::FactSet;
using abide::facts::Interner;
using abide::facts::kNoSymbol;
using abide::facts::kUndeclaredType;
using abide::facts::NewFact;
using abide::facts::Symbol;
using abide::facts::Value;

// The tables' storage: zero however large (calloc hands a large one over untouched), moved
// without copying, its bytes exactly its elements (what the reader prefaults).
TEST(ZeroedArray, ZeroFilledMovedAndSized) {
    abide::facts::ZeroedArray<Interner::Slot> big(1 << 20);
    ASSERT_EQ(big.size(), size_t{1} << 20);
    EXPECT_EQ(big.bytes().size(), big.size() * sizeof(Interner::Slot));
    for (size_t i = 0; i < big.size(); i += 4093) {
        EXPECT_EQ(big[i].key, 0u);
        EXPECT_EQ(big[i].text, nullptr);
    }
    big[7].key = 42;
    const auto* data = big.begin();
    abide::facts::ZeroedArray<Interner::Slot> moved(std::move(big));
    EXPECT_TRUE(big.empty());
    EXPECT_EQ(moved.begin(), data);
    EXPECT_EQ(moved[7].key, 42u);
    abide::facts::ZeroedArray<uint64_t> none;
    EXPECT_TRUE(none.bytes().empty());
    moved = abide::facts::ZeroedArray<Interner::Slot>(3);
    EXPECT_EQ(moved.size(), 3u);
    EXPECT_EQ(moved[2].key, 0u);
}

TEST(Interner, EqualTextEqualSymbolAndViewsStayValid) {
    Interner in;
    Symbol a = in.intern("gallium");
    std::string_view view = in.text(a);
    std::vector<Symbol> many;
    for (int i = 0; i < 100000; ++i) many.push_back(in.intern("item" + std::to_string(i)));
    EXPECT_EQ(in.intern("gallium"), a);
    EXPECT_EQ(view, "gallium");
    EXPECT_EQ(view.data(), in.text(a).data());  // not moved by growth
    EXPECT_EQ(in.size(), 100001u);
    for (int i = 0; i < 100000; i += 997) {
        EXPECT_EQ(in.text(many[i]), "item" + std::to_string(i));
        EXPECT_EQ(in.find("item" + std::to_string(i)), many[i]);
    }
    EXPECT_FALSE(in.find("germanium").has_value());
    EXPECT_EQ(in.text(in.intern("")), "");
    std::string big(100000, 'x');  // larger than an arena block
    EXPECT_EQ(in.text(in.intern(big)), big);
}

// Texts of every length class the slot compare handles (0, 1..3, 4..7, 8..16, longer, longer
// than an arena block), differing only in their last byte or only in length: each keeps its
// own dense, first-seen symbol, before and after the table grows.
TEST(Interner, TextsDifferingInLastByteOrLengthStayDistinct) {
    Interner in;
    std::vector<std::string> texts;
    for (size_t n : {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 64, 70000})
        for (char last : {'a', 'b'}) texts.push_back(std::string(n, 'q') + last);
    std::vector<Symbol> syms;
    for (const auto& t : texts) syms.push_back(in.intern(t));
    for (size_t k = 0; k < syms.size(); ++k) EXPECT_EQ(syms[k], k);
    for (int i = 0; i < 50000; ++i) in.intern("r" + std::to_string(i));  // grows the table
    for (size_t k = 0; k < texts.size(); ++k) {
        EXPECT_EQ(in.intern(texts[k]), syms[k]);
        EXPECT_EQ(in.find(texts[k]), syms[k]);
        EXPECT_EQ(in.text(syms[k]), texts[k]);
    }
    EXPECT_EQ(in.size(), texts.size() + 50000);
    EXPECT_FALSE(in.find(std::string(16, 'q') + 'c').has_value());
    EXPECT_FALSE(in.find(std::string(18, 'q')).has_value());
}

NewFact make_fact(std::string_view id, uint32_t type, uint32_t line) {  // id must outlive the Fact
    NewFact f;
    f.id = id;
    f.type = type;
    f.line = line;
    f.date.days = 20000;
    return f;
}

TEST(FactSet, AddFindValuesAndTruncateRestoreState) {
    auto schema = abide::facts::testing::test_schema();
    FactSet fs(schema);
    uint32_t soy = *schema.find("soybean_purchase");  // 3 attributes
    uint32_t meeting = *schema.find("meeting");       // none
    for (uint32_t i = 0; i < 5000; ++i) {
        std::string id = "f-" + std::to_string(i);  // a temporary: add copies it
        Value v;
        v.kind = Value::Kind::Number;
        v.number = i;
        uint32_t type = i % 3 == 0 ? meeting : i % 3 == 1 ? soy : kUndeclaredType;
        std::vector<Value> vals(type == soy ? 3 : 0, v);
        if (type == soy) vals.resize(1);  // a short span is padded with Absent
        EXPECT_EQ(fs.add(make_fact(id, type, i + 1), vals), i);
    }
    ASSERT_EQ(fs.size(), 5000u);
    for (uint32_t i = 0; i < 5000; ++i) {
        auto idx = fs.find_id("f-" + std::to_string(i));
        ASSERT_TRUE(idx.has_value());
        EXPECT_EQ(*idx, i);
        const Fact& f = fs[i];
        EXPECT_EQ(f.id(), "f-" + std::to_string(i));
        auto vals = fs.values(f);
        if (f.type == soy) {
            ASSERT_EQ(vals.size(), 3u);
            EXPECT_EQ(vals[0].kind, Value::Kind::Number);
            EXPECT_EQ(vals[0].number, i);
            EXPECT_EQ(vals[1].kind, Value::Kind::Absent);
        } else {
            EXPECT_TRUE(vals.empty());
        }
    }
    EXPECT_FALSE(fs.find_id("f-5000").has_value());

    fs.truncate(1234);
    EXPECT_EQ(fs.size(), 1234u);
    for (uint32_t i = 0; i < 5000; ++i)
        EXPECT_EQ(fs.find_id("f-" + std::to_string(i)).has_value(), i < 1234) << i;
    // Adding again after a truncate reuses the ids and the value slots.
    Value v;
    v.kind = Value::Kind::Text;
    v.symbol = 7;
    std::vector<Value> vals(3, v);
    uint32_t idx = fs.add(make_fact("f-4000", soy, 9), vals);
    EXPECT_EQ(idx, 1234u);
    EXPECT_EQ(fs.find_id("f-4000"), 1234u);
    EXPECT_EQ(fs.values(fs[idx])[2].symbol, 7u);
    EXPECT_EQ(fs.find_id("f-1233"), 1233u);

    fs.truncate(0);
    EXPECT_EQ(fs.size(), 0u);
    EXPECT_FALSE(fs.find_id("f-0").has_value());
    fs.truncate(10);  // no-op past the end
    EXPECT_EQ(fs.size(), 0u);
}

// Type names, files and sources are kept beside the facts, not in them: each fact must still
// get its own back, across files, undeclared types and a truncation.
// Sums and maxima refuse negative numbers; the engine asks has_negative() before streaming a
// report instead of reading every fact of the type again.
TEST(FactSet, NegativeNumbersAreNotedPerTypeAndSlotAndForgottenWithTheirFacts) {
    auto schema = abide::facts::testing::test_schema();
    FactSet fs(schema);
    const uint32_t soy = *schema.find("soybean_purchase");  // quantity, buyer, note
    const uint32_t inv = *schema.find("investment");        // amount, count, ...
    auto number = [](double x) {
        Value v;
        v.kind = Value::Kind::Number;
        v.number = x;
        return v;
    };
    fs.add(make_fact("a", soy, 1), std::vector<Value>{number(5), Value{}, Value{}});
    fs.add(make_fact("b", inv, 2), std::vector<Value>{number(0), number(-0.0)});
    EXPECT_FALSE(fs.has_negative(soy, 0));
    EXPECT_FALSE(fs.has_negative(inv, 0));
    EXPECT_FALSE(fs.has_negative(inv, 1));  // -0 is not below 0
    fs.add(make_fact("c", inv, 3), std::vector<Value>{number(1), number(-2)});
    EXPECT_TRUE(fs.has_negative(inv, 1));
    EXPECT_FALSE(fs.has_negative(inv, 0));
    EXPECT_FALSE(fs.has_negative(soy, 1));
    EXPECT_FALSE(fs.has_negative(kUndeclaredType, 0));
    fs.add(make_fact("d", kUndeclaredType, 4), std::vector<Value>{number(-1)});
    EXPECT_FALSE(fs.has_negative(soy, 0));
    fs.truncate(2);  // "c" goes, and with it the only negative number
    EXPECT_FALSE(fs.has_negative(inv, 1));
    fs.add(make_fact("e", soy, 5), std::vector<Value>{number(-3)});
    EXPECT_TRUE(fs.has_negative(soy, 0));
    fs.truncate(2);
    EXPECT_FALSE(fs.has_negative(soy, 0));
}

TEST(FactSet, TypeNamesFilesAndSourcesSurviveTruncation) {
    auto schema = abide::facts::testing::test_schema();
    FactSet fs(schema);
    fs.add_file("a.jsonl");
    fs.add_file("b.jsonl");
    Symbol declared = fs.symbols().intern("soybean_purchase");
    Symbol odd = fs.symbols().intern("odd_event"), odder = fs.symbols().intern("odder_event");
    auto add = [&](std::string id, uint32_t type, Symbol name, uint32_t file, std::string src) {
        NewFact f = make_fact(id, type, 7);
        f.type_name = name;
        f.file = file;
        f.source = src;
        fs.add(f, {});
    };
    add("a1", 0, declared, 0, "s1");
    add("a2", kUndeclaredType, odd, 0, "");
    add("b1", kUndeclaredType, odder, 1, "s1");
    add("a3", 0, declared, 0, "s2");
    size_t keep = fs.size();
    add("b2", kUndeclaredType, odder, 1, "s3");
    fs.truncate(keep);
    add("b3", 0, declared, 1, "s4");
    ASSERT_EQ(fs.size(), 5u);
    const std::vector<std::tuple<std::string, Symbol, uint32_t, std::string>> want = {
        {"a1", declared, 0, "s1"},
        {"a2", odd, 0, ""},
        {"b1", odder, 1, "s1"},
        {"a3", declared, 0, "s2"},
        {"b3", declared, 1, "s4"}};
    for (size_t i = 0; i < want.size(); ++i) {
        const auto& [id, name, file, src] = want[i];
        EXPECT_EQ(fs[i].id(), id);
        EXPECT_EQ(fs.type_name(fs[i]), name) << id;
        EXPECT_EQ(fs.file_of(fs[i]), file) << id;
        EXPECT_EQ(fs.source(fs[i]), src) << id;
    }
}

// Reports write an id without escaping when the FactSet marks it plain.
TEST(FactSet, IdsWithCharactersJsonEscapesAreNotPlain) {
    auto schema = abide::facts::testing::test_schema();
    FactSet fs(schema);
    const std::vector<std::pair<std::string, bool>> ids = {{"e1", true},
                                                           {"f-0007 with spaces and ü", true},
                                                           {"a\"b", false},
                                                           {"a\\b", false},
                                                           {"x\ny", false},
                                                           {std::string(40, 'k') + "\x01", false},
                                                           {std::string(40, 'k'), true}};
    for (const auto& [id, plain] : ids) fs.add(make_fact(id, kUndeclaredType, 1), {});
    for (size_t i = 0; i < ids.size(); ++i) {
        EXPECT_EQ(fs[i].id(), ids[i].first);
        EXPECT_EQ(fs[i].id_is_plain(), ids[i].second) << ids[i].first;
    }
}

// Tables made on another thread (the JSON Lines reader's) are adopted only when larger, and
// every id and symbol is found in them afterwards.
TEST(FactSet, AdoptedTablesKeepEveryIdAndSymbol) {
    auto schema = abide::facts::testing::test_schema();
    FactSet fs(schema);
    for (int i = 0; i < 300; ++i) {
        fs.add(make_fact("f-" + std::to_string(i), kUndeclaredType, 1), {});
        fs.symbols().intern("s-" + std::to_string(i));
    }
    fs.adopt_id_table(FactSet::empty_id_table(16));  // smaller: ignored
    fs.symbols().adopt(Interner::empty_table(16));
    fs.adopt_id_table(FactSet::empty_id_table(FactSet::id_table_size_for(5000)));
    fs.symbols().adopt(Interner::empty_table(Interner::table_size_for(5000)));
    for (int i = 300; i < 5000; ++i) {
        fs.add(make_fact("f-" + std::to_string(i), kUndeclaredType, 1), {});
        fs.symbols().intern("s-" + std::to_string(i));
    }
    for (int i = 0; i < 5000; ++i) {
        ASSERT_EQ(fs.find_id("f-" + std::to_string(i)), static_cast<uint32_t>(i));
        auto sym = fs.symbols().find("s-" + std::to_string(i));
        ASSERT_TRUE(sym.has_value());
        EXPECT_EQ(fs.symbols().text(*sym), "s-" + std::to_string(i));
    }
    EXPECT_FALSE(fs.find_id("f-5000").has_value());
    EXPECT_EQ(fs.symbols().size(), 5000u);
}

TEST(FactSet, TruncateAfterReserveKeepsEveryRemainingIdReachable) {
    auto schema = abide::facts::testing::test_schema();
    FactSet fs(schema);
    fs.reserve(100, 0);
    // Ids that share probe runs: a small table, many entries, truncate in the middle, repeat.
    for (int round = 0; round < 3; ++round) {
        size_t base = fs.size();
        for (int i = 0; i < 3000; ++i)
            fs.add(make_fact("r" + std::to_string(round) + "-" + std::to_string(i), kUndeclaredType,
                             1),
                   {});
        fs.truncate(base + 1500);
    }
    ASSERT_EQ(fs.size(), 4500u);
    for (int round = 0; round < 3; ++round)
        for (int i = 0; i < 3000; ++i)
            EXPECT_EQ(fs.find_id("r" + std::to_string(round) + "-" + std::to_string(i)).has_value(),
                      i < 1500);
}

TEST(FactSet, SourcesAndFilesAreKept) {
    auto schema = abide::facts::testing::test_schema();
    FactSet fs(schema);
    EXPECT_EQ(fs.add_file("a.jsonl"), 0u);
    EXPECT_EQ(fs.add_file("b.csv"), 1u);
    EXPECT_EQ(fs.files()[1], "b.csv");
    std::string src = "USDA export sales";
    NewFact f = make_fact("x", kUndeclaredType, 1);
    f.source = src;
    f.file = 1;
    fs.add(f, {});
    src = "overwritten";
    EXPECT_EQ(fs.source(fs[0]), "USDA export sales");
    EXPECT_EQ(fs.file_of(fs[0]), 1u);
    EXPECT_EQ(fs[0].party, kNoSymbol);
    EXPECT_EQ(fs.store_text("abc"), "abc");
}

}  // namespace

// hash_bytes reads a string's last partial word with overlapping loads; the hash must be the
// one a plain zero-padded copy of those bytes gives, for every tail length and any bytes.
TEST(Hash, TailWordEqualsZeroPaddedCopy) {
    std::string s;
    for (int i = 0; i < 40; ++i) s.push_back(static_cast<char>(0x80 + 37 * i));
    for (size_t start = 0; start < 8; ++start) {
        for (size_t n = 0; n < 8; ++n) {
            uint64_t expected = 0;
            std::memcpy(&expected, s.data() + start, n);
            EXPECT_EQ(abide::facts::detail::tail_word(s.data() + start, n), expected)
                << "start " << start << " length " << n;
        }
    }
    using abide::facts::detail::hash_bytes;
    EXPECT_NE(hash_bytes("ab"), hash_bytes("ba"));
    EXPECT_NE(hash_bytes("abc"), hash_bytes(std::string_view("abc\0", 4)));
}
