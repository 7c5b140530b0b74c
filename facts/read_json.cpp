// JSON Lines: the one place that uses simdjson. Each line is parsed on its own with the
// On-Demand API (parser.iterate on a padded view), which gives exact line numbers and lets one
// bad line be reported without losing the rest; iterate_many would stop at the first error.
#include <simdjson.h>

#include <cstring>
#include <optional>
#include <span>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "facts/hash.hpp"
#include "facts/line_batch.hpp"
#include "facts/read_detail.hpp"

namespace abide::facts::detail {

static_assert(simdjson::SIMDJSON_PADDING <= kJsonPadding,
              "the readers' padding is smaller than simdjson's");

namespace {

namespace od = simdjson::ondemand;
using Kind = RawValue::Kind;

std::string describe(simdjson::error_code e) {
    switch (e) {
        case simdjson::UTF8_ERROR: return "invalid UTF-8";
        case simdjson::UNCLOSED_STRING: return "invalid JSON: unterminated string";
        case simdjson::STRING_ERROR: return "invalid JSON: bad escape in a string";
        case simdjson::UNESCAPED_CHARS:
            return "invalid JSON: unescaped control character in a string";
        case simdjson::NUMBER_ERROR:
        case simdjson::NUMBER_OUT_OF_RANGE: return "invalid JSON: bad number";
        case simdjson::T_ATOM_ERROR:
        case simdjson::F_ATOM_ERROR:
        case simdjson::N_ATOM_ERROR:
            return "invalid JSON: bad literal (expected true, false or null)";
        case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
            return "invalid JSON: the object is not closed (truncated line?)";
        case simdjson::DEPTH_ERROR: return "invalid JSON: nested too deeply";
        case simdjson::TAPE_ERROR: return "invalid JSON: unexpected character or end of line";
        default: return "invalid JSON: " + std::string(simdjson::error_message(e));
    }
}

std::string_view type_name(od::json_type t) {
    switch (t) {
        case od::json_type::array: return "an array";
        case od::json_type::object: return "an object";
        case od::json_type::number: return "a number";
        case od::json_type::string: return "a string";
        case od::json_type::boolean: return "a boolean";
        case od::json_type::null: return "null";
    }
    return "a value";
}

// The byte of the first invalid UTF-8 sequence, for the caret (simdjson only says "invalid").
size_t first_invalid_utf8(std::string_view s) {
    auto u = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
    for (size_t i = 0; i < s.size();) {
        unsigned c = u(i);
        size_t n = c < 0x80           ? 1
                   : (c >> 5) == 0x6  ? 2
                   : (c >> 4) == 0xE  ? 3
                   : (c >> 3) == 0x1E ? 4
                                      : 0;
        if (n == 0 || (n == 2 && c < 0xC2) || i + n > s.size()) return i;
        for (size_t k = 1; k < n; ++k)
            if ((u(i + k) >> 6) != 0x2) return i;
        if (n == 3) {
            unsigned c1 = u(i + 1);
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return i;
        } else if (n == 4) {
            unsigned c1 = u(i + 1);
            if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return i;
        }
        i += n;
    }
    return 0;
}

// The first control byte (below 0x20), for the caret of an unescaped one in a string (a tab,
// say): simdjson only says there is one.
size_t first_control(std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i)
        if (static_cast<unsigned char>(s[i]) < 0x20) return i;
    return 0;
}

// simdjson reports trailing text and a missing '}' alike; telling them apart is worth a scan
// of the failed line: where does the top-level value end, if at all?
std::optional<std::pair<size_t, std::string>> structure_error(std::string_view s) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0) {
                size_t rest = s.find_first_not_of(" \t\r", i + 1);
                if (rest != std::string_view::npos)
                    return std::pair{rest, std::string("unexpected text after the JSON object")};
                return {};
            }
        }
    }
    if (in_string) return std::pair{s.size(), std::string("invalid JSON: unterminated string")};
    if (depth > 0)
        return std::pair{s.size(),
                         std::string("invalid JSON: the object is not closed (truncated line?)")};
    return {};
}

}  // namespace

