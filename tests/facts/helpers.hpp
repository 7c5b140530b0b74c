#pragma once
// Shared fixtures for the fact reader tests: a small schema and checks every test applies.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/diagnostic.hpp"
#include "core/schema.hpp"
#include "facts/fact.hpp"
#include "facts/read.hpp"

namespace abide::facts::testing {

inline core::Schema test_schema() {
    using core::AttrType;
    core::Schema s;
    auto add = [&](std::string name, std::vector<std::pair<std::string, AttrType>> attrs) {
        core::EventDecl d;
        d.name = std::move(name);
        for (auto& [n, t] : attrs) d.attrs.push_back({n, t, {}});
        s.add(std::move(d));
    };
    add("soybean_purchase",
        {{"quantity", AttrType::Mass}, {"buyer", AttrType::Party}, {"note", AttrType::Text}});
    add("tariff_changed",
        {{"measure", AttrType::Text}, {"delta", AttrType::PP}, {"rate", AttrType::Percent}});
    add("investment", {{"amount", AttrType::Money},
                       {"count", AttrType::Number},
                       {"effective", AttrType::Date},
                       {"binding", AttrType::Bool},
                       {"party", AttrType::Party},
                       {"source", AttrType::Text}});
    add("meeting", {});
    return s;
}

/// Every diagnostic names its file and a line (the contract of the readers).
inline void expect_positions(const core::Diagnostics& diags) {
    for (const auto& d : diags.all()) {
        EXPECT_FALSE(d.file.empty()) << d.message;
        EXPECT_GT(d.pos.line, 0u) << d.message;
        EXPECT_GT(d.pos.col, 0u) << d.message;
        for (const auto& n : d.notes) {
            EXPECT_FALSE(n.file.empty()) << n.message;
            EXPECT_GT(n.pos.line, 0u) << n.message;
        }
    }
}

/// The messages of all diagnostics, one per line, prefixed "LINE:COL: " — for assertions.
inline std::string messages(const core::Diagnostics& diags) {
    std::string out;
    for (const auto& d : diags.all())
        out += d.file + ":" + std::to_string(d.pos.line) + ":" + std::to_string(d.pos.col) + ": " +
               (d.severity == core::Severity::Error     ? "error: "
                : d.severity == core::Severity::Warning ? "warning: "
                                                        : "note: ") +
               d.message + "\n";
    return out;
}

/// A FactSet over the test schema, reading text and keeping the diagnostics.
struct Reader {
    core::Schema schema = test_schema();
    FactSet facts{schema};
    core::Diagnostics diags;

    ReadStats read(std::string_view name, std::string_view text, ReadOptions options = {}) {
        ReadStats s = read_facts_text(name, text, facts, diags, options);
        expect_positions(diags);
        return s;
    }
    const Value& value(size_t fact, std::string_view attr) {
        const Fact& f = facts[fact];
        int slot = schema.event(f.type).find_attr(attr);
        EXPECT_GE(slot, 0) << attr;
        return facts.values(f)[static_cast<size_t>(slot)];
    }
    std::string text(Symbol s) const { return std::string(facts.symbols().text(s)); }
    /// The single error's message (fails if there is not exactly one diagnostic).
    std::string only_message() {
        EXPECT_EQ(diags.all().size(), 1u) << messages(diags);
        return diags.all().empty() ? "" : diags.all().front().message;
    }
};

}  // namespace abide::facts::testing
