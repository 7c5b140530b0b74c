// `abide fmt`: prints the syntax trees of rule and test files back in the canonical layout
// (format.hpp); the comments, which the trees do not hold, are re-attached by the printer
// (format_printer.hpp) from their source offsets.
#include "dsl/format.hpp"

#include <algorithm>
#include <boost/variant/apply_visitor.hpp>
#include <boost/variant/get.hpp>

#include "dsl/checker.hpp"
#include "dsl/format_printer.hpp"
#include "dsl/parse.hpp"
#include "dsl/test_parse.hpp"

namespace abide::dsl {
namespace {

using fmt::kNoOffset;
using fmt::Printer;
using fmt::Scan;

template <class T>
const T& unwrap(const T& x) {
    return x;
}
template <class T>
const T& unwrap(const ast::x3::forward_ast<T>& x) {
    return x.get();
}
// Visits an X3 variant, forward_ast alternatives unwrapped.
template <class V, class F>
decltype(auto) visit(const V& v, F&& f) {
    return boost::apply_visitor([&](const auto& x) -> decltype(auto) { return f(unwrap(x)); },
                                v.get());
}

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

const char* unit_text(core::PeriodUnit unit, bool one) {
    switch (unit) {
        case core::PeriodUnit::Day: return one ? "day" : "days";
        case core::PeriodUnit::Week: return one ? "week" : "weeks";
        case core::PeriodUnit::Month: return one ? "month" : "months";
        case core::PeriodUnit::Year: return one ? "year" : "years";
    }
    return "days";
}

// ---- rule files ---------------------------------------------------------------------------

class RuleFormatter {
public:
    RuleFormatter(const Scan& scan, Printer& p) : s_(scan), p_(p) {}

    void file(const std::vector<ast::TopItem>& items) {
        for (const auto& item : items) {
            p_.line(0, true);
            p_.set_continuation(4);
            visit(item, [&](const auto& x) { top(x); });
        }
    }

private:
    // The key of a `key value` field whose value is aligned with its neighbours', or empty.
    static std::string_view aligned_key(const ast::AgreementItem& item) {
        return visit(item, [](const auto& x) -> std::string_view {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, ast::TextField> || std::is_same_v<T, ast::NamesField>)
                return x.key;
            else if constexpr (std::is_same_v<T, ast::SignedField>)
                return "signed";
            else if constexpr (std::is_same_v<T, ast::BindingField>)
                return "binding";
            else
                return {};
        });
    }
    static std::string_view aligned_key(const ast::RuleField& f) {
        return visit(f, [](const auto& x) -> std::string_view { return x.key; });
    }

    // Value columns of a list of fields: runs of aligned fields, a run ending at a blank line
    // or at an item of another kind. Returns the blanks to put after each key.
    template <class Item>
    std::vector<int> pads(const std::vector<Item>& items) {
        std::vector<int> out(items.size(), 1);
        size_t i = 0;
        while (i < items.size()) {
            if (aligned_key(items[i]).empty()) {
                ++i;
                continue;
            }
            size_t j = i + 1, width = aligned_key(items[i]).size();
            while (j < items.size() && !aligned_key(items[j]).empty() &&
                   !s_.blank_line_before(offset(items[j]))) {
                width = std::max(width, aligned_key(items[j]).size());
                ++j;
            }
            for (size_t k = i; k < j; ++k)
                out[k] = static_cast<int>(width - aligned_key(items[k]).size()) + 1;
            i = j;
        }
        return out;
    }

    template <class V>
    static size_t offset(const V& v) {
        return visit(v, [](const auto& x) { return x.offset; });
    }

    // A `{` and the `}` that closes it (kNoOffset when not found).
    struct Block {
        size_t open = kNoOffset, close = kNoOffset;
    };
    Block block_after(size_t off) const {
        Block b;
        b.open = s_.brace_after(off);
        if (b.open != kNoOffset) b.close = s_.matching_brace(b.open);
        return b;
    }
    bool one_line(const Block& b, size_t from) const {
        return b.close != kNoOffset && !s_.spans_lines(from, b.close);
    }
    bool empty_block(const Block& b) const {
        return b.close != kNoOffset && !s_.has_comment(b.open, b.close);
    }
    // Closes a block with nothing in it, not even a comment, right after its `{`: true when
    // it did.
    bool empty_braces(const Block& b, bool no_items) {
        if (!no_items || !empty_block(b)) return false;
        p_.glue();
        p_.word("}", b.close);
        return true;
    }
    void close(const Block& b, int inner, int indent) {
        p_.line(inner, false);
        p_.set_continuation(inner + 4);
        if (b.close != kNoOffset) p_.comments_before(b.close);
        p_.line(indent, false);
        p_.word("}", b.close);
    }

