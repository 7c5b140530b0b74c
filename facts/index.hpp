#pragma once
/// The index the engine reads: facts grouped by event type, sorted by date (ties keep input
/// order), so that a rule only looks at the facts its types can match, and a window is a
/// binary search. Equality indexes on one attribute are built on first use.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "facts/fact.hpp"

namespace abide::facts {

class FactIndex {
public:
    /// Indexes every fact of a declared type; duplicates (same id) were merged by the reader.
    /// Builds on up to `threads` threads; the result does not depend on the count.
    explicit FactIndex(const FactSet& facts, unsigned threads = 1);

    /// Facts of `type` dated in [start, end] (either side unbounded when nullopt), by date.
    std::span<const uint32_t> range(uint32_t type, std::optional<core::Date> start,
                                    std::optional<core::Date> end) const;
    std::span<const uint32_t> all(uint32_t type) const;

    /// Facts of `type` whose attribute `slot` holds `symbol` (a Text or Party value), by date.
    /// `kPartySlot` means the built-in party field. Built for (type, slot) on first use.
    std::span<const uint32_t> with_symbol(uint32_t type, uint32_t slot, Symbol symbol) const;
    static constexpr uint32_t kPartySlot = UINT32_MAX;

    /// Builds the with_symbol() indexes of the given (type, slot) pairs that are not built yet,
    /// on up to `threads` threads, so that evaluation does not wait on them one by one. Safe to
    /// call while other threads read the index; with_symbol() still builds anything missing.
    void prepare(const std::vector<std::pair<uint32_t, uint32_t>>& keys, unsigned threads) const;

    /// The numbers in attribute `value_slot` of the facts of `list`, in its order (NaN where
    /// a fact holds no number there), when `list` is part of one this index handed out for
    /// `type` (range(), all(), with_symbol()); otherwise empty. A sum over thousands of facts
    /// then reads one array in order, not each fact and then its values, scattered over the
    /// FactSet. Built for each list and slot on first use.
    std::span<const double> numbers(uint32_t type, std::span<const uint32_t> list,
                                    uint32_t value_slot) const;

    const FactSet& facts() const { return *facts_; }

private:
    const FactSet* facts_;
    std::vector<std::vector<uint32_t>> by_type_;
    std::vector<std::vector<int32_t>> dates_;  ///< parallel to by_type_, for binary search
    /// Facts of one type grouped by value, each group in date order: a counting sort over the
    /// (dense) symbols, so a group is facts[offsets[s] .. offsets[s + 1]) and a million
    /// distinct refs cost 8 bytes each.
    struct SymbolIndex {
        std::vector<uint32_t> offsets;  ///< size: symbols + 1
        std::vector<uint32_t> facts;
    };
    std::unique_ptr<SymbolIndex> build_symbol_index(uint32_t type, uint32_t slot) const;
    /// The index of (type, slot), built on first use. Read without the lock once published:
    /// every for-each instance looks one up, and a lock taken by both evaluation threads
    /// would bounce between their cores each time.
    const SymbolIndex* symbol_index(uint32_t type, uint32_t slot) const;
    std::atomic<const SymbolIndex*>* published(uint32_t type, uint32_t slot) const;
    mutable std::unordered_map<uint64_t, std::unique_ptr<SymbolIndex>> symbol_maps_;
    mutable std::mutex symbol_maps_mutex_;  ///< evaluation threads share the index
    std::unique_ptr<std::atomic<const SymbolIndex*>[]> published_;  ///< [type * stride + slot]
    size_t stride_ = 1;  ///< the most attribute slots of a type, plus one for the party
    /// numbers(): per (list, slot), the numbers of the list's facts; empty if unusable.
    const std::vector<double>& number_column(const std::vector<uint32_t>& list,
                                             uint32_t slot) const;
    mutable std::map<std::pair<const uint32_t*, uint32_t>, std::unique_ptr<std::vector<double>>>
        number_columns_;
    mutable std::mutex number_columns_mutex_;
};

}  // namespace abide::facts
