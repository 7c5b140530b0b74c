// `abide report`: evaluates the rules against the fact store as of a date, records the run in
// the database's history, compares it with the previous run and writes the reports. Safe to
// run from cron: a lock serialises overlapping runs, a rerun for the same as-of date with the
// same rules and facts reuses the recorded run (so its reports come out byte for byte the same),
// report files are replaced atomically, and the exit status is non-zero only per --fail-on*
// (or 2 when the input is wrong or the run cannot be done).
#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/history_common.hpp"
#include "cli/inputs.hpp"
#include "cli/options.hpp"
#include "cli/store_flags.hpp"
#include "core/log.hpp"
#include "engine/evaluate.hpp"
#include "facts/index.hpp"

namespace abide::cli {
namespace {

struct Flags {
    std::vector<std::string> paths;
    std::string db;
    std::vector<std::string> facts;
    std::string known_at;
    std::string as_of;
    std::string since;
    std::vector<std::string> outputs;
    std::string fail_on_new = "never";
    std::string fail_on = "never";
    int horizon = 30;
    double lock_timeout = 60;
    bool skip_invalid = false;
    int jobs = 0;
};

std::string now_utc() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

// The rule set's digest: its files' text, in the (sorted) order they were compiled, and the
// horizon, which changes at-risk flags as the rules do.
std::optional<std::string> rules_digest(const std::vector<std::string>& paths, int horizon) {
    auto files = rule_files(paths);
    if (!files) {
        print_error(files.error().message);
        return std::nullopt;
    }
    std::vector<std::string> texts;
    for (const auto& f : *files) {
        std::ifstream in(f, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        if (!in) {
            print_error(f + ": cannot read");
            return std::nullopt;
        }
        texts.push_back(s.str());
    }
    texts.push_back("horizon " + std::to_string(horizon));
    return history::digest(texts);
}

int run(const Flags& f) {
    auto as_of = parse_as_of(f.as_of);
    if (!as_of || !check_horizon(f.horizon)) return kBadInput;
    if (f.lock_timeout < 0) {
        print_error("--lock-timeout: must be 0 or more seconds");
        return kBadInput;
    }
    auto outputs = parse_outputs(f.outputs, report_formats(), f.outputs.empty() ? "md" : "");
    if (!outputs) return kBadInput;
    const std::string db = f.db.empty() ? default_db() : f.db;
    std::optional<std::string> known_at;
    if (!f.known_at.empty()) {
        known_at = parse_known_at(f.known_at);
        if (!known_at) return kBadInput;
    }

    // One run at a time per database, from loading the facts to the last report file.
    auto lock = history::RunLock::acquire(
        db, std::chrono::milliseconds(static_cast<int64_t>(f.lock_timeout * 1000)));
    if (!lock) {
        print_error(lock.error().message);
        return kBadInput;
    }
    auto digest = rules_digest(f.paths, f.horizon);
    if (!digest) return kBadInput;
    LoadOptions load_options;
    load_options.skip_invalid = f.skip_invalid;
    // The store's facts, unless only logs were named; an empty or new database has none.
    std::error_code ec;
    if (f.facts.empty() || std::filesystem::exists(db, ec)) load_options.db = db;
    load_options.known_at = known_at;
    auto loaded = load(f.paths, f.facts, load_options);
    if (!loaded) return kBadInput;
    if (!loaded->facts) loaded->facts = std::make_unique<facts::FactSet>(loaded->rules->schema);

    facts::FactIndex index(*loaded->facts, std::max(1u, std::thread::hardware_concurrency()));
    unsigned threads = f.jobs > 0 ? static_cast<unsigned>(f.jobs)
                                  : std::max(1u, std::thread::hardware_concurrency());
    auto ev = engine::evaluate(*loaded->rules, *loaded->facts, index,
                               engine::Options{as_of->date, f.horizon, threads});
    if (!ev) {
        print_error(ev.error().message);
        return kBadInput;
    }
    report::Report r;
    r.horizon_days = f.horizon;
    r.snapshot = report::make_snapshot(*ev, *loaded->rules, *loaded->facts);

    auto hist = history::History::open(db);
    if (!hist) {
        print_error(hist.error().message);
        return kBadInput;
    }
    auto recorded =
        hist->record(r.snapshot, *digest, history::facts_digest(*loaded->facts), now_utc());
    if (!recorded) {
        print_error(recorded.error().message);
        return kBadInput;
    }
    r.run = recorded->run.ref();
    core::log::info(std::string(recorded->reused ? "reused" : "recorded") + " run " +
                    std::to_string(recorded->run.id) + " as of " + as_of->text +
                    (recorded->replaced ? " (replacing run " + std::to_string(*recorded->replaced) +
                                              " of the same date)"
                                        : ""));

    std::optional<history::RunInfo> since;
    if (!f.since.empty()) {
        since = resolve_run(*hist, f.since, "--since");
        if (!since) return kBadInput;
    } else {
        auto before = hist->before(as_of->date);
        if (!before) {
            print_error(before.error().message);
            return kBadInput;
        }
        since = *before;
    }
    if (since) {
        auto old = hist->load(since->id);
        if (!old) {
            print_error(old.error().message);
            return kBadInput;
        }
        r.since = since->ref();
        r.changes = report::detect_changes(*old, r.snapshot);
    }

    if (!write_report_outputs(*outputs, r)) return kBadInput;

    bool fail = fails_on_new(r.changes, f.fail_on_new);
    // Without an earlier run everything is new.
    if (!r.since && f.fail_on_new != "never") {
        const auto& s = r.snapshot.summary;
        fail = fail || s.breached > 0 || (f.fail_on_new == "pending" && s.pending > 0);
    }
    const auto& s = r.snapshot.summary;
    fail = fail || (f.fail_on == "breached" && s.breached > 0) ||
           (f.fail_on == "pending" && (s.breached > 0 || s.pending > 0));
    return fail ? kFailed : kOk;
}

}  // namespace

Runner add_report(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "report", "Evaluate from the fact store, record the run and write reports of what changed");
    cmd->add_option("paths", f->paths, "Rule files or folders (every .abide file below)")
        ->required();
    cmd->add_option("--db", f->db,
                    "The database: facts (abide ingest) and run history (default: $ABIDE_DB, "
                    "else abide.db)");
    cmd->add_option("--facts", f->facts,
                    "Fact logs read in addition to the store's facts (or instead, when the "
                    "database does not exist yet)");
    cmd->add_option("--known-at", f->known_at,
                    "Only the store's facts recorded by this date or RFC 3339 date-time");
    cmd->add_option("--as-of", f->as_of, "Evaluation date YYYY-MM-DD (default: today)");
    cmd->add_option("--since", f->since,
                    "Compare with this run id, or the latest run as of this date or earlier "
                    "(default: the latest run before --as-of)");
    cmd->add_option("-o,--output", f->outputs,
                    "FORMAT[=PATH]: md, html, json or csv, written atomically to PATH, or to "
                    "standard output without one (repeatable; default: md to standard output)");
    cmd->add_option("--fail-on-new", f->fail_on_new,
                    "Exit 1 when a rule (or instance or part) is newly breached (or newly "
                    "breached or pending) since the compared run")
        ->check(CLI::IsMember({"never", "breached", "pending"}))
        ->capture_default_str();
    cmd->add_option("--fail-on", f->fail_on, "Exit 1 when any rule is breached (or pending)")
        ->check(CLI::IsMember({"never", "breached", "pending"}))
        ->capture_default_str();
    cmd->add_option("--horizon", f->horizon, "Days before a deadline at which pending is at risk")
        ->capture_default_str();
    cmd->add_option("--lock-timeout", f->lock_timeout,
                    "Seconds to wait for another report run on the same database")
        ->capture_default_str();
    cmd->add_flag("--skip-invalid", f->skip_invalid,
                  "Skip bad fact lines of --facts logs (each is reported) instead of failing");
    cmd->add_option("-j,--jobs", f->jobs, "Rules evaluated at once (default: the number of cores)");
    cmd->footer(
        "A run is recorded once per as-of date: rerunning with the same rules and facts reuses "
        "it; with other rules or facts it replaces that date's run.\nExit status: 0, or 1 per "
        "--fail-on-new / --fail-on; 2 wrong input, or another run held the lock too long.");
    return [f] { return run(*f); };
}

}  // namespace abide::cli
