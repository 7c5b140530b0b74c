// Fact log reading: format choice, streaming a file in chunks, and the checks every record goes
// through whatever its format (FactBuilder).
#include "facts/read.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/quantity.hpp"
#include "core/suggest.hpp"
#include "facts/chunk_reader.hpp"
#include "facts/hash.hpp"
#include "facts/read_detail.hpp"

namespace abide::facts {
namespace detail {
namespace {

using core::AttrType;
using Kind = RawValue::Kind;

// Equal texts, compared inline: dates and type names are short, and met on every line.
bool same_text(std::string_view a, std::string_view b) {
    return a.size() == b.size() && same_bytes(a.data(), b.data(), a.size());
}

constexpr size_t kMaxWarningsPerFile = 1000;
constexpr size_t kMaxCachedDates = 1 << 16;
constexpr size_t kMaxLineTextBytes = 512;

// Tags keep values of different kinds apart in the content hash ("5" is not 5).
constexpr uint64_t kTagText = 1, kTagNumber = 2, kTagBool = 3, kTagDate = 4, kTagQuantity = 5;

uint64_t hash_text(std::string_view s, uint64_t tag) {
    return hash_bytes(s, tag);
}
uint64_t hash_number(double v, uint64_t tag = kTagNumber) {
    if (v == 0) v = 0;  // -0 and 0 are the same number
    return hash_u64(std::bit_cast<uint64_t>(v), tag);
}

std::string_view kind_name(Kind k) {
    switch (k) {
        case Kind::Null: return "null";
        case Kind::String: return "a string";
        case Kind::Number: return "a number";
        case Kind::Bool: return "a boolean";
        case Kind::Quantity: return "a quantity object";
        case Kind::Array: return "an array";
        case Kind::Object: return "an object";
    }
    return "a value";
}

std::string quote_text(std::string_view s) {
    std::string r = "'";
    r.append(s.substr(0, 80));
    if (s.size() > 80) r += "...";
    r += "'";
    return r;
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
        if (x != b[i]) return false;
    }
    return true;
}

// Numbers in CSV cells: the language's form (`25_000_000`) or what spreadsheets write
// (`1.5e6`).
std::optional<double> parse_csv_number(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    if (auto v = core::parse_number(s)) return v;
    double v = 0;
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return {};
    return v;
}

std::string units_of(core::Dimension d) {
    switch (d) {
        case core::Dimension::Mass: return "t, kt, Mt";
        case core::Dimension::Money: return "USD";
        case core::Dimension::Percent: return "%";
        case core::Dimension::PercentagePoints: return "pp";
        case core::Dimension::None: return "no unit";
    }
    return "";
}

// "unknown unit 'Mtt'" -> "Mtt"; the unit as parse_quantity saw it.
std::optional<std::string> unknown_unit_in(const std::string& why) {
    const std::string_view prefix = "unknown unit '";
    if (why.compare(0, prefix.size(), prefix) != 0 || why.back() != '\'') return {};
    return why.substr(prefix.size(), why.size() - prefix.size() - 1);
}

std::string with_suggestion(std::string message, std::string_view word,
                            const std::vector<std::string_view>& candidates) {
    if (auto s = core::closest(word, candidates)) message += "; did you mean '" + *s + "'?";
    return message;
}

}  // namespace

size_t FactBuilder::StringHash::operator()(std::string_view s) const {
    return hash_bytes(s);
}

core::LineCol position_in(std::string_view text, uint32_t line, size_t offset) {
    offset = std::min(offset, text.size());
    size_t line_start = 0;
    for (size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    return {line, static_cast<uint32_t>(offset - line_start + 1)};
}

FactBuilder::FactBuilder(std::string_view file_name, FactSet& out, core::Diagnostics& diags,
                         const ReadOptions& options, ReadStats& stats)
    : file_name_(file_name), out_(out), diags_(diags), options_(options), stats_(stats) {
    file_ = out_.add_file(std::string(file_name));
    start_size_ = out_.size();
    diags_mark_ = diags_.mark();
}

void FactBuilder::report(std::string_view text, uint32_t line, size_t offset, std::string message,
                         core::Severity severity, std::vector<core::Diagnostic> notes) {
    core::Diagnostic d;
    d.severity = severity;
    d.file = file_name_;
    d.pos = position_in(text, line, offset);
    d.message = std::move(message);
    // The caret line: the physical line of the position, unless it is too long to show.
    offset = std::min(offset, text.size());
    size_t begin = 0;
    if (offset > 0) {
        size_t nl = text.rfind('\n', offset - 1);
        if (nl != std::string_view::npos) begin = nl + 1;
    }
    size_t end = text.find('\n', begin);
    std::string_view physical =
        text.substr(begin, end == std::string_view::npos ? text.size() - begin : end - begin);
    if (!physical.empty() && physical.back() == '\r') physical.remove_suffix(1);
    if (physical.size() <= kMaxLineTextBytes) d.line_text = std::string(physical);
    d.notes = std::move(notes);
    diags_.add(std::move(d));
}

void FactBuilder::bad_line(std::string_view text, uint32_t line, size_t offset,
                           std::string message) {
    ++stats_.lines;
    Record r;
    r.text = text;
    r.line = line;
    reject(r, offset, std::move(message));
}

void FactBuilder::reject(const Record& r, size_t offset, std::string message,
                         std::vector<core::Diagnostic> notes) {
    ++stats_.errors;
    if (!options_.skip_invalid) {
        report(r.text, r.line, offset, std::move(message), core::Severity::Error, std::move(notes));
        return;
    }
    ++stats_.skipped;
    // One broken file must not flood the output with a million warnings.
    if (++warnings_ > kMaxWarningsPerFile) {
        if (first_unreported_line_ == 0) first_unreported_line_ = r.line;
        return;
    }
    report(r.text, r.line, offset, message + "; line skipped", core::Severity::Warning,
           std::move(notes));
}

void FactBuilder::file_error(std::string_view text, uint32_t line, size_t offset,
                             std::string message) {
    ++stats_.errors;
    file_failed_ = true;
    report(text, line, offset, std::move(message), core::Severity::Error);
}

void FactBuilder::finish() {
    if (file_failed_ || (!options_.skip_invalid && stats_.errors > 0)) {
        out_.truncate(start_size_);
        stats_.rejected = true;
        stats_.added = 0;
        stats_.undeclared = 0;
    } else {
        stats_.added = options_.sink ? sink_added_ : facts_added();
    }
    if (warnings_ > kMaxWarningsPerFile) {
        core::Diagnostic d;
        d.severity = core::Severity::Warning;
        d.file = file_name_;
        d.pos = {first_unreported_line_, 1};
        d.message = std::to_string(warnings_ - kMaxWarningsPerFile) +
                    " more invalid lines skipped from here on, not shown";
        diags_.add(std::move(d));
    }
}

void FactBuilder::abandon() {
    out_.truncate(start_size_);
    stats_.rejected = true;
    stats_.added = 0;
    stats_.undeclared = 0;
}

void FactBuilder::defer_id_checks(size_t more_facts) {
    if (!may_defer_ids_ || id_repeated_ || options_.sink || defer_ids_) return;
    defer_ids_ = true;
    out_.defer_ids(more_facts);
}

bool FactBuilder::place_deferred_ids() {
    if (!defer_ids_) return true;
    defer_ids_ = false;
    return out_.place_deferred_ids();
}

void FactBuilder::restart() {
    out_.truncate(start_size_);
    diags_.rewind(diags_mark_);
    stats_ = ReadStats{};
    warnings_ = 0;
    file_failed_ = false;
    first_unreported_line_ = 0;
    defer_ids_ = false;
    may_defer_ids_ = false;
    id_repeated_ = false;
}

void FactBuilder::reserve(size_t facts, double slots_per_fact, bool tables) {
    out_.reserve(facts, static_cast<size_t>(static_cast<double>(facts) * slots_per_fact) + 16,
                 tables);
    if (tables) out_.symbols().adopt(Interner::empty_table(table_sizes(facts).symbols));
}

FactBuilder::TableSizes FactBuilder::table_sizes(size_t facts) const {
    // New symbols come at the rate seen so far (a ref per request, a few parties in all).
    const size_t added = std::max<size_t>(facts_added(), 1), symbols = out_.symbols().size();
    const double per_fact = static_cast<double>(symbols) / static_cast<double>(added);
    auto more_symbols = static_cast<size_t>(per_fact * static_cast<double>(facts));
    // Deferred ids have a table of their own (FactSet::defer_ids).
    return {defer_ids_ ? 0 : FactSet::id_table_size_for(out_.size() + facts),
            Interner::table_size_for(symbols + more_symbols)};
}

void FactBuilder::adopt(Tables&& tables) {
    out_.adopt_id_table(std::move(tables.ids));
    out_.symbols().adopt(std::move(tables.symbols));
}

// Logs use a handful of types: a short list scanned first beats hashing for each line.
FactBuilder::TypeInfo FactBuilder::type_info(std::string_view name) {
    for (const auto& [text, info] : few_types_)
        if (same_text(text, name)) return info;
    if (auto it = types_.find(name); it != types_.end()) return it->second;
    TypeInfo info;
    info.hash = hash_bytes(name);  // == the RawValue hash of a type field
    info.name = out_.symbols().intern(name);
    if (auto t = out_.schema().find(name)) info.type = *t;
    if (few_types_.size() < kFewTypes)
        few_types_.emplace_back(std::string(name), info);
    else
        types_.emplace(std::string(name), info);
    return info;
}

// Most logs repeat a few hundred dates, so parsed dates are cached by their text (bounded:
// logs with second-precision times would otherwise grow the cache without end).
std::optional<core::Date> FactBuilder::date_of(std::string_view text) {
    if (same_text(text, last_date_text_)) return last_date_;  // logs are often sorted by date
    last_date_text_ = text;
    last_date_ = find_date(text);
    return last_date_;
}

std::optional<core::Date> FactBuilder::find_date(std::string_view text) {
    if (auto it = dates_.find(text); it != dates_.end()) {
        if (it->second == INT32_MIN) return {};
        return core::Date{it->second};
    }
    auto d = core::parse_date_or_datetime(text);
    if (dates_.size() < kMaxCachedDates) dates_.emplace(std::string(text), d ? d->days : INT32_MIN);
    return d;
}

namespace {

std::string bad_date_message(std::string_view what, std::string_view text) {
    // A well-formed YYYY-MM-DD prefix that still fails is an impossible date (2026-02-30).
    bool shaped = text.size() >= 10 && text[4] == '-' && text[7] == '-';
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (shaped && (text[i] < '0' || text[i] > '9')) shaped = false;
    if (shaped && !core::parse_date(text.substr(0, 10)))
        return std::string(what) + " " + quote_text(text) + " is not a calendar date";
    return "invalid " + std::string(what) + " " + quote_text(text) +
           ": expected YYYY-MM-DD or an RFC 3339 date-time";
}

}  // namespace

void FactBuilder::add(const Record& r, Syntax syntax) {
    ++stats_.lines;

    csv_file_ = syntax == Syntax::Csv;
    const bool csv = csv_file_ || options_.csv_cells;
    const RawField* id = nullptr;
    const RawField* type = nullptr;
    const RawField* date = nullptr;
    const RawField* party = nullptr;
    const RawField* source = nullptr;
    const RawField* retracts = nullptr;
    const RawField* supersedes = nullptr;
    attr_fields_.clear();
    for (uint32_t i = 0; i < r.fields.size(); ++i) {
        const RawField& f = r.fields[i];
        const RawField** builtin = nullptr;
        // Dispatch on the length, then compare that many bytes inline (no call per key).
        // The length is the case's: a constant, so the compare is a load or two, not a call.
        auto is = [&f]<size_t N>(const char(&name)[N]) {
            return std::memcmp(f.key.data(), name, N - 1) == 0;
        };
        switch (f.key.size()) {
            case 2: builtin = is("id") ? &id : nullptr; break;
            case 4: builtin = is("type") ? &type : is("date") ? &date : nullptr; break;
            case 5: builtin = is("party") ? &party : nullptr; break;
            case 6: builtin = is("source") ? &source : nullptr; break;
            case 8: builtin = is("retracts") ? &retracts : nullptr; break;
            case 10: builtin = is("supersedes") ? &supersedes : nullptr; break;
            default: break;
        }
        if (builtin == nullptr) {
            attr_fields_.push_back(i);
        } else if (*builtin != nullptr) {
            return reject(r, f.key_offset, "duplicate key " + quote_text(f.key));
        } else {
            *builtin = &f;
        }
    }
    // Null means absent, for the built-in fields as for attributes.
    for (const RawField** b : {&id, &type, &date, &party, &source, &retracts, &supersedes})
        if (*b && (*b)->value.kind == Kind::Null) *b = nullptr;
    if (retracts) return retraction(r, retracts, id, date, source, supersedes);
    // `"supersedes": true`: a new version of a fact (a correction); not part of the content.
    bool is_correction = false;
    if (supersedes) {
        const RawValue& v = supersedes->value;
        if (v.kind == Kind::Bool)
            is_correction = v.boolean;
        else if (v.kind == Kind::String && csv &&
                 (iequals(v.text, "true") || iequals(v.text, "yes")))
            is_correction = true;
        else if (!(v.kind == Kind::String && csv &&
                   (iequals(v.text, "false") || iequals(v.text, "no"))))
            return reject(
                r, v.offset,
                "'supersedes' must be true or false, found " +
                    (v.kind == Kind::String ? quote_text(v.text) : std::string(kind_name(v.kind))));
    }

    // The parser hashed every string (RawValue::hash): for the table lookups, and re-mixed,
    // for the content hash.
    const uint64_t id_hash = id && id->value.kind == Kind::String ? id->value.hash : 0;
    const uint64_t party_hash = party && party->value.kind == Kind::String ? party->value.hash : 0;

    // --- built-in fields ---
    using Named = std::pair<const RawField*, const char*>;
    for (auto [field, name] : {Named{id, "id"}, Named{date, "date"}, Named{type, "type"}}) {
        if (field == nullptr)
            return reject(r, 0, std::string("missing required field '") + name + "'");
        if (field->value.kind != Kind::String)
            return reject(r, field->value.offset,
                          std::string("'") + name + "' must be a string, found " +
                              std::string(kind_name(field->value.kind)));
        if (field->value.text.empty())
            return reject(r, field->value.offset, std::string("'") + name + "' must not be empty");
    }
    for (auto [field, name] : {Named{party, "party"}, Named{source, "source"}}) {
        if (field && field->value.kind != Kind::String)
            return reject(r, field->value.offset,
                          std::string("'") + name + "' must be a string, found " +
                              std::string(kind_name(field->value.kind)));
    }
    if (party && party->value.text.empty())
        return reject(r, party->value.offset, "'party' must not be empty");
    auto day = date_of(date->value.text);
    const uint64_t date_hash = date->value.hash;
    if (!day) return reject(r, date->value.offset, bad_date_message("date", date->value.text));
    TypeInfo info = type_info(type->value.text);

    uint64_t h = 0;
    // Order-independent: a sum of per-field hashes, so key order does not matter (§9.15).
    auto add_hash = [&h](uint64_t key_hash, uint64_t value_hash) {
        h += mix(key_hash ^ value_hash, kHashK2);
    };
    static const uint64_t kIdKey = hash_bytes("id"), kTypeKey = hash_bytes("type"),
                          kDateKey = hash_bytes("date"), kPartyKey = hash_bytes("party"),
                          kSourceKey = hash_bytes("source");
    // Texts hashed once serve twice: for the table lookups and, re-mixed, for the content.
    add_hash(kIdKey, hash_u64(id_hash, kTagText));
    add_hash(kTypeKey, hash_u64(info.hash, kTagText));
    add_hash(kDateKey, hash_u64(date_hash, kTagDate));
    if (party) add_hash(kPartyKey, hash_u64(party_hash, kTagText));
    if (source) add_hash(kSourceKey, hash_text(source->value.text, kTagText));

    if (info.type != kUndeclaredType) {
        // --- attributes of a declared event, checked against their declared types ---
        const core::EventDecl& ev = out_.schema().event(info.type);
        slots_.assign(ev.attrs.size(), Value{});
        seen_.assign(ev.attrs.size(), 0);
        for (uint32_t fi : attr_fields_) {
            const RawField& f = r.fields[fi];
            const RawValue& v = f.value;
            if (v.kind == Kind::Null) continue;
            int slot = ev.find_attr(f.key);
            if (slot < 0) {
                std::vector<std::string_view> names;
                for (const auto& a : ev.attrs) names.push_back(a.name);
                std::string msg =
                    "unknown attribute " + quote_text(f.key) + " for event '" + ev.name + "'";
                if (auto s = core::closest(f.key, names)) {
                    msg += "; did you mean '" + *s + "'?";
                } else if (names.empty()) {
                    msg += " (it declares no attributes)";
                } else {
                    msg += " (declared: ";
                    for (size_t i = 0; i < names.size(); ++i)
                        msg += (i ? ", " : "") + std::string(names[i]);
                    msg += ")";
                }
                return reject(r, f.key_offset, std::move(msg));
            }
            if (seen_[slot]) return reject(r, f.key_offset, "duplicate key " + quote_text(f.key));
            seen_[slot] = 1;
            const core::AttrDecl& decl = ev.attrs[slot];
            auto type_error = [&](std::string_view expected) {
                std::string msg = "attribute '" + decl.name + "' must be " + std::string(expected) +
                                  ", found " + std::string(kind_name(v.kind));
                if (v.kind == Kind::Array || v.kind == Kind::Object)
                    msg += " (nested values are not allowed)";
                return msg;
            };
            Value& out = slots_[slot];
            uint64_t vh = 0;
            switch (decl.type) {
                case AttrType::Text:
                case AttrType::Party: {
                    bool is_party = decl.type == AttrType::Party;
                    if (v.kind != Kind::String)
                        return reject(
                            r, v.offset,
                            type_error(is_party ? "a party (a string)" : "text (a string)"));
                    if (is_party && v.text.empty())
                        return reject(r, v.offset,
                                      "attribute '" + decl.name + "' must not be empty");
                    out.kind = is_party ? Value::Kind::Party : Value::Kind::Text;
                    out.symbol = out_.symbols().intern_hashed(v.text, r.fields[fi].value.hash);
                    vh = hash_u64(r.fields[fi].value.hash, kTagText);
                    break;
                }
                case AttrType::Number: {
                    std::optional<double> n;
                    if (v.kind == Kind::Number)
                        n = v.number;
                    else if (v.kind == Kind::String && csv)
                        n = parse_csv_number(v.text);
                    if (!n) {
                        if (v.kind == Kind::String && csv)
                            return reject(r, v.offset,
                                          "attribute '" + decl.name + "' must be a number, found " +
                                              quote_text(v.text));
                        std::string msg = type_error("a number");
                        if (v.kind == Kind::String && parse_csv_number(v.text))
                            msg += "; write it without quotes";
                        return reject(r, v.offset, std::move(msg));
                    }
                    out.kind = Value::Kind::Number;
                    out.number = *n;
                    vh = hash_number(*n);
                    break;
                }
                case AttrType::Mass:
                case AttrType::Money:
                case AttrType::Percent:
                case AttrType::PP: {
                    core::Dimension dim = *core::attr_dimension(decl.type);
                    std::string what = "attribute '" + decl.name + "' (" +
                                       std::string(core::attr_type_name(decl.type)) + ")";
                    std::optional<core::Quantity> q;
                    std::string why;
                    if (v.kind == Kind::String) {
                        q = core::parse_quantity(v.text, &why);
                    } else if (v.kind == Kind::Quantity) {
                        // The object form's unit may carry a scale word: {"value": 5, "unit":
                        // "million USD"}.
                        std::string unit_text = "1 " + std::string(v.text);
                        q = core::parse_quantity(unit_text, &why);
                        if (q && q->dimension == core::Dimension::None) {
                            q.reset();
                            why = v.text.empty() ? "empty unit"
                                                 : "unknown unit '" + std::string(v.text) + "'";
                        }
                        if (q) q->value *= v.number;
                    } else if (v.kind == Kind::Number) {
                        std::string n = core::format_number(v.number);
                        std::string u(core::base_unit(dim));
                        return reject(
                            r, v.offset,
                            what + " needs a unit; a bare number is not enough: write \"" + n +
                                " " + u + "\" or {\"value\": " + n + ", \"unit\": \"" + u + "\"}");
                    } else {
                        std::string msg = type_error(
                            "a quantity such as \"4.2 Mt\" or {\"value\": 4.2, \"unit\": \"Mt\"}");
                        return reject(r, v.offset, std::move(msg));
                    }
                    if (!q) {
                        if (auto unit = unknown_unit_in(why))
                            return reject(
                                r, v.offset,
                                with_suggestion(what + ": unknown unit " + quote_text(*unit), *unit,
                                                core::unit_spellings()));
                        return reject(
                            r, v.offset,
                            what + ": invalid quantity " + quote_text(v.text) + ": " + why);
                    }
                    if (q->dimension == core::Dimension::None)
                        return reject(r, v.offset,
                                      what + " needs a unit (" + units_of(dim) + "), found " +
                                          quote_text(v.text));
                    if (q->dimension != dim)
                        return reject(
                            r, v.offset,
                            what + " must be " + std::string(core::dimension_name(dim)) + " (" +
                                units_of(dim) + "), found " +
                                std::string(core::dimension_name(q->dimension)) + " " +
                                quote_text(v.kind == Kind::String ? v.text
                                                                  : std::string_view(q->unit)));
                    out.kind = Value::Kind::Number;
                    out.number = q->value;
                    vh = hash_number(q->value, hash_text(q->unit, kTagQuantity));
                    break;
                }
                case AttrType::Date: {
                    if (v.kind != Kind::String)
                        return reject(r, v.offset,
                                      type_error("a date (a string such as \"2026-01-31\")"));
                    auto d = date_of(v.text);
                    if (!d)
                        return reject(
                            r, v.offset,
                            bad_date_message("date", v.text) + " in attribute '" + decl.name + "'");
                    out.kind = Value::Kind::Date;
                    out.date = d->days;
                    vh = hash_text(v.text, kTagDate);
                    break;
                }
                case AttrType::Bool: {
                    std::optional<bool> b;
                    if (v.kind == Kind::Bool) {
                        b = v.boolean;
                    } else if (v.kind == Kind::String && csv) {
                        if (iequals(v.text, "true") || iequals(v.text, "yes"))
                            b = true;
                        else if (iequals(v.text, "false") || iequals(v.text, "no"))
                            b = false;
                    }
                    if (!b) {
                        if (csv)
                            return reject(r, v.offset,
                                          "attribute '" + decl.name +
                                              "' must be true, false, yes or no, found " +
                                              quote_text(v.text));
                        return reject(r, v.offset, type_error("true or false"));
                    }
                    out.kind = Value::Kind::Bool;
                    out.boolean = *b;
                    vh = hash_u64(*b, kTagBool);
                    break;
                }
            }
            // Keys of a declared event hash by slot: the same key always has the same slot.
            add_hash(hash_u64(static_cast<uint64_t>(slot), info.hash), vh);
        }
    } else {
        // --- an undeclared type: loaded, matches nothing; values are only checked for shape ---
        size_t n = 0;
        for (uint32_t fi : attr_fields_) {
            const RawField& f = r.fields[fi];
            const RawValue& v = f.value;
            uint64_t vh = 0;
            switch (v.kind) {
                case Kind::Null: continue;
                case Kind::String: vh = hash_u64(r.fields[fi].value.hash, kTagText); break;
                case Kind::Number: vh = hash_number(v.number); break;
                case Kind::Bool: vh = hash_u64(v.boolean, kTagBool); break;
                case Kind::Quantity:
                    vh = hash_number(v.number, hash_text(v.text, kTagQuantity));
                    break;
                case Kind::Array:
                case Kind::Object:
                    return reject(
                        r, v.offset,
                        "attribute " + quote_text(f.key) + " must be a single value, found " +
                            std::string(kind_name(v.kind)) + " (nested values are not allowed)");
            }
            add_hash(hash_bytes(f.key), vh);
            ++n;
        }
        if (n > 1) {
            sorted_keys_.clear();
            for (uint32_t fi : attr_fields_)
                if (r.fields[fi].value.kind != Kind::Null) sorted_keys_.push_back(r.fields[fi].key);
            std::sort(sorted_keys_.begin(), sorted_keys_.end());
            auto dup = std::adjacent_find(sorted_keys_.begin(), sorted_keys_.end());
            if (dup != sorted_keys_.end()) {
                for (uint32_t fi : attr_fields_)
                    if (r.fields[fi].key == *dup)
                        return reject(r, r.fields[fi].key_offset,
                                      "duplicate key " + quote_text(*dup));
            }
        }
        slots_.clear();
    }

    uint64_t content = mix(h ^ kHashK0, kHashK1);
    if (options_.sink) {
        SinkRecord sr;
        sr.kind = SinkRecord::Kind::Fact;
        sr.id = id->value.text;
        sr.type = type->value.text;
        sr.date = date->value.text;
        sr.party = party ? party->value.text : std::string_view();
        sr.source = source ? source->value.text : std::string_view();
        sr.day = *day;
        sr.supersedes = is_correction;
        sr.values = slots_;
        sr.type_index = info.type;
        sr.content_hash = content;
        to_sink(r, sr, id);
        if (info.type == kUndeclaredType && last_sink_added_) ++stats_.undeclared;
        return;
    }
    if (auto prev = defer_ids_ ? std::nullopt : out_.find_id_hashed(id->value.text, id_hash)) {
        id_repeated_ = true;
        const Fact& p = out_[*prev];
        if (p.content_hash == content) {
            ++stats_.duplicates;
            return;
        }
        const std::string& prev_file = out_.files()[out_.file_of(p)];
        if (is_correction)
            return reject(r, supersedes->key_offset,
                          "a correction of the fact read at " + prev_file + ":" +
                              std::to_string(p.line) +
                              ": corrections are applied by the fact store; ingest the log "
                              "with 'abide ingest' and evaluate with '--db'");
        core::Diagnostic note;
        note.severity = core::Severity::Note;
        note.file = prev_file;
        note.pos = {p.line, 1};
        note.message = "the earlier fact with this id is here";
        return reject(r, id->value.offset,
                      "duplicate id " + quote_text(id->value.text) +
                          " with different content; first seen at " + prev_file + ":" +
                          std::to_string(p.line),
                      {std::move(note)});
    }

    NewFact fact;
    fact.id = id->value.text;
    fact.source = source ? source->value.text : std::string_view();
    fact.date = *day;
    fact.type = info.type;
    fact.type_name = info.name;
    fact.party = party ? out_.symbols().intern_hashed(party->value.text, party_hash) : kNoSymbol;
    fact.file = file_;
    fact.line = r.line;
    fact.content_hash = content;
    fact.id_json_plain = id->value.json_plain;
    out_.add_hashed(fact, slots_, id_hash, defer_ids_);
    if (info.type == kUndeclaredType) ++stats_.undeclared;
}

// Hands a checked line to the sink and acts on its verdict.
void FactBuilder::to_sink(const Record& r, SinkRecord& sr, const RawField* id_field) {
    sink_fields_.clear();
    for (const RawField& f : r.fields) {
        SinkField sf;
        sf.key = f.key;
        switch (f.value.kind) {
            case Kind::Null: continue;
            case Kind::String: sf.kind = SinkField::Kind::String; break;
            case Kind::Number: sf.kind = SinkField::Kind::Number; break;
            case Kind::Bool: sf.kind = SinkField::Kind::Bool; break;
            case Kind::Quantity: sf.kind = SinkField::Kind::Quantity; break;
            case Kind::Array:
            case Kind::Object: continue;  // rejected before (undeclared) or never a field
        }
        sf.text = f.value.text;
        sf.number = f.value.number;
        sf.boolean = f.value.boolean;
        sink_fields_.push_back(sf);
    }
    sr.set = &out_;
    sr.fields = sink_fields_;
    sr.text = r.text;
    sr.csv = options_.csv_cells || csv_file_;
    sr.line = r.line;
    SinkVerdict v = options_.sink->accept(sr);
    last_sink_added_ = false;
    switch (v.kind) {
        case SinkVerdict::Kind::Added:
            ++sink_added_;
            last_sink_added_ = true;
            return;
        case SinkVerdict::Kind::Unchanged: ++stats_.duplicates; return;
        case SinkVerdict::Kind::Rejected: {
            std::vector<core::Diagnostic> notes;
            if (!v.note.empty()) {
                core::Diagnostic note;
                note.severity = core::Severity::Note;
                note.message = v.note;
                notes.push_back(std::move(note));
            }
            return reject(r, id_field ? id_field->value.offset : 0, std::move(v.message),
                          std::move(notes));
        }
    }
}

// `{"retracts": "ID"}`: withdraws a fact. Only the store keeps history, so without a sink a
// retraction is an error rather than silently ignored.
void FactBuilder::retraction(const Record& r, const RawField* retracts, const RawField* id,
                             const RawField* date, const RawField* source,
                             const RawField* supersedes) {
    const RawValue& v = retracts->value;
    if (v.kind != Kind::String)
        return reject(r, v.offset,
                      "'retracts' must be a string (the id of the fact it withdraws), found " +
                          std::string(kind_name(v.kind)));
    if (v.text.empty()) return reject(r, v.offset, "'retracts' must not be empty");
    if (supersedes) return reject(r, supersedes->key_offset, "a retraction cannot also supersede");
    for (const RawField& f : r.fields) {
        if (f.value.kind == Kind::Null) continue;
        if (f.key != "retracts" && f.key != "id" && f.key != "date" && f.key != "source")
            return reject(r, f.key_offset,
                          "unexpected key " + quote_text(f.key) +
                              " in a retraction (it takes 'retracts', 'id', 'date' and 'source')");
    }
    for (const RawField* f : {id, date, source})
        if (f && f->value.kind != Kind::String)
            return reject(r, f->value.offset,
                          "'" + std::string(f->key) + "' must be a string, found " +
                              std::string(kind_name(f->value.kind)));
    std::optional<core::Date> day;
    if (date) {
        day = date_of(date->value.text);
        if (!day) return reject(r, date->value.offset, bad_date_message("date", date->value.text));
    }
    if (!options_.sink)
        return reject(r, retracts->key_offset,
                      "retractions are applied by the fact store; ingest the log with 'abide "
                      "ingest' and evaluate with '--db'");
    SinkRecord sr;
    sr.kind = SinkRecord::Kind::Retraction;
    sr.id = v.text;
    sr.date = date ? date->value.text : std::string_view();
    sr.source = source ? source->value.text : std::string_view();
    if (day) sr.day = *day;
    // Equal retractions of one id are the same content: re-ingesting a log is a no-op.
    uint64_t h = hash_text(v.text, kTagText);
    for (const RawField* f : {id, date, source})
        if (f) h += mix(hash_bytes(f->key) ^ hash_text(f->value.text, kTagText), kHashK2);
    sr.content_hash = mix(h ^ kHashK0, kHashK1);
    to_sink(r, sr, retracts);
}

void FactBuilder::prefetch(std::span<const RawField> fields) const {
    for (const RawField& f : fields) {
        if (f.value.kind != Kind::String) continue;
        if (f.key == "id") {
            if (!defer_ids_) out_.prefetch_id(f.value.hash);
        } else if (f.key != "date" && f.key != "type") {  // few: cached anyway
            out_.symbols().prefetch(f.value.hash);
        }
    }
}

double FactBuilder::values_per_fact_hint() const {
    size_t n = facts_added();
    if (n == 0) return 1;
    const Fact& last = out_[out_.size() - 1];
    const Fact& first = out_[start_size_];
    size_t slots = last.first_value + out_.values(last).size() - first.first_value;
    return static_cast<double>(slots) / static_cast<double>(n);
}

}  // namespace detail

// ------------------------------------------------------------------------------------------

namespace {

using detail::ChunkReader;
using detail::FactBuilder;

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string lower(std::string_view s) {
    std::string r(s);
    for (char& c : r)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return r;
}

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The first non-blank character decides between JSON Lines and CSV (§9.14).
Format sniff(std::string_view text) {
    if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        return c == '{' ? Format::JsonLines : Format::Csv;
    }
    return Format::JsonLines;  // blank: no facts either way
}

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f && f != stdin) std::fclose(f);
    }
};

