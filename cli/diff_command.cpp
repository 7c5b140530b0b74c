// `abide diff RUN1 RUN2`: what changed from one recorded run to another, as a list or as any
// of the report formats (the report of RUN2 with the changes since RUN1).
#include <memory>

#include "cli/commands.hpp"
#include "cli/history_common.hpp"
#include "cli/inputs.hpp"
#include "cli/store_flags.hpp"

namespace abide::cli {
namespace {

struct Flags {
    std::string from, to;
    std::string db;
    std::vector<std::string> outputs;
    std::string fail_on_new = "never";
};

int run(const Flags& f) {
    auto outputs = parse_outputs(f.outputs, report_formats(), "");
    if (!outputs) return kBadInput;
    const std::string db = f.db.empty() ? default_db() : f.db;
    auto hist = open_existing_history(db);
    if (!hist) return kBadInput;
    auto from = resolve_run(*hist, f.from, "RUN1");
    if (!from) return kBadInput;
    auto to = resolve_run(*hist, f.to, "RUN2");
    if (!to) return kBadInput;
    auto before = hist->load(from->id);
    if (!before) {
        print_error(before.error().message);
        return kBadInput;
    }
    auto after = hist->load(to->id);
    if (!after) {
        print_error(after.error().message);
        return kBadInput;
    }
    report::Report r;
    r.changes = report::detect_changes(*before, *after);
    r.snapshot = std::move(*after);
    r.run = to->ref();
    r.since = from->ref();
    if (!write_report_outputs(*outputs, r)) return kBadInput;
    return fails_on_new(r.changes, f.fail_on_new) ? kFailed : kOk;
}

}  // namespace

Runner add_diff(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand("diff", "Show what changed between two recorded report runs");
    cmd->add_option("RUN1", f->from, "The earlier run: an id, or a date (the latest run as of it)")
        ->required();
    cmd->add_option("RUN2", f->to, "The later run: an id, or a date")->required();
    cmd->add_option("--db", f->db, "The database (default: $ABIDE_DB, else abide.db)");
    cmd->add_option("-o,--output", f->outputs,
                    "FORMAT[=PATH]: md, html, json or csv report of RUN2 with the changes since "
                    "RUN1 (repeatable; default: a list of the changes on standard output)");
    cmd->add_option("--fail-on-new", f->fail_on_new,
                    "Exit 1 when something is newly breached (or breached or pending) in RUN2")
        ->check(CLI::IsMember({"never", "breached", "pending"}))
        ->capture_default_str();
    cmd->footer("Exit status: 0, or 1 per --fail-on-new; 2 for an unknown run or database.");
    return [f] { return run(*f); };
}

}  // namespace abide::cli