    // ---- declarations ----

    void top(const ast::EventDecl& e) { event(e, 0); }
    void top(const ast::AgreementDecl& a) { agreement(a, 0); }
    void top(const ast::RuleDecl& r) { rule(r, 0); }

    void event(const ast::EventDecl& e, int indent) {
        p_.word("event", e.offset);
        p_.word(e.name.text, e.name.offset);
        Block b = block_after(e.name.offset);
        p_.word("{", b.open);
        if (empty_braces(b, e.attrs.empty())) return;
        if (one_line(b, e.offset)) {
            for (size_t i = 0; i < e.attrs.size(); ++i) attr(e.attrs[i], i == 0 ? 1 : 2);
            p_.word("}", b.close);
            return;
        }
        for (const auto& a : e.attrs) {
            p_.line(indent + 2, true);
            p_.set_continuation(indent + 6);
            attr(a, 1);
        }
        close(b, indent + 2, indent);
    }
    void attr(const ast::AttrDecl& a, int space) {
        p_.word(a.name.text, a.name.offset, space);
        p_.glue();
        p_.word(":");
        p_.word(a.type.text, a.type.offset);
    }

    void agreement(const ast::AgreementDecl& a, int indent) {
        p_.word("agreement", a.offset);
        p_.word(a.id.text, a.id.offset);
        Block b = block_after(a.id.offset);
        p_.word("{", b.open);
        if (empty_braces(b, a.items.empty())) return;
        std::vector<int> pad = pads(a.items);
        for (size_t i = 0; i < a.items.size(); ++i) {
            p_.line(indent + 2, true);
            p_.set_continuation(indent + 6);
            ind_ = indent + 2;
            visit(a.items[i], [&](const auto& x) { agreement_item(x, indent + 2, pad[i]); });
        }
        close(b, indent + 2, indent);
    }
    void agreement_item(const ast::TextField& f, int, int pad) { text_field(f, pad); }
    void agreement_item(const ast::NamesField& f, int, int pad) { names_field(f, pad); }
    void agreement_item(const ast::SignedField& f, int, int pad) {
        p_.word("signed", f.offset);
        p_.word(f.date.text, f.date.offset, pad);
    }
    void agreement_item(const ast::BindingField& f, int, int pad) {
        p_.word("binding", f.offset);
        p_.word(f.value, kNoOffset, pad);
    }
    void agreement_item(const ast::EndsField& f, int, int) {
        p_.word("ends", f.offset);
        duration(f.duration);
        p_.word("after");
        pattern(f.pattern);
    }
    void agreement_item(const ast::RuleDecl& r, int indent, int) { rule(r, indent); }

    void text_field(const ast::TextField& f, int pad) {
        p_.word(f.key, f.offset);
        p_.word(quote(f.value), kNoOffset, pad);
    }
    void names_field(const ast::NamesField& f, int pad) {
        p_.word(f.key, f.offset);
        for (size_t i = 0; i < f.names.size(); ++i) {
            if (i > 0) {
                p_.glue();
                p_.word(",");
            }
            p_.word(f.names[i].text, f.names[i].offset, i == 0 ? pad : 1);
        }
    }

    void rule(const ast::RuleDecl& r, int indent) {
        p_.word("rule", r.offset);
        p_.word(r.id.text, r.id.offset);
        Block b = block_after(r.id.offset);
        p_.word("{", b.open);
        if (r.fields.empty() && r.fields_after.empty() && one_line(b, r.offset)) {
            flat_ = true;
            obligation(r.body, indent, 1);
            flat_ = false;
            p_.word("}", b.close);
            return;
        }
        auto fields = [&](const std::vector<ast::RuleField>& list) {
            std::vector<int> pad = pads(list);
            for (size_t i = 0; i < list.size(); ++i) {
                p_.line(indent + 2, true);
                p_.set_continuation(indent + 6);
                visit(list[i], [&](const auto& x) {
                    using T = std::decay_t<decltype(x)>;
                    if constexpr (std::is_same_v<T, ast::TextField>)
                        text_field(x, pad[i]);
                    else
                        names_field(x, pad[i]);
                });
            }
        };
        fields(r.fields);
        p_.line(indent + 2, true);
        obligation(r.body, indent + 2, 1);
        fields(r.fields_after);
        close(b, indent + 2, indent);
    }

