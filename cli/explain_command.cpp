// `abide explain RULE PATHS... --facts LOGS...`: one rule's evaluation step by step.
#include <algorithm>
#include <iostream>
#include <memory>
#include <string_view>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "cli/options.hpp"
#include "core/suggest.hpp"
#include "engine/explain.hpp"
#include "facts/index.hpp"
#include "report/explain_report.hpp"

namespace abide::cli {
namespace {

struct Flags {
    std::string rule;
    std::vector<std::string> paths;
    std::vector<std::string> facts;
    std::string as_of;
    std::string format = "text";
    int horizon = 30;
    bool skip_invalid = false;
};

int run(const Flags& f) {
    auto as_of = parse_as_of(f.as_of);
    if (!as_of || !check_horizon(f.horizon)) return kBadInput;
    LoadOptions load_options;
    load_options.skip_invalid = f.skip_invalid;
    auto loaded = load(f.paths, f.facts, load_options);
    if (!loaded) return kBadInput;
    const ir::RuleSet& rules = *loaded->rules;

    // Rules are sorted by id.
    auto it = std::lower_bound(rules.rules.begin(), rules.rules.end(), f.rule,
                               [](const ir::Rule& r, const std::string& id) { return r.id < id; });
    if (it == rules.rules.end() || it->id != f.rule) {
        std::vector<std::string_view> ids;
        for (const auto& r : rules.rules) ids.push_back(r.id);
        auto near = core::closest(f.rule, ids);
        print_error("unknown rule '" + f.rule + "'" +
                    (near ? "; did you mean '" + *near + "'?" : "") +
                    " (give the full id, AGREEMENT.RULE, as `abide eval` lists it)");
        return kBadInput;
    }

    facts::FactIndex index(*loaded->facts);
    engine::Options options{as_of->date, f.horizon, 1};
    auto ex = engine::explain(rules, *loaded->facts, index, options,
                              static_cast<size_t>(it - rules.rules.begin()));
    if (!ex) {
        print_error(ex.error().message);
        return kBadInput;
    }
    if (f.format == "json")
        report::write_explain_json(std::cout, *ex, rules, *loaded->facts);
    else
        report::write_explain_text(std::cout, *ex, rules, *loaded->facts);
    std::cout.flush();
    if (!std::cout) {
        print_error("cannot write to standard output");
        return kBadInput;
    }
    return ex->root.result.verdict == engine::Verdict::Breached ? kFailed : kOk;
}

}  // namespace

Runner add_explain(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand("explain", "Show one rule's evaluation step by step");
    cmd->add_option("rule", f->rule, "The rule's full id (AGREEMENT.RULE)")->required();
    cmd->add_option("paths", f->paths, "Rule files or folders (every .abide file below)")
        ->required();
    cmd->add_option("--facts", f->facts, "Fact logs (JSONL, CSV) or folders of them; - is stdin")
        ->required();
    cmd->add_option("--as-of", f->as_of, "Evaluation date YYYY-MM-DD (default: today)");
    cmd->add_option("--format", f->format, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd->add_option("--horizon", f->horizon, "Days before a deadline at which pending is at risk")
        ->capture_default_str();
    cmd->add_flag("--skip-invalid", f->skip_invalid,
                  "Skip bad fact lines (each is reported) instead of failing");
    cmd->footer(
        "The verdict is the one `abide eval` gives for the rule.\n"
        "Exit status: 0 the rule is not breached, 1 it is breached, 2 wrong input or unknown "
        "rule.");
    return [f] { return run(*f); };
}

}  // namespace abide::cli
