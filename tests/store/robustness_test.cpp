// The store under stress: files that are not databases, SIGKILL at random points during an
// ingest, and an ingest and an eval running at once.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "facts/store/sqlite.hpp"
#include "tests/cli/support.hpp"

extern char** environ;

namespace abide::testing {
namespace {

const char* const kRules = R"(event shipment { qty: mass  port: text }
agreement deal {
  signed 2025-01-01
  rule big { party US  require shipment where qty >= 5 t }
}
)";

// n facts, one a line, distinct ids.
std::string big_log(size_t n) {
    std::string out;
    out.reserve(n * 100);
    for (size_t i = 0; i < n; ++i) {
        out += R"({"id":"k)" + std::to_string(i) + R"(","date":"2025-0)" +
               std::to_string(1 + i % 9) + R"(-1)" + std::to_string(i % 10) +
               R"(","type":"shipment","party":"US","qty":")" + std::to_string(i % 7) +
               R"( t","port":"p)" + std::to_string(i % 13) + "\"}\n";
    }
    return out;
}

// Starts abide with `args`, output to /dev/null; returns its pid.
pid_t spawn_abide(const std::vector<std::string>& args) {
    std::vector<std::string> all = {ABIDE_BIN};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    if (posix_spawn(&pid, ABIDE_BIN, &actions, nullptr, argv.data(), environ) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

TEST(StoreRobustness, NotADatabaseIsExit2WithAClearMessage) {
    TempDir dir;
    dir.write("rules.abide", kRules);
    dir.write("log.jsonl", big_log(2000));
    dir.write("text.db", std::string(5000, 'x'));
    ASSERT_EQ(run_abide(expand({"ingest", "--db", "@good.db", "@log.jsonl"}, dir)).exit_code, 0);
    // A corrupted store: the header's page size and the b-tree pages overwritten.
    {
        std::ifstream in(dir / "good.db", std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        ASSERT_GT(bytes.size(), 20000u);
        std::string bad = bytes;
        for (size_t i = 4096; i < bad.size(); i += 7) bad[i] = static_cast<char>(i * 31);
        dir.write("corrupt.db", bad);
        std::string header = bytes;
        header[16] = 0x7f;  // an impossible page size
        header[17] = 0x01;
        dir.write("header.db", header);
    }
    std::filesystem::create_directory(dir / "folder.db");
    struct Case {
        const char* db;
        const char* expect;
    };
    for (Case c : {Case{"text.db", "not a SQLite database"}, Case{"corrupt.db", "corrupt"},
                   Case{"header.db", "database"}, Case{"folder.db", "is a directory"},
                   Case{"missing.db", "no such database"}}) {
        std::string db = std::string("@") + c.db;
        std::vector<std::vector<std::string>> commands = {
            {"eval", "@rules.abide", "--db", db, "--as-of", "2025-06-01"},
            {"facts", "--db", db},
        };
        if (std::string(c.db) != "missing.db")
            commands.push_back({"ingest", "--db", db, "@log.jsonl"});
        for (const auto& args : commands) {
            auto r = run_abide(expand(args, dir));
            EXPECT_EQ(r.exit_code, 2) << c.db << " " << args[0] << ": " << r.status() << r.err;
            EXPECT_EQ(r.out, "") << c.db << " " << args[0];
            EXPECT_NE(r.err.find(c.expect), std::string::npos) << c.db << " " << args[0] << r.err;
            EXPECT_NE(r.err.find(c.db), std::string::npos) << r.err;
        }
    }
}

// SIGKILL an ingest at random moments, again and again, then let one finish: the store holds
// exactly the file's facts, each once.
TEST(StoreRobustness, KilledIngestsLeaveAllOrNothing) {
    TempDir dir;
    const size_t n = 60'000;
    dir.write("log.jsonl", big_log(n));
    const std::vector<std::string> args = {"ingest", "--db", dir / "k.db", dir / "log.jsonl"};
    // How long a whole ingest takes here, to spread the kills over it.
    auto t0 = std::chrono::steady_clock::now();
    {
        auto r = run_abide({"ingest", "--db", dir / "timing.db", dir / "log.jsonl"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    auto full =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    std::mt19937 rng(20261122);
    std::uniform_int_distribution<int64_t> delay(0, full * 9 / 10);
    auto rows_in = [&](const std::string& path) -> int64_t {
        if (!std::filesystem::exists(path)) return 0;
        auto db = sqlite::Connection::open(path, {sqlite::OpenMode::ReadWrite});
        if (sqlite::schema_version(db, "facts") == 0) return 0;
        auto s = db.prepare("SELECT count(*) FROM facts");
        return s.step() ? s.column_int(0) : -1;
    };
    int killed_mid_run = 0, completed = 0;
    for (int i = 0; i < 80 && killed_mid_run < 24; ++i) {
        pid_t pid = spawn_abide(args);
        ASSERT_GT(pid, 0);
        std::this_thread::sleep_for(std::chrono::microseconds(delay(rng)));
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        // Whatever the moment, the store is either empty or holds the whole file.
        int64_t rows = rows_in(dir / "k.db");
        EXPECT_TRUE(rows == 0 || rows == static_cast<int64_t>(n)) << rows << " rows";
        if (WIFSIGNALED(status)) {
            ++killed_mid_run;
        } else if (rows == static_cast<int64_t>(n)) {
            // It finished first: start again from an empty store, so that later kills hit
            // the loading rather than a run that finds everything unchanged.
            ++completed;
            for (const char* suffix : {"", "-wal", "-shm"})
                std::filesystem::remove(dir / (std::string("k.db") + suffix));
        }
    }
    EXPECT_GE(killed_mid_run, 20) << "kills that landed while abide ran";
    auto r = run_abide(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto db = sqlite::Connection::open(dir / "k.db", {sqlite::OpenMode::ReadWrite});
    auto s = db.prepare("SELECT count(*), count(DISTINCT id), max(version) FROM facts");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.column_int(0), static_cast<int64_t>(n));
    EXPECT_EQ(s.column_int(1), static_cast<int64_t>(n));
    EXPECT_EQ(s.column_int(2), 1);
    auto check = db.prepare("PRAGMA integrity_check");
    ASSERT_TRUE(check.step());
    EXPECT_EQ(check.column_text(0), "ok");
}

// An ingest writing while evals read: every eval succeeds (old or new state), none is busy.
TEST(StoreRobustness, IngestAndEvalAtOnce) {
    TempDir dir;
    dir.write("rules.abide", kRules);
    dir.write("first.jsonl", big_log(1000));
    std::string second = big_log(150'000);
    dir.write("second.jsonl", second.substr(second.find("\n{\"id\":\"k1000\"") + 1));
    ASSERT_EQ(run_abide(expand({"ingest", "--db", "@c.db", "@first.jsonl"}, dir)).exit_code, 0);
    pid_t writer = spawn_abide({"ingest", "--db", dir / "c.db", dir / "second.jsonl"});
    ASSERT_GT(writer, 0);
    int evals = 0, during = 0;
    bool writer_done = false;
    int writer_status = 0;
    while (!writer_done || evals < 3) {
        auto r = run_abide(expand(
            {"eval", "@rules.abide", "--db", "@c.db", "--as-of", "2025-12-31", "--format", "json"},
            dir));
        EXPECT_EQ(r.exit_code, 0) << r.status() << r.err;
        EXPECT_EQ(r.err, "");
        ++evals;
        if (!writer_done) {
            ++during;
            writer_done = waitpid(writer, &writer_status, WNOHANG) == writer;
        }
        if (evals > 200) break;
    }
    if (!writer_done) waitpid(writer, &writer_status, 0);
    EXPECT_TRUE(WIFEXITED(writer_status) && WEXITSTATUS(writer_status) == 0);
    EXPECT_GE(during, 1);
    auto db = sqlite::Connection::open(dir / "c.db", {sqlite::OpenMode::ReadWrite});
    auto s = db.prepare("SELECT count(*) FROM facts");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.column_int(0), 150'000);
}

}  // namespace
}  // namespace abide::testing
