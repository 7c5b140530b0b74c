#include "tests/cli/run.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace abide::testing {
namespace {

struct Pipe {
    int fd[2] = {-1, -1};
    bool open() { return pipe2(fd, O_CLOEXEC) == 0; }
    void close_end(int i) {
        if (fd[i] >= 0) ::close(fd[i]);
        fd[i] = -1;
    }
    ~Pipe() {
        close_end(0);
        close_end(1);
    }
};

// The parent writes stdin through a pipe the child may close early; EPIPE must be an error
// code, not a signal that ends the test binary.
void ignore_sigpipe_once() {
    static const bool done = [] {
        signal(SIGPIPE, SIG_IGN);
        return true;
    }();
    (void)done;
}

}  // namespace

std::string RunResult::status() const {
    if (!error.empty()) return "not started: " + error;
    if (timed_out) return "timed out (killed)";
    if (term_signal != 0)
        return "signal " + std::to_string(term_signal) + " (" + strsignal(term_signal) + ")";
    return "exit " + std::to_string(exit_code);
}

RunResult run_program(const std::string& program, const std::vector<std::string>& args,
                      const RunOptions& options) {
    ignore_sigpipe_once();
    RunResult r;
    Pipe in, out, err;
    if (!in.open() || !out.open() || !err.open()) {
        r.error = std::string("pipe: ") + std::strerror(errno);
        return r;
    }
    std::vector<std::string> argv_storage;
    argv_storage.push_back(program);
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);

    const auto start = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid < 0) {
        r.error = std::string("fork: ") + std::strerror(errno);
        return r;
    }
    if (pid == 0) {
        // Child: only async-signal-safe calls from here to exec.
        setpgid(0, 0);
        signal(SIGPIPE, SIG_DFL);  // SIG_IGN would survive exec
        if (options.memory_limit_mb > 0) {
            rlimit limit{};
            limit.rlim_cur = limit.rlim_max = static_cast<rlim_t>(options.memory_limit_mb) << 20;
            setrlimit(RLIMIT_AS, &limit);
        }
        dup2(in.fd[0], STDIN_FILENO);
        dup2(out.fd[1], STDOUT_FILENO);
        dup2(err.fd[1], STDERR_FILENO);
        execv(program.c_str(), argv.data());
        const char msg[] = "exec failed\n";
        ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)ignored;
        _exit(127);
    }
    setpgid(pid, pid);  // also here, so the group exists whichever runs first
    in.close_end(0);
    out.close_end(1);
    err.close_end(1);
    fcntl(in.fd[1], F_SETFL, O_NONBLOCK);

    size_t written = 0;
    if (options.stdin_text.empty()) in.close_end(1);
    const auto deadline = start + options.timeout;
    char buf[65536];
    while (out.fd[0] >= 0 || err.fd[0] >= 0) {
        auto now = std::chrono::steady_clock::now();
        if (now >= deadline) {
            r.timed_out = true;
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            break;
        }
        pollfd fds[3];
        int n = 0;
        int idx_out = -1, idx_err = -1, idx_in = -1;
        if (out.fd[0] >= 0) fds[idx_out = n++] = {out.fd[0], POLLIN, 0};
        if (err.fd[0] >= 0) fds[idx_err = n++] = {err.fd[0], POLLIN, 0};
        if (in.fd[1] >= 0) fds[idx_in = n++] = {in.fd[1], POLLOUT, 0};
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
        int ready = poll(fds, static_cast<nfds_t>(n), static_cast<int>(left) + 1);
        if (ready < 0) {
            if (errno == EINTR) continue;
            r.error = std::string("poll: ") + std::strerror(errno);
            kill(-pid, SIGKILL);
            break;
        }
        auto drain = [&](int idx, Pipe& p, std::string& into) {
            if (idx < 0 || !(fds[idx].revents & (POLLIN | POLLHUP | POLLERR))) return;
            ssize_t got = read(p.fd[0], buf, sizeof buf);
            if (got > 0)
                into.append(buf, static_cast<size_t>(got));
            else if (got == 0 || errno != EINTR)
                p.close_end(0);
        };
        drain(idx_out, out, r.out);
        drain(idx_err, err, r.err);
        if (idx_in >= 0 && (fds[idx_in].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t put = write(in.fd[1], options.stdin_text.data() + written,
                                options.stdin_text.size() - written);
            if (put > 0) written += static_cast<size_t>(put);
            if ((put < 0 && errno != EAGAIN && errno != EINTR) ||
                written == options.stdin_text.size())
                in.close_end(1);
        }
    }
    in.close_end(1);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    if (WIFEXITED(status)) {
        r.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        r.term_signal = WTERMSIG(status);
    }
    return r;
}

}  // namespace abide::testing
