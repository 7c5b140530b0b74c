// `abide runs`: the recorded report runs of a database.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/history_common.hpp"
#include "cli/inputs.hpp"
#include "cli/store_flags.hpp"
#include "report/json_writer.hpp"

namespace abide::cli {
namespace {

struct Flags {
    std::string db;
    std::string format = "text";
};

int run(const Flags& f) {
    const std::string db = f.db.empty() ? default_db() : f.db;
    auto hist = open_existing_history(db);
    if (!hist) return kBadInput;
    auto runs = hist->runs();
    if (!runs) {
        print_error(runs.error().message);
        return kBadInput;
    }
    std::ios::sync_with_stdio(false);
    if (f.format == "json") {
        report::JsonWriter w(std::cout, 2, 2);
        w.begin_array();
        for (const auto& r : *runs) {
            w.begin_object();
            w.key("id").integer(r.id);
            w.key("as_of").string(core::to_string(r.as_of));
            w.key("recorded_at").string(r.recorded_at);
            w.key("rules").integer(static_cast<long long>(r.rules));
            w.key("nodes").integer(static_cast<long long>(r.nodes));
            w.key("met").integer(static_cast<long long>(r.summary.met));
            w.key("pending").integer(static_cast<long long>(r.summary.pending));
            w.key("breached").integer(static_cast<long long>(r.summary.breached));
            w.key("void").integer(static_cast<long long>(r.summary.void_));
            w.key("rules_digest").string(r.rules_digest);
            w.key("facts_digest").string(r.facts_digest);
            w.end_object();
        }
        w.end_array();
        w.flush();
        std::cout << "\n";
    } else if (runs->empty()) {
        std::cout << "no runs recorded in " << db << "\n";
    } else {
        std::cout << "RUN  AS-OF       RECORDED-AT           RULES  MET  PENDING  BREACHED  VOID  "
                     "RULES-DIGEST  FACTS-DIGEST\n";
        for (const auto& r : *runs) {
            char line[256];
            std::snprintf(line, sizeof line,
                          "%-4lld %-11s %-21s %5zu %4zu %8zu %9zu %5zu  %-12s  %s\n",
                          static_cast<long long>(r.id), core::to_string(r.as_of).c_str(),
                          r.recorded_at.c_str(), r.rules, r.summary.met, r.summary.pending,
                          r.summary.breached, r.summary.void_, r.rules_digest.substr(0, 12).c_str(),
                          r.facts_digest.substr(0, 12).c_str());
            std::cout << line;
        }
    }
    std::cout.flush();
    if (!std::cout) {
        print_error("cannot write to standard output");
        return kBadInput;
    }
    return kOk;
}

}  // namespace

Runner add_runs(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand("runs", "List the report runs recorded in a database");
    cmd->add_option("--db", f->db, "The database (default: $ABIDE_DB, else abide.db)");
    cmd->add_option("--format", f->format, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd->footer("Exit status: 0, or 2 when the database is missing or unreadable.");
    return [f] { return run(*f); };
}

}  // namespace abide::cli
