#include "report/json_stream.hpp"

namespace abide::report {

JsonResultStream::JsonResultStream(std::ostream& out, core::Date as_of, size_t count, bool hold)
    : out_(out), as_of_(as_of), hold_(hold), results_(count), added_(count, 0) {}

void JsonResultStream::write(const std::string& rendered) {
    if (!started_) {
        out_ << "{\n  \"as_of\": \"" << core::to_string(as_of_) << "\",\n  \"results\": [";
        started_ = true;
    }
    if (rendered.empty()) return;
    if (!first_) out_ << ',';
    out_ << rendered;
    first_ = false;
}

void JsonResultStream::add(size_t i, std::string rendered) {
    std::unique_lock lock(mutex_);
    results_[i] = std::move(rendered);
    added_[i] = 1;
    if (hold_ || writing_) return;  // the writing thread will reach this one
    // Write outside the lock, so that workers finishing meanwhile only queue their result.
    writing_ = true;
    std::vector<std::string> ready;
    for (;;) {
        while (next_ < added_.size() && added_[next_])
            ready.push_back(std::move(results_[next_++]));
        if (ready.empty()) break;
        lock.unlock();
        for (const auto& r : ready) write(r);
        ready.clear();
        lock.lock();
    }
    writing_ = false;
}

void JsonResultStream::finish(const engine::Summary& s) {
    std::lock_guard lock(mutex_);
    for (; next_ < results_.size(); ++next_) write(results_[next_]);
    write("");  // the head, if no result came
    out_ << (first_ ? "" : "\n  ") << "],\n  \"summary\": {\"met\": " << s.met
         << ", \"pending\": " << s.pending << ", \"breached\": " << s.breached
         << ", \"void\": " << s.void_ << "}\n}\n";
}

}  // namespace abide::report
