#include "facts/fact.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <type_traits>

#include "core/json_escape.hpp"
#include "facts/hash.hpp"

namespace abide::facts {
namespace {

// Arenas grow in blocks; a string longer than a quarter block gets a block of its own, so a
// 10 kB text never wastes most of a fresh block.
constexpr size_t kBlockSize = 256 * 1024;
constexpr size_t kMaxCachedSources = 4096;
// Deferred ids are kept in 2^kDeferredPartBits parts by their home in the id table: see
// FactSet::place_deferred_ids.
constexpr int kDeferredPartBits = 8;
constexpr size_t kDeferredParts = size_t{1} << kDeferredPartBits;

// `n` > 0 fresh bytes of an arena.
char* arena_alloc(size_t n, std::deque<std::unique_ptr<char[]>>& blocks, size_t& left, char*& ptr) {
    if (n > kBlockSize / 4) {
        blocks.emplace_front(new char[n]);  // front: keeps the current block at the back
        return blocks.front().get();
    }
    if (n > left) {
        blocks.emplace_back(new char[kBlockSize]);
        ptr = blocks.back().get();
        left = kBlockSize;
    }
    char* p = ptr;
    ptr += n;
    left -= n;
    return p;
}

std::string_view arena_copy(std::string_view s, std::deque<std::unique_ptr<char[]>>& blocks,
                            size_t& left, char*& ptr) {
    if (s.empty()) return {};
    char* p = arena_alloc(s.size(), blocks, left, ptr);
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
}

}  // namespace

// --- Interner ------------------------------------------------------------------------------

namespace {

// A table slot: the hash's high half, which also picks the slot (so tables grow without
// rehashing text), and the index + 1 (0 marks an empty slot).
inline uint64_t make_slot(uint64_t hash, uint32_t index) {
    return (hash & 0xffffffff00000000ull) | (static_cast<uint64_t>(index) + 1);
}
inline size_t home(uint64_t slot_or_hash, size_t mask) {
    return (slot_or_hash >> 32) & mask;
}
inline bool tag_matches(uint64_t slot, uint64_t hash) {
    return (slot ^ hash) >> 32 == 0;
}
inline uint32_t slot_index(uint64_t slot) {
    return static_cast<uint32_t>(slot) - 1;
}

// A table entry's key: the slot itself (id table) or its `key` member (Interner).
inline uint64_t key_of(uint64_t slot) {
    return slot;
}
template <class Slot>
inline uint64_t key_of(const Slot& slot) {
    return slot.key;
}

template <class Slot>
void place(ZeroedArray<Slot>& table, const Slot& slot) {
    size_t mask = table.size() - 1;
    size_t i = home(key_of(slot), mask);
    while (key_of(table[i]) != 0) i = (i + 1) & mask;
    table[i] = slot;
}

// An empty table of `slots` slots (a power of two), which nothing has touched yet: see
// ZeroedArray. The JSON Lines reader has its other thread take the page faults of a large one
// (FactSet::adopt...). No transparent huge pages are asked for, though tables are probed at
// random: on a virtual machine a fresh huge page now and then took ten times longer to hand
// over than its 512 small pages (the host backing it only then), and a third of the runs paid
// 0.2 s for it.
template <class Slot>
ZeroedArray<Slot> empty_table(size_t slots) {
    return ZeroedArray<Slot>(slots);
}

// Moves every entry into `bigger` (empty) and makes it the table.
template <class Slot>
void move_into(ZeroedArray<Slot>& table, ZeroedArray<Slot>&& bigger) {
    table.swap(bigger);
    for (const Slot& s : bigger)
        if (key_of(s) != 0) place(table, s);
}

// Grows a table; callers keep the load at most 1/2 (ids) or 3/4 (the Interner, whose 16-byte
// slots come 4 to a cache line), so probe runs stay short.
template <class Slot>
void grow(ZeroedArray<Slot>& table, size_t slots) {
    move_into(table, empty_table<Slot>(slots));
}

size_t power_of_two_at_least(size_t n) {
    size_t p = 64;
    while (p < n) p *= 2;
    return p;
}

// An interned text's length as stored before it; kLongText: see the string_view instead.
constexpr uint32_t kLongText = UINT32_MAX;
inline uint32_t stored_length(size_t n) {
    return n < kLongText ? static_cast<uint32_t>(n) : kLongText;
}

}  // namespace

void Interner::rehash(size_t slots) {
    grow(slots_, slots);
}

size_t Interner::table_size_for(size_t symbols) {
    return power_of_two_at_least(symbols + symbols / 3 + 1);  // load <= 3/4
}

ZeroedArray<Interner::Slot> Interner::empty_table(size_t slots) {
    return facts::empty_table<Slot>(slots);
}

void Interner::adopt(ZeroedArray<Slot>&& table) {
    // Only a larger table that still holds every symbol at load <= 3/4 is worth the move.
    if (table.size() <= slots_.size() || 4 * strings_.size() > 3 * table.size()) return;
    move_into(slots_, std::move(table));
}

void Interner::prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[home(hash, slots_.size() - 1)]);
}