    // ---- obligations ----

    // Prints an obligation that starts at indent `indent` (in flat mode: on the current line,
    // `space` blanks after what precedes it).
    void obligation(const ast::Obligation& ob, int indent, int space) {
        visit(ob, [&](const auto& x) {
            ind_ = indent;
            p_.set_continuation(indent + 4);
            ob_node(x, indent, space);
        });
    }

    void ob_node(const ast::Require& r, int, int space) {
        p_.word("require", r.offset, space);
        visit(r.what, [&](const auto& x) { require_what(x); });
        if (r.window) window(*r.window);
    }
    void require_what(const ast::Pattern& p) { pattern(p); }
    void require_what(const ast::AggregateCmp& a) {
        visit(a.aggregate, [&](const auto& x) { aggregate(x); });
        p_.word(ir::to_string(to_ir(a.op)));
        quantity(a.target);
    }
    void aggregate(const ast::SumMax& s) {
        p_.word(s.kind == ast::AggKind::Sum ? "sum" : "max", s.offset);
        p_.glue();
        p_.word("(");
        p_.glue();
        p_.word(s.event.text, s.event.offset);
        p_.glue();
        p_.word(".");
        p_.glue();
        p_.word(s.attr.text, s.attr.offset);
        if (s.where) where(*s.where);
        p_.glue();
        p_.word(")");
    }
    void aggregate(const ast::Count& c) {
        p_.word("count", c.offset);
        p_.glue();
        p_.word("(");
        p_.glue();
        pattern(c.pattern);
        p_.glue();
        p_.word(")");
    }
    void ob_node(const ast::Forbid& f, int, int space) {
        p_.word("forbid", f.offset, space);
        pattern(f.pattern);
        if (f.window) window(*f.window);
    }
    void ob_node(const ast::ForEach& f, int indent, int space) {
        p_.word("for", f.offset, space);
        p_.word("each");
        pattern(f.pattern);
        if (f.window) window(*f.window);
        p_.word("as");
        p_.word(f.var.text, f.var.offset);
        p_.glue();
        p_.word(":");
        body(f.body, indent);
    }
    void ob_node(const ast::ForIn& f, int indent, int space) {
        p_.word("for", f.offset, space);
        p_.word(f.var.text, f.var.offset);
        p_.word("in");
        visit(f.domain, [&](const auto& x) { domain(x); });
        p_.glue();
        p_.word(":");
        body(f.body, indent);
    }
    void domain(const ast::ValueList& l) {
        p_.word("[", l.offset);
        for (size_t i = 0; i < l.items.size(); ++i) {
            if (i > 0) {
                p_.glue();
                p_.word(",");
            } else {
                p_.glue();
            }
            visit(l.items[i], [&](const auto& x) { list_item(x); });
        }
        p_.glue();
        p_.word("]");
    }
    void list_item(const ast::StringLit& s) { p_.word(quote(s.value), s.offset); }
    void list_item(const ast::Name& n) { p_.word(n.text, n.offset); }
    void domain(const ast::YearRange& r) {
        p_.word(std::to_string(r.first) + ".." + std::to_string(r.last), r.offset);
    }
    void body(const ast::Obligation& ob, int indent) {
        if (flat_) {
            obligation(ob, indent, 1);
            return;
        }
        p_.line(indent + 2, false);
        obligation(ob, indent + 2, 1);
    }

