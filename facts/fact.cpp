#include "facts/fact.hpp"

#include <algorithm>
#include <cstring>

#include "facts/hash.hpp"

namespace abide::facts {
namespace {

// Arenas grow in blocks; a string longer than a quarter block gets a block of its own, so a
// 10 kB text never wastes most of a fresh block.
constexpr size_t kBlockSize = 256 * 1024;
constexpr uint32_t kEmptySlot = UINT32_MAX;
constexpr size_t kMaxCachedSources = 4096;

std::string_view arena_copy(std::string_view s, std::deque<std::unique_ptr<char[]>>& blocks,
                            size_t& left, char*& ptr) {
    if (s.empty()) return {};
    if (s.size() > kBlockSize / 4) {
        blocks.emplace_front(new char[s.size()]);  // front: keeps the current block at the back
        std::memcpy(blocks.front().get(), s.data(), s.size());
        return {blocks.front().get(), s.size()};
    }
    if (s.size() > left) {
        blocks.emplace_back(new char[kBlockSize]);
        ptr = blocks.back().get();
        left = kBlockSize;
    }
    std::memcpy(ptr, s.data(), s.size());
    std::string_view v(ptr, s.size());
    ptr += s.size();
    left -= s.size();
    return v;
}

}  // namespace

// --- Interner ------------------------------------------------------------------------------

std::string_view Interner::store(std::string_view s) {
    return arena_copy(s, blocks_, block_left_, block_ptr_);
}

Symbol Interner::intern(std::string_view s) {
    if (auto it = index_.find(s); it != index_.end()) return it->second;
    std::string_view stored = store(s);
    auto sym = static_cast<Symbol>(strings_.size());
    strings_.push_back(stored);
    index_.emplace(stored, sym);
    return sym;
}

std::optional<Symbol> Interner::find(std::string_view s) const {
    if (auto it = index_.find(s); it != index_.end()) return it->second;
    return {};
}

// --- FactSet -------------------------------------------------------------------------------

std::span<const Value> FactSet::values(const Fact& f) const {
    if (f.type == kUndeclaredType || f.type >= schema_->size()) return {};
    size_t n = schema_->event(f.type).attrs.size();
    return {values_.data() + f.first_value, n};
}

uint32_t FactSet::add_file(std::string path) {
    files_.push_back(std::move(path));
    return static_cast<uint32_t>(files_.size() - 1);
}

std::string_view FactSet::store_text(std::string_view s) {
    return arena_copy(s, arena_, arena_left_, arena_ptr_);
}

std::optional<uint32_t> FactSet::find_id(std::string_view id) const {
    if (id_slots_.empty()) return {};
    size_t mask = id_slots_.size() - 1;
    for (size_t i = detail::hash_bytes(id) & mask;; i = (i + 1) & mask) {
        uint32_t idx = id_slots_[i];
        if (idx == kEmptySlot) return {};
        if (facts_[idx].id == id) return idx;
    }
}

void FactSet::id_insert(uint32_t index) {
    size_t mask = id_slots_.size() - 1;
    size_t i = detail::hash_bytes(facts_[index].id) & mask;
    while (id_slots_[i] != kEmptySlot) i = (i + 1) & mask;
    id_slots_[i] = index;
}

// Re-inserting in index order makes the table exactly what inserting one fact after another
// would have built, which is what lets truncate() undo insertions by emptying their slots.
void FactSet::id_rehash(size_t slots) {
    id_slots_.assign(slots, kEmptySlot);
    for (uint32_t i = 0; i < facts_.size(); ++i) id_insert(i);
}

void FactSet::reserve(size_t facts, size_t values) {
    facts_.reserve(facts_.size() + facts);
    values_.reserve(values_.size() + values);
    size_t want = 16;
    while (want < 2 * (facts_.size() + facts)) want *= 2;
    if (want > id_slots_.size()) id_rehash(want);
}

uint32_t FactSet::add(const Fact& f, std::span<const Value> values) {
    Fact fact = f;
    fact.id = store_text(f.id);
    if (!f.source.empty()) {
        if (auto it = sources_.find(f.source); it != sources_.end()) {
            fact.source = it->second;
        } else {
            fact.source = store_text(f.source);
            if (sources_.size() < kMaxCachedSources) sources_.emplace(fact.source, fact.source);
        }
    }
    size_t n = 0;
    if (f.type != kUndeclaredType && f.type < schema_->size())
        n = schema_->event(f.type).attrs.size();
    else
        fact.type = kUndeclaredType;
    fact.first_value = static_cast<uint32_t>(values_.size());
    size_t copy = std::min(n, values.size());
    values_.insert(values_.end(), values.begin(), values.begin() + static_cast<ptrdiff_t>(copy));
    values_.resize(values_.size() + (n - copy));
    auto index = static_cast<uint32_t>(facts_.size());
    facts_.push_back(fact);
    if (2 * facts_.size() > id_slots_.size()) {
        id_rehash(std::max<size_t>(16, id_slots_.size() * 2));  // includes the new fact
    } else {
        id_insert(index);
    }
    return index;
}

void FactSet::truncate(size_t size) {
    if (size >= facts_.size()) return;
    // Undo insertions latest first: each one filled the first empty slot on its probe path,
    // so emptying it leaves the table as it was before that insertion.
    size_t mask = id_slots_.size() - 1;
    for (size_t k = facts_.size(); k-- > size;) {
        auto idx = static_cast<uint32_t>(k);
        for (size_t i = detail::hash_bytes(facts_[k].id) & mask;; i = (i + 1) & mask) {
            if (id_slots_[i] == idx) {
                id_slots_[i] = kEmptySlot;
                break;
            }
        }
    }
    values_.resize(facts_[size].first_value);
    facts_.resize(size);
}

}  // namespace abide::facts