struct JsonLineParser::Impl {
    // More than any run the reader hands over, so that a run is one stage-1 pass.
    static constexpr size_t kStreamBatch = 256 << 10;

    od::parser parser;
    od::parser stream_parser;  // its own: a stream's state outlives single-line parses

    Impl() {
#ifdef SIMDJSON_THREADS_ENABLED
        stream_parser.threaded = false;  // a run is one batch: no stage-1 thread to start
#endif
    }
    LineBatch* out = nullptr;
    std::string_view line;
    const char* base = nullptr;

    uint32_t offset_of(const char* p) const {
        return p >= base ? static_cast<uint32_t>(p - base) : 0;
    }
    uint32_t location(od::document& doc) const {
        const char* p = nullptr;
        if (doc.current_location().get(p)) return static_cast<uint32_t>(line.size());
        return offset_of(p);
    }
    // Unescaped strings live in the parser's buffer until the next line: the batch keeps
    // copies. A string without escapes is its raw bytes, already in the batch's copy of the
    // line, so it is referenced there instead (the common case).
    std::string_view keep(std::string_view s) {
        return out->copy_text(s);
    }
    // The text of the string whose raw bytes (after the opening quote) start at `p`, when no
    // escape comes before its closing quote, which must come before `end`: then its unescaped
    // text is those bytes (invalid UTF-8 and control characters are refused before this).
    static std::optional<std::string_view> plain(const char* p, const char* end) {
#if defined(__SSE2__)
        // Sixteen bytes a step: most strings of a log (ids, dates, types, codes) end within the
        // first. Reading past `end` is safe: every line is followed by kJsonPadding bytes.
        const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
        for (const char* q = p; q < end; q += 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
            const auto quotes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)));
            const auto stops =
                quotes | static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, backslash)));
            if (stops == 0) continue;
            const auto first = static_cast<unsigned>(__builtin_ctz(stops));
            if (q + first >= end || !(quotes >> first & 1u)) return std::nullopt;
            return std::string_view(p, static_cast<size_t>(q + first - p));
        }
        return std::nullopt;
#else
        for (const char* q = p; q < end; ++q) {
            if (*q == '"') return std::string_view(p, static_cast<size_t>(q - p));
            if (*q == '\\') return std::nullopt;
        }
        return std::nullopt;
