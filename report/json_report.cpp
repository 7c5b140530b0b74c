#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <sstream>

#include "core/date.hpp"
#include "core/json_escape.hpp"
#include "core/quantity.hpp"
#include "report/json_stream.hpp"
#include "report/json_writer.hpp"
#include "report/render.hpp"

namespace abide::report {
namespace {

// Evidence lists run to thousands of facts scattered over the FactSet: fetch each fact, then
// its id text, a few entries ahead of writing it.
template <class Write>
void for_each_evidence(const facts::FactSet& facts, const std::vector<uint32_t>& evidence,
                       Write write) {
    constexpr size_t kFactAhead = 16, kIdAhead = 8;
    const size_t size = evidence.size();
    for (size_t k = 0; k < size; ++k) {
        if (k + kFactAhead < size) __builtin_prefetch(&facts[evidence[k + kFactAhead]]);
        if (k + kIdAhead < size) __builtin_prefetch(facts[evidence[k + kIdAhead]].id_address());
        write(k, facts[evidence[k]]);
    }
}

// One node's bytes, written where room was made ahead and then appended to the output at
// once: some thirty pieces, each with its own capacity check and copy call, were most of the
// cost of writing a node. Reused from node to node.
class NodeBuffer {
public:
    void clear() { p_ = data_.get(); }
    /// Room for `n` more bytes.
    void room(size_t n) {
        if (static_cast<size_t>(end_ - p_) < n) grow(n);
    }
    template <size_t N>
    void put(const char (&text)[N]) {
        std::memcpy(p_, text, N - 1);
        p_ += N - 1;
    }
    void put(std::string_view text) {
        std::memcpy(p_, text.data(), text.size());
        p_ += text.size();
    }
    void json(std::string_view text) { p_ = core::write_json_string(p_, text); }
    void id(const facts::Fact& f) {
        if (!f.id_is_plain()) return json(f.id());
        *p_++ = '"';
        put(f.id());
        *p_++ = '"';
    }
    /// The ids of `evidence`, `sep` between them (room made as it goes).
    void ids(const facts::FactSet& facts, const std::vector<uint32_t>& evidence,
             std::string_view sep) {
        for_each_evidence(facts, evidence, [&](size_t i, const facts::Fact& f) {
            room(core::json_string_bound(f.id().size()) + sep.size());
            if (i) put(sep);
            id(f);
        });
    }
    void date(const std::optional<core::Date>& d) {
        if (!d) return put("null");
        *p_++ = '"';
        p_ = core::write_date(p_, *d);  // digits and dashes: nothing to escape
        *p_++ = '"';
    }
    void integer(int64_t v) { p_ = std::to_chars(p_, p_ + 24, v).ptr; }  // 24 hold any int64_t
    std::string_view view() const { return {data_.get(), static_cast<size_t>(p_ - data_.get())}; }

private:
    void grow(size_t n) {
        const size_t used = static_cast<size_t>(p_ - data_.get());
        const size_t size = std::max({size_t{4096}, 2 * used, used + n});
        auto bigger = std::make_unique<char[]>(size);
        if (used) std::memcpy(bigger.get(), data_.get(), used);
        data_ = std::move(bigger);
        p_ = data_.get() + used;
        end_ = data_.get() + size;
    }
    std::unique_ptr<char[]> data_;
    char* p_ = nullptr;
    char* end_ = nullptr;
};

struct Context {
    JsonWriter& w;
    const facts::FactSet& facts;
    const ir::Rule& rule;
    const ir::RuleSet& rules;
    // What every node of the rule repeats, escaped once.
    std::string title, agreement;
    std::vector<std::string> party;
    // The same keys as a compact node writes them, from the title up to the verdict's value.
    std::string compact_middle;
    std::string party_inline;  ///< ["US", "JP"], as language.md §8 shows it
    NodeBuffer& buffer;        ///< append_compact_node's, reused
};

std::string escaped(std::string_view s) {
    std::string out;
    JsonWriter::escape(out, s);
    return out;
}

// The JSON text of a number, as JsonWriter::number writes it (JSON has no infinity).
std::string number_text(double v) {
    return std::isfinite(v) ? core::format_number(v) : "null";
}

// A node written compactly (as JsonWriter writes it below its pretty depth), straight into the
// output: a rule with 100,000 instances writes this 100,000 times.
void append_compact_node(const Context& c, std::string& out, const engine::NodeResult& n) {
    using core::json_string_bound;
    NodeBuffer& b = c.buffer;
    b.clear();
    // The fixed keys and punctuation of a node take under 256 bytes.
    b.room(256 + c.compact_middle.size() + json_string_bound(n.rule.size()) +
           json_string_bound(n.reason.size()));
    b.put("{\"rule\":");
    b.json(n.rule);
    b.put(c.compact_middle);
    b.put(engine::to_string(n.verdict));  // a plain word
    b.put("\",\"window\":");
    if (n.has_window) {
        b.put("{\"start\":");
        b.date(n.start);
        b.put(",\"end\":");
        b.date(n.end);
        b.put("}");
    } else {
        b.put("null");
    }
    b.put(",\"evidence\":[");
    b.ids(c.facts, n.evidence, ",");
    b.room(256 + json_string_bound(n.reason.size()));
    b.put("],\"reason\":");
    b.json(n.reason);
    if (n.at_risk)
        b.put(",\"at_risk\":true");
    else
        b.put(",\"at_risk\":false");
    if (n.days_left) {
        b.put(",\"days_left\":");
        b.integer(*n.days_left);
    }
    if (n.late) {
        const facts::Fact& late = c.facts[*n.late];
        b.room(16 + json_string_bound(late.id().size()));
        b.put(",\"late\":");
        b.id(late);
    }
    if (n.progress) {
        const std::string value = number_text(n.progress->value);
        const std::string target = number_text(n.progress->target);
        b.room(64 + value.size() + target.size() + json_string_bound(n.progress->unit.size()));
        b.put(",\"progress\":{\"value\":");
        b.put(value);
        b.put(",\"target\":");
        b.put(target);
        b.put(",\"unit\":");
        b.json(n.progress->unit);
        b.put("}");
    }
    b.room(16);
    b.put(",\"children\":[");
    out += b.view();  // the buffer is free again for the children
    // Each child's strings were allocated long before and are cold: fetch them ahead.
    constexpr size_t kAhead = 4, kIdsAhead = 2;
    for (size_t i = 0; i < n.children.size(); ++i) {
        if (i + kAhead < n.children.size()) {
            const engine::NodeResult& ahead = n.children[i + kAhead];
            __builtin_prefetch(ahead.rule.data());
            __builtin_prefetch(ahead.reason.data());
            __builtin_prefetch(ahead.evidence.data());
        }
        if (i + kIdsAhead < n.children.size())
            for (uint32_t e : n.children[i + kIdsAhead].evidence)
                __builtin_prefetch(c.facts[e].id_address());
        if (i) out += ',';
        append_compact_node(c, out, n.children[i]);
    }
    out += "]}";
}

void write_node(Context& c, const engine::NodeResult& n) {
    JsonWriter& w = c.w;
    if (w.compact_inside()) {
        append_compact_node(c, w.raw_value(), n);
        return;
    }
    w.begin_object();
    w.key("rule").string(n.rule);
    w.key("title").raw(c.title);
    w.key("agreement").raw(c.agreement);
    w.key("party").raw(c.party_inline);
    w.key("verdict").string(engine::to_string(n.verdict));
    // The party, the window and the evidence on one line each, as language.md §8 shows them:
    // a rule's evidence can run to thousands of ids.
    w.key("window");
    if (n.has_window) {
        NodeBuffer& b = c.buffer;
        b.clear();
        b.room(64);
        b.put("{\"start\": ");
        b.date(n.start);
        b.put(", \"end\": ");
        b.date(n.end);
        b.put("}");
        w.raw_value() += b.view();
    } else {
        w.null();
    }
    // Evidence runs to thousands of ids: written through the node buffer, a piece at a time.
    NodeBuffer& b = c.buffer;
    b.clear();
    b.room(1);
    b.put("[");
    b.ids(c.facts, n.evidence, ", ");
    b.room(1);
    b.put("]");
    w.key("evidence").raw_value() += b.view();
    w.key("reason").string(n.reason);
    w.key("at_risk").boolean(n.at_risk);
    if (n.days_left) w.key("days_left").integer(*n.days_left);
    if (n.late) w.key("late").string(c.facts[*n.late].id());
    if (n.progress) write_progress(w, *n.progress);
    w.key("children").begin_array();
    for (const auto& child : n.children) write_node(c, child);
    w.end_array();
    w.end_object();
}

}  // namespace

void write_progress(JsonWriter& w, const engine::Progress& p) {
    w.key("progress").begin_object();
    w.key("value").number(p.value);
    w.key("target").number(p.target);
    w.key("unit").string(p.unit);
    w.end_object();
}

// Pretty down to each result's keys and one line per child: a rule with thousands of instances
// stays readable and the document a fraction of its fully indented size.
constexpr int kIndent = 2;
constexpr size_t kPrettyDepth = 4;

namespace {
size_t count_nodes(const engine::NodeResult& n) {
    size_t count = 1;
    for (const auto& c : n.children) count += count_nodes(c);
    return count;
}
}  // namespace

std::string render_json_result(const engine::RuleResult& result, const ir::RuleSet& rules,
                               const facts::FactSet& facts) {
    // Reserve roughly what the nodes will take, so that a rule with thousands of instances is
    // not copied over and over as its text grows.
    std::string out;
    out.reserve(count_nodes(result.node) *
                (256 + result.rule->title.size() + result.rule->id.size()));
    JsonWriter w(out, kIndent, kPrettyDepth);
    w.resume(2);  // inside {"results": [ ... ]}
    thread_local NodeBuffer buffer;
    Context c{w,      facts, *result.rule, rules, escaped(result.rule->title),
              "null", {},    {},           {},    buffer};
    if (result.rule->agreement) c.agreement = escaped(rules.agreements[*result.rule->agreement].id);
    for (const auto& p : result.rule->party) c.party.push_back(escaped(p));
    c.party_inline = "[";
    for (size_t i = 0; i < c.party.size(); ++i) c.party_inline += (i ? ", " : "") + c.party[i];
    c.party_inline += ']';
    c.compact_middle = ",\"title\":" + c.title + ",\"agreement\":" + c.agreement + ",\"party\":[";
    for (size_t i = 0; i < c.party.size(); ++i) {
        if (i) c.compact_middle += ',';
        c.compact_middle += c.party[i];
    }
    c.compact_middle += "],\"verdict\":\"";
    write_node(c, result.node);
    return out;
}

void write_json_document(std::ostream& out, core::Date as_of,
                         const std::vector<std::string>& results, const engine::Summary& s) {
    JsonResultStream stream(out, as_of, results.size(), /*hold=*/true);
    for (size_t i = 0; i < results.size(); ++i) stream.add(i, results[i]);
    stream.finish(s);
}

void write_json(std::ostream& out, const engine::Evaluation& ev, const ir::RuleSet& rules,
                const facts::FactSet& facts) {
    std::vector<std::string> results;
    results.reserve(ev.results.size());
    for (const auto& r : ev.results) results.push_back(render_json_result(r, rules, facts));
    write_json_document(out, ev.as_of, results, ev.summary);
}

}  // namespace abide::report
