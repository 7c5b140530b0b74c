#pragma once
/// Escaping for the report formats. Every string that comes from rules or facts passes through
/// one of these before it reaches a Markdown, HTML or CSV document.
#include <string>
#include <string_view>
#include <vector>

namespace abide::report {

/// HTML text and attribute values: & < > " ' become entities; other bytes are kept (UTF-8).
void append_html(std::string& out, std::string_view s);
std::string html(std::string_view s);

/// Markdown text (CommonMark/GFM), also inside table cells: the characters that could start
/// markup (\ ` * _ [ ] < > | # ~ ! & { }) are backslash-escaped, line breaks become spaces.
std::string markdown(std::string_view s);

/// An RFC 4180 field: quoted (quotes doubled) when it holds a comma, quote, CR or LF.
std::string csv_field(std::string_view s);

/// A piece of free text: plain text, or an http(s) URL found in it.
struct TextPiece {
    std::string_view text;
    bool url = false;
};
/// Splits text at every `http://` or `https://` URL (up to white space, a quote, `<`, `>`, or
/// trailing punctuation such as `.` `,` `)`), keeping the order. Only these schemes are URLs.
std::vector<TextPiece> split_urls(std::string_view s);

}  // namespace abide::report