namespace {

// Whether the interned text at `text` (symbol `sym`), whose tag matched, is `s`: the length
// stored before the text, then the bytes (one cache line for most texts); `strings` only for
// a text too long for its length to be stored.
inline bool interned_equals(const char* text, Symbol sym, std::string_view s,
                            const std::vector<std::string_view>& strings) {
    uint32_t len;
    std::memcpy(&len, text - sizeof len, sizeof len);
    if (len == kLongText) return strings[sym] == s;
    return len == s.size() && detail::same_bytes(text, s.data(), s.size());
}

}  // namespace

Symbol Interner::intern(std::string_view s) {
    return intern_hashed(s, detail::hash_bytes(s));
}

Symbol Interner::intern_hashed(std::string_view s, uint64_t h) {
    if (slots_.empty()) rehash(64);
    size_t mask = slots_.size() - 1;
    size_t i = home(h, mask);
    for (; slots_[i].key != 0; i = (i + 1) & mask) {
        const Slot& e = slots_[i];
        if (tag_matches(e.key, h) && interned_equals(e.text, slot_index(e.key), s, strings_))
            return slot_index(e.key);
    }
    auto sym = static_cast<Symbol>(strings_.size());
    // The length, then the text: the slot points at the text.
    uint32_t len = stored_length(s.size());
    char* p = arena_alloc(sizeof len + s.size(), blocks_, block_left_, block_ptr_);
    std::memcpy(p, &len, sizeof len);
    if (!s.empty()) std::memcpy(p + sizeof len, s.data(), s.size());
    const char* text = p + sizeof len;
    strings_.push_back(s.empty() ? std::string_view() : std::string_view(text, s.size()));
    slots_[i] = Slot{make_slot(h, sym), text};
    // Load <= 3/4: the table has the bytes an 8-byte one at 3/8 would; a probe run rarely
    // leaves its cache line.
    if (4 * strings_.size() > 3 * slots_.size())
        rehash(slots_.size() * (slots_.size() < 65536 ? 4 : 2));
    return sym;
}

std::optional<Symbol> Interner::find(std::string_view s) const {
    if (slots_.empty()) return {};
    uint64_t h = detail::hash_bytes(s);
    size_t mask = slots_.size() - 1;
    for (size_t i = home(h, mask); slots_[i].key != 0; i = (i + 1) & mask) {
        const Slot& e = slots_[i];
        if (tag_matches(e.key, h) && interned_equals(e.text, slot_index(e.key), s, strings_))
            return slot_index(e.key);
    }
    return {};
}

// --- FactSet -------------------------------------------------------------------------------

FactSet::FactSet(const core::Schema& schema)
    : schema_(&schema), negative_(schema.size(), 0), type_names_(schema.size(), kNoSymbol) {
    attr_counts_.reserve(schema.size());
    for (size_t t = 0; t < schema.size(); ++t)
        attr_counts_.push_back(
            static_cast<uint32_t>(schema.event(static_cast<uint32_t>(t)).attrs.size()));
}

uint32_t FactSet::add_file(std::string path) {
    files_.push_back(std::move(path));
    return static_cast<uint32_t>(files_.size() - 1);
}

std::string_view FactSet::store_text(std::string_view s) {
    return arena_copy(s, arena_, arena_left_, arena_ptr_);
}

std::optional<uint32_t> FactSet::find_id(std::string_view id) const {
    return find_id_hashed(id, detail::hash_bytes(id));
}

std::optional<uint32_t> FactSet::find_id_hashed(std::string_view id, uint64_t h) const {
    if (id_slots_.empty()) return {};
    size_t mask = id_slots_.size() - 1;
    for (size_t i = home(h, mask); id_slots_[i] != 0; i = (i + 1) & mask) {
        if (!tag_matches(id_slots_[i], h)) continue;
        std::string_view found = facts_[slot_index(id_slots_[i])].id();
        if (found.size() == id.size() && detail::same_bytes(found.data(), id.data(), id.size()))
            return slot_index(id_slots_[i]);
    }
    return {};
}

