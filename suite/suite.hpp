#pragma once
/// The rule-suite representation the test runner (suite/run.hpp) works on: test files lowered
/// from their syntax (dsl/test_compile.hpp), free of syntax and of X3. Header-only and core-only,
/// so that dsl/ can lower into it without depending on the engine.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/source.hpp"

namespace abide::suite {

/// The verdicts an expectation names (the engine's, without depending on it).
enum class Verdict : uint8_t { Met, Pending, Breached, Void };

inline const char* to_string(Verdict v) {
    switch (v) {
        case Verdict::Met: return "met";
        case Verdict::Pending: return "pending";
        case Verdict::Breached: return "breached";
        case Verdict::Void: return "void";
    }
    return "?";
}

/// `expect TARGET VERDICT at DATE [evidence [..]] [reason "P"] [at_risk yes|no]`.
struct Expectation {
    core::LineCol pos;   ///< of `expect`, in the test's file
    std::string target;  ///< a rule id or a child id as the JSON output writes it
    Verdict verdict = Verdict::Met;
    core::Date date;
    std::optional<std::vector<std::string>> evidence;  ///< exact ids, in order
    std::optional<std::string> reason;                 ///< a substring of the reason
    std::optional<bool> at_risk;
};

/// One fact line of an inline `facts { ... }` block: the JSON text and where it stands.
struct FactLine {
    core::LineCol pos;  ///< of its first non-blank character in the test file
    std::string text;
};

/// A `facts` clause: a fixture log (`path`, resolved against the test file's folder) or an
/// inline block (`lines`).
struct FactSource {
    core::LineCol pos;  ///< of `facts`
    std::string path;   ///< empty for an inline block
    std::vector<FactLine> lines;
};

struct Test {
    std::string name;
    std::string title;
    core::LineCol pos;                         ///< of `test`
    std::vector<std::string> rule_globs;       ///< empty: every rule
    std::vector<core::LineCol> rule_glob_pos;  ///< of each glob, parallel to rule_globs
    std::vector<FactSource> facts;
    std::vector<Expectation> expects;  ///< in file order
    std::optional<std::string> skip;   ///< the reason, for a skipped test
};

struct TestFile {
    std::shared_ptr<const core::SourceFile> source;  ///< path as given; text for diagnostics
    std::vector<Test> tests;                         ///< in file order
};

}  // namespace abide::suite
