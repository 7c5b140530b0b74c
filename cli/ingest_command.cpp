// abide ingest: reads fact logs into the fact store (facts/store), one transaction a file.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "cli/store_flags.hpp"
#include "core/log.hpp"
#include "facts/store/fact_store.hpp"
#include "report/diagnostics.hpp"

namespace abide::cli {
namespace {

struct Flags {
    std::vector<std::string> logs;
    std::string db;
    std::vector<std::string> rules;
    bool skip_invalid = false;
};

// Progress is worth showing for files this large, and only to a person at a terminal.
constexpr off_t kProgressBytes = 16 << 20;

int run(const Flags& f) {
    const std::string db_path = f.db.empty() ? default_db() : f.db;
    const bool color = use_color(STDERR_FILENO);
    std::optional<Loaded> loaded;
    core::Schema no_declarations;
    const core::Schema* schema = &no_declarations;
    if (!f.rules.empty()) {
        loaded = load(f.rules, {}, LoadOptions{});
        if (!loaded) return kBadInput;
        schema = &loaded->rules->schema;
    }
    auto logs = fact_files(f.logs);
    if (!logs) {
        print_error(logs.error().message);
        return kBadInput;
    }
    auto store = facts::FactStore::open(db_path, facts::StoreAccess::Write);
    if (!store) {
        print_error(store.error().message);
        return kBadInput;
    }

    std::ostringstream summary;
    size_t total_read = 0, total_new = 0, total_unchanged = 0, total_rejected = 0;
    size_t rejected_files = 0, corrections = 0;
    const bool tty = isatty(STDERR_FILENO) != 0;
    for (const auto& log : *logs) {
        struct stat st {};
        bool show =
            tty && (log == "-" || (::stat(log.c_str(), &st) == 0 && st.st_size >= kProgressBytes));
        auto started = std::chrono::steady_clock::now();
        std::function<void(size_t)> progress;
        if (show)
            progress = [&](size_t lines) {
                double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
                               .count();
                std::cerr << "\r" << log << ": " << lines << " lines";
                if (s > 0) std::cerr << " (" << static_cast<long>(lines / s) << "/s)";
                std::cerr << std::flush;
            };
        core::Diagnostics diags;
        facts::ReadOptions options;
        options.skip_invalid = f.skip_invalid;
        auto stats = store->ingest(log, *schema, options, diags, progress);
        if (show) std::cerr << "\r\033[K" << std::flush;
        report::write_diagnostics(std::cerr, diags, color);
        if (!stats) {
            print_error(stats.error().message);
            return kBadInput;
        }
        const facts::ReadStats& r = stats->read;
        const std::string name = log == "-" ? "<stdin>" : log;
        summary << name << ": " << r.lines << " read, " << r.added << " new, " << r.duplicates
                << " unchanged, " << r.errors << " rejected";
        if (stats->corrections) summary << " (" << stats->corrections << " corrections)";
        if (r.rejected) summary << "; file rejected, nothing stored";
        summary << "\n";
        if (!r.rejected) core::log::info(name + " recorded at " + stats->recorded_at);
        total_read += r.lines;
        total_new += r.added;
        total_unchanged += r.duplicates;
        total_rejected += r.errors;
        corrections += stats->corrections;
        if (r.rejected) ++rejected_files;
    }
    if (logs->size() > 1)
        summary << "total: " << total_read << " read, " << total_new << " new, " << total_unchanged
                << " unchanged, " << total_rejected << " rejected\n";
    // Nothing on stdout when the exit status is 2: the summary goes to stderr then.
    if (rejected_files > 0) {
        std::cerr << summary.str();
        return kBadInput;
    }
    std::cout << summary.str() << std::flush;
    return kOk;
}

}  // namespace

Runner add_ingest(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand("ingest", "Store fact logs in the fact store (SQLite)");
    cmd->add_option("logs", f->logs, "Fact logs (JSONL, CSV) or folders of them; - is stdin")
        ->required();
    cmd->add_option("--db", f->db, "The fact store (default: $ABIDE_DB, else ./abide.db)");
    cmd->add_option("--rules", f->rules,
                    "A rule file or folder whose event declarations every line must satisfy "
                    "(repeatable)")
        ->allow_extra_args(false);
    cmd->add_flag("--skip-invalid", f->skip_invalid,
                  "Store a file's good lines and skip (and report) the bad ones");
    cmd->footer(
        "Each file is stored in one transaction: all its new facts or none. A fact already "
        "stored is unchanged; the same id with other content is an error unless the line has "
        "\"supersedes\": true. {\"retracts\": \"ID\"} withdraws a fact.\n"
        "Exit status: 0 stored, 2 a file was rejected or the input is wrong.");
    return [f] { return run(*f); };
}

}  // namespace abide::cli