void FactSet::prefetch_id(uint64_t hash) const {
    if (!id_slots_.empty()) __builtin_prefetch(&id_slots_[home(hash, id_slots_.size() - 1)]);
}

void FactSet::id_insert(uint64_t slot) {
    if (2 * (facts_.size() + 1) > id_slots_.size())
        grow(id_slots_, std::max<size_t>(64, id_slots_.size() * 2));
    place(id_slots_, slot);
}

// Linear-probing deletion by backward shift: after emptying a slot, later entries of the run
// whose home is not between the hole and themselves move into the hole, so every remaining id
// stays reachable from its home with no tombstones.
void FactSet::id_erase(uint64_t slot) {
    size_t mask = id_slots_.size() - 1;
    size_t i = home(slot, mask);
    while (id_slots_[i] != slot) {
        if (id_slots_[i] == 0) return;  // never placed (see place_deferred_ids)
        i = (i + 1) & mask;
    }
    size_t hole = i;
    for (size_t j = (hole + 1) & mask; id_slots_[j] != 0; j = (j + 1) & mask) {
        size_t h = home(id_slots_[j], mask);
        // Move j into the hole unless its home lies cyclically in (hole, j].
        bool stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
        if (!stays) {
            id_slots_[hole] = id_slots_[j];
            hole = j;
        }
    }
    id_slots_[hole] = 0;
}

void FactSet::reserve(size_t facts, size_t values, bool tables) {
    facts_.reserve(facts_.size() + facts);
    values_.reserve(values_.size() + values);
    size_t want = id_table_size_for(facts_.size() + facts);
    if (tables && want > id_slots_.size()) grow(id_slots_, want);
}

size_t FactSet::id_table_size_for(size_t facts) {
    return power_of_two_at_least(2 * facts);  // load <= 1/2
}

ZeroedArray<uint64_t> FactSet::empty_id_table(size_t slots) {
    return empty_table<uint64_t>(slots);
}

void FactSet::adopt_id_table(ZeroedArray<uint64_t>&& table) {
    if (table.size() <= id_slots_.size() || 2 * facts_.size() > table.size()) return;
    move_into(id_slots_, std::move(table));
}

void FactSet::defer_ids(size_t more_facts) {
    const size_t slots = std::max(id_slots_.size(), id_table_size_for(facts_.size() + more_facts));
    deferred_shift_ = 32 + std::max(0, std::countr_zero(slots) - kDeferredPartBits);
    if (slots > id_slots_.size()) deferred_table_ = empty_table<uint64_t>(slots);
    deferred_ids_.resize(kDeferredParts);
    deferred_from_ = std::min(deferred_from_, facts_.size());
    for (auto& part : deferred_ids_)
        part.reserve(more_facts / kDeferredParts + more_facts / (4 * kDeferredParts) + 64);
}

bool FactSet::place_deferred_ids() {
    if (deferred_from_ == SIZE_MAX) {
        deferred_table_ = {};
        return true;
    }
    const size_t want = id_table_size_for(facts_.size());
    if (deferred_table_.size() >= want)
        move_into(id_slots_, std::move(deferred_table_));
    else if (id_slots_.size() < want)
        grow(id_slots_, want);
    deferred_table_ = {};
    // When the table has the size the parts were cut for, each half of the parts has its half
    // of the table: two threads place them, each leaving the ids whose probes would run into
    // the other half for last, in order.
    const size_t size = id_slots_.size();
    // (Below some 16,000 ids, placing them takes less than starting a thread.)
    const bool halves = size == size_t{1} << (deferred_shift_ - 32 + kDeferredPartBits) &&
                        facts_.size() - deferred_from_ >= (size_t{1} << 14);
    std::array<std::vector<uint64_t>, 2> crossing;
    bool all_new = true, second_new = true, threaded = false;
    if (halves) {
        try {
            std::thread second([&] {
                second_new =
                    place_deferred_parts(kDeferredParts / 2, kDeferredParts, size, crossing[1]);
            });
            all_new = place_deferred_parts(0, kDeferredParts / 2, size / 2, crossing[0]);
            second.join();
            threaded = true;
        } catch (const std::system_error&) {  // no thread to be had: one pass below
        }
    }
    if (!threaded) all_new = place_deferred_parts(0, kDeferredParts, SIZE_MAX, crossing[0]);
    all_new = all_new && second_new;
    for (const auto& rest : crossing)
        for (uint64_t slot : rest)
            if (place_deferred(slot, SIZE_MAX) == Placed::Repeat) all_new = false;
    std::vector<std::vector<uint64_t>>().swap(deferred_ids_);
    deferred_from_ = SIZE_MAX;
    return all_new;
}

