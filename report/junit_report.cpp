#include "report/junit_report.hpp"

#include <cstdio>

namespace abide::report {

std::string xml_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        unsigned char c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            case '\n': out += "&#10;"; break;
            case '\t': out += "&#9;"; break;
            case '\r': out += "&#13;"; break;
            default:
                // XML 1.0 has no way to write other C0 controls, not even as references.
                if (c >= 0x20) out += ch;
        }
    }
    return out;
}

namespace {

std::string seconds_text(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s < 0 ? 0.0 : s);
    return buf;
}

// Element text: newlines stay literal so that a CI log shows the lines.
std::string text_escape(std::string_view s) {
    std::string out = xml_escape(s);
    std::string lines;
    lines.reserve(out.size());
    for (size_t i = 0; i < out.size(); ++i) {
        if (out.compare(i, 5, "&#10;") == 0) {
            lines += '\n';
            i += 4;
        } else {
            lines += out[i];
        }
    }
    return lines;
}

}  // namespace

void write_junit(std::ostream& out, const std::string& name,
                 const std::vector<JUnitSuite>& suites) {
    size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    double seconds = 0;
    for (const auto& s : suites) {
        seconds += s.seconds;
        for (const auto& c : s.cases) {
            ++tests;
            failures += c.status == JUnitCase::Status::Failure;
            errors += c.status == JUnitCase::Status::Error;
            skipped += c.status == JUnitCase::Status::Skipped;
        }
    }
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites name=\"" << xml_escape(name) << "\" tests=\"" << tests << "\" failures=\""
        << failures << "\" errors=\"" << errors << "\" skipped=\"" << skipped << "\" time=\""
        << seconds_text(seconds) << "\">\n";
    for (const auto& s : suites) {
        size_t f = 0, e = 0, k = 0;
        for (const auto& c : s.cases) {
            f += c.status == JUnitCase::Status::Failure;
            e += c.status == JUnitCase::Status::Error;
            k += c.status == JUnitCase::Status::Skipped;
        }
        out << "  <testsuite name=\"" << xml_escape(s.name) << "\" tests=\"" << s.cases.size()
            << "\" failures=\"" << f << "\" errors=\"" << e << "\" skipped=\"" << k << "\" time=\""
            << seconds_text(s.seconds) << "\">\n";
        for (const auto& c : s.cases) {
            out << "    <testcase name=\"" << xml_escape(c.name) << "\" classname=\""
                << xml_escape(c.classname) << "\" time=\"" << seconds_text(c.seconds) << "\"";
            bool body = !c.properties.empty() || c.status != JUnitCase::Status::Passed ||
                        !c.system_out.empty();
            if (!body) {
                out << "/>\n";
                continue;
            }
            out << ">\n";
            if (!c.properties.empty()) {
                out << "      <properties>\n";
                for (const auto& [k2, v] : c.properties)
                    out << "        <property name=\"" << xml_escape(k2) << "\" value=\""
                        << xml_escape(v) << "\"/>\n";
                out << "      </properties>\n";
            }
            const char* tag = c.status == JUnitCase::Status::Failure   ? "failure"
                              : c.status == JUnitCase::Status::Error   ? "error"
                              : c.status == JUnitCase::Status::Skipped ? "skipped"
                                                                       : nullptr;
            if (tag) {
                out << "      <" << tag << " message=\"" << xml_escape(c.message) << "\"";
                if (c.status != JUnitCase::Status::Skipped) out << " type=\"" << tag << "\"";
                if (c.text.empty()) {
                    out << "/>\n";
                } else {
                    out << ">" << text_escape(c.text) << "</" << tag << ">\n";
                }
            }
            if (!c.system_out.empty())
                out << "      <system-out>" << text_escape(c.system_out) << "</system-out>\n";
            out << "    </testcase>\n";
        }
        out << "  </testsuite>\n";
    }
    out << "</testsuites>\n";
}

}  // namespace abide::report

namespace abide::report {

std::vector<JUnitSuite> junit_for_evaluation(const engine::Evaluation& ev, const ir::RuleSet& rules,
                                             const facts::FactSet& facts) {
    JUnitSuite suite;
    suite.name = "abide eval as of " + core::to_string(ev.as_of);
    for (const auto& r : ev.results) {
        const ir::Rule& rule = *r.rule;
        JUnitCase c;
        c.name = rule.id;
        c.classname = rule.agreement ? rules.agreements[*rule.agreement].id : rule.loc.file;
        c.properties.emplace_back("verdict", std::string(engine::to_string(r.node.verdict)));
        if (r.node.at_risk) c.properties.emplace_back("at_risk", "true");
        if (r.node.verdict == engine::Verdict::Breached) {
            c.status = JUnitCase::Status::Failure;
            c.message = r.node.reason;
            c.text = rule.loc.file + ":" + std::to_string(rule.loc.pos.line) + ": " + rule.id +
                     " breached\nreason: " + r.node.reason + "\nevidence: [";
            for (size_t i = 0; i < r.node.evidence.size(); ++i)
                c.text += (i ? ", " : "") + std::string(facts[r.node.evidence[i]].id());
            c.text += "]";
        }
        suite.cases.push_back(std::move(c));
    }
    return {std::move(suite)};
}

}  // namespace abide::report
