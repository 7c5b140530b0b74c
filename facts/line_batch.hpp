#pragma once
/// Internal to the JSON Lines reader: lines parsed ahead of checking, in file order. The
/// reader thread fills a batch; the thread that owns the FactSet checks it. A batch owns the
/// text every view in it points into (copies of the lines, which hold the strings without
/// escapes, and copies of the unescaped others), so it stays valid while the reader goes on,
/// and it is reused, which keeps its pages warm.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "facts/read_detail.hpp"

namespace abide::facts::detail {

class LineBatch {
public:
    /// One non-blank line: a record (its fields) or, when `error` is set, a line that could
    /// not be parsed, to be reported at `error_offset` (as FactBuilder::bad_line).
    struct Entry {
        std::string_view text;  ///< the line (empty for a line too long to keep)
        uint32_t line = 0;
        uint32_t first_field = 0;
        uint32_t field_count = 0;
        uint32_t error_offset = 0;
        std::string error;
    };

    /// Lines per batch: large enough that the hand-off between threads costs nothing, small
    /// enough that a batch stays in the cache between being parsed and checked.
    static constexpr size_t kMaxEntries = 1024;

    /// Room for a line of `n` bytes and its strings. False if the batch already holds lines
    /// and is too full (send it off and continue in another); an empty batch grows.
    bool make_room(size_t n);
    /// Copies a line in (with kJsonPadding readable bytes after it) and returns the copy.
    std::string_view copy_line(std::string_view line);
    /// Copies an unescaped string in; at most as long as the line it came from, for which
    /// make_room made room.
    std::string_view copy_text(std::string_view s);

    bool full() const { return entries.size() >= kMaxEntries; }
    bool empty() const { return entries.empty(); }
    void clear();

    std::span<const RawField> fields_of(const Entry& e) const {
        return {fields.data() + e.first_field, e.field_count};
    }

    std::vector<Entry> entries;
    std::vector<RawField> fields;
    size_t end_offset = 0;  ///< bytes of the file up to the end of the last line

private:
    std::unique_ptr<char[]> text_;
    size_t capacity_ = 0;
    size_t size_ = 0;
};

/// Checks a batch's lines in order: records go to builder.add, unparsable lines to bad_line.
/// Prefetches the table slots of records a few lines ahead (their hashes were computed by
/// the parser), so the lookups of the current record seldom wait for memory.
void check_batch(const LineBatch& batch, FactBuilder& builder);

}  // namespace abide::facts::detail
