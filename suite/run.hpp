#pragma once
/// The rule-suite runner: every test of the test files against one compiled RuleSet, each as of
/// the dates its expectations name, and the coverage of the rules' verdicts that gives.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "engine/ir/rules.hpp"
#include "engine/verdict.hpp"
#include "suite/suite.hpp"

namespace abide::suite {

enum class Outcome : uint8_t { Passed, Failed, Errored, Skipped };
const char* to_string(Outcome o);  ///< "passed", "failed", "errored", "skipped"

/// One expectation compared with the evaluation as of its date.
struct Check {
    const Expectation* expect = nullptr;
    bool held = false;
    engine::Verdict actual = engine::Verdict::Pending;
    std::string reason;                 ///< the node's reason
    std::vector<std::string> evidence;  ///< the node's evidence ids
    bool at_risk = false;
    std::vector<std::string> problems;  ///< what differs, one phrase each (empty when held)
};

struct TestResult {
    const TestFile* file = nullptr;
    const Test* test = nullptr;
    Outcome outcome = Outcome::Passed;
    std::vector<Check> checks;  ///< in expectation order (none for skipped or errored tests)
    /// Why the test errored: diagnostics at the test file's (or a fixture's) line.
    std::vector<core::Diagnostic> errors;
    double seconds = 0;
};

/// Bit masks over engine::Verdict: bit (1 << Verdict).
using VerdictSet = uint8_t;
constexpr VerdictSet bit(engine::Verdict v) {
    return static_cast<VerdictSet>(1u << static_cast<unsigned>(v));
}

struct RuleCoverage {
    const ir::Rule* rule = nullptr;
    VerdictSet reachable = 0;  ///< the verdicts the rule can reach (reachable_verdicts)
    VerdictSet reached = 0;    ///< verdicts of held expectations on the rule's top-level node
    bool touched = false;      ///< some run test's expectation targets the rule or a child
};

struct Coverage {
    std::vector<RuleCoverage> rules;  ///< in RuleSet order
    size_t reachable_pairs = 0;       ///< (rule, reachable verdict) pairs
    size_t covered_pairs = 0;         ///< those reached
    double percent() const {
        return reachable_pairs == 0 ? 100.0 : 100.0 * double(covered_pairs) / reachable_pairs;
    }
};

/// The verdicts a rule's top-level node can reach at some as-of date with some facts, computed
/// from the IR: pending always; a require/aggregate `>=`/`>` with no window end is never
/// breached, a forbid/aggregate `<=`/`<` with no end never met, `==` reaches met and breached
/// only with an end; a `for each` whose trigger window has no end is never met; composites
/// combine their parts (all/for-in: met when every part can be, breached when one can; any:
/// the reverse; at least N: met when N parts can be, breached when more than parts-N can be);
/// void only when the rule's agreement has `ends`.
VerdictSet reachable_verdicts(const ir::RuleSet& rules, const ir::Rule& rule);

struct RunOptions {
    /// `--run`: only tests whose name it accepts; null runs every test.
    std::function<bool(const std::string& name)> filter;
    int horizon_days = 30;
    unsigned threads = 1;  ///< tests run at once
};

struct Totals {
    size_t passed = 0, failed = 0, errored = 0, skipped = 0;
    size_t run() const { return passed + failed + errored + skipped; }
};

struct SuiteRun {
    std::vector<TestResult> results;  ///< the tests run, in file order (filtered ones left out)
    Totals totals;
    Coverage coverage;
    double seconds = 0;
};

/// Runs the tests of `files` that pass the filter against `rules` (which the fact logs are
/// read against). Never fails as a whole: what goes wrong in a test errors that test.
SuiteRun run_suite(const ir::RuleSet& rules, const std::vector<TestFile>& files,
                   const RunOptions& options);

}  // namespace abide::suite
