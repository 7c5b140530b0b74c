#include "cli/inputs.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "core/log.hpp"
#include "dsl/compile.hpp"
#include "facts/read.hpp"
#include "facts/store/fact_store.hpp"
#include "report/diagnostics.hpp"

namespace abide::cli {
namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Lists files below a folder that `keep` accepts, sorted so that runs are reproducible.
core::Result<std::vector<std::string>> walk(const std::string& dir, auto keep) {
    std::vector<std::string> out;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) return core::Error{dir + ": " + ec.message()};
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) return core::Error{dir + ": " + ec.message()};
        if (it->is_regular_file(ec) && keep(it->path().string()))
            out.push_back(it->path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

void print_error(const std::string& message) {
    std::cerr << "abide: error: " << message << '\n';
}

bool use_color(int fd) {
    const char* no = std::getenv("NO_COLOR");
    return isatty(fd) && !(no && *no);
}

namespace {

// Expands each path: a folder gives the files below it that `keep` accepts (an error if none
// does), "-" is kept when `allow_stdin`, and a file is taken as named.
core::Result<std::vector<std::string>> expand(const std::vector<std::string>& paths, auto keep,
                                              const char* none_found, bool allow_stdin) {
    std::vector<std::string> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (allow_stdin && p == "-") {
            out.push_back(p);
        } else if (fs::is_directory(p, ec)) {
            auto found = walk(p, keep);
            if (!found) return found.error();
            if (found->empty()) return core::Error{p + ": " + none_found};
            out.insert(out.end(), found->begin(), found->end());
        } else if (fs::exists(p, ec)) {
            out.push_back(p);
        } else {
            return core::Error{p + ": no such file or folder"};
        }
    }
    return out;
}

}  // namespace

core::Result<std::vector<std::string>> rule_files(const std::vector<std::string>& paths) {
    auto is_rule_file = [](const std::string& f) {
        return ends_with(f, ".abide") && !ends_with(f, ".test.abide");
    };
    return expand(paths, is_rule_file, "no .abide rule files in this folder", false);
}

core::Result<SuiteFiles> suite_files(const std::vector<std::string>& paths) {
    SuiteFiles out;
    auto is_abide = [](const std::string& f) { return ends_with(f, ".abide"); };
    for (const auto& p : paths) {
        std::error_code ec;
        std::vector<std::string> found;
        if (fs::is_directory(p, ec)) {
            auto listed = walk(p, is_abide);
            if (!listed) return listed.error();
            found = std::move(*listed);
        } else if (fs::exists(p, ec)) {
            if (!is_abide(p)) return core::Error{p + ": not a .abide rule or test file"};
            found.push_back(p);
        } else {
            return core::Error{p + ": no such file or folder"};
        }
        for (auto& f : found)
            (ends_with(f, ".test.abide") ? out.tests : out.rules).push_back(std::move(f));
    }
    return out;
}

core::Result<std::vector<std::string>> fact_files(const std::vector<std::string>& paths) {
    auto is_log = [](const std::string& f) {
        return ends_with(f, ".jsonl") || ends_with(f, ".ndjson") || ends_with(f, ".json") ||
               ends_with(f, ".csv");
    };
    return expand(paths, is_log, "no fact logs (.jsonl, .csv) in this folder", true);
}

std::optional<Loaded> load(const std::vector<std::string>& rule_paths,
                           const std::vector<std::string>& fact_paths, const LoadOptions& options) {
    const bool color = use_color(STDERR_FILENO);
    auto files = rule_files(rule_paths);
    if (!files) {
        print_error(files.error().message);
        return std::nullopt;
    }
    std::vector<std::shared_ptr<const core::SourceFile>> sources;
    for (const auto& f : *files) {
        auto src = core::SourceFile::load(f);
        if (!src) {
            print_error(src.error().message);
            return std::nullopt;
        }
        sources.push_back(*src);
    }
    core::Diagnostics diags;
    auto compiled = dsl::compile(sources, diags, dsl::CompileOptions{options.strict});
    report::write_diagnostics(std::cerr, diags, color);
    if (!compiled) return std::nullopt;

    Loaded out;
    out.rule_files = sources.size();
    out.rules = std::make_unique<ir::RuleSet>(std::move(*compiled));
    core::log::info("compiled " + std::to_string(out.rules->rules.size()) + " rules from " +
                    std::to_string(sources.size()) + " files");
    if (fact_paths.empty() && !options.db) return out;

    std::vector<std::string> logs;
    if (!fact_paths.empty()) {
        auto found = fact_files(fact_paths);
        if (!found) {
            print_error(found.error().message);
            return std::nullopt;
        }
        logs = std::move(*found);
    }
    out.facts = std::make_unique<facts::FactSet>(out.rules->schema);
    core::Diagnostics fact_diags;
    if (options.db) {
        auto store = facts::FactStore::open(*options.db, facts::StoreAccess::Read);
        if (!store) {
            print_error(store.error().message);
            return std::nullopt;
        }
        auto added = store->load(*out.facts, fact_diags, options.known_at);
        if (!added) {
            report::write_diagnostics(std::cerr, fact_diags, color);
            print_error(added.error().message);
            return std::nullopt;
        }
        core::log::info(*options.db + ": " + std::to_string(*added) + " facts" +
                        (options.known_at ? " known at " + *options.known_at : ""));
    }
    facts::ReadOptions ro;
    ro.skip_invalid = options.skip_invalid;
    for (const auto& log : logs) {
        auto stats = facts::read_facts(log, *out.facts, fact_diags, ro);
        if (!stats) {
            report::write_diagnostics(std::cerr, fact_diags, color);
            print_error(stats.error().message);
            return std::nullopt;
        }
        out.undeclared_facts += stats->undeclared;
        core::log::info(log + ": " + std::to_string(stats->lines) + " lines, " +
                        std::to_string(stats->added) + " facts added, " +
                        std::to_string(stats->duplicates) + " duplicates, " +
                        std::to_string(stats->skipped) + " skipped");
    }
    report::write_diagnostics(std::cerr, fact_diags, color);
    if (fact_diags.has_errors()) return std::nullopt;
    return out;
}

}  // namespace abide::cli
