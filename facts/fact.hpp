#pragma once
/// Facts: observed events, as read from logs (JSONL, CSV) or the store. A FactSet owns every
/// fact's text in one arena and stores attribute values in one flat array, so a million facts
/// cost a few tens of bytes each. Facts know events (core::Schema), not rules.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.hpp"
#include "core/schema.hpp"
#include "facts/zeroed_array.hpp"

namespace abide::facts {

namespace detail {
class FactBuilder;
}

/// An interned string. Equal text gives an equal symbol within one Interner.
using Symbol = uint32_t;
constexpr Symbol kNoSymbol = UINT32_MAX;

/// Interns strings; views returned by `text` stay valid for the Interner's lifetime.
class Interner {
public:
    Symbol intern(std::string_view s);
    std::optional<Symbol> find(std::string_view s) const;
    std::string_view text(Symbol s) const { return strings_[s]; }
    size_t size() const { return strings_.size(); }

    // Open addressing, linear probing. A slot's key is (hash >> 32 << 32 | symbol + 1), 0
    // empty; the high half both places the entry and spares most probes a look at the text.
    // The slot also points at the text, which the arena stores after its 32-bit length: a
    // probe loads one slot, and only a tag match touches the text (not strings_ first).
    struct Slot {
        uint64_t key = 0;
        const char* text = nullptr;
    };
    /// The table size for `symbols` symbols, and such a table, empty: made on any thread, for
    /// adopt(), which moves the symbols into it when it is larger than the one in use.
    static size_t table_size_for(size_t symbols);
    static ZeroedArray<Slot> empty_table(size_t slots);
    void adopt(ZeroedArray<Slot>&& table);

private:
    friend class detail::FactBuilder;  // interns with hashes it computed (and prefetched) early
    Symbol intern_hashed(std::string_view s, uint64_t hash);
    void prefetch(uint64_t hash) const;
    void rehash(size_t slots);
    std::vector<std::string_view> strings_;
    ZeroedArray<Slot> slots_;
    std::deque<std::unique_ptr<char[]>> blocks_;
    size_t block_left_ = 0;
    char* block_ptr_ = nullptr;
};

/// One attribute value. Quantities (mass, money, percent, pp) are Number in the base unit of
/// their declared type's dimension; text and party values are symbols. 16 bytes: a fact log
/// holds one per declared attribute of every fact.
struct Value {
    enum class Kind : uint8_t { Absent, Text, Number, Date, Bool, Party };
    Kind kind = Kind::Absent;
    bool boolean = false;  ///< Bool
    union {
        int32_t date;               ///< Date: day number
        Symbol symbol = kNoSymbol;  ///< Text, Party
    };
    double number = 0;  ///< Number
};

constexpr uint32_t kUndeclaredType = UINT32_MAX;
constexpr uint32_t kNoSource = UINT32_MAX;

/// A fact as read, handed to FactSet::add (which copies its texts).
struct NewFact {
    std::string_view id;
    std::string_view source;          ///< "" when absent
    core::Date date;                  ///< the UTC calendar date
    uint32_t type = kUndeclaredType;  ///< schema index; kUndeclaredType matches nothing
    Symbol type_name = kNoSymbol;     ///< the type as written (also for undeclared types)
    Symbol party = kNoSymbol;         ///< kNoSymbol when absent
    uint32_t file = 0;                ///< index into FactSet::files()
    uint32_t line = 0;                ///< 1-based line in that file (CSV: the record's first line)
    uint64_t content_hash = 0;        ///< of the parsed content, for duplicate detection (§9.15)
    bool id_json_plain = false;       ///< the id is known to need no JSON escaping (else checked)
};

/// A fact as a FactSet holds it: 40 bytes, since a log holds millions and every byte of them
/// is memory the kernel must hand over zeroed. What few readers need (source, type name, file)
/// is asked of the FactSet.
struct Fact {
    /// The id: text in the FactSet's arena, after its 32-bit length (whose top bit is
    /// id_is_plain(): ids are at most a line long, far below 2 GB).
    std::string_view id() const { return {id_text, id_word() & ~kPlainId}; }
    /// True when the id has no character JSON must escape: reports write it as it is.
    bool id_is_plain() const { return (id_word() & kPlainId) != 0; }
    /// Where the id is stored (its length, then its text): to prefetch before reading it.
    const void* id_address() const { return id_text - sizeof(uint32_t); }
    static constexpr uint32_t kPlainId = 0x80000000u;
    const char* id_text = nullptr;
    uint64_t content_hash = 0;        ///< of the parsed content, for duplicate detection (§9.15)
    core::Date date;                  ///< the UTC calendar date
    uint32_t type = kUndeclaredType;  ///< schema index; kUndeclaredType matches nothing
    Symbol party = kNoSymbol;         ///< kNoSymbol when absent
    uint32_t first_value = 0;         ///< index of slot 0 in FactSet's values (declared types)
    uint32_t source = kNoSource;      ///< see FactSet::source()
    uint32_t line = 0;                ///< 1-based line in its file (CSV: the record's first line)

private:
    uint32_t id_word() const {
        uint32_t n;
        std::memcpy(&n, id_text - sizeof n, sizeof n);
        return n;
    }
};

class FactSet {
public:
    /// `schema` is complete: no declaration is added to it while the FactSet lives.
    explicit FactSet(const core::Schema& schema);