// Placed in file order, each id was a cache miss somewhere in the table. Part by part, the
// probes of each stay within 1/256th of the table, in cache; and a repeated id still meets its
// first occurrence first (equal ids have equal homes, so one part, in fact order, and a probe
// that runs past `stop` for one runs past it for the other).
bool FactSet::place_deferred_parts(size_t first, size_t last, size_t stop,
                                   std::vector<uint64_t>& crossing) {
    const size_t mask = id_slots_.size() - 1;
    bool all_new = true;
    for (size_t p = first; p < last; ++p) {
        const auto& part = deferred_ids_[p];
        constexpr size_t kAhead = 64;  // 16 measured 10 % slower: the table is cold memory
        for (size_t k = 0; k < part.size(); ++k) {
            if (k + kAhead < part.size())
                __builtin_prefetch(&id_slots_[home(part[k + kAhead], mask)]);
            switch (place_deferred(part[k], stop)) {
                case Placed::New: break;
                case Placed::Repeat: all_new = false; break;
                case Placed::Crossing: crossing.push_back(part[k]); break;
            }
        }
    }
    return all_new;
}

FactSet::Placed FactSet::place_deferred(uint64_t slot, size_t stop) {
    const size_t mask = id_slots_.size() - 1;
    for (size_t i = home(slot, mask);;) {
        const uint64_t there = id_slots_[i];
        if (there == 0) {
            id_slots_[i] = slot;
            return Placed::New;
        }
        // The texts only on a tag match: the fact's id is a cache miss.
        if (tag_matches(there, slot) &&
            facts_[slot_index(there)].id() == facts_[slot_index(slot)].id())
            return Placed::Repeat;
        i = (i + 1) & mask;
        if (i == stop || (i == 0 && stop != SIZE_MAX)) return Placed::Crossing;
    }
}

std::array<std::span<const std::byte>, 2> FactSet::spare_capacity() const {
    auto spare = [](const auto& v) {
        using T = typename std::decay_t<decltype(v)>::value_type;
        const auto* end = reinterpret_cast<const std::byte*>(v.data() + v.size());
        return std::span<const std::byte>(end, (v.capacity() - v.size()) * sizeof(T));
    };
    return {spare(facts_), spare(values_)};
}

uint32_t FactSet::add(const NewFact& f, std::span<const Value> values) {
    return add_hashed(f, values, detail::hash_bytes(f.id));
}

Symbol FactSet::type_name(const Fact& f) const {
    if (f.type < type_names_.size()) return type_names_[f.type];
    auto index = static_cast<uint32_t>(&f - facts_.data());
    auto it = std::lower_bound(undeclared_names_.begin(), undeclared_names_.end(),
                               std::pair(index, Symbol{0}));
    return it != undeclared_names_.end() && it->first == index ? it->second : kNoSymbol;
}

uint32_t FactSet::file_of(const Fact& f) const {
    auto index = static_cast<uint32_t>(&f - facts_.data());
    auto it = std::upper_bound(file_runs_.begin(), file_runs_.end(), index,
                               [](uint32_t i, const auto& run) { return i < run.first; });
    return it == file_runs_.begin() ? 0 : std::prev(it)->second;
}

