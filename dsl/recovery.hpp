#pragma once
/// The parse loop with clox-style error recovery that the rule parser (parse.cpp) and the
/// test-file parser (test_parse.cpp) share. Private to dsl/: includes Spirit X3.
#include <boost/spirit/home/x3.hpp>
#include <functional>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "dsl/config.hpp"

namespace abide::dsl::parser {

/// From `item_start` (the start of the item that failed), walks tokens, skipping strings and
/// comments and counting braces, to the first of `keywords` that stands at brace depth 0 after
/// `error_at` (never the item's own first word); `end` if there is none.
const char* resync(const char* item_start, const char* error_at, const char* end,
                   std::initializer_list<std::string_view> keywords);

/// Reports the first byte of `src` that is not valid UTF-8 ("invalid UTF-8 byte 0xNN") and
/// returns true, or returns false if the text is valid.
bool report_invalid_utf8(const core::SourceFile& src, core::Diagnostics& diags);

/// Parses `src` as a sequence of `Item`s with `rule`, passing each parsed item to `keep`.
/// After a syntax error (recorded in `diags`), the failed item is left out and parsing resumes
/// at the next of `resync_at` (see resync), until the end or `diags` is full. Invalid UTF-8 is
/// reported and nothing is parsed. This is the one phrase_parse call site (see config.hpp).
template <typename Item, typename Rule, typename Keep>
void parse_items(const core::SourceFile& src, core::Diagnostics& diags, const Rule& rule,
                 std::initializer_list<std::string_view> resync_at, Keep&& keep) {
    if (report_invalid_utf8(src, diags)) return;
    const std::string& text = src.text();
    ParseState state;
    state.begin = text.data();
    state.end = text.data() + text.size();
    state.src = &src;
    state.diags = &diags;

    const auto grammar = x3::with<state_tag>(std::ref(state))[rule];
    const char* it = state.begin;
    for (;;) {
        it = skip_blanks(it, state.end);
        if (it == state.end || diags.full()) break;
        const char* item_start = it;
        state.depth = 0;
        state.error_at = nullptr;
        Item item;
        bool ok = false;
        try {
            ok = x3::phrase_parse(it, state.end, grammar, skipper, item);
        } catch (const x3::expectation_failure<const char*>& x) {
            // Only reachable if an expectation fails outside the top-level rule.
            state.report(x.where(), x.which());
        }
        if (ok) {
            keep(std::move(item));
            continue;
        }
        if (!state.error_at) state.report(item_start, rule.name);
        it = resync(item_start, state.error_at, state.end, resync_at);
    }
}

}  // namespace abide::dsl::parser