    void ob_node(const ast::AllBlock& b, int indent, int space) {
        p_.word("all", b.offset, space);
        parts(b.offset, b.parts, indent);
    }
    void ob_node(const ast::AnyBlock& b, int indent, int space) {
        p_.word("any", b.offset, space);
        parts(b.offset, b.parts, indent);
    }
    void ob_node(const ast::AtLeastBlock& b, int indent, int space) {
        p_.word("at", b.offset, space);
        p_.word("least");
        p_.word(std::to_string(b.count));
        p_.word("of");
        parts(b.offset, b.parts, indent);
    }
    void parts(size_t off, const std::vector<ast::Obligation>& list, int indent) {
        Block b = block_after(off);
        p_.word("{", b.open);
        if (flat_) {
            for (size_t i = 0; i < list.size(); ++i) obligation(list[i], indent, i == 0 ? 1 : 2);
            p_.word("}", b.close);
            return;
        }
        for (const auto& part : list) {
            p_.line(indent + 2, true);
            obligation(part, indent + 2, 1);
        }
        close(b, indent + 2, indent);
        ind_ = indent;
    }

    // ---- patterns and conditions ----

    void pattern(const ast::Pattern& p) {
        p_.word(p.event.text, p.event.offset);
        if (p.where) where(*p.where);
    }
    void where(const ast::Condition& c) {
        size_t k = s_.token_before(c.offset);
        p_.word("where", k == kNoOffset ? kNoOffset : s_.tokens()[k].offset);
        condition(c);
    }
    void condition(const ast::Condition& c) {
        for (size_t i = 0; i < c.terms.size(); ++i) {
            if (i > 0) connective("or", c.terms[i].offset);
            conjunction(c.terms[i]);
        }
    }
    void conjunction(const ast::Conjunction& c) {
        for (size_t i = 0; i < c.factors.size(); ++i) {
            if (i > 0) connective("and", c.factors[i].offset);
            factor(c.factors[i]);
        }
    }
    // `and`/`or` before the operand at `next`: on a continuation line when the author broke
    // the line before or after it.
    void connective(const char* kw, size_t next) {
        size_t k = s_.token_at(next);
        size_t kw_off = kNoOffset;
        bool brk = false;
        if (k != kNoOffset && k > 0) {
            const auto& toks = s_.tokens();
            kw_off = toks[k - 1].offset;
            brk = toks[k - 1].newline_before || toks[k].newline_before;
        }
        if (brk && !flat_) p_.line(ind_ + 4, false);
        p_.word(kw, kw_off);
    }
    void factor(const ast::Factor& f) {
        for (size_t i = 0; i < f.nots.size(); ++i) p_.word("not", i == 0 ? f.offset : kNoOffset);
        visit(f.primary, [&](const auto& x) { primary(x); });
    }
    void primary(const ast::Test& t) {
        p_.word(t.field.text, t.field.offset);
        visit(t.tail, [&](const auto& x) { tail(x); });
    }
    void primary(const ast::Paren& p) {
        p_.word("(", p.offset);
        p_.glue();
        condition(p.inner);
        p_.glue();
        p_.word(")");
    }
    void tail(const ast::CmpTail& c) {
        p_.word(ir::to_string(to_ir(c.op)));
        value(c.value);
    }
    void tail(const ast::InTail& in) {
        p_.word("in", in.offset);
        p_.word("[");
        for (size_t i = 0; i < in.values.size(); ++i) {
            if (i > 0) {
                p_.glue();
                p_.word(",");
            } else {
                p_.glue();
            }
            value(in.values[i]);
        }
        p_.glue();
        p_.word("]");
    }
    void value(const ast::Value& v) {
        visit(v, [&](const auto& x) { value_node(x); });
    }
    void value_node(const ast::DateLit& d) { p_.word(d.text, d.offset); }
    void value_node(const ast::QuantityLit& q) { quantity(q); }
    void value_node(const ast::StringLit& s) { p_.word(quote(s.value), s.offset); }
    void value_node(const ast::Name& n) { p_.word(n.text, n.offset); }
    void quantity(const ast::QuantityLit& q) {
        p_.word(q.number, q.offset);
        for (const auto& w : q.words) p_.word(w.text, w.offset);
    }

    // ---- windows and dates ----

