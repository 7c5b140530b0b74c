// `abide fmt`: prints, checks or rewrites rule and test files in the canonical layout.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <memory>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "cli/unified_diff.hpp"
#include "core/log.hpp"
#include "dsl/format.hpp"
#include "report/diagnostics.hpp"

namespace abide::cli {
namespace {

struct Flags {
    std::vector<std::string> paths;
    bool write = false;
    bool check = false;
    bool verbose = false;
};

constexpr const char* kStdin = "-";

// Every `.abide` file (test files included) below a folder, sorted; a file as named; `-`.
std::optional<std::vector<std::string>> expand(const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const auto& p : paths) {
        if (p == kStdin) {
            out.push_back(p);
            continue;
        }
        auto found = suite_files({p});
        if (!found) {
            print_error(found.error().message);
            return std::nullopt;
        }
        std::vector<std::string> files = std::move(found->rules);
        files.insert(files.end(), found->tests.begin(), found->tests.end());
        if (files.empty()) {
            print_error(p + ": no .abide file in this folder");
            return std::nullopt;
        }
        std::sort(files.begin(), files.end());
        out.insert(out.end(), files.begin(), files.end());
    }
    return out;
}

// Replaces `path` by `text` atomically: a temporary file in the same folder, with the old
// file's permissions, renamed over it, so that a crash leaves the old or the new file whole.
bool write_atomically(const std::string& named, const std::string& text) {
    // Through a symbolic link, the file it points to is replaced, not the link.
    std::error_code ec;
    auto real = std::filesystem::canonical(named, ec);
    const std::string path = ec ? named : real.string();
    std::string tmp = path + ".fmt-XXXXXX";
    int fd = mkstemp(tmp.data());
    if (fd < 0) {
        print_error(named + ": cannot create a temporary file: " + std::strerror(errno));
        return false;
    }
    struct stat st {};
    bool ok = true;
    if (stat(path.c_str(), &st) == 0) fchmod(fd, st.st_mode & 07777);
    for (size_t done = 0; ok && done < text.size();) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            ok = false;
        else
            done += static_cast<size_t>(n);
    }
    ok = ok && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (ok && std::rename(tmp.c_str(), path.c_str()) != 0) ok = false;
    if (!ok) {
        print_error(named + ": cannot write: " + std::strerror(errno));
        unlink(tmp.c_str());
    }
    return ok;
}

struct Formatted {
    std::string path;
    std::string before;
    std::string after;
};

int run(const Flags& f) {
    auto files = expand(f.paths);
    if (!files) return kBadInput;
    if (!f.write && !f.check && files->size() != 1) {
        print_error(std::to_string(files->size()) +
                    " files to format: without -w or --check, abide fmt prints one file; use -w "
                    "to rewrite them or --check to list those that would change");
        return kBadInput;
    }
    const bool color = use_color(STDERR_FILENO);
    // Everything is formatted before anything is printed or written: a file that does not
    // parse leaves every file untouched and stdout empty.
    std::vector<Formatted> done;
    bool failed = false;
    for (const auto& path : *files) {
        std::shared_ptr<const core::SourceFile> src;
        if (path == kStdin) {
            if (f.write) {
                print_error("-w: standard input cannot be rewritten in place");
                return kBadInput;
            }
            std::string text{std::istreambuf_iterator<char>(std::cin),
                             std::istreambuf_iterator<char>()};
            src = std::make_shared<const core::SourceFile>("<stdin>", std::move(text));
        } else {
            auto loaded = core::SourceFile::load(path);
            if (!loaded) {
                print_error(loaded.error().message);
                failed = true;
                continue;
            }
            src = *loaded;
        }
        core::Diagnostics diags;
        auto out = dsl::format_source(*src, dsl::source_kind(path), diags);
        report::write_diagnostics(std::cerr, diags, color);
        if (!out) {
            failed = true;
            continue;
        }
        done.push_back({src->path(), src->text(), std::move(*out)});
    }
    if (failed) return kBadInput;

    if (!f.write && !f.check) {
        std::cout << done.front().after << std::flush;
        return std::cout ? kOk : kBadInput;
    }
    size_t changed = 0;
    for (const auto& d : done) {
        if (d.before == d.after) continue;
        ++changed;
        if (f.check) {
            std::cout << d.path << '\n';
            if (f.verbose)
                std::cout << unified_diff(d.before, d.after, d.path, d.path + " (formatted)");
        } else {
            if (!write_atomically(d.path, d.after)) return kBadInput;
            if (f.verbose) std::cerr << "abide: formatted " << d.path << '\n';
        }
    }
    core::log::info("fmt: " + std::to_string(done.size()) + " files, " + std::to_string(changed) +
                    (f.check ? " would change" : " rewritten"));
    std::cout.flush();
    return f.check && changed > 0 ? kFailed : kOk;
}

}  // namespace

Runner add_fmt(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "fmt", "Format rule and test files in the canonical layout, keeping every comment");
    cmd->add_option("paths", f->paths,
                    "Files or folders (every .abide file below, test files included); - reads "
                    "standard input")
        ->required();
    auto* w = cmd->add_flag("-w,--write", f->write,
                            "Rewrite the files in place (only those that change)");
    auto* c =
        cmd->add_flag("--check", f->check, "Change nothing; list the files that are not formatted");
    w->excludes(c);
    cmd->add_flag("-v,--verbose", f->verbose,
                  "With --check, show a unified diff of each file; with -w, name each file "
                  "rewritten");
    cmd->footer(
        "Without -w or --check, prints the formatted text of the one file given.\n"
        "Exit status: 0 done (with --check: every file is formatted), 1 with --check when a "
        "file would change, 2 when a file does not parse or cannot be read or written (then "
        "no file is changed).");
    return [f] { return run(*f); };
}

}  // namespace abide::cli
