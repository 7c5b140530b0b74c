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
        auto map = std::make_unique<SymbolMap>();
        for (uint32_t i : by_type_[type]) {
            auto vals = facts_->values((*facts_)[i]);
            if (slot < vals.size() && vals[slot].symbol != kNoSymbol &&
                (vals[slot].kind == Value::Kind::Text || vals[slot].kind == Value::Kind::Party))
                (*map)[vals[slot].symbol].push_back(i);  // stays in date order
        }
        it = symbol_maps_.emplace(key, std::move(map)).first;
    }
    auto found = it->second->find(symbol);
    if (found == it->second->end()) return {};
    return found->second;
}

}  // namespace abide::facts
