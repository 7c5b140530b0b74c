#include "facts/index.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <limits>
#include <thread>
#include <utility>

namespace abide::facts {

namespace {

// Runs task(k) for every k in [0, n) on up to `threads` threads, the caller being one of them.
template <class Task>
void parallel_for(size_t n, unsigned threads, const Task& task) {
    const size_t workers = std::min<size_t>(std::clamp(threads, 1u, 64u), n);
    if (workers <= 1) {
        for (size_t k = 0; k < n; ++k) task(k);
        return;
    }
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t k = next++; k < n; k = next++) task(k);
    };
    std::vector<std::thread> pool;
    for (size_t t = 1; t < workers; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
}

}  // namespace

FactIndex::FactIndex(const FactSet& facts, unsigned threads) : facts_(&facts) {
    const size_t types = facts.schema().size();
    const size_t n = facts.size();
    for (const auto& e : facts.schema().events()) stride_ = std::max(stride_, e.attrs.size() + 1);
    published_ = std::make_unique<std::atomic<const SymbolIndex*>[]>(types * stride_);
    by_type_.resize(types);
    dates_.resize(types);
    // The facts are cut into chunks: each chunk counts its facts per type, then places them at
    // its own offsets, so every list keeps input order whatever the number of threads.
    const size_t chunks = n < (size_t{1} << 16) ? 1 : std::clamp<size_t>(threads, 1, 64);
    auto chunk_begin = [&](size_t c) { return n * c / chunks; };
    std::vector<std::vector<size_t>> at(chunks, std::vector<size_t>(types, 0));
    parallel_for(chunks, threads, [&](size_t c) {
        auto& counts = at[c];
        for (size_t i = chunk_begin(c), e = chunk_begin(c + 1); i < e; ++i) {
            const Fact& f = facts[static_cast<uint32_t>(i)];
            if (f.type != kUndeclaredType) ++counts[f.type];
        }
    });
    for (size_t t = 0; t < types; ++t) {
        size_t total = 0;
        for (size_t c = 0; c < chunks; ++c) total += std::exchange(at[c][t], total);
        by_type_[t].resize(total);
        dates_[t].resize(total);
    }
    // The dates are placed beside the facts in the same pass over the FactSet: a pass per
    // type reading them again would read every fact once per type.
    parallel_for(chunks, threads, [&](size_t c) {
        auto& pos = at[c];
        for (size_t i = chunk_begin(c), e = chunk_begin(c + 1); i < e; ++i) {
            const Fact& f = facts[static_cast<uint32_t>(i)];
            if (f.type == kUndeclaredType) continue;
            const size_t k = pos[f.type]++;
            by_type_[f.type][k] = static_cast<uint32_t>(i);
            dates_[f.type][k] = f.date.days;
        }
    });
    // Logs are usually sorted by date already: then checking the dates is all there is to do.
    parallel_for(types, threads, [&](size_t t) {
        auto& d = dates_[t];
        if (std::is_sorted(d.begin(), d.end())) return;
        auto& v = by_type_[t];
        auto by_date = [&](uint32_t a, uint32_t b) { return facts[a].date < facts[b].date; };
        std::stable_sort(v.begin(), v.end(), by_date);
        for (size_t k = 0; k < v.size(); ++k) d[k] = facts[v[k]].date.days;
    });
}

std::span<const uint32_t> FactIndex::all(uint32_t type) const {
    if (type >= by_type_.size()) return {};
    return by_type_[type];
}

std::span<const uint32_t> FactIndex::range(uint32_t type, std::optional<core::Date> start,
                                           std::optional<core::Date> end) const {
    if (type >= by_type_.size()) return {};
    const auto& d = dates_[type];
    size_t lo = start ? std::lower_bound(d.begin(), d.end(), start->days) - d.begin() : 0;
    size_t hi = end ? std::upper_bound(d.begin(), d.end(), end->days) - d.begin() : d.size();
    if (hi <= lo) return {};
    return std::span<const uint32_t>(by_type_[type]).subspan(lo, hi - lo);
}

std::unique_ptr<FactIndex::SymbolIndex> FactIndex::build_symbol_index(uint32_t type,
                                                                      uint32_t slot) const {
    auto idx = std::make_unique<SymbolIndex>();
    const size_t symbols = facts_->symbols().size();
    const auto& facts_of_type = by_type_[type];
    auto symbol_of = [&](uint32_t fact) -> Symbol {
        const Fact& f = (*facts_)[fact];
        if (slot == kPartySlot) return f.party;
        auto vals = facts_->values(f);
        if (slot < vals.size() &&
            (vals[slot].kind == Value::Kind::Text || vals[slot].kind == Value::Kind::Party))
            return vals[slot].symbol;
        return kNoSymbol;
    };
    // Count per symbol, turn counts into offsets, then place facts in date order. The facts
    // are read once: their symbols are kept for the second pass.
    std::vector<Symbol> symbol_at(facts_of_type.size());
    idx->offsets.assign(symbols + 2, 0);
    for (size_t k = 0; k < facts_of_type.size(); ++k) {
        Symbol sym = symbol_of(facts_of_type[k]);
        symbol_at[k] = sym;
        if (sym < symbols) ++idx->offsets[sym + 2];
    }
    for (size_t i = 2; i < idx->offsets.size(); ++i) idx->offsets[i] += idx->offsets[i - 1];
    idx->facts.resize(idx->offsets.back());
    for (size_t k = 0; k < facts_of_type.size(); ++k) {
        Symbol sym = symbol_at[k];
        if (sym < symbols) idx->facts[idx->offsets[sym + 1]++] = facts_of_type[k];
    }
    idx->offsets.pop_back();  // offsets[s] .. offsets[s + 1] now bound symbol s
    return idx;
}