core::Error read_error(const std::string& path, int err) {
    return core::Error{path + ": read error (" + std::string(std::strerror(err)) + ")"};
}

}  // namespace

Format format_for_path(std::string_view path) {
    std::string p = lower(path);
    if (ends_with(p, ".csv")) return Format::Csv;
    if (ends_with(p, ".jsonl") || ends_with(p, ".ndjson") || ends_with(p, ".json"))
        return Format::JsonLines;
    return Format::Auto;
}

ReadStats read_facts_text(std::string_view name, std::string_view text, FactSet& out,
                          core::Diagnostics& diags, const ReadOptions& options) {
    ReadStats stats;
    FactBuilder builder(name, out, diags, options, stats);
    Format format = options.format != Format::Auto ? options.format : format_for_path(name);
    if (format == Format::Auto) format = sniff(text);
    if (format == Format::Csv) {
        if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
        detail::read_csv(text, builder);
    } else {
        detail::read_json_text(text, builder);
    }
    builder.finish();
    return stats;
}

core::Result<ReadStats> read_facts(const std::string& path, FactSet& out, core::Diagnostics& diags,
                                   const ReadOptions& options) {
    const bool is_stdin = path == "-";
    const std::string name = is_stdin ? "<stdin>" : path;
    std::unique_ptr<std::FILE, FileCloser> file;
    if (is_stdin) {
        file.reset(stdin);
    } else {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) return core::Error{path + ": is a directory"};
        file.reset(std::fopen(path.c_str(), "rb"));
        if (!file)
            return core::Error{path + ": cannot open file (" + std::string(std::strerror(errno)) +
                               ")"};
    }
    size_t file_size = 0;
    struct stat st {};
    if (!is_stdin && ::fstat(::fileno(file.get()), &st) == 0 && S_ISREG(st.st_mode))
        file_size = static_cast<size_t>(st.st_size);

    ChunkReader reader(file.get());
    if (!reader.fill()) return read_error(name, reader.error());
    Format format = options.format != Format::Auto ? options.format : format_for_path(path);
    if (format == Format::Auto) format = sniff(reader.data());

    if (format == Format::Csv) {
        // CSV records may span lines, so the splitter sees the whole text at once.
        std::string text(reader.data());
        while (!reader.eof()) {
            reader.consume(reader.data().size());
            if (!reader.fill()) return read_error(name, reader.error());
            text.append(reader.data());
        }
        ReadOptions csv_options = options;
        csv_options.format = Format::Csv;
        return read_facts_text(name, text, out, diags, csv_options);
    }

    ReadStats stats;
    FactBuilder builder(name, out, diags, options, stats);
    if (int error = detail::read_json_file(reader, file_size, builder))
        return read_error(name, error);
    builder.finish();
    return stats;
}

}  // namespace abide::facts