    const core::Schema& schema() const { return *schema_; }
    const std::vector<Fact>& facts() const { return facts_; }
    size_t size() const { return facts_.size(); }
    const Fact& operator[](size_t i) const { return facts_[i]; }

    /// The attribute slots of a fact (empty for an undeclared type); slot i is the i-th
    /// attribute of its event declaration. Slots of `party` and `source` stay Absent: those are
    /// the built-in fields.
    std::span<const Value> values(const Fact& f) const {
        // Inline, from a per-type count: evaluation calls this for every fact it compares.
        if (f.type >= attr_counts_.size()) return {};
        return {values_.data() + f.first_value, attr_counts_[f.type]};
    }

    /// True when a fact of declared type `type` holds a negative number in attribute `slot`:
    /// what sums and maxima refuse, known without reading the facts again.
    bool has_negative(uint32_t type, uint32_t slot) const {
        if (type >= negative_.size()) return false;
        return (negative_[type] >> std::min<uint32_t>(slot, 63) & 1u) != 0;
    }

    Interner& symbols() { return symbols_; }
    const Interner& symbols() const { return symbols_; }
    const std::vector<std::string>& files() const { return files_; }

    /// The index of a fact with this id, if any.
    std::optional<uint32_t> find_id(std::string_view id) const;

    /// A fact's source ("" when absent), its type as written, and the index of its file in
    /// files(). `f` is one of this set's facts.
    std::string_view source(const Fact& f) const {
        return f.source == kNoSource ? std::string_view() : source_texts_[f.source];
    }
    Symbol type_name(const Fact& f) const;
    uint32_t file_of(const Fact& f) const;

    // --- building (used by readers and the store) ---

