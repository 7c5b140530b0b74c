#include "facts/line_batch.hpp"

#include <algorithm>
#include <cstring>

namespace abide::facts::detail {
namespace {

// Typical lines are ~100 bytes: a batch of kMaxEntries of them and their strings fits.
constexpr size_t kTextBytes = 256 * 1024;

}  // namespace

bool LineBatch::make_room(size_t n) {
    // The copy, its padding, and its unescaped strings (never longer than their raw text).
    size_t need = 2 * n + kJsonPadding;
    if (size_ + need <= capacity_) return true;
    if (!entries.empty()) return false;
    capacity_ = std::max(kTextBytes, need);
    text_.reset(new char[capacity_]);
    size_ = 0;
    return true;
}

std::string_view LineBatch::copy_line(std::string_view line) {
    char* p = text_.get() + size_;
    std::memcpy(p, line.data(), line.size());
    std::memset(p + line.size(), ' ', kJsonPadding);
    size_ += line.size() + kJsonPadding;
    return {p, line.size()};
}

std::string_view LineBatch::copy_text(std::string_view s) {
    char* p = text_.get() + size_;
    std::memcpy(p, s.data(), s.size());
    size_ += s.size();
    return {p, s.size()};
}

void LineBatch::clear() {
    entries.clear();
    fields.clear();
    size_ = 0;
    end_offset = 0;
}

void check_batch(const LineBatch& batch, FactBuilder& builder) {
    // Far enough ahead for the slots to arrive, near enough that they are still cached.
    constexpr size_t kAhead = 8;
    // The fields were written on the reader's core: their lines are fetched further ahead
    // still, so that reading them for the slot prefetches does not wait either.
    constexpr size_t kFieldsAhead = 2 * kAhead;
    const auto& entries = batch.entries;
    const size_t n = entries.size();
    auto fetch_fields = [&](size_t i) {
        const auto fields = batch.fields_of(entries[i]);
        const auto* p = reinterpret_cast<const char*>(fields.data());
        const auto* end = reinterpret_cast<const char*>(fields.data() + fields.size());
        for (; p < end; p += 64) __builtin_prefetch(p);
    };
    for (size_t i = 0; i < std::min(kFieldsAhead, n); ++i) fetch_fields(i);
    for (size_t i = 0; i < std::min(kAhead, n); ++i) builder.prefetch(batch.fields_of(entries[i]));
    for (size_t i = 0; i < n; ++i) {
        if (i + kFieldsAhead < n) fetch_fields(i + kFieldsAhead);
        if (i + kAhead < n) builder.prefetch(batch.fields_of(entries[i + kAhead]));
        const LineBatch::Entry& e = entries[i];
        if (!e.error.empty()) {
            builder.bad_line(e.text, e.line, e.error_offset, e.error);
            continue;
        }
        builder.add(Record{e.text, e.line, batch.fields_of(e)}, Syntax::Json);
    }
}

}  // namespace abide::facts::detail