#endif
    }
    // A field's key: its raw bytes when it has no escapes, else an unescaped copy.
    simdjson::error_code read_key(od::field& field, std::string_view& key) {
        const char* raw = field.key().raw();
        if (auto k = plain(raw, line.data() + line.size())) {
            key = *k;
            return simdjson::SUCCESS;
        }
        if (auto e = field.unescaped_key().get(key)) return e;
        key = keep(key);
        return simdjson::SUCCESS;
    }

    // Reads one attribute value into `v`. Arrays and objects other than a quantity object are
    // kept as kinds for the builder to reject; simdjson skips what we do not consume.
    simdjson::error_code read_value(od::value v, RawValue& out) {
        od::json_type t;
        if (auto e = v.type().get(t)) return e;
        out.offset = offset_of(v.raw_json_token().data());
        switch (t) {
            case od::json_type::string: {
                out.kind = Kind::String;
                const std::string_view token = v.raw_json_token();
                if (auto s = plain(token.data() + 1, token.data() + token.size())) {
                    od::raw_json_string consumed;
                    if (auto e = v.get_raw_json_string().get(consumed)) return e;
                    out.hash = hash_bytes(*s);
                    out.text = *s;
                    // No quote, backslash (found above) or control byte (stage 1 refuses
                    // those unescaped): JSON output can write it as it is.
                    out.json_plain = true;
                    return simdjson::SUCCESS;
                }
                std::string_view s;
                if (auto e = v.get_string().get(s)) return e;
                // Hashed where simdjson wrote it with wide stores: the bytes of the copy were
                // just stored piecemeal, and loading them back would wait on those stores.
                out.hash = hash_bytes(s);
                out.text = keep(s);
                return simdjson::SUCCESS;
            }
            case od::json_type::number:
                out.kind = Kind::Number;
                return v.get_double().get(out.number);
            case od::json_type::boolean:
                out.kind = Kind::Bool;
                return v.get_bool().get(out.boolean);
            case od::json_type::null: {
                bool is_null = false;
                if (auto e = v.is_null().get(is_null)) return e;
                out.kind = Kind::Null;
                return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
            }
            case od::json_type::array: out.kind = Kind::Array; return simdjson::SUCCESS;
            case od::json_type::object: {
                // {"value": NUMBER, "unit": "UNIT"} and nothing else is a quantity.
                od::object obj;
                if (auto e = v.get_object().get(obj)) return e;
                bool has_value = false, has_unit = false, other = false;
                for (auto fr : obj) {
                    od::field f;
                    if (auto e = std::move(fr).get(f)) return e;
                    std::string_view key;
                    if (auto e = f.unescaped_key().get(key)) return e;
                    od::json_type ft;
                    if (auto e = f.value().type().get(ft)) return e;
                    if (key == "value" && !has_value && ft == od::json_type::number) {
                        if (auto e = f.value().get_double().get(out.number)) return e;
                        has_value = true;
                    } else if (key == "unit" && !has_unit && ft == od::json_type::string) {
                        std::string_view unit;
                        if (auto e = f.value().get_string().get(unit)) return e;
                        out.text = keep(unit);
                        has_unit = true;
                    } else {
                        other = true;
                    }
                }
                out.kind = has_value && has_unit && !other ? Kind::Quantity : Kind::Object;
                return simdjson::SUCCESS;
            }
        }
        return simdjson::INCORRECT_TYPE;
    }

    void parse(std::string_view text, uint32_t number, LineBatch& batch) {
        out = &batch;
        line = text;
        base = text.data();
        LineBatch::Entry entry;
        entry.text = text;
        entry.line = number;
        entry.first_field = static_cast<uint32_t>(batch.fields.size());
        if (auto error = parse_fields()) {
            batch.fields.resize(entry.first_field);
            entry.error_offset = static_cast<uint32_t>(error->first);
            entry.error = std::move(error->second);
        } else {
            entry.field_count = static_cast<uint32_t>(batch.fields.size()) - entry.first_field;
        }
        batch.entries.push_back(std::move(entry));
    }

    // Appends the line's fields to the batch, or returns where and why the line is bad.
    std::optional<std::pair<size_t, std::string>> parse_fields() {
        using Failure = std::optional<std::pair<size_t, std::string>>;
        auto fail = [](size_t offset, std::string message) -> Failure {
            return std::pair{offset, std::move(message)};
        };
        auto fail_with = [&](size_t offset, simdjson::error_code e) -> Failure {
            if (e == simdjson::TAPE_ERROR || e == simdjson::INCOMPLETE_ARRAY_OR_OBJECT ||
                e == simdjson::UNCLOSED_STRING) {
                if (auto why = structure_error(line)) return why;
            }
            return fail(offset, describe(e));
        };

        od::document doc;
        if (auto e = parser.iterate(base, line.size(), line.size() + kJsonPadding).get(doc))
            return fail_with(e == simdjson::UTF8_ERROR        ? first_invalid_utf8(line)
                             : e == simdjson::UNESCAPED_CHARS ? first_control(line)
                                                              : 0,
                             e);
        od::object obj;
        if (auto e = doc.get_object().get(obj)) {
            od::json_type t;
            if (e == simdjson::INCORRECT_TYPE && !doc.type().get(t))
                return fail(0, "expected a JSON object, found " + std::string(type_name(t)));
            return fail_with(location(doc), e);
        }
        for (auto fr : obj) {
            od::field field;
            if (auto e = std::move(fr).get(field)) return fail_with(location(doc), e);
            RawField rf;
            rf.key_offset = offset_of(field.key().raw()) - 1;
            if (auto e = read_key(field, rf.key)) return fail_with(rf.key_offset, e);
            if (auto e = read_value(field.value(), rf.value)) {
                uint32_t at = rf.value.offset ? rf.value.offset : location(doc);
                return fail_with(at, e);
            }
            out->fields.push_back(rf);
        }
        // On-Demand stops at the object's end; anything after it is an error too.
        const char* rest = nullptr;
        if (!doc.current_location().get(rest))
            return fail(offset_of(rest), "unexpected text after the JSON object");
        return {};
    }

    // A run of lines as one document stream (iterate_many): one stage-1 pass for the run
    // instead of one a line. A line is taken from the stream only when it is certain to give
    // what parse() would: its document starts at the line's first byte, the next starts at the
    // next line's first byte (or the stream ends there, nothing truncated), and it is an object
    // whose fields read without error. Then the line's bytes were indexed from a clean state
    // (outside any string, after a line break), exactly as alone. Anything else - an error,
    // a second value on a line, a string or object running into the next line - stops the
    // run there, and that line and the rest are parsed one by one, for the exact diagnostics.
    size_t parse_run(std::string_view block, std::span<const uint32_t> starts, uint32_t number,
                     LineBatch& batch) {
        out = &batch;
        const size_t n = starts.size();
        od::document_stream stream;
        if (stream_parser.iterate_many(block.data(), block.size(), kStreamBatch).get(stream))
            return 0;
        auto it = stream.begin();
        size_t k = 0;
        for (; k < n && it != stream.end(); ++k) {
            if (it.current_index() != starts[k]) break;
            od::document_reference doc;
            if ((*it).get(doc)) break;
            size_t end = k + 1 < n ? starts[k + 1] - 1 : block.size();
            line = block.substr(starts[k], end - starts[k]);
            base = line.data();
            const auto first_field = static_cast<uint32_t>(batch.fields.size());
            bool ok = stream_fields(doc);
            if (ok) {
                ++it;
                ok = k + 1 < n ? it != stream.end() && it.current_index() == starts[k + 1]
                               : !(it != stream.end()) && stream.truncated_bytes() == 0;
            }
            if (!ok) {
                batch.fields.resize(first_field);
                break;
            }
            LineBatch::Entry entry;
            entry.text = line;
            entry.line = number + static_cast<uint32_t>(k);
            entry.first_field = first_field;
            entry.field_count = static_cast<uint32_t>(batch.fields.size()) - first_field;
            batch.entries.push_back(std::move(entry));
        }
        return k;
    }

    // The fields of a streamed line, as parse_fields reads them; false on any error (the
    // line is then parsed alone, which describes it).
    bool stream_fields(od::document_reference doc) {
        od::object obj;
        if (doc.get_object().get(obj)) return false;
        for (auto fr : obj) {
            od::field field;
            if (std::move(fr).get(field)) return false;
            // Filled in place (the caller drops it on failure): a copy from the stack would
            // load the field's bytes right after their narrow stores, and wait for them.
            RawField& rf = out->fields.emplace_back();
            rf.key_offset = offset_of(field.key().raw()) - 1;
            if (read_key(field, rf.key)) return false;
            if (read_value(field.value(), rf.value)) return false;
        }
        return true;
    }
};

JsonLineParser::JsonLineParser() : impl_(std::make_unique<Impl>()) {}
JsonLineParser::~JsonLineParser() = default;

void JsonLineParser::parse(std::string_view line, uint32_t number, LineBatch& out) {
    impl_->parse(line, number, out);
}

size_t JsonLineParser::parse_run(std::string_view block, std::span<const uint32_t> starts,
                                 uint32_t first_number, LineBatch& out) {
    return impl_->parse_run(block, starts, first_number, out);
}

}  // namespace abide::facts::detail
