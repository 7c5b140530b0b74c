#pragma once
/// JUnit XML, the report format CI systems read natively (the Ant/Jenkins "junit-10.xsd" shape,
/// tests/suite/junit.xsd): testsuites > testsuite > testcase > properties, skipped, error,
/// failure, system-out. The model is neutral: `abide test` fills it with one case per test,
/// `abide eval` with one case per rule.
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "engine/verdict.hpp"
#include "facts/fact.hpp"

namespace abide::report {

struct JUnitCase {
    std::string name;
    std::string classname;
    double seconds = 0;
    enum class Status { Passed, Failure, Error, Skipped } status = Status::Passed;
    std::string message;  ///< the failure/error/skipped `message` attribute (one line)
    std::string text;     ///< the failure/error body (several lines)
    std::vector<std::pair<std::string, std::string>> properties;
    std::string system_out;
};

struct JUnitSuite {
    std::string name;
    double seconds = 0;
    std::vector<JUnitCase> cases;
};

/// Writes `<testsuites>` with one `<testsuite>` per suite, counts (tests, failures, errors,
/// skipped) computed from the cases, times in seconds with three decimals. Text is escaped for
/// XML (markup characters, and control characters that XML 1.0 forbids are dropped).
void write_junit(std::ostream& out, const std::string& name, const std::vector<JUnitSuite>& suites);

/// `s` escaped for an XML attribute value or text.
std::string xml_escape(std::string_view s);

/// An evaluation as JUnit: one suite, one case per rule (name: the rule id; classname: its
/// agreement, or its file for a top-level rule). Breached is a failure (message: the reason;
/// body: evidence and the rule's file:line); every case has a `verdict` property (pending, met
/// and void pass) and an `at_risk` property when at risk.
std::vector<JUnitSuite> junit_for_evaluation(const engine::Evaluation& ev, const ir::RuleSet& rules,
                                             const facts::FactSet& facts);

}  // namespace abide::report