    void window(const ast::Window& w) {
        size_t off = offset(w);
        if (!flat_ && s_.newline_before(off)) p_.line(ind_ + 2, false);
        visit(w, [&](const auto& x) { window_node(x); });
    }
    void window_node(const ast::ByWindow& w) {
        p_.word("by", w.offset);
        date(w.end);
    }
    void window_node(const ast::WithinWindow& w) {
        p_.word("within", w.offset);
        duration(w.duration);
        p_.word("after");
        date(w.after);
    }
    void window_node(const ast::BetweenWindow& w) {
        p_.word("between", w.offset);
        date(w.start);
        p_.word("and");
        date(w.end);
    }
    void window_node(const ast::FromWindow& w) {
        p_.word("from", w.offset);
        date(w.start);
        if (w.end) {
            p_.word("until");
            date(*w.end);
        }
    }
    void window_node(const ast::DuringWindow& w) {
        p_.word("during", w.offset);
        visit(w.period, [&](const auto& x) { p_.word(x.text, x.offset); });
    }
    void date(const ast::DateExpr& d) {
        visit(d.base, [&](const auto& x) { p_.word(x.text, x.offset); });
        for (const auto& step : d.steps) {
            p_.word(std::string(1, step.sign), step.offset);
            duration(step.duration);
        }
    }
    void duration(const ast::Duration& d) {
        p_.word(std::to_string(d.count), d.offset);
        p_.word(unit_text(d.unit, d.count == 1));
    }

    const Scan& s_;
    Printer& p_;
    bool flat_ = false;  ///< printing a rule written on one line, on one line
    int ind_ = 0;        ///< indent of the obligation being printed
};

// ---- test files ---------------------------------------------------------------------------

const char* verdict_text(test_ast::Verdict v) {
    switch (v) {
        case test_ast::Verdict::Met: return "met";
        case test_ast::Verdict::Pending: return "pending";
        case test_ast::Verdict::Breached: return "breached";
        case test_ast::Verdict::Void: return "void";
    }
    return "met";
}

// The parts of a test file the scan must not read as tokens or comments: the lines of each
// `facts { ... }` block (JSON may hold `#`) and each target (`r[#1]`).
std::vector<std::pair<size_t, size_t>> opaque_ranges(const test_ast::TestFile& file,
                                                     std::string_view text) {
    std::vector<std::pair<size_t, size_t>> out;
    for (const auto& t : file.tests)
        for (const auto& c : t.clauses) {
            if (const auto* fb = boost::get<test_ast::FactsBlockClause>(&c.get())) {
                size_t eol = text.find('\n', fb->offset);
                if (eol != std::string_view::npos && eol < fb->close_offset)
                    out.emplace_back(eol + 1, fb->close_offset);
            } else if (const auto* e = boost::get<test_ast::ExpectClause>(&c.get())) {
                out.emplace_back(e->target.offset, e->target.offset + e->target.text.size());
            }
        }
    std::sort(out.begin(), out.end());
    return out;
}

class TestFormatter {
public:
    TestFormatter(const Scan& scan, Printer& p) : s_(scan), p_(p) {}

    void file(const test_ast::TestFile& f) {
        for (const auto& t : f.tests) {
            p_.line(0, true);
            p_.set_continuation(4);
            p_.word("test", t.offset);
            p_.word(t.name.text, t.name.offset);
            p_.word("{", s_.brace_after(t.name.offset));
            for (const auto& c : t.clauses) {
                p_.line(2, true);
                p_.set_continuation(6);
                visit(c, [&](const auto& x) { clause(x); });
            }
            p_.line(2, false);
            p_.set_continuation(6);
            p_.comments_before(t.close_offset);
            p_.line(0, false);
            p_.word("}", t.close_offset);
        }
    }

private:
    void clause(const test_ast::TitleClause& c) {
        p_.word("title", c.offset);
        p_.word(quote(c.text.value), c.text.offset);
    }
    void clause(const test_ast::RulesClause& c) {
        p_.word("rules", c.offset);
        for (size_t i = 0; i < c.globs.size(); ++i) {
            if (i > 0) {
                p_.glue();
                p_.word(",");
            }
            p_.word(c.globs[i].text, c.globs[i].offset);
        }
    }
    void clause(const test_ast::FactsFileClause& c) {
        p_.word("facts", c.offset);
        p_.word(quote(c.path.value), c.path.offset);
    }
    void clause(const test_ast::FactsBlockClause& c) {
        p_.word("facts", c.offset);
        p_.word("{", s_.brace_after(c.offset));
        // The lines are copied as written; a comment after `facts {` stays on its line.
        for (const auto& l : c.lines) {
            p_.line(4, true);
            p_.set_continuation(4);
            p_.comments_before(l.offset);
            p_.word(l.text, l.offset);
        }
        p_.line(2, false);
        p_.word("}", c.close_offset);
    }
    void clause(const test_ast::ExpectClause& c) {
        p_.word("expect", c.offset);
        p_.word(c.target.text, c.target.offset);
        p_.word(verdict_text(c.verdict), c.verdict_offset);
        p_.word("at");
        p_.word(c.date.text, c.date.offset);
        if (c.evidence) {
            p_.word("evidence", c.evidence->offset);
            p_.word("[");
            for (size_t i = 0; i < c.evidence->ids.size(); ++i) {
                const auto& id = c.evidence->ids[i];
                p_.glue();
                if (i > 0) {
                    p_.word(",");
                }
                p_.word(id.quoted ? quote(id.text) : id.text, id.offset);
            }
            p_.glue();
            p_.word("]");
        }
        if (c.reason) {
            p_.word("reason", c.reason->offset);
            p_.word(quote(c.reason->phrase.value), c.reason->phrase.offset);
        }
        if (c.at_risk) {
            p_.word("at_risk", c.at_risk->offset);
            p_.word(c.at_risk->value == test_ast::YesNo::Yes ? "yes" : "no");
        }
    }
    void clause(const test_ast::SkipClause& c) {
        p_.word("skip", c.offset);
        p_.word(quote(c.why.value), c.why.offset);
    }

