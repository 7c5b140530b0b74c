#pragma once
/// Run history: each `abide report` run (as-of date, rule-set and fact digests, every node's
/// verdict with its evidence, reason and progress, and the evidence facts' sources) kept in the
/// fact store's SQLite file, in tables of its own (component "history" in the shared `meta`
/// table; see facts/store/sqlite.hpp).
///
/// One report series per database: at most one run per as-of date. Recording a run whose
/// as-of date, rule-set digest and facts digest equal a stored run's reuses that run (nothing
/// is written); the same as-of date with other rules or other facts known replaces the stored
/// run of that date (a new id), so the history holds what the latest report of each date said.
/// A run is written in one transaction: readers never see half of one.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "facts/fact.hpp"
#include "report/report.hpp"
#include "report/snapshot.hpp"

namespace abide::history {

struct RunInfo {
    int64_t id = 0;
    core::Date as_of;
    std::string recorded_at;  ///< UTC, YYYY-MM-DDTHH:MM:SSZ
    std::string rules_digest;
    std::string facts_digest;
    size_t rules = 0;  ///< rules recorded
    size_t nodes = 0;  ///< nodes recorded (rules, instances and parts)
    engine::Summary summary;

    report::RunRef ref() const { return {id, as_of, recorded_at}; }
};

struct Recorded {
    RunInfo run;
    bool reused = false;              ///< an identical run was stored already
    std::optional<int64_t> replaced;  ///< the id of the run of the same date it replaced
};

class History {
public:
    /// Opens (creating when missing) the database and migrates the history tables. An Error
    /// with SQLite's reason when it is not a database, is corrupt or holds a newer schema.
    static core::Result<History> open(const std::string& path);
    History(History&&) noexcept;
    History& operator=(History&&) noexcept;
    ~History();

    /// Records `s` as the run of its as-of date (see above), in one IMMEDIATE transaction.
    core::Result<Recorded> record(const report::Snapshot& s, const std::string& rules_digest,
                                  const std::string& facts_digest, const std::string& recorded_at);
    /// Every run, by as-of date.
    core::Result<std::vector<RunInfo>> runs();
    core::Result<std::optional<RunInfo>> run(int64_t id);
    /// The run with the latest as-of date before `as_of`.
    core::Result<std::optional<RunInfo>> before(core::Date as_of);
    /// The run with the latest as-of date on or before `as_of`.
    core::Result<std::optional<RunInfo>> on_or_before(core::Date as_of);
    /// The stored snapshot of run `id` (an Error when there is none).
    core::Result<report::Snapshot> load(int64_t id);

private:
    struct Impl;
    explicit History(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// A digest of texts (the rule files, in order): 32 hex digits, stable across builds.
std::string digest(const std::vector<std::string>& texts);
/// A digest of a fact set's content (ids, dates, types, parties, sources, attribute values),
/// independent of the facts' order: equal for the same facts however they were read.
std::string facts_digest(const facts::FactSet& facts);

/// An exclusive lock against overlapping runs: flock(2) on `db_path + ".lock"` (created when
/// missing), held until destruction. Waits up to `timeout` for another holder; an Error that
/// says who holds it (the pid written in the file) when it times out.
class RunLock {
public:
    static core::Result<RunLock> acquire(const std::string& db_path,
                                         std::chrono::milliseconds timeout);
    RunLock(RunLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
    RunLock& operator=(RunLock&&) = delete;
    ~RunLock();

private:
    explicit RunLock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

}  // namespace abide::history
