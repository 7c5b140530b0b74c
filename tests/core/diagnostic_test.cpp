// Collecting diagnostics: the error cap, and dropping what a discarded read added.
#include "core/diagnostic.hpp"

#include <gtest/gtest.h>

#include <string>

namespace abide::core {
namespace {

Diagnostic error(std::string message) {
    Diagnostic d;
    d.file = "f.jsonl";
    d.pos = {1, 1};
    d.message = std::move(message);
    return d;
}

TEST(Diagnostics, ErrorsPastTheCapAreCountedNotKept) {
    Diagnostics diags(2);
    for (int i = 0; i < 5; ++i) diags.add(error("e" + std::to_string(i)));
    EXPECT_EQ(diags.all().size(), 2u);
    EXPECT_EQ(diags.error_count(), 2u);
    EXPECT_EQ(diags.suppressed(), 3u);
    EXPECT_TRUE(diags.full());
}

// A file read again (FactBuilder::restart) first drops what its first reading reported: the
// diagnostics, and their share of the cap.
TEST(Diagnostics, RewindDropsWhatCameAfterTheMark) {
    Diagnostics diags(3);
    diags.add(error("kept"));
    Diagnostic w = error("a warning");
    w.severity = Severity::Warning;
    diags.add(w);
    const Diagnostics::Mark mark = diags.mark();
    for (int i = 0; i < 4; ++i) diags.add(error("dropped"));
    EXPECT_TRUE(diags.full());
    EXPECT_EQ(diags.suppressed(), 2u);
    diags.rewind(mark);
    ASSERT_EQ(diags.all().size(), 2u);
    EXPECT_EQ(diags.all()[0].message, "kept");
    EXPECT_EQ(diags.all()[1].message, "a warning");
    EXPECT_EQ(diags.error_count(), 1u);
    EXPECT_EQ(diags.suppressed(), 0u);
    EXPECT_FALSE(diags.full());
    diags.add(error("again"));
    diags.add(error("and again"));
    EXPECT_EQ(diags.all().size(), 4u);
    EXPECT_TRUE(diags.full());
}

}  // namespace
}  // namespace abide::core
