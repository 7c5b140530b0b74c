#include "report/github_report.hpp"

namespace abide::report {

namespace {

std::string escape_data(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '%') {
            out += "%25";
        } else if (c == '\r') {
            out += "%0D";
        } else if (c == '\n') {
            out += "%0A";
        } else {
            out += c;
        }
    }
    return out;
}

std::string escape_property(std::string_view s) {
    std::string out;
    for (char c : escape_data(s)) {
        if (c == ':') {
            out += "%3A";
        } else if (c == ',') {
            out += "%2C";
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

void write_github(std::ostream& out, const std::vector<Annotation>& annotations) {
    for (const auto& a : annotations) {
        out << "::"
            << (a.level == Annotation::Level::Error     ? "error"
                : a.level == Annotation::Level::Warning ? "warning"
                                                        : "notice");
        std::string props;
        if (!a.file.empty()) props += "file=" + escape_property(a.file);
        if (a.line)
            props += std::string(props.empty() ? "" : ",") + "line=" + std::to_string(a.line);
        if (!a.title.empty())
            props += std::string(props.empty() ? "" : ",") + "title=" + escape_property(a.title);
        if (!props.empty()) out << ' ' << props;
        out << "::" << escape_data(a.message) << '\n';
    }
}

}  // namespace abide::report

namespace abide::report {

std::vector<Annotation> github_for_evaluation(const engine::Evaluation& ev) {
    std::vector<Annotation> out;
    for (const auto& r : ev.results) {
        const ir::Rule& rule = *r.rule;
        Annotation a;
        a.file = rule.loc.file;
        a.line = rule.loc.pos.line;
        if (r.node.verdict == engine::Verdict::Breached) {
            a.level = Annotation::Level::Error;
            a.title = rule.id + " breached";
        } else if (r.node.verdict == engine::Verdict::Pending && r.node.at_risk) {
            a.level = Annotation::Level::Warning;
            a.title = rule.id + " at risk";
        } else {
            continue;
        }
        a.message = r.node.reason;
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace abide::report