uint32_t FactSet::add_hashed(const NewFact& f, std::span<const Value> values, uint64_t id_hash,
                             bool defer_id) {
    // The id after its length, so that a Fact holds one pointer.
    if (f.id.size() >= Fact::kPlainId) throw std::length_error("a fact id of 2 GB or more");
    uint32_t id_length = static_cast<uint32_t>(f.id.size());
    if (f.id_json_plain || core::json_plain(f.id)) id_length |= Fact::kPlainId;
    char* id_text = arena_alloc(sizeof id_length + f.id.size(), arena_, arena_left_, arena_ptr_);
    std::memcpy(id_text, &id_length, sizeof id_length);
    id_text += sizeof id_length;
    if (!f.id.empty()) std::memcpy(id_text, f.id.data(), f.id.size());
    uint32_t source = kNoSource;
    if (!f.source.empty()) {
        if (auto it = source_index_.find(f.source); it != source_index_.end()) {
            source = it->second;
        } else {
            source = static_cast<uint32_t>(source_texts_.size());
            source_texts_.push_back(store_text(f.source));
            if (source_index_.size() < kMaxCachedSources)
                source_index_.emplace(source_texts_.back(), source);
        }
    }
    const bool declared = f.type < attr_counts_.size();
    const size_t n = declared ? attr_counts_[f.type] : 0;
    auto first_value = static_cast<uint32_t>(values_.size());
    size_t copy = std::min(n, values.size());
    values_.insert(values_.end(), values.begin(), values.begin() + static_cast<ptrdiff_t>(copy));
    values_.resize(values_.size() + (n - copy));
    if (declared) note_negatives(f.type, values.first(copy));
    auto index = static_cast<uint32_t>(facts_.size());
    if (defer_id) {
        const uint64_t slot = make_slot(id_hash, index);
        deferred_ids_[(slot >> deferred_shift_) & (kDeferredParts - 1)].push_back(slot);
    } else {
        id_insert(make_slot(id_hash, index));
    }
    if (declared) {
        if (type_names_[f.type] == kNoSymbol) type_names_[f.type] = f.type_name;
    } else if (f.type_name != kNoSymbol) {
        undeclared_names_.emplace_back(index, f.type_name);
    }
    if (file_runs_.empty() || file_runs_.back().second != f.file)
        file_runs_.emplace_back(index, f.file);
    // The reserved memory ahead was prefaulted by another thread, so it is not in this core's
    // cache: ask for it a few facts early, or the stores below stall on it.
    constexpr size_t kAhead = 8;
    if (facts_.capacity() - facts_.size() > kAhead) {
        const auto* ahead = reinterpret_cast<const char*>(facts_.data() + facts_.size() + kAhead);
        __builtin_prefetch(ahead, 1);
        __builtin_prefetch(ahead + sizeof(Fact) - 1, 1);
    }
    if (values_.capacity() - values_.size() > kAhead * n + 2 * 64 / sizeof(Value)) {
        const auto* ahead = reinterpret_cast<const char*>(values_.data() + values_.size());
        __builtin_prefetch(ahead + kAhead * n * sizeof(Value), 1);
        __builtin_prefetch(ahead + kAhead * n * sizeof(Value) + 64, 1);
    }
    // Member by member, in place: copying a whole Fact would load its bytes in wide pieces
    // right after narrow stores to them, and wait for those stores to complete.
    static_assert(sizeof(Fact) == 40, "a new Fact member must be set here");
    static_assert(sizeof(Value) == 16);
    Fact& fact = facts_.emplace_back();
    fact.id_text = id_text;
    fact.content_hash = f.content_hash;
    fact.date = f.date;
    fact.type = declared ? f.type : kUndeclaredType;
    fact.party = f.party;
    fact.first_value = first_value;
    fact.source = source;
    fact.line = f.line;
    return index;
}

void FactSet::note_negatives(uint32_t type, std::span<const Value> values) {
    if (type >= negative_.size()) return;
    for (size_t s = 0; s < values.size(); ++s)
        if (values[s].kind == Value::Kind::Number && values[s].number < 0)
            negative_[type] |= uint64_t{1} << std::min<size_t>(s, 63);
}

void FactSet::truncate(size_t size) {
    if (size >= facts_.size()) return;
    for (auto& part : deferred_ids_)
        while (!part.empty() && slot_index(part.back()) >= size) part.pop_back();
    const size_t placed = std::min(deferred_from_, facts_.size());
    if (deferred_from_ >= size) {
        deferred_from_ = SIZE_MAX;
        deferred_table_ = {};
    }
    for (size_t k = placed; k-- > size;)
        id_erase(make_slot(detail::hash_bytes(facts_[k].id()), static_cast<uint32_t>(k)));
    values_.resize(facts_[size].first_value);
    facts_.resize(size);
    // Rare (a rejected file), and only when a negative number was seen at all.
    if (std::any_of(negative_.begin(), negative_.end(), [](uint64_t bits) { return bits != 0; })) {
        std::fill(negative_.begin(), negative_.end(), 0);
        for (const Fact& f : facts_) note_negatives(f.type, values(f));
    }
    while (!undeclared_names_.empty() && undeclared_names_.back().first >= size)
        undeclared_names_.pop_back();
    while (!file_runs_.empty() && file_runs_.back().first >= size) file_runs_.pop_back();
}

}  // namespace abide::facts
