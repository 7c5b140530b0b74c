#include "report/history/history.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <thread>

#include "facts/store/sqlite.hpp"

namespace abide::history {
namespace {

using sqlite::Connection;
using sqlite::Statement;

constexpr const char* kComponent = "history";

// Version 1. Run ids are never reused (AUTOINCREMENT), also after a replacement. Nodes are stored
// in pre-order with their depth, as the snapshot holds them; evidence is a JSON array of fact ids.
// `rules` and `nodes` in history_runs are the row counts written with the run, so a reader can
// check that a run is whole.
constexpr sqlite::Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE history_runs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    as_of        TEXT NOT NULL UNIQUE CHECK (length(as_of) = 10),
    recorded_at  TEXT NOT NULL,
    rules_digest TEXT NOT NULL,
    facts_digest TEXT NOT NULL,
    rules        INTEGER NOT NULL,
    nodes        INTEGER NOT NULL,
    met          INTEGER NOT NULL,
    pending      INTEGER NOT NULL,
    breached     INTEGER NOT NULL,
    void         INTEGER NOT NULL
) STRICT;
CREATE TABLE history_rules (
    run             INTEGER NOT NULL REFERENCES history_runs (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    id              TEXT NOT NULL,
    title           TEXT NOT NULL,
    cite            TEXT NOT NULL,
    note            TEXT NOT NULL,
    agreement       TEXT NOT NULL,
    agreement_title TEXT NOT NULL,
    party           TEXT NOT NULL,
    PRIMARY KEY (run, seq)
) STRICT, WITHOUT ROWID;
CREATE TABLE history_nodes (
    run             INTEGER NOT NULL REFERENCES history_runs (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    rule            INTEGER NOT NULL,
    node            TEXT NOT NULL,
    depth           INTEGER NOT NULL CHECK (depth >= 0),
    kind            TEXT NOT NULL,
    op              TEXT NOT NULL,
    verdict         TEXT NOT NULL CHECK (verdict IN ('met', 'pending', 'breached', 'void')),
    at_risk         INTEGER NOT NULL CHECK (at_risk IN (0, 1)),
    has_window      INTEGER NOT NULL CHECK (has_window IN (0, 1)),
    window_start    TEXT,
    window_end      TEXT,
    days_left       INTEGER,
    evidence        TEXT NOT NULL,
    late            TEXT NOT NULL,
    reason          TEXT NOT NULL,
    progress_value  REAL,
    progress_target REAL,
    progress_unit   TEXT,
    PRIMARY KEY (run, seq)
) STRICT, WITHOUT ROWID;
CREATE TABLE history_facts (
    run    INTEGER NOT NULL REFERENCES history_runs (id) ON DELETE CASCADE,
    id     TEXT NOT NULL,
    date   TEXT NOT NULL,
    type   TEXT NOT NULL,
    party  TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (run, id)
) STRICT, WITHOUT ROWID;
)sql"},
};

engine::Verdict parse_verdict(std::string_view s) {
    if (s == "met") return engine::Verdict::Met;
    if (s == "breached") return engine::Verdict::Breached;
    if (s == "void") return engine::Verdict::Void;
    return engine::Verdict::Pending;
}

core::Date date_of(std::string_view s) {
    return core::parse_date(s).value_or(core::Date{});
}

constexpr const char* kRunColumns =
    "SELECT id, as_of, recorded_at, rules_digest, facts_digest, rules, nodes, met, pending, "
    "breached, void FROM history_runs ";

RunInfo read_run(const Statement& st) {
    RunInfo r;
    r.id = st.column_int(0);
    r.as_of = date_of(st.column_text(1));
    r.recorded_at = std::string(st.column_text(2));
    r.rules_digest = std::string(st.column_text(3));
    r.facts_digest = std::string(st.column_text(4));
    r.rules = static_cast<size_t>(st.column_int(5));
    r.nodes = static_cast<size_t>(st.column_int(6));
    r.summary.met = static_cast<size_t>(st.column_int(7));
    r.summary.pending = static_cast<size_t>(st.column_int(8));
    r.summary.breached = static_cast<size_t>(st.column_int(9));
    r.summary.void_ = static_cast<size_t>(st.column_int(10));
    return r;
}

std::optional<RunInfo> one_run(Statement& st) {
    if (!st.step()) return std::nullopt;
    RunInfo r = read_run(st);
    st.reset();
    return r;
}

std::string json_list(const std::vector<std::string>& v) {
    return nlohmann::json(v).dump();
}

std::vector<std::string> parse_list(std::string_view text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> out;
    if (!j.is_array()) return out;
    for (const auto& e : j)
        if (e.is_string()) out.push_back(e.get<std::string>());
    return out;
}

}  // namespace