    uint32_t add_file(std::string path);
    /// Copies text into the arena; the view lives as long as the FactSet.
    std::string_view store_text(std::string_view s);
    /// Appends a fact and its attribute values (size = declared attrs of its type, or 0; a
    /// shorter span is padded with Absent, a longer one cut). `f.id` and `f.source` are copied
    /// into the arena, so they may point into a temporary buffer. Returns its index. The
    /// caller has checked that the id is new (find_id).
    uint32_t add(const NewFact& f, std::span<const Value> values);
    /// Removes every fact added after `size` facts existed (a rejected file's facts), with
    /// their values and ids: find_id, size() and values() are as they were. Arena text and
    /// interned symbols stay (they are only memory). No-op if size >= size().
    void truncate(size_t size);
    /// Capacity for `facts` more facts holding `values` more attribute slots in all (a hint);
    /// with `tables`, the id table too (otherwise see adopt_id_table).
    void reserve(size_t facts, size_t values, bool tables = true);
    /// The id table size for `facts` facts, and such a table, empty: made on any thread, for
    /// adopt_id_table(), which moves the ids into it when it is larger than the one in use.
    static size_t id_table_size_for(size_t facts);
    static ZeroedArray<uint64_t> empty_id_table(size_t slots);
    void adopt_id_table(ZeroedArray<uint64_t>&& table);

private:
    friend class detail::FactBuilder;  // looks ids up with hashes it computed (and prefetched)
    std::optional<uint32_t> find_id_hashed(std::string_view id, uint64_t hash) const;
    /// With `defer_id` (after defer_ids), the id is not put in the id table yet: see
    /// place_deferred_ids.
    uint32_t add_hashed(const NewFact& f, std::span<const Value> values, uint64_t id_hash,
                        bool defer_id = false);
    /// Makes ready for about `more_facts` facts added with defer_id, from the next one on.
    void defer_ids(size_t more_facts);
    /// Puts the ids of the facts added with defer_id into the id table, all at once. False
    /// when one of them repeats an id already there or an earlier one of them; that one is
    /// left out (the reader then reads its file again, checking each id as it comes).
    bool place_deferred_ids();
    enum class Placed { New, Repeat, Crossing };
    /// Places deferred slot `slot`, probing from its home, but not into slot `stop` or (unless
    /// `stop` is SIZE_MAX) past the table's end: Crossing then, and nothing placed.
    Placed place_deferred(uint64_t slot, size_t stop);
    /// Places the deferred ids of parts [first, last) so, the Crossing ones into `crossing`.
    bool place_deferred_parts(size_t first, size_t last, size_t stop,
                              std::vector<uint64_t>& crossing);
    void prefetch_id(uint64_t hash) const;
    /// The reserved, not yet used bytes of the fact and value vectors: addresses for another
    /// thread to prefault (never to read or write), valid until the vectors next reallocate.
    std::array<std::span<const std::byte>, 2> spare_capacity() const;
    /// The id table the deferred ids will go in (made untouched by defer_ids): to prefault, as
    /// spare_capacity; valid until place_deferred_ids or truncate.
    std::span<const std::byte> deferred_id_table() const { return deferred_table_.bytes(); }

    const core::Schema* schema_;
    std::vector<uint32_t> attr_counts_;  ///< per event type: its declared attributes
    /// Per event type, bit s: a fact holds a negative number in slot s (bit 63: in 63 or later).
    std::vector<uint64_t> negative_;
    void note_negatives(uint32_t type, std::span<const Value> values);
    std::vector<Fact> facts_;
    std::vector<Value> values_;
    Interner symbols_;
    std::vector<std::string> files_;
    // id -> fact index: open addressing with linear probing, a slot being (hash >> 32 << 32 |
    // index + 1), 0 empty, load <= 1/2: 16 bytes an id against ~50 for an unordered_map, and
    // the high half spares most probes a look at the fact.
    void id_insert(uint64_t slot);
    void id_erase(uint64_t slot);
    ZeroedArray<uint64_t> id_slots_;
    // The slots of ids added with defer_id, not yet in id_slots_: in 256 parts by the top 8
    // bits of their home in the table they are expected to go in (bits from deferred_shift_
    // of the slot), each part in fact order. Facts from deferred_from_ on are not in the table.
    std::vector<std::vector<uint64_t>> deferred_ids_;
    int deferred_shift_ = 32;
    size_t deferred_from_ = SIZE_MAX;
    ZeroedArray<uint64_t> deferred_table_;  ///< the id table they go in, made untouched
    // Sources repeat ("USDA export sales"): their text is stored once while few are distinct.
    std::vector<std::string_view> source_texts_;
    std::unordered_map<std::string_view, uint32_t> source_index_;
    // Type names: one per declared type; per fact (by index, ascending) for undeclared ones.
    std::vector<Symbol> type_names_;
    std::vector<std::pair<uint32_t, Symbol>> undeclared_names_;
    // Files: (first fact, file) wherever the file changes from the fact before.
    std::vector<std::pair<uint32_t, uint32_t>> file_runs_;
    std::deque<std::unique_ptr<char[]>> arena_;
    size_t arena_left_ = 0;
    char* arena_ptr_ = nullptr;
};

}  // namespace abide::facts
