#include "facts/index.hpp"

#include <algorithm>

namespace abide::facts {

FactIndex::FactIndex(const FactSet& facts) : facts_(&facts) {
    const size_t types = facts.schema().size();
    by_type_.resize(types);
    dates_.resize(types);
    std::vector<size_t> counts(types, 0);
    for (const Fact& f : facts.facts())
        if (f.type != kUndeclaredType) ++counts[f.type];
    for (size_t t = 0; t < types; ++t) by_type_[t].reserve(counts[t]);
    for (uint32_t i = 0; i < facts.size(); ++i) {
        const Fact& f = facts[i];
        if (f.type != kUndeclaredType) by_type_[f.type].push_back(i);
    }
    // Logs are usually sorted by date already; a stable sort then costs one pass.
    for (size_t t = 0; t < types; ++t) {
        auto& v = by_type_[t];
        auto by_date = [&](uint32_t a, uint32_t b) { return facts[a].date < facts[b].date; };
        if (!std::is_sorted(v.begin(), v.end(), by_date))
            std::stable_sort(v.begin(), v.end(), by_date);
        dates_[t].reserve(v.size());
        for (uint32_t i : v) dates_[t].push_back(facts[i].date.days);
    }
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

std::span<const uint32_t> FactIndex::with_symbol(uint32_t type, uint32_t slot,
                                                 Symbol symbol) const {
    if (type >= by_type_.size()) return {};
    uint64_t key = (uint64_t{type} << 32) | slot;
    std::unique_lock lock(symbol_maps_mutex_);
    auto it = symbol_maps_.find(key);
    if (it == symbol_maps_.end()) {
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
        // Count per symbol, turn counts into offsets, then place facts in date order.
        idx->offsets.assign(symbols + 2, 0);
        for (uint32_t f : facts_of_type) {
            Symbol sym = symbol_of(f);
            if (sym < symbols) ++idx->offsets[sym + 2];
        }
        for (size_t i = 2; i < idx->offsets.size(); ++i) idx->offsets[i] += idx->offsets[i - 1];
        idx->facts.resize(idx->offsets.back());
        for (uint32_t f : facts_of_type) {
            Symbol sym = symbol_of(f);
            if (sym < symbols) idx->facts[idx->offsets[sym + 1]++] = f;
        }
        idx->offsets.pop_back();  // offsets[s] .. offsets[s + 1] now bound symbol s
        it = symbol_maps_.emplace(key, std::move(idx)).first;
    }
    const SymbolIndex& idx = *it->second;  // built once, never changed: read it unlocked
    lock.unlock();
    if (symbol + 1 >= idx.offsets.size()) return {};
    return std::span<const uint32_t>(idx.facts).subspan(
        idx.offsets[symbol], idx.offsets[symbol + 1] - idx.offsets[symbol]);
}

}  // namespace abide::facts
