// JSON Lines: splitting a log into lines (blank lines, CR LF, over-long lines, a BOM), and the
// pipeline that reads and parses lines on one thread while another checks them and adds facts.
// Parsing needs only the line; checking needs the FactSet, so the two threads share nothing
// but the batches handed between them, and the checks see the lines in file order: the facts,
// symbols and diagnostics are those of a single-threaded read, whatever the timing.
#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "facts/chunk_reader.hpp"
#include "facts/line_batch.hpp"
#include "facts/read_detail.hpp"

namespace abide::facts::detail {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string too_long(size_t bytes) {
    return "line too long (" + std::to_string(bytes) + " bytes; a fact line may have at most " +
           std::to_string(kMaxLineBytes) + ")";
}

// Parses lines into batches and hands each full batch to `deliver`, which returns the batch to
// fill next (nullptr: the checker has stopped, parse no more).
class LineSink {
public:
    using Deliver = std::function<LineBatch*(LineBatch*)>;

    explicit LineSink(Deliver deliver) : deliver_(std::move(deliver)), batch_(deliver_(nullptr)) {}

    bool stopped() const { return batch_ == nullptr; }

    /// One physical line, ending at byte `end_offset` of the file: drops blank lines, strips a
    /// CR, refuses huge lines unparsed, parses the rest.
    void line(std::string_view line, uint32_t number, size_t end_offset) {
        if (stopped()) return;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        bool blank = true;
        for (char c : line) {
            if (c != ' ' && c != '\t' && c != '\r') {
                blank = false;
                break;
            }
        }
        if (blank) return;
        if (line.size() > kMaxLineBytes) return error(number, too_long(line.size()), end_offset);
        if (!batch_->make_room(line.size())) {
            flush();
            if (stopped()) return;
            batch_->make_room(line.size());  // an empty batch always makes room
        }
        parser_.parse(batch_->copy_line(line), number, *batch_);
        batch_->end_offset = end_offset;
        if (batch_->full()) flush();
    }

    /// Complete lines at data[pos...] (data starts at byte `base` of the file), taken as one
    /// run while each is exactly '{' ... '}' - so not blank, no CR, no surrounding space: the
    /// common case, parsed as a document stream - and while they fit the batch. Advances
    /// `pos` and `number` past them; false, with nothing consumed, when fewer than two such
    /// lines start at pos (line() then takes the next one).
    bool run(std::string_view data, size_t& pos, uint32_t& number, size_t base) {
        // Small enough that a batch holds a run, its strings and the lines of a fallback.
        constexpr size_t kRunBytes = 64 << 10;
        if (stopped()) return false;
        const size_t room = LineBatch::kMaxEntries - batch_->entries.size();
        starts_.clear();
        size_t end = pos;
        for (size_t p = pos; starts_.size() < room;) {
            size_t nl = data.find('\n', p);
            if (nl == std::string_view::npos || nl == p || nl + 1 - pos > kRunBytes ||
                data[p] != '{' || data[nl - 1] != '}')
                break;
            starts_.push_back(static_cast<uint32_t>(p - pos));
            end = nl;
            p = nl + 1;
        }
        const size_t n = starts_.size();
        if (n < 2) return false;
        const std::string_view lines = data.substr(pos, end - pos);
        if (!batch_->make_room(lines.size())) {
            flush();
            if (stopped()) return false;
            batch_->make_room(lines.size());
        }
        const size_t done =
            parser_.parse_run(batch_->copy_line(lines), starts_, number + 1, *batch_);
        // Line k's break is at pos + starts_[k + 1] - 1, the last one's at end.
        auto line_end = [&](size_t k) { return k + 1 < n ? pos + starts_[k + 1] - 1 : end; };
        if (done > 0) batch_->end_offset = base + line_end(done - 1) + 1;
        number += static_cast<uint32_t>(done);
        for (size_t k = done; k < n; ++k) {
            size_t start = pos + starts_[k];
            line(data.substr(start, line_end(k) - start), ++number, base + line_end(k) + 1);
        }
        pos = end + 1;
        if (!stopped() && batch_->full()) flush();
        return true;
    }

