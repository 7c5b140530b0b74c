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
        if (!std::is_sorted(v.begin(), v.end(), by_date)) std::stable_sort(v.begin(), v.end(), by_date);
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
    auto it = symbol_maps_.find(key);
    if (it == symbol_maps_.end()) {
        auto idx = std::make_unique<SymbolIndex>();
        std::vector<std::pair<Symbol, uint32_t>> pairs;  // (value, position in date order)
        const auto& facts_of_type = by_type_[type];
        for (uint32_t pos = 0; pos < facts_of_type.size(); ++pos) {
            const Fact& f = (*facts_)[facts_of_type[pos]];
            if (slot == kPartySlot) {
                if (f.party != kNoSymbol) pairs.emplace_back(f.party, pos);
                continue;
            }
            auto vals = facts_->values(f);
            if (slot < vals.size() && vals[slot].symbol != kNoSymbol &&
                (vals[slot].kind == Value::Kind::Text || vals[slot].kind == Value::Kind::Party))
                pairs.emplace_back(vals[slot].symbol, pos);
        }
        // Sorting by (value, date position) keeps each value's facts in date order.
        std::sort(pairs.begin(), pairs.end());
        idx->keys.reserve(pairs.size());
        idx->facts.reserve(pairs.size());
        for (auto [sym, pos] : pairs) {
            idx->keys.push_back(sym);
            idx->facts.push_back(facts_of_type[pos]);
        }
        it = symbol_maps_.emplace(key, std::move(idx)).first;
    }
    const SymbolIndex& idx = *it->second;
    auto [lo, hi] = std::equal_range(idx.keys.begin(), idx.keys.end(), symbol);
    return std::span<const uint32_t>(idx.facts).subspan(lo - idx.keys.begin(), hi - lo);
}

}  // namespace abide::facts
