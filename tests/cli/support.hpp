#pragma once
/// Shared by the CLI tests: a per-test temp dir, running the real `abide` binary, and
/// argument expansion (`@name` is a path inside the temp dir).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/cli/run.hpp"

#ifndef ABIDE_BIN
#error "ABIDE_BIN must name the abide executable"
#endif
#ifndef ABIDE_SOURCE_DIR
#error "ABIDE_SOURCE_DIR must name the source tree"
#endif

namespace abide::testing {

namespace fs = std::filesystem;

/// A fresh directory under $TMPDIR (or /tmp), removed with everything in it.
class TempDir {
public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string tmpl = std::string(base && *base ? base : "/tmp") + "/abide-cli-XXXXXX";
        if (char* made = mkdtemp(tmpl.data())) path_ = made;
    }
    ~TempDir() {
        std::error_code ec;
        if (!path_.empty()) fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

    /// Writes `content` byte for byte to `name` (parent folders created).
    void write(const std::string& name, const std::string& content) const {
        fs::path p = fs::path(path_) / name;
        fs::create_directories(p.parent_path());
        std::ofstream out(p, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        if (!out) ADD_FAILURE() << "cannot write " << p;
    }

private:
    std::string path_;
};

inline std::string read_source_file(const std::string& relative) {
    std::ifstream in(std::string(ABIDE_SOURCE_DIR) + "/" + relative, std::ios::binary);
    if (!in) ADD_FAILURE() << "cannot read " << relative;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Replaces a leading `@` by the temp dir: `@facts.jsonl` -> `/tmp/abide-cli-x/facts.jsonl`.
inline std::vector<std::string> expand(const std::vector<std::string>& args, const TempDir& dir) {
    std::vector<std::string> out;
    for (const auto& a : args) out.push_back(!a.empty() && a[0] == '@' ? dir / a.substr(1) : a);
    return out;
}

inline RunResult run_abide(const std::vector<std::string>& args,
                           const std::string& stdin_text = "") {
    RunOptions options;
    options.stdin_text = stdin_text;
#ifndef ABIDE_CLI_SANITIZED
    options.memory_limit_mb = 2048;  // abide needs tens of MB; this catches runaway growth
#endif
    RunResult r = run_program(ABIDE_BIN, args, options);
    // Timings are for the log only; the 10 s kill is a hang guard, not a performance test.
    std::cout << "[  elapsed ] " << r.elapsed.count() << " ms: abide";
    for (const auto& a : args) std::cout << ' ' << (a.size() > 80 ? a.substr(0, 77) + "..." : a);
    std::cout << " -> " << r.status() << '\n';
    return r;
}

/// At most `max` bytes of `s`, for failure messages and regex searches.
inline std::string head(const std::string& s, size_t max = 4000) {
    return s.size() <= max ? s : s.substr(0, max) + "\n...[" + std::to_string(s.size()) + " bytes]";
}

}  // namespace abide::testing