    /// A line that is reported without its text (one too long to hold).
    void error(uint32_t number, std::string message, size_t end_offset) {
        if (stopped()) return;
        LineBatch::Entry e;
        e.line = number;
        e.error = std::move(message);
        batch_->entries.push_back(std::move(e));
        batch_->end_offset = end_offset;
        if (batch_->full()) flush();
    }

    /// Delivers the last, partly filled batch.
    void finish() { flush(); }

private:
    void flush() {
        if (stopped() || batch_->empty()) return;
        batch_ = deliver_(batch_);
        if (batch_) batch_->clear();
    }

    JsonLineParser parser_;
    Deliver deliver_;
    LineBatch* batch_;
    std::vector<uint32_t> starts_;  // run(): the lines' offsets in the run
};

// Feeds every line of a file to the sink; the file's first chunk is already in `reader`.
// Returns 0 or the errno of a read error. A line longer than kMaxLineBytes is reported and
// skipped without being held in memory.
int read_lines(ChunkReader& reader, LineSink& sink) {
    uint32_t number = 0;
    bool first = true;
    bool skipping = false;  // inside an over-long line, discarding until its end
    size_t skipped_bytes = 0;
    for (;;) {
        std::string_view data = reader.data();
        if (first && data.substr(0, kBom.size()) == kBom) {
            reader.consume(kBom.size());
            data.remove_prefix(kBom.size());
        }
        first = false;
        const size_t base = reader.consumed();
        size_t pos = 0;
        if (skipping) {
            size_t nl = data.find('\n');
            if (nl == std::string_view::npos) {
                skipped_bytes += data.size();
                pos = data.size();
            } else {
                skipped_bytes += nl;
                sink.error(++number, too_long(skipped_bytes), base + nl + 1);
                skipping = false;
                pos = nl + 1;
            }
        }
        while (!skipping && !sink.stopped()) {
            if (sink.run(data, pos, number, base)) continue;
            size_t nl = data.find('\n', pos);
            if (nl == std::string_view::npos) break;
            sink.line(data.substr(pos, nl - pos), ++number, base + nl + 1);
            pos = nl + 1;
        }
        if (sink.stopped()) return 0;
        if (reader.eof()) {
            if (skipping)
                sink.error(++number, too_long(skipped_bytes), base + data.size());
            else if (pos < data.size())
                sink.line(data.substr(pos), ++number, base + data.size());
            return 0;
        }
        if (!skipping && data.size() - pos > kMaxLineBytes) {
            skipping = true;
            skipped_bytes = data.size() - pos;
            pos = data.size();
        }
        reader.consume(pos);
        if (!reader.fill()) return reader.error();
    }
}

// Sizes the FactSet for the whole file once a sample of it has been checked, from its bytes
// per line, so that the vectors do not double (and briefly hold both copies) at a million
// facts. The margin is small: the id table is sized from it, and doubles at a power of two.
class Reservation {
public:
    /// `tables`: grow the hash tables when reserving (else the caller has them made
    /// elsewhere: see Handoff::request_tables).
    Reservation(size_t file_size, FactBuilder& builder, bool tables)
        : file_size_(file_size), builder_(builder), tables_(tables) {}

