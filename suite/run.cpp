#include "suite/run.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "core/suggest.hpp"
#include "engine/evaluate.hpp"
#include "facts/index.hpp"
#include "facts/read.hpp"

namespace abide::suite {

const char* to_string(Outcome o) {
    switch (o) {
        case Outcome::Passed: return "passed";
        case Outcome::Failed: return "failed";
        case Outcome::Errored: return "errored";
        case Outcome::Skipped: return "skipped";
    }
    return "?";
}

namespace {

using EVerdict = engine::Verdict;
using Kind = ir::Obligation::Kind;

// Whether an obligation can end met, and whether it can end breached (pending it always can:
// as of a date before its window, with no facts).
struct Reach {
    bool met = false;
    bool breached = false;
};

Reach reach(const ir::Obligation& ob) {
    const bool ends = ob.window.end.has_value();
    switch (ob.kind) {
        case Kind::Require: return {true, ends};
        case Kind::Forbid: return {ends, true};
        case Kind::Aggregate:
            switch (ob.aggregate.op) {
                case ir::CmpOp::Ge:
                case ir::CmpOp::Gt: return {true, ends};
                case ir::CmpOp::Le:
                case ir::CmpOp::Lt: return {ends, true};
                default: return {ends, ends};
            }
        case Kind::ForEach: {
            // Met needs the trigger window closed (another trigger may still come); with no
            // trigger at all it is met then, so the body's own reach does not matter for met.
            Reach body = ob.parts.empty() || !ob.parts[0] ? Reach{} : reach(*ob.parts[0]);
            return {ends, body.breached};
        }
        case Kind::ForIn: {
            Reach body = ob.parts.empty() || !ob.parts[0] ? Reach{} : reach(*ob.parts[0]);
            if (ob.values.empty()) return {true, false};
            return body;
        }
        case Kind::All:
        case Kind::Any:
        case Kind::AtLeast: {
            size_t met = 0, breached = 0, n = 0;
            for (const auto& p : ob.parts) {
                if (!p) continue;
                Reach r = reach(*p);
                met += r.met;
                breached += r.breached;
                ++n;
            }
            if (ob.kind == Kind::All) return {met == n, breached > 0};
            if (ob.kind == Kind::Any) return {met > 0, n > 0 && breached == n};
            return {met >= ob.at_least, n >= ob.at_least && breached > n - ob.at_least};
        }
    }
    return {};
}

core::Diagnostic diag_at(const TestFile& file, core::LineCol pos, std::string message) {
    core::Diagnostic d;
    d.file = file.source->path();
    d.pos = pos;
    d.message = std::move(message);
    d.line_text = std::string(file.source->line_text(pos.line));
    return d;
}

std::string_view rule_part(std::string_view target) {
    return target.substr(0, target.find('['));
}

const engine::NodeResult* find_node(const engine::NodeResult& n, std::string_view id) {
    if (n.rule == id) return &n;
    // A child's id extends its parent's: only descend where the prefix agrees.
    for (const auto& c : n.children)
        if (id.starts_with(c.rule))
            if (const auto* found = find_node(c, id)) return found;
    return nullptr;
}

std::string id_list(const std::vector<std::string>& ids) {
    std::string out = "[";
    for (size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + ids[i];
    return out + "]";
}

class Runner {
public:
    Runner(const ir::RuleSet& rules, const RunOptions& options) : rules_(rules), options_(options) {
        for (size_t i = 0; i < rules.rules.size(); ++i) by_id_.emplace(rules.rules[i].id, i);
    }

    std::optional<size_t> rule_index(std::string_view id) const {
        auto it = by_id_.find(id);
        if (it == by_id_.end()) return std::nullopt;
        return it->second;
    }

    TestResult run(const TestFile& file, const Test& test) const {
        auto t0 = std::chrono::steady_clock::now();
        TestResult r;
        r.file = &file;
        r.test = &test;
        if (test.skip) {
            r.outcome = Outcome::Skipped;
        } else {
            execute(file, test, r);
            r.outcome = !r.errors.empty() ? Outcome::Errored
                        : std::all_of(r.checks.begin(), r.checks.end(),
                                      [](const Check& c) { return c.held; })
                            ? Outcome::Passed
                            : Outcome::Failed;
            if (r.outcome == Outcome::Errored) r.checks.clear();
        }
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        return r;
    }

private:
    // Which rules the test evaluates: indices into rules_.rules, ascending.
    std::vector<size_t> select(const TestFile& file, const Test& test, TestResult& r) const {
        std::vector<size_t> out;
        if (test.rule_globs.empty()) {
            out.resize(rules_.rules.size());
            for (size_t i = 0; i < out.size(); ++i) out[i] = i;
            return out;
        }
        std::vector<bool> chosen(rules_.rules.size(), false);
        for (size_t k = 0; k < test.rule_globs.size(); ++k) {
            const std::string& g = test.rule_globs[k];
            bool any = false;
            for (size_t i = 0; i < rules_.rules.size(); ++i)
                if (fnmatch(g.c_str(), rules_.rules[i].id.c_str(), 0) == 0) chosen[i] = any = true;
            if (!any) {
                std::vector<std::string_view> ids;
                for (const auto& rule : rules_.rules) ids.push_back(rule.id);
                auto near = core::closest(g, ids);
                r.errors.push_back(diag_at(file, test.rule_glob_pos[k],
                                           "'" + g + "' in 'rules' matches no rule" +
                                               (near ? "; did you mean '" + *near + "'?" : "")));
            }
        }
        for (size_t i = 0; i < chosen.size(); ++i)
            if (chosen[i]) out.push_back(i);
        return out;
    }

    // Reads the test's facts into `facts`; diagnostics of inline lines are moved to the lines
    // of the test file they came from.
    void read_facts(const TestFile& file, const Test& test, facts::FactSet& facts,
                    TestResult& r) const {
        for (const auto& src : test.facts) {
            core::Diagnostics diags;
            const size_t before = facts.size();
            if (!src.path.empty()) {
                auto stats = facts::read_facts(src.path, facts, diags);
                if (!stats) {
                    r.errors.push_back(diag_at(file, src.pos, stats.error().message));
                    continue;
                }
                for (const auto& d : diags.all())
                    if (d.severity == core::Severity::Error) r.errors.push_back(d);
            } else {
                std::string text;
                for (const auto& line : src.lines) (text += line.text) += '\n';
                facts::ReadOptions ro;
                ro.format = facts::Format::JsonLines;
                facts::read_facts_text(file.source->path(), text, facts, diags, ro);
                for (auto d : diags.all()) {
                    if (d.severity != core::Severity::Error) continue;
                    if (d.pos.line >= 1 && d.pos.line <= src.lines.size()) {
                        const auto& at = src.lines[d.pos.line - 1].pos;
                        uint32_t col = d.pos.col ? d.pos.col : 1;
                        r.errors.push_back(
                            diag_at(file, {at.line, at.col + col - 1}, std::move(d.message)));
                    } else {
                        r.errors.push_back(diag_at(file, src.pos, std::move(d.message)));
                    }
                }
            }
            check_types(file, src, facts, before, r);
        }
    }

    // A fact of a type no event declares matches nothing: in a log that may be noise, in a
    // test it is a typo that would make the test pass or fail for the wrong reason.
    void check_types(const TestFile& file, const FactSource& src, const facts::FactSet& facts,
                     size_t from, TestResult& r) const {
        for (size_t i = from; i < facts.size(); ++i) {
            const facts::Fact& fact = facts[i];
            if (fact.type != facts::kUndeclaredType) continue;
            std::string type(facts.symbols().text(facts.type_name(fact)));
            std::vector<std::string_view> names;
            for (const auto& e : rules_.schema.events()) names.push_back(e.name);
            auto near = core::closest(type, names);
            std::string message = "fact '" + std::string(fact.id()) + "' has type '" + type +
                                  "', which no event declares" +
                                  (near ? "; did you mean '" + *near + "'?" : "");
            if (src.path.empty()) {
                core::LineCol at = fact.line >= 1 && fact.line <= src.lines.size()
                                       ? src.lines[fact.line - 1].pos
                                       : src.pos;
                r.errors.push_back(diag_at(file, at, std::move(message)));
            } else {
                core::Diagnostic d;
                d.file = src.path;
                d.pos = {fact.line, 1};
                d.message = std::move(message);
                r.errors.push_back(std::move(d));
            }
        }
    }

    void execute(const TestFile& file, const Test& test, TestResult& r) const {
        std::vector<size_t> selected = select(file, test, r);
        facts::FactSet facts(rules_.schema);
        read_facts(file, test, facts, r);
        if (!r.errors.empty()) return;
        facts::FactIndex index(facts);

        // Each distinct date is evaluated once, for every selected rule.
        std::map<int32_t, std::vector<engine::RuleResult>> evaluations;
        for (const auto& e : test.expects) evaluations.try_emplace(e.date.days);
        for (auto& [days, results] : evaluations) {
            engine::Options eo;
            eo.as_of = core::Date{days};
            eo.horizon_days = options_.horizon_days;
            results.reserve(selected.size());
            for (size_t i : selected) {
                auto res = engine::evaluate_rule(rules_, facts, index, eo, i, nullptr);
                if (!res) {
                    r.errors.push_back(diag_at(file, test.pos,
                                               "evaluation as of " + core::to_string(eo.as_of) +
                                                   " stopped: " + res.error().message));
                    return;
                }
                results.push_back(std::move(*res));
            }
        }
        for (const auto& e : test.expects) {
            const auto& results = evaluations.at(e.date.days);
            auto idx = rule_index(rule_part(e.target));
            auto it =
                idx ? std::lower_bound(selected.begin(), selected.end(), *idx) : selected.end();
            if (it == selected.end() || *it != *idx) {
                std::vector<std::string_view> ids;
                for (size_t i : selected) ids.push_back(rules_.rules[i].id);
                auto near = core::closest(rule_part(e.target), ids);
                r.errors.push_back(
                    diag_at(file, e.pos,
                            "'" + std::string(rule_part(e.target)) + "' names no rule " +
                                (idx ? "the test's 'rules' select" : "of the rule set") +
                                (near ? "; did you mean '" + *near + "'?" : "")));
                continue;
            }
            const engine::NodeResult* node =
                find_node(results[size_t(it - selected.begin())].node, e.target);
            if (!node) {
                r.errors.push_back(diag_at(file, e.pos,
                                           "'" + e.target + "' names no instance or part of '" +
                                               rules_.rules[*idx].id + "' as of " +
                                               core::to_string(e.date)));
                continue;
            }
            r.checks.push_back(compare(e, *node, facts));
        }
    }

    static Check compare(const Expectation& e, const engine::NodeResult& n,
                         const facts::FactSet& facts) {
        Check c;
        c.expect = &e;
        c.actual = n.verdict;
        c.reason = n.reason;
        c.at_risk = n.at_risk;
        for (uint32_t i : n.evidence) c.evidence.emplace_back(facts[i].id());
        if (static_cast<unsigned>(n.verdict) != static_cast<unsigned>(e.verdict))
            c.problems.push_back(std::string("expected ") + to_string(e.verdict) + ", got " +
                                 std::string(engine::to_string(n.verdict)));
        if (e.evidence && *e.evidence != c.evidence)
            c.problems.push_back("expected evidence " + id_list(*e.evidence) + ", got " +
                                 id_list(c.evidence));
        if (e.reason && n.reason.find(*e.reason) == std::string::npos)
            c.problems.push_back("reason does not contain \"" + *e.reason + "\"");
        if (e.at_risk && *e.at_risk != n.at_risk)
            c.problems.push_back(std::string("expected at_risk ") + (*e.at_risk ? "yes" : "no") +
                                 ", got " + (n.at_risk ? "yes" : "no"));
        c.held = c.problems.empty();
        return c;
    }

    const ir::RuleSet& rules_;
    const RunOptions& options_;
    std::unordered_map<std::string_view, size_t> by_id_;
};

}  // namespace

VerdictSet reachable_verdicts(const ir::RuleSet& rules, const ir::Rule& rule) {
    VerdictSet out = bit(EVerdict::Pending);
    if (rule.body) {
        Reach r = reach(*rule.body);
        if (r.met) out |= bit(EVerdict::Met);
        if (r.breached) out |= bit(EVerdict::Breached);
    }
    if (rule.agreement && *rule.agreement < rules.agreements.size() &&
        rules.agreements[*rule.agreement].ends)
        out |= bit(EVerdict::Void);
    return out;
}

SuiteRun run_suite(const ir::RuleSet& rules, const std::vector<TestFile>& files,
                   const RunOptions& options) {
    auto t0 = std::chrono::steady_clock::now();
    SuiteRun out;
    std::vector<std::pair<const TestFile*, const Test*>> todo;
    for (const auto& f : files)
        for (const auto& t : f.tests)
            if (!options.filter || options.filter(t.name)) todo.emplace_back(&f, &t);

    // Tests are independent (each has its own facts): workers take them in order.
    Runner runner(rules, options);
    out.results.resize(todo.size());
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i = next++; i < todo.size(); i = next++)
            out.results[i] = runner.run(*todo[i].first, *todo[i].second);
    };
    unsigned threads = std::clamp<unsigned>(options.threads, 1, 64);
    threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, todo.size())));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();

    out.coverage.rules.resize(rules.rules.size());
    for (size_t i = 0; i < rules.rules.size(); ++i) {
        out.coverage.rules[i].rule = &rules.rules[i];
        out.coverage.rules[i].reachable = reachable_verdicts(rules, rules.rules[i]);
    }
    for (const auto& r : out.results) {
        switch (r.outcome) {
            case Outcome::Passed: ++out.totals.passed; break;
            case Outcome::Failed: ++out.totals.failed; break;
            case Outcome::Errored: ++out.totals.errored; break;
            case Outcome::Skipped: ++out.totals.skipped; break;
        }
        if (r.outcome == Outcome::Skipped || r.outcome == Outcome::Errored) continue;
        for (const auto& c : r.checks) {
            auto idx = runner.rule_index(rule_part(c.expect->target));
            if (!idx) continue;
            RuleCoverage& rc = out.coverage.rules[*idx];
            rc.touched = true;
            if (c.held && c.expect->target == rc.rule->id) rc.reached |= bit(c.actual);
        }
    }
    for (const auto& rc : out.coverage.rules)
        for (unsigned v = 0; v < 4; ++v) {
            VerdictSet b = static_cast<VerdictSet>(1u << v);
            if (rc.reachable & b) {
                ++out.coverage.reachable_pairs;
                if (rc.reached & b) ++out.coverage.covered_pairs;
            }
        }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

}  // namespace abide::suite
