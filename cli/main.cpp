// abide: evaluates commitments, encoded as rules, against a log of observed events.
#include <algorithm>
#include <ctime>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "core/log.hpp"
#include "core/suggest.hpp"

#ifndef ABIDE_VERSION
#define ABIDE_VERSION "0.0.0"
#endif

namespace abide::cli {

std::string today() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
    return buf;
}

}  // namespace abide::cli

int main(int argc, char** argv) {
    using namespace abide::cli;
    CLI::App app{"abide: checks commitments (rules) against observed events (facts)", "abide"};
    app.set_version_flag("--version", std::string("abide ") + ABIDE_VERSION);
    int verbosity = 0;
    app.add_flag("-v,--verbose", verbosity, "Log what abide does to stderr (-vv for more)");
    app.require_subcommand(1);
    app.fallthrough();
    // Each registrar adds its subcommand (in --help order) and returns what runs it.
    std::vector<std::pair<CLI::App*, Runner>> commands;
    for (Runner (*add)(CLI::App&) : {add_check, add_eval, add_ingest, add_facts, add_test,
                                     add_explain, add_fmt, add_report, add_runs, add_diff}) {
        Runner run = add(app);
        commands.emplace_back(app.get_subcommands({}).back(), std::move(run));
    }
    // CLI11 would say only "A subcommand is required" for a misspelt command.
    std::vector<std::string_view> names;
    for (auto& [cmd, run] : commands) names.push_back(cmd->get_name());
    if (argc > 1 && argv[1][0] != '-' &&
        std::find(names.begin(), names.end(), std::string_view(argv[1])) == names.end()) {
        auto near = abide::core::closest(argv[1], names);
        std::string list;
        for (auto name : names) list += (list.empty() ? "" : ", ") + std::string(name);
        print_error(std::string("unknown command '") + argv[1] + "'" +
                    (near ? "; did you mean '" + *near + "'?" : "") + " (commands: " + list + ")");
        return kBadInput;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        print_error(e.what());
        std::cerr << "Run 'abide --help' (or 'abide COMMAND --help') for usage.\n";
        return kBadInput;
    }
    using abide::core::log::Level;
    abide::core::log::set_level(verbosity >= 2   ? Level::Debug
                                : verbosity == 1 ? Level::Info
                                                 : Level::Warn);
    for (auto& [cmd, run] : commands)
        if (cmd->parsed()) return run();
    return kBadInput;
}
