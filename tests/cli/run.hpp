#pragma once
/// Runs a program as a subprocess for end-to-end tests: arguments are passed to execv
/// unchanged (no shell), stdin is fed from a string, stdout and stderr are captured whole, and
/// the process (group) is killed after a hard timeout so that a hang fails a test instead of
/// blocking CI.
#include <chrono>
#include <string>
#include <vector>

namespace abide::testing {

struct RunResult {
    std::string out;         ///< everything written to stdout
    std::string err;         ///< everything written to stderr
    int exit_code = -1;      ///< the exit status when the process exited normally, else -1
    int term_signal = 0;     ///< the signal that ended it, 0 when it exited normally
    bool timed_out = false;  ///< killed by us after the timeout
    std::chrono::milliseconds elapsed{0};
    std::string error;  ///< set when the process could not be started at all

    /// "exit 2", "signal 11", "timed out" (for failure messages).
    std::string status() const;
};

struct RunOptions {
    std::string stdin_text;
    std::chrono::milliseconds timeout{10'000};
    /// Address-space limit for the child (RLIMIT_AS), 0 for none. A runaway allocation then
    /// fails fast instead of exhausting a shared machine. Not for ASan builds, which reserve
    /// terabytes of address space.
    size_t memory_limit_mb = 0;
};

/// Runs `program` with `args` (argv[1..]). Never throws; start failures are in `error`.
RunResult run_program(const std::string& program, const std::vector<std::string>& args,
                      const RunOptions& options = {});

}  // namespace abide::testing