    /// True when it has just reserved (once per file).
    bool after(const LineBatch& batch) {
        constexpr size_t kSample = 4 << 20;
        if (done_ || file_size_ == 0 || batch.end_offset < kSample || batch.empty() ||
            builder_.facts_added() == 0)
            return false;
        done_ = true;
        double per_line = static_cast<double>(batch.end_offset) /
                          static_cast<double>(std::max<uint32_t>(batch.entries.back().line, 1));
        size_t left = file_size_ > batch.end_offset ? file_size_ - batch.end_offset : 0;
        more_ = static_cast<size_t>(static_cast<double>(left) / per_line * 1.02) + 64;
        builder_.reserve(more_, builder_.values_per_fact_hint(), tables_);
        // A file of this size can be read again, should an id repeat (see read_json_file).
        builder_.defer_id_checks(more_);
        return true;
    }
    /// The facts still expected when it reserved.
    size_t more() const { return more_; }

private:
    size_t file_size_;
    FactBuilder& builder_;
    bool tables_;
    bool done_ = false;
    size_t more_ = 0;
};

// Asks the kernel to map `range` writable now, as a first write would, without touching its
// bytes: safe while another thread writes there, and harmless on memory since freed. Only a
// hint (older kernels refuse it).
void prefault(std::span<const std::byte> range) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    constexpr uintptr_t kPage = 4096;
    auto begin = (reinterpret_cast<uintptr_t>(range.data()) + kPage - 1) & ~(kPage - 1);
    auto end = (reinterpret_cast<uintptr_t>(range.data()) + range.size()) & ~(kPage - 1);
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
#else
    (void)range;
#endif
}

// The hand-off between the reading thread and the checking thread: full batches one way, in
// file order, and checked ones back for reuse; kBatches in all, so the reader runs at most
// that far ahead and memory stays bounded.
//
// Fresh memory costs a page fault (and zeroing) at its first write; at a million facts those
// faults in the FactSet's vectors were a third of the checking thread's time. Once the vectors
// are reserved, the reader prefaults them a batch's worth per batch, a few batches ahead of the
// checker's writes - but only while the checker is the slower (full batches wait for it):
// otherwise the reader would become the bottleneck, and the checker faults them itself.
class Handoff {
public:
    // Eight: when prefaulting stalls the reader for milliseconds (memory the machine has not
    // touched lately), the batches queued keep the checker busy meanwhile.
    static constexpr size_t kBatches = 8;

    Handoff() {
        for (size_t i = 0; i < kBatches; ++i) {
            owned_.push_back(std::make_unique<LineBatch>());
            empty_.push_back(owned_.back().get());
        }
    }

    /// Reader: queues `full` (if any) and waits for an empty batch; nullptr once stopped.
    LineBatch* exchange(LineBatch* full) {
        const size_t delivered = full ? full->entries.size() : 0;  // before the checker has it
        LineBatch* b = nullptr;
        bool checker_behind = false;
        {
            std::unique_lock lock(mutex_);
            if (full) {
                full_.push_back(full);
                ready_.store(true, std::memory_order_release);
            }
            changed_.notify_all();
            // Waiting for the checker: take the faults of memory it needs only later meanwhile,
            // a little at a time, so that a batch freed is taken up within microseconds.
            while (!stopped_ && empty_.empty()) {
                if (idle_range_.empty()) {
                    changed_.wait(lock);
                    continue;
                }
                constexpr size_t kIdleStep = 256 << 10;
                auto step = idle_range_.first(std::min(idle_range_.size(), kIdleStep));
                idle_range_ = idle_range_.subspan(step.size());
                lock.unlock();
                prefault(step);
                lock.lock();
            }
            if (stopped_) return nullptr;
            b = empty_.back();
            empty_.pop_back();
            checker_behind = full_.size() >= 2;
            if (to_publish_) {
                prefaulting_ = std::move(*to_publish_);
                to_publish_.reset();
                // The first step also covers the lead: the batches in flight, and as many more.
                lines_ = 2 * kBatches * LineBatch::kMaxEntries;
            }
        }
        std::optional<FactBuilder::TableSizes> request;
        {
            std::lock_guard lock(mutex_);
            request = std::exchange(table_request_, std::nullopt);
        }
        if (request) {
            FactBuilder::Tables made = request->make();
            // Nothing has touched them (ZeroedArray): take their page faults here, not at the
            // checker's first probes. Safe: nothing else sees them yet.
            prefault(made.ids.bytes());
            prefault(made.symbols.bytes());
            std::lock_guard lock(mutex_);
            tables_ = std::move(made);
        }
        lines_ += delivered;
        if (prefaulting_.facts > 0 && lines_ > 0) {
            for (auto& range : prefaulting_.ranges) {
                size_t n =
                    std::min(range.size(), range.size() * std::min(lines_, prefaulting_.facts) /
                                               prefaulting_.facts);
                if (checker_behind) prefault(range.first(n));
                range = range.subspan(n);
            }
            prefaulting_.facts -= std::min(lines_, prefaulting_.facts);
            lines_ = 0;
        }
        return b;
    }