struct History::Impl {
    Connection db;
};

History::History(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
History::History(History&&) noexcept = default;
History& History::operator=(History&&) noexcept = default;
History::~History() = default;

core::Result<History> History::open(const std::string& path) {
    return sqlite::guard(
        [&] {
            auto db = Connection::open(path);
            sqlite::migrate(db, kComponent, kMigrations);
            return History(std::unique_ptr<Impl>(new Impl{std::move(db)}));
        },
        path);
}

core::Result<Recorded> History::record(const report::Snapshot& s, const std::string& rules_digest,
                                       const std::string& facts_digest,
                                       const std::string& recorded_at) {
    return sqlite::guard([&]() -> Recorded {
        Connection& db = impl_->db;
        const std::string as_of = core::to_string(s.as_of);
        sqlite::Transaction tx(db, sqlite::Begin::Immediate);
        Recorded out;
        Statement find = db.prepare(std::string(kRunColumns) + "WHERE as_of = ?1");
        find.bind(1, as_of);
        if (auto old = one_run(find)) {
            if (old->rules_digest == rules_digest && old->facts_digest == facts_digest) {
                out.run = *old;
                out.reused = true;
                return out;  // the transaction rolls back: nothing was written
            }
            out.replaced = old->id;
            Statement del = db.prepare("DELETE FROM history_runs WHERE id = ?1");
            del.bind(1, old->id).run();
        }
        size_t nodes = 0;
        for (const auto& r : s.rules) nodes += r.nodes.size();
        Statement run = db.prepare(
            "INSERT INTO history_runs (as_of, recorded_at, rules_digest, facts_digest, rules, "
            "nodes, met, pending, breached, void) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
            "?10)");
        run.bind_all(as_of, recorded_at, rules_digest, facts_digest,
                     static_cast<int64_t>(s.rules.size()), static_cast<int64_t>(nodes),
                     static_cast<int64_t>(s.summary.met), static_cast<int64_t>(s.summary.pending),
                     static_cast<int64_t>(s.summary.breached),
                     static_cast<int64_t>(s.summary.void_));
        run.run();
        const int64_t id = db.last_insert_rowid();

        Statement rule = db.prepare(
            "INSERT INTO history_rules (run, seq, id, title, cite, note, agreement, "
            "agreement_title, party) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        Statement node = db.prepare(
            "INSERT INTO history_nodes (run, seq, rule, node, depth, kind, op, verdict, at_risk, "
            "has_window, window_start, window_end, days_left, evidence, late, reason, "
            "progress_value, progress_target, progress_unit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
            "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
        int64_t seq = 0;
        for (size_t i = 0; i < s.rules.size(); ++i) {
            const auto& r = s.rules[i];
            rule.bind_all(id, static_cast<int64_t>(i), r.id, r.title, r.cite, r.note, r.agreement,
                          r.agreement_title, json_list(r.party));
            rule.run();
            for (const auto& n : r.nodes) {
                auto date = [](const std::optional<core::Date>& d) {
                    return d ? std::optional<std::string>(core::to_string(*d)) : std::nullopt;
                };
                node.bind_all(id, seq++, static_cast<int64_t>(i), n.id,
                              static_cast<int64_t>(n.depth), n.kind, n.op,
                              engine::to_string(n.verdict), n.at_risk, n.has_window, date(n.start),
                              date(n.end), n.days_left, json_list(n.evidence), n.late, n.reason);
                if (n.progress) {
                    node.bind(17, n.progress->value);
                    node.bind(18, n.progress->target);
                    node.bind(19, n.progress->unit);
                } else {
                    node.bind_null(17).bind_null(18).bind_null(19);
                }
                node.run();
            }
        }
        Statement fact = db.prepare(
            "INSERT INTO history_facts (run, id, date, type, party, source) VALUES (?1, ?2, ?3, "
            "?4, ?5, ?6)");
        for (const auto& f : s.facts) {
            fact.bind_all(id, f.id, core::to_string(f.date), f.type, f.party, f.source);
            fact.run();
        }
        tx.commit();
        out.run.id = id;
        out.run.as_of = s.as_of;
        out.run.recorded_at = recorded_at;
        out.run.rules_digest = rules_digest;
        out.run.facts_digest = facts_digest;
        out.run.rules = s.rules.size();
        out.run.nodes = nodes;
        out.run.summary = s.summary;
        return out;
    });
}

core::Result<std::vector<RunInfo>> History::runs() {
    return sqlite::guard([&] {
        Statement st = impl_->db.prepare(std::string(kRunColumns) + "ORDER BY as_of, id");
        std::vector<RunInfo> out;
        while (st.step()) out.push_back(read_run(st));
        return out;
    });
}

core::Result<std::optional<RunInfo>> History::run(int64_t id) {
    return sqlite::guard([&] {
        Statement st = impl_->db.prepare(std::string(kRunColumns) + "WHERE id = ?1");
        st.bind(1, id);
        return one_run(st);
    });
}

core::Result<std::optional<RunInfo>> History::before(core::Date as_of) {
    return sqlite::guard([&] {
        Statement st = impl_->db.prepare(std::string(kRunColumns) +
                                         "WHERE as_of < ?1 ORDER BY as_of DESC, id DESC LIMIT 1");
        st.bind(1, core::to_string(as_of));
        return one_run(st);
    });
}

core::Result<std::optional<RunInfo>> History::on_or_before(core::Date as_of) {
    return sqlite::guard([&] {
        Statement st = impl_->db.prepare(std::string(kRunColumns) +
                                         "WHERE as_of <= ?1 ORDER BY as_of DESC, id DESC LIMIT 1");
        st.bind(1, core::to_string(as_of));
        return one_run(st);
    });
}

core::Result<report::Snapshot> History::load(int64_t id) {
    auto info = run(id);
    if (!info) return info.error();
    if (!*info) return core::Error{"no run " + std::to_string(id) + " in the history"};
    return sqlite::guard([&] {
        Connection& db = impl_->db;
        report::Snapshot s;
        s.as_of = (*info)->as_of;
        Statement rules = db.prepare(
            "SELECT id, title, cite, note, agreement, agreement_title, party FROM history_rules "
            "WHERE run = ?1 ORDER BY seq");
        rules.bind(1, id);
        while (rules.step()) {
            report::RuleRecord r;
            r.id = std::string(rules.column_text(0));
            r.title = std::string(rules.column_text(1));
            r.cite = std::string(rules.column_text(2));
            r.note = std::string(rules.column_text(3));
            r.agreement = std::string(rules.column_text(4));
            r.agreement_title = std::string(rules.column_text(5));
            r.party = parse_list(rules.column_text(6));
            s.rules.push_back(std::move(r));
        }
        Statement nodes = db.prepare(
            "SELECT rule, node, depth, kind, op, verdict, at_risk, has_window, window_start, "
            "window_end, days_left, evidence, late, reason, progress_value, progress_target, "
            "progress_unit FROM history_nodes WHERE run = ?1 ORDER BY seq");
        nodes.bind(1, id);
        while (nodes.step()) {
            auto rule = static_cast<size_t>(nodes.column_int(0));
            if (rule >= s.rules.size()) continue;
            report::NodeRecord n;
            n.id = std::string(nodes.column_text(1));
            n.depth = static_cast<uint32_t>(nodes.column_int(2));
            n.kind = std::string(nodes.column_text(3));
            n.op = std::string(nodes.column_text(4));
            n.verdict = parse_verdict(nodes.column_text(5));
            n.at_risk = nodes.column_int(6) != 0;
            n.has_window = nodes.column_int(7) != 0;
            if (!nodes.is_null(8)) n.start = core::parse_date(nodes.column_text(8));
            if (!nodes.is_null(9)) n.end = core::parse_date(nodes.column_text(9));
            n.days_left = nodes.column_optional_int(10);
            n.evidence = parse_list(nodes.column_text(11));
            n.late = std::string(nodes.column_text(12));
            n.reason = std::string(nodes.column_text(13));
            if (!nodes.is_null(14))
                n.progress = engine::Progress{nodes.column_double(14), nodes.column_double(15),
                                              std::string(nodes.column_text(16))};
            s.rules[rule].nodes.push_back(std::move(n));
        }
        Statement facts = db.prepare(
            "SELECT id, date, type, party, source FROM history_facts WHERE run = ?1 ORDER BY id");
        facts.bind(1, id);
        while (facts.step()) {
            report::FactRef f;
            f.id = std::string(facts.column_text(0));
            f.date = date_of(facts.column_text(1));
            f.type = std::string(facts.column_text(2));
            f.party = std::string(facts.column_text(3));
            f.source = std::string(facts.column_text(4));
            s.facts.push_back(std::move(f));
        }
        // SQLite's text order is bytewise, as std::string's: already sorted. Rules are in
        // the order they were recorded, which was sorted.
        report::recount(s);
        return s;
    });
}

// FNV-1a, 64 bits, twice with different offset bases: stable across builds and machines
// (unlike facts/hash.hpp, whose constants may change), which is all a digest stored in the
// database needs; it guards against accidents, not adversaries.
namespace {
struct Fnv {
    uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull;
    void bytes(std::string_view s) {
        for (unsigned char c : s) {
            a = (a ^ c) * 0x100000001b3ull;
            b = (b ^ c) * 0x100000001b3ull;
        }
    }
    void text(std::string_view s) {  // length-prefixed, so that ("ab","c") != ("a","bc")
        u64(s.size());
        bytes(s);
    }
    void u64(uint64_t v) {
        char buf[8];
        for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>(v >> (8 * i));
        bytes(std::string_view(buf, 8));
    }
};
std::string hex(uint64_t a, uint64_t b) {
    static const char* const kDigits = "0123456789abcdef";
    std::string out(32, '0');
    for (int i = 0; i < 16; ++i) {
        out[15 - i] = kDigits[(a >> (4 * i)) & 15];
        out[31 - i] = kDigits[(b >> (4 * i)) & 15];
    }
    return out;
}
}  // namespace

std::string digest(const std::vector<std::string>& texts) {
    Fnv h;
    h.u64(texts.size());
    for (const auto& t : texts) h.text(t);
    return hex(h.a, h.b);
}

std::string facts_digest(const facts::FactSet& fs) {
    // Each fact hashes on its own; the sum of the hashes does not depend on the order.
    uint64_t sum_a = 0, sum_b = 0;
    const auto& sym = fs.symbols();
    for (const auto& f : fs.facts()) {
        Fnv h;
        h.text(f.id());
        h.u64(static_cast<uint64_t>(static_cast<int64_t>(f.date.days)));
        const facts::Symbol type = fs.type_name(f);
        h.text(type == facts::kNoSymbol ? "" : sym.text(type));
        h.text(f.party == facts::kNoSymbol ? "" : sym.text(f.party));
        h.text(fs.source(f));
        for (const auto& v : fs.values(f)) {
            h.u64(static_cast<uint64_t>(v.kind));
            switch (v.kind) {
                case facts::Value::Kind::Text:
                case facts::Value::Kind::Party: h.text(sym.text(v.symbol)); break;
                case facts::Value::Kind::Number: h.u64(std::bit_cast<uint64_t>(v.number)); break;
                case facts::Value::Kind::Date:
                    h.u64(static_cast<uint64_t>(static_cast<int64_t>(v.date)));
                    break;
                case facts::Value::Kind::Bool: h.u64(v.boolean); break;
                case facts::Value::Kind::Absent: break;
            }
        }
        sum_a += h.a;
        sum_b += h.b;
    }
    return hex(sum_a ^ fs.size(), sum_b);
}

RunLock::~RunLock() {
    if (fd_ >= 0) close(fd_);  // closing releases the flock
}

core::Result<RunLock> RunLock::acquire(const std::string& db_path,
                                       std::chrono::milliseconds timeout) {
    const std::string path = db_path + ".lock";
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return core::Error{path + ": " + std::strerror(errno)};
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            std::string msg = path + ": " + std::strerror(errno);
            close(fd);
            return core::Error{msg};
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            char buf[32] = {};
            ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
            std::string holder = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
            while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' '))
                holder.pop_back();
            close(fd);
            auto secs = std::chrono::duration_cast<std::chrono::seconds>(timeout).count();
            return core::Error{"another abide report is running on " + db_path +
                               (holder.empty() ? "" : " (pid " + holder + ")") +
                               "; gave up after waiting " + std::to_string(secs) + " s for " +
                               path + " (see --lock-timeout)"};
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    // Say who holds it, for the message another run gives.
    std::string pid = std::to_string(getpid()) + "\n";
    if (ftruncate(fd, 0) == 0) {
        ssize_t w = pwrite(fd, pid.data(), pid.size(), 0);
        (void)w;  // only informative
    }
    return RunLock(fd);
}

}  // namespace abide::history
