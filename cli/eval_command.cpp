#include <fnmatch.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "cli/options.hpp"
#include "cli/outputs.hpp"
#include "cli/store_flags.hpp"
#include "core/log.hpp"
#include "engine/evaluate.hpp"
#include "engine/preflight.hpp"
#include "facts/index.hpp"
#include "report/json_stream.hpp"
#include "report/render.hpp"

namespace abide::cli {
namespace {

struct Flags {
    std::vector<std::string> paths;
    std::vector<std::string> facts;
    std::string db;        ///< --db: a fact store, read before the logs of --facts
    std::string known_at;  ///< --known-at: the store as it was then
    std::string as_of;
    std::string format = "text";
    std::vector<std::string> outputs;  ///< -o FORMAT[=PATH]
    std::vector<std::string> rule_globs;
    std::vector<std::string> parties;
    int horizon = 30;
    std::string fail_on = "breached";
    bool skip_invalid = false;
    std::string color = "auto";
    int jobs = 0;
};

bool selected(const Flags& f, const ir::Rule& r) {
    if (!f.rule_globs.empty()) {
        bool any = false;
        for (const auto& g : f.rule_globs) any = any || fnmatch(g.c_str(), r.id.c_str(), 0) == 0;
        if (!any) return false;
    }
    if (!f.parties.empty()) {
        bool any = false;
        for (const auto& p : f.parties)
            any = any || std::find(r.party.begin(), r.party.end(), p) != r.party.end();
        if (!any) return false;
    }
    return true;
}

// Flushes the report and maps the summary to the exit status (--fail-on).
int finish(const Flags& f, const engine::Summary& summary) {
    std::cout.flush();
    if (!std::cout) {
        print_error("cannot write the report to standard output");
        return kBadInput;
    }
    bool fail = (f.fail_on == "breached" && summary.breached > 0) ||
                (f.fail_on == "pending" && (summary.breached > 0 || summary.pending > 0));
    return fail ? kFailed : kOk;
}

int run(const Flags& f) {
    auto as_of = parse_as_of(f.as_of);
    if (!as_of || !check_horizon(f.horizon)) return kBadInput;
    auto outputs = parse_outputs(f.outputs, {"text", "json", "junit", "github"}, f.format);
    if (!outputs) return kBadInput;
    if (f.facts.empty() && f.db.empty()) {
        print_error("no facts: give --facts LOGS, --db FILE, or both");
        return kBadInput;
    }
    std::optional<std::string> known_at;
    if (!f.known_at.empty()) {
        if (f.db.empty()) {
            print_error("--known-at needs --db (it selects what the store knew then)");
            return kBadInput;
        }
        known_at = parse_known_at(f.known_at);
        if (!known_at) return kBadInput;
    }
    LoadOptions load_options;
    load_options.skip_invalid = f.skip_invalid;
    if (!f.db.empty()) load_options.db = f.db;
    load_options.known_at = known_at;
    auto loaded = load(f.paths, f.facts, load_options);
    if (!loaded) return kBadInput;

    unsigned threads = f.jobs > 0 ? static_cast<unsigned>(f.jobs)
                                  : std::max(1u, std::thread::hardware_concurrency());
    facts::FactIndex index(*loaded->facts, threads);
    engine::Options options{as_of->date, f.horizon, threads};
    const ir::RuleSet& rules = *loaded->rules;
    const bool json_only =
        outputs->size() == 1 && outputs->front().path.empty() && outputs->front().format == "json";
    if (json_only) {
        // Render each result as soon as it is evaluated and free it. When the evaluation cannot
        // fail, each is printed as soon as those before it are; otherwise the document is held
        // as text (a fraction of the results' size) until nothing failed.
        std::ios::sync_with_stdio(false);
        bool hold = engine::may_fail(rules, *loaded->facts, index);
        report::JsonResultStream stream(std::cout, as_of->date, rules.rules.size(), hold);
        std::vector<std::optional<engine::Verdict>> verdicts(rules.rules.size());
        auto status = engine::evaluate_each(
            rules, *loaded->facts, index, options, [&](size_t i, engine::RuleResult&& r) {
                if (!selected(f, *r.rule)) return stream.add(i, {});
                verdicts[i] = r.node.verdict;
                stream.add(i, report::render_json_result(r, rules, *loaded->facts));
            });
        if (!status) {
            print_error(status.error().message);
            return kBadInput;
        }
        engine::Summary summary;
        for (const auto& v : verdicts)
            if (v) engine::count(summary, *v);
        stream.finish(summary);
        return finish(f, summary);
    }
    auto result = engine::evaluate(rules, *loaded->facts, index, options);
    if (!result) {
        print_error(result.error().message);
        return kBadInput;
    }
    engine::Evaluation& ev = *result;
    if (!f.rule_globs.empty() || !f.parties.empty()) {
        std::erase_if(ev.results,
                      [&](const engine::RuleResult& r) { return !selected(f, *r.rule); });
        ev.summary = {};
        for (const auto& r : ev.results) engine::count(ev.summary, r.node.verdict);
        if (ev.results.empty()) core::log::warn("no rule matches --rule / --party");
    }
    core::log::info("evaluated " + std::to_string(ev.results.size()) + " rules over " +
                    std::to_string(loaded->facts->size()) + " facts as of " + as_of->text);

    std::ios::sync_with_stdio(false);
    bool color = f.color == "always" || (f.color == "auto" && use_color(STDOUT_FILENO));
    if (!f.outputs.empty()) {
        bool written = write_outputs(
            *outputs, [&](const std::string& format, std::ostream& out, bool to_stdout) {
                render_evaluation(format, out, ev, rules, *loaded->facts, to_stdout && color);
            });
        return written ? finish(f, ev.summary) : kBadInput;
    }
    report::write_text(std::cout, ev, rules, *loaded->facts,
                       color ? report::Color::Yes : report::Color::No);
    return finish(f, ev.summary);
}

}  // namespace

Runner add_eval(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand("eval", "Evaluate rules against fact logs as of a date");
    cmd->add_option("paths", f->paths, "Rule files or folders (every .abide file below)")
        ->required();
    cmd->add_option("--facts", f->facts, "Fact logs (JSONL, CSV) or folders of them; - is stdin");
    cmd->add_option("--db", f->db,
                    "A fact store (abide ingest): its current facts, with --facts' added");
    cmd->add_option("--known-at", f->known_at,
                    "With --db: only facts recorded by this RFC 3339 time (a date: its end, UTC)");
    cmd->add_option("--as-of", f->as_of, "Evaluation date YYYY-MM-DD (default: today)");
    cmd->add_option("--format", f->format, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd->add_option("-o,--output", f->outputs,
                    "Report FORMAT[=PATH]: text, json, junit or github; repeatable; without "
                    "=PATH to stdout (default: --format to stdout)");
    cmd->add_option("--rule", f->rule_globs, "Only rules whose id matches this glob (repeatable)");
    cmd->add_option("--party", f->parties,
                    "Only rules whose obligors include this party (repeatable)");
    cmd->add_option("--horizon", f->horizon, "Days before a deadline at which pending is at risk")
        ->capture_default_str();
    cmd->add_option("--fail-on", f->fail_on, "Exit 1 when a rule is breached (or pending)")
        ->check(CLI::IsMember({"never", "breached", "pending"}))
        ->capture_default_str();
    cmd->add_flag("--skip-invalid", f->skip_invalid,
                  "Skip bad fact lines (each is reported) instead of failing");
    cmd->add_option("--color", f->color, "Colour the table")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    cmd->add_option("-j,--jobs", f->jobs, "Rules evaluated at once (default: the number of cores)");
    cmd->footer("Exit status: 0 none breached, 1 a rule breached (see --fail-on), 2 wrong input.");
    return [f] { return run(*f); };
}

}  // namespace abide::cli