    /// Checker: asks the reader to make empty hash tables of these sizes (zeroing a few tens
    /// of megabytes is then the reader's time, not the checker's); take_tables() has them.
    void request_tables(FactBuilder::TableSizes sizes) {
        std::lock_guard lock(mutex_);
        table_request_ = sizes;
    }

    /// Checker: the tables requested, once the reader has made them.
    std::optional<FactBuilder::Tables> take_tables() {
        std::lock_guard lock(mutex_);
        return std::exchange(tables_, std::nullopt);
    }

    /// Checker: memory the reader should prefault from now on (replacing any earlier ranges),
    /// to be filled by about `facts` facts in file order.
    void prefault_ahead(std::span<const std::span<const std::byte>> ranges, size_t facts) {
        std::lock_guard lock(mutex_);
        to_publish_ = Prefault{{ranges.begin(), ranges.end()}, facts};
    }

    /// Checker: memory the reader should prefault while it waits for the checker (replacing
    /// any given before).
    void prefault_when_idle(std::span<const std::byte> range) {
        std::lock_guard lock(mutex_);
        idle_range_ = range;
    }

    /// Reader: no more batches; `error` is a read error's errno or 0, `failure` an exception
    /// the reader caught.
    void close(int error, std::exception_ptr failure) {
        std::lock_guard lock(mutex_);
        closed_ = true;
        ready_.store(true, std::memory_order_release);
        error_ = error;
        failure_ = std::move(failure);
        changed_.notify_all();
    }

    /// Checker: gives `done` back (if any) and waits for the next full batch; nullptr when the
    /// reader has closed and every batch was taken.
    LineBatch* next(LineBatch* done) {
        std::unique_lock lock(mutex_);
        if (done) empty_.push_back(done);
        changed_.notify_all();
        if (!closed_ && full_.empty()) {
            // The next batch is usually microseconds away: wait for it awake for a while
            // rather than sleep and be woken, which costs more than the wait itself.
            lock.unlock();
            for (int spin = 0; spin < kSpins && !ready_.load(std::memory_order_acquire); ++spin)
                pause();
            lock.lock();
        }
        changed_.wait(lock, [&] { return closed_ || !full_.empty(); });
        if (full_.empty()) return nullptr;
        LineBatch* b = full_.front();
        full_.pop_front();
        ready_.store(!full_.empty(), std::memory_order_relaxed);
        return b;
    }

    /// Checker: stop the reader (it returns at its next exchange).
    void stop() {
        std::lock_guard lock(mutex_);
        stopped_ = true;
        changed_.notify_all();
    }

    int error() const { return error_; }
    std::exception_ptr failure() const { return failure_; }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::unique_ptr<LineBatch>> owned_;
    std::vector<LineBatch*> empty_;
    std::deque<LineBatch*> full_;
    std::atomic<bool> ready_{false};      ///< full_ is not empty (read unlocked while spinning)
    static constexpr int kSpins = 20000;  ///< at most about a millisecond awake
    static void pause() {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }
    bool closed_ = false;
    bool stopped_ = false;
    int error_ = 0;
    std::exception_ptr failure_;
    struct Prefault {
        std::vector<std::span<const std::byte>> ranges;  // what is left of each
        size_t facts = 0;                                // the facts they are left for
    };
    std::optional<Prefault> to_publish_;                    // guarded by mutex_
    std::optional<FactBuilder::TableSizes> table_request_;  // guarded by mutex_
    std::optional<FactBuilder::Tables> tables_;             // guarded by mutex_
    Prefault prefaulting_;                                  // the reader's own, with lines_
    size_t lines_ = 0;                                      // delivered, not yet prefaulted for
    std::span<const std::byte> idle_range_;                 // guarded by mutex_
};