void FactIndex::prepare(const std::vector<std::pair<uint32_t, uint32_t>>& keys,
                        unsigned threads) const {
    std::vector<uint64_t> todo;
    {
        std::lock_guard lock(symbol_maps_mutex_);
        for (const auto& [type, slot] : keys) {
            if (type >= by_type_.size()) continue;
            uint64_t key = (uint64_t{type} << 32) | slot;
            if (!symbol_maps_.contains(key)) todo.push_back(key);
        }
    }
    std::sort(todo.begin(), todo.end());
    todo.erase(std::unique(todo.begin(), todo.end()), todo.end());
    if (todo.empty()) return;
    // Costliest first, so that the longest build does not start last: an attribute, read
    // through the values array, costs about twice the party.
    auto cost = [&](uint64_t key) {
        return by_type_[key >> 32].size() * (static_cast<uint32_t>(key) == kPartySlot ? 1 : 2);
    };
    std::stable_sort(todo.begin(), todo.end(),
                     [&](uint64_t a, uint64_t b) { return cost(a) > cost(b); });
    std::vector<std::unique_ptr<SymbolIndex>> built(todo.size());
    parallel_for(todo.size(), threads, [&](size_t k) {
        built[k] = build_symbol_index(static_cast<uint32_t>(todo[k] >> 32),
                                      static_cast<uint32_t>(todo[k]));
    });
    std::lock_guard lock(symbol_maps_mutex_);
    for (size_t k = 0; k < todo.size(); ++k) {
        auto [it, added] = symbol_maps_.try_emplace(todo[k], std::move(built[k]));
        auto type = static_cast<uint32_t>(todo[k] >> 32), slot = static_cast<uint32_t>(todo[k]);
        if (auto* at = published(type, slot))
            at->store(it->second.get(), std::memory_order_release);
    }
}

std::atomic<const FactIndex::SymbolIndex*>* FactIndex::published(uint32_t type,
                                                                 uint32_t slot) const {
    if (type >= by_type_.size()) return nullptr;
    size_t at = slot == kPartySlot ? 0 : size_t{slot} + 1;
    return at < stride_ ? &published_[type * stride_ + at] : nullptr;
}

const FactIndex::SymbolIndex* FactIndex::symbol_index(uint32_t type, uint32_t slot) const {
    std::atomic<const SymbolIndex*>* at = published(type, slot);
    if (at)
        if (const SymbolIndex* idx = at->load(std::memory_order_acquire)) return idx;
    const uint64_t key = (uint64_t{type} << 32) | slot;
    std::lock_guard lock(symbol_maps_mutex_);
    auto it = symbol_maps_.find(key);
    if (it == symbol_maps_.end())
        it = symbol_maps_.emplace(key, build_symbol_index(type, slot)).first;
    if (at) at->store(it->second.get(), std::memory_order_release);
    return it->second.get();
}

std::span<const double> FactIndex::numbers(uint32_t type, std::span<const uint32_t> list,
                                           uint32_t value_slot) const {
    if (type >= by_type_.size() || list.empty()) return {};
    // The list it is part of: the type's own, or one of the type's per-value indexes.
    const std::less<const uint32_t*> before;
    auto within = [&](const std::vector<uint32_t>& base) {
        return !base.empty() && !before(list.data(), base.data()) &&
               !before(base.data() + base.size(), list.data() + list.size());
    };
    const std::vector<uint32_t>* base = within(by_type_[type]) ? &by_type_[type] : nullptr;
    for (size_t s = 0; s < stride_ && !base; ++s)
        if (const SymbolIndex* idx = published_[type * stride_ + s].load(std::memory_order_acquire))
            if (within(idx->facts)) base = &idx->facts;
    if (!base) return {};
    const std::vector<double>& column = number_column(*base, value_slot);
    if (column.empty()) return {};
    return std::span<const double>(column).subspan(static_cast<size_t>(list.data() - base->data()),
                                                   list.size());
}

const std::vector<double>& FactIndex::number_column(const std::vector<uint32_t>& list,
                                                    uint32_t slot) const {
    std::lock_guard lock(number_columns_mutex_);
    auto& column = number_columns_[{list.data(), slot}];
    if (column) return *column;
    column = std::make_unique<std::vector<double>>(list.size());
    for (size_t k = 0; k < list.size(); ++k) {
        auto values = facts_->values((*facts_)[list[k]]);
        double v = std::numeric_limits<double>::quiet_NaN();
        if (slot < values.size() && values[slot].kind == Value::Kind::Number) {
            v = values[slot].number;
            if (std::isnan(v)) {  // NaN means "no number" here: such a list keeps the slow way
                column->clear();
                break;
            }
        }
        (*column)[k] = v;
    }
    return *column;
}

std::span<const uint32_t> FactIndex::with_symbol(uint32_t type, uint32_t slot,
                                                 Symbol symbol) const {
    if (type >= by_type_.size()) return {};
    const SymbolIndex& idx = *symbol_index(type, slot);  // built once, never changed
    if (symbol + 1 >= idx.offsets.size()) return {};
    return std::span<const uint32_t>(idx.facts).subspan(
        idx.offsets[symbol], idx.offsets[symbol + 1] - idx.offsets[symbol]);
}

}  // namespace abide::facts