    const Scan& s_;
    Printer& p_;
};

// The comments of a parsed file: those the scan finds, and the comment lines of test files
// `facts { ... }` blocks (which the scan does not read).
size_t comment_count(const Scan& scan, const test_ast::TestFile* file) {
    size_t n = scan.comments().size();
    if (file)
        for (const auto& t : file->tests)
            for (const auto& c : t.clauses)
                if (const auto* fb = boost::get<test_ast::FactsBlockClause>(&c.get()))
                    for (const auto& l : fb->lines) n += l.comment;
    return n;
}

// Parses `src` again and counts its comments; nullopt (with the errors in `diags`) when it
// does not parse.
std::optional<size_t> reparse_comment_count(const core::SourceFile& src, SourceKind kind,
                                            core::Diagnostics& diags) {
    if (kind == SourceKind::Tests) {
        auto file = parse_test_file(src, diags);
        if (diags.has_errors()) return std::nullopt;
        return comment_count(Scan(src.text(), opaque_ranges(file, src.text())), &file);
    }
    parse_file(src, diags);
    if (diags.has_errors()) return std::nullopt;
    return comment_count(Scan(src.text()), nullptr);
}

}  // namespace

SourceKind source_kind(std::string_view path) {
    constexpr std::string_view kSuffix = ".test.abide";
    return path.size() >= kSuffix.size() && path.substr(path.size() - kSuffix.size()) == kSuffix
               ? SourceKind::Tests
               : SourceKind::Rules;
}

std::optional<std::string> format_source(const core::SourceFile& src, SourceKind kind,
                                         core::Diagnostics& diags) {
    const size_t errors_before = diags.error_count();
    std::string out;
    size_t before = 0;
    if (kind == SourceKind::Tests) {
        auto file = parse_test_file(src, diags);
        if (diags.error_count() > errors_before) return std::nullopt;
        Scan scan(src.text(), opaque_ranges(file, src.text()));
        Printer printer(scan);
        TestFormatter(scan, printer).file(file);
        out = printer.finish();
        before = comment_count(scan, &file);
    } else {
        auto items = parse_file(src, diags);
        if (diags.error_count() > errors_before) return std::nullopt;
        Scan scan(src.text());
        Printer printer(scan);
        RuleFormatter(scan, printer).file(items);
        out = printer.finish();
        before = comment_count(scan, nullptr);
    }
    // The safety net: what we would write must parse and hold every comment.
    core::SourceFile again(src.path(), out);
    core::Diagnostics check;
    auto after = reparse_comment_count(again, kind, check);
    if (!after || before != *after) {
        core::Diagnostic d;
        d.file = src.path();
        d.message = check.has_errors()
                        ? "internal error: the formatted text does not parse (" +
                              check.all().front().message + "); the file was left as it is"
                        : "internal error: formatting would lose a comment; the file was left "
                          "as it is";
        diags.add(std::move(d));
        return std::nullopt;
    }
    return out;
}

}  // namespace abide::dsl