// Stops and joins the reader thread on every way out of the checking loop, exceptions too.
class ReaderThread {
public:
    ReaderThread(Handoff& handoff, std::thread thread)
        : handoff_(handoff), thread_(std::move(thread)) {}
    ReaderThread(const ReaderThread&) = delete;
    ReaderThread& operator=(const ReaderThread&) = delete;
    ~ReaderThread() { join(); }

    void join() {
        if (!thread_.joinable()) return;
        handoff_.stop();
        thread_.join();
    }

private:
    Handoff& handoff_;
    std::thread thread_;
};

// Reading, parsing and checking on the calling thread, batch by batch: when no thread can be
// started.
int read_json_file_here(ChunkReader& reader, Reservation& reservation, FactBuilder& builder) {
    LineBatch batch;
    LineSink sink([&](LineBatch* full) {
        if (full) {
            check_batch(*full, builder);
            reservation.after(*full);
        }
        return &batch;
    });
    int error = read_lines(reader, sink);
    sink.finish();
    return error;
}

}  // namespace

void read_json_text(std::string_view text, FactBuilder& builder) {
    LineBatch batch;
    LineSink sink([&](LineBatch* full) {
        if (full) check_batch(*full, builder);
        return &batch;
    });
    if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
    uint32_t number = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        size_t stop = nl == std::string_view::npos ? text.size() : nl;
        sink.line(text.substr(pos, stop - pos), ++number, stop);
        pos = stop + 1;
    }
    sink.finish();
}

namespace {

// One reading of the file; see read_json_file.
int read_json_pass(ChunkReader& reader, size_t file_size, FactBuilder& builder) {
    Reservation reservation(file_size, builder, /*tables=*/false);
    Handoff handoff;
    std::thread thread;
    try {
        thread = std::thread([&reader, &handoff] {
            try {
                LineSink sink([&handoff](LineBatch* full) { return handoff.exchange(full); });
                int error = read_lines(reader, sink);
                sink.finish();
                handoff.close(error, nullptr);
            } catch (...) {
                handoff.close(0, std::current_exception());
            }
        });
    } catch (const std::system_error&) {
        Reservation here(file_size, builder, /*tables=*/true);
        int error = read_json_file_here(reader, here, builder);
        if (error != 0) builder.abandon();
        return error;
    }
    ReaderThread reader_thread(handoff, std::move(thread));
    LineBatch* batch = nullptr;
    while ((batch = handoff.next(batch)) != nullptr) {
        check_batch(*batch, builder);
        if (reservation.after(*batch)) {
            auto spare = builder.spare_capacity();
            handoff.prefault_ahead(spare, spare[0].size() / sizeof(Fact));
            handoff.prefault_when_idle(builder.deferred_id_table());
            handoff.request_tables(builder.table_sizes(reservation.more()));
        }
        if (auto tables = handoff.take_tables()) builder.adopt(std::move(*tables));
    }
    reader_thread.join();
    if (handoff.failure()) std::rethrow_exception(handoff.failure());
    if (handoff.error() != 0) builder.abandon();
    return handoff.error();
}

}  // namespace

int read_json_file(ChunkReader& reader, size_t file_size, FactBuilder& builder) {
    int error = read_json_pass(reader, file_size, builder);
    if (error != 0 || builder.place_deferred_ids()) return error;
    // An id first read after its checks were deferred had been seen before. Rare, and the
    // line-by-line diagnostics (which line, which content, in which order) need every id
    // checked as it comes: read the file again that way.
    builder.restart();
    if (!reader.rewind()) {
        builder.abandon();
        return reader.error();
    }
    return read_json_pass(reader, file_size, builder);
}

}  // namespace abide::facts::detail
