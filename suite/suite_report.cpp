#include "suite/suite_report.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "core/date.hpp"
#include "report/diagnostics.hpp"
#include "report/json_writer.hpp"

namespace abide::suite {

namespace {

std::string list(const std::vector<std::string>& ids) {
    std::string out = "[";
    for (size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + ids[i];
    return out + "]";
}

std::string where(const TestFile& f, core::LineCol pos) {
    return f.source->path() + ":" + std::to_string(pos.line);
}

std::string describe(const Expectation& e) {
    return "expect " + e.target + " " + to_string(e.verdict) + " at " + core::to_string(e.date);
}

// The lines that explain one failed check, each indented by `indent`.
std::string explain(const TestFile& f, const Check& c, const std::string& indent) {
    std::string out = indent + where(f, c.expect->pos) + ": " + describe(*c.expect) + "\n";
    for (const auto& p : c.problems) out += indent + "  " + p + "\n";
    out += indent + "  actual: " + std::string(engine::to_string(c.actual)) +
           (c.at_risk ? " (at risk)" : "") + "\n";
    out += indent + "  reason: " + c.reason + "\n";
    out += indent + "  evidence: " + list(c.evidence) + "\n";
    return out;
}

std::string errors_text(const TestResult& r) {
    std::ostringstream s;
    for (const auto& d : r.errors) report::write_diagnostic(s, d, false);
    return s.str();
}

const char* kVerdictNames[] = {"met", "pending", "breached", "void"};

std::vector<std::string> verdict_names(VerdictSet set) {
    std::vector<std::string> out;
    for (unsigned v = 0; v < 4; ++v)
        if (set & (1u << v)) out.emplace_back(kVerdictNames[v]);
    return out;
}

std::string percent_text(double p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", p);
    return buf;
}

}  // namespace

std::string summary_line(const SuiteRun& run) {
    const Totals& t = run.totals;
    return std::to_string(t.passed) + " passed, " + std::to_string(t.failed) + " failed, " +
           std::to_string(t.errored) + " errored, " + std::to_string(t.skipped) + " skipped";
}

void write_text(std::ostream& out, const SuiteRun& run, Verbose verbose, WithCoverage coverage,
                bool color) {
    auto paint = [&](const char* code, const std::string& s) {
        return color ? std::string("\033[") + code + "m" + s + "\033[0m" : s;
    };
    for (const auto& r : run.results) {
        const TestFile& f = *r.file;
        const Test& t = *r.test;
        std::string head = t.name + " (" + where(f, t.pos) + ")";
        switch (r.outcome) {
            case Outcome::Passed:
                if (verbose == Verbose::No) break;
                out << paint("32", "PASS") << ' ' << head << '\n';
                for (const auto& c : r.checks)
                    out << "  ok  " << where(f, c.expect->pos) << ": " << c.expect->target << ' '
                        << engine::to_string(c.actual) << " at " << core::to_string(c.expect->date)
                        << '\n';
                break;
            case Outcome::Failed:
                out << paint("31", "FAIL") << ' ' << head << '\n';
                for (const auto& c : r.checks) {
                    if (c.held) {
                        if (verbose == Verbose::Yes)
                            out << "  ok  " << where(f, c.expect->pos) << ": " << c.expect->target
                                << ' ' << engine::to_string(c.actual) << " at "
                                << core::to_string(c.expect->date) << '\n';
                        continue;
                    }
                    out << explain(f, c, "  ");
                }
                break;
            case Outcome::Errored:
                out << paint("31", "ERROR") << ' ' << head << '\n';
                for (const auto& d : r.errors) report::write_diagnostic(out, d, color);
                break;
            case Outcome::Skipped:
                if (verbose == Verbose::No) break;
                out << paint("33", "SKIP") << ' ' << head << ": " << t.skip.value_or("") << '\n';
                break;
        }
    }
    if (coverage == WithCoverage::Yes) {
        const Coverage& cov = run.coverage;
        out << "coverage: " << cov.covered_pairs << " of " << cov.reachable_pairs
            << " reachable rule verdicts reached (" << percent_text(cov.percent()) << ")\n";
        size_t width = 0;
        for (const auto& rc : cov.rules) width = std::max(width, rc.rule->id.size());
        for (const auto& rc : cov.rules) {
            out << "  " << rc.rule->id << std::string(width - rc.rule->id.size() + 2, ' ');
            if (!rc.touched) {
                out << paint("33", "no test touches this rule") << '\n';
                continue;
            }
            std::string line;
            for (unsigned v = 0; v < 4; ++v) {
                VerdictSet b = static_cast<VerdictSet>(1u << v);
                if (!(rc.reachable & b)) continue;
                if (!line.empty()) line += ' ';
                line += rc.reached & b ? std::string(kVerdictNames[v])
                                       : paint("31", std::string("-") + kVerdictNames[v]);
            }
            out << line << '\n';
        }
    }
    out << summary_line(run) << '\n';
}

void write_json(std::ostream& out, const SuiteRun& run) {
    report::JsonWriter w(out, 2, 4);
    w.begin_object();
    w.key("summary").begin_object();
    w.key("passed").integer(static_cast<long long>(run.totals.passed));
    w.key("failed").integer(static_cast<long long>(run.totals.failed));
    w.key("errored").integer(static_cast<long long>(run.totals.errored));
    w.key("skipped").integer(static_cast<long long>(run.totals.skipped));
    w.key("seconds").number(run.seconds);
    w.end_object();
    w.key("tests").begin_array();
    for (const auto& r : run.results) {
        w.begin_object();
        w.key("name").string(r.test->name);
        w.key("file").string(r.file->source->path());
        w.key("line").integer(r.test->pos.line);
        if (!r.test->title.empty()) w.key("title").string(r.test->title);
        w.key("outcome").string(to_string(r.outcome));
        if (r.test->skip) w.key("skip").string(*r.test->skip);
        w.key("seconds").number(r.seconds);
        w.key("checks").begin_array();
        for (const auto& c : r.checks) {
            w.begin_object();
            w.key("line").integer(c.expect->pos.line);
            w.key("target").string(c.expect->target);
            w.key("as_of").string(core::to_string(c.expect->date));
            w.key("expected").string(to_string(c.expect->verdict));
            w.key("actual").string(engine::to_string(c.actual));
            w.key("held").boolean(c.held);
            w.key("problems").begin_array();
            for (const auto& p : c.problems) w.string(p);
            w.end_array();
            w.key("reason").string(c.reason);
            w.key("evidence").begin_array();
            for (const auto& e : c.evidence) w.string(e);
            w.end_array();
            w.key("at_risk").boolean(c.at_risk);
            w.end_object();
        }
        w.end_array();
        w.key("errors").begin_array();
        for (const auto& d : r.errors) {
            w.begin_object();
            w.key("file").string(d.file);
            w.key("line").integer(d.pos.line);
            w.key("column").integer(d.pos.col);
            w.key("message").string(d.message);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
    const Coverage& cov = run.coverage;
    w.key("coverage").begin_object();
    w.key("percent").number(cov.percent());
    w.key("covered").integer(static_cast<long long>(cov.covered_pairs));
    w.key("reachable").integer(static_cast<long long>(cov.reachable_pairs));
    w.key("rules").begin_array();
    for (const auto& rc : cov.rules) {
        w.begin_object();
        w.key("rule").string(rc.rule->id);
        w.key("touched").boolean(rc.touched);
        for (auto [key, set] : {std::pair{"reachable", rc.reachable},
                                std::pair{"reached", VerdictSet(rc.reached & rc.reachable)},
                                std::pair{"missing", VerdictSet(rc.reachable & ~rc.reached)}}) {
            w.key(key).begin_array();
            for (const auto& v : verdict_names(set)) w.string(v);
            w.end_array();
        }
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.end_object();
    w.flush();
    out << '\n';
}

std::vector<report::JUnitSuite> to_junit(const SuiteRun& run) {
    std::vector<report::JUnitSuite> out;
    const TestFile* current = nullptr;
    for (const auto& r : run.results) {
        if (r.file != current) {
            current = r.file;
            out.emplace_back();
            out.back().name = r.file->source->path();
        }
        report::JUnitSuite& s = out.back();
        s.seconds += r.seconds;
        report::JUnitCase c;
        c.name = r.test->name;
        c.classname = r.file->source->path();
        c.seconds = r.seconds;
        using Status = report::JUnitCase::Status;
        switch (r.outcome) {
            case Outcome::Passed: break;
            case Outcome::Failed: {
                c.status = Status::Failure;
                size_t failed = 0;
                for (const auto& ch : r.checks) {
                    if (ch.held) continue;
                    if (failed++ == 0) c.message = ch.expect->target + ": " + ch.problems.front();
                    c.text += explain(*r.file, ch, "");
                }
                if (failed > 1) c.message += " (and " + std::to_string(failed - 1) + " more)";
                break;
            }
            case Outcome::Errored:
                c.status = Status::Error;
                c.message = r.errors.empty() ? "error" : r.errors.front().message;
                c.text = errors_text(r);
                break;
            case Outcome::Skipped:
                c.status = Status::Skipped;
                c.message = r.test->skip.value_or("");
                break;
        }
        if (!r.test->title.empty()) c.properties.emplace_back("title", r.test->title);
        s.cases.push_back(std::move(c));
    }
    return out;
}

std::vector<report::Annotation> to_github(const SuiteRun& run) {
    std::vector<report::Annotation> out;
    for (const auto& r : run.results) {
        if (r.outcome != Outcome::Failed && r.outcome != Outcome::Errored) continue;
        report::Annotation a;
        a.file = r.file->source->path();
        a.line = r.test->pos.line;
        a.title = "test " + r.test->name + (r.outcome == Outcome::Failed ? " failed" : " errored");
        if (r.outcome == Outcome::Failed) {
            for (const auto& c : r.checks)
                if (!c.held) a.message += explain(*r.file, c, "");
        } else {
            for (const auto& d : r.errors)
                a.message += d.file + ":" + std::to_string(d.pos.line) + ":" +
                             std::to_string(d.pos.col) + ": " + d.message + "\n";
        }
        while (!a.message.empty() && a.message.back() == '\n') a.message.pop_back();
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace abide::suite
