#pragma once
/// The layout engine behind `abide fmt` (format.hpp), free of any syntax tree: a token and
/// comment scan of the source, and a line printer that re-attaches the comments by offset.
/// Private to dsl/.
///
/// The syntax trees hold no comments, so the source is scanned for them separately with the
/// lexical rules of language.md §2 (`#` outside a string runs to the end of the line), and
/// for tokens (words, strings, single punctuation characters) so that a printer can ask what
/// the author wrote around a node: whether a line break stood before a token, where the `}`
/// matching a `{` is. The printer is handed words with their source offsets; before a word it
/// emits every comment that stood before that offset in the source, so no comment is lost and
/// none changes order.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace abide::dsl::fmt {

inline constexpr size_t kNoOffset = static_cast<size_t>(-1);

struct Token {
    size_t offset = 0;
    size_t end = 0;
    bool newline_before = false;  ///< a line break (or a comment) since the previous token
};

struct Comment {
    size_t offset = 0;
    std::string text;           ///< from `#`, trailing blanks (and a CR) removed
    bool trailing = false;      ///< code stands before it on its line
    bool blank_before = false;  ///< on a line of its own, after a blank line
    /// On a line of its own, right under a trailing comment (or another such line) and
    /// starting in the same column: the continuation of that comment, printed aligned with it.
    bool continuation = false;
};

/// The scan of one source text.
class Scan {
public:
    /// `opaque` are byte ranges [begin, end) that are neither tokens nor comments to the scan
    /// (the verbatim lines of a test file's `facts { ... }` block, a test target that may hold
    /// `#`); each becomes one token. Sorted, not overlapping.
    explicit Scan(std::string_view text, std::vector<std::pair<size_t, size_t>> opaque = {});

    std::string_view text() const { return text_; }
    const std::vector<Token>& tokens() const { return tokens_; }
    const std::vector<Comment>& comments() const { return comments_; }

    /// The index of the token starting at `offset`, or npos.
    size_t token_at(size_t offset) const;
    /// Whether a line break stood right before the token at `offset` (false if none starts there).
    bool newline_before(size_t offset) const;
    /// The token before the one at `offset` (its index), or npos.
    size_t token_before(size_t offset) const;
    /// The offset of the first `{` at or after `offset`, or npos.
    size_t brace_after(size_t offset) const;
    /// The offset of the `}` matching the `{` at `open`, or npos.
    size_t matching_brace(size_t open) const;
    /// Whether the source holds a line break in [from, to).
    bool spans_lines(size_t from, size_t to) const;
    /// Whether `offset` starts its line (only blanks before it) and the line above is blank.
    bool blank_line_before(size_t offset) const;
    /// Whether the source holds a comment in [from, to).
    bool has_comment(size_t from, size_t to) const;

private:
    std::string_view text_;
    std::vector<Token> tokens_;
    std::vector<size_t> match_;  ///< per token: index of the matching brace, or npos
    std::vector<Comment> comments_;
};

/// Builds the output line by line. Words are separated by `space` blanks unless glued; a line
/// starts only where the caller asks for one (`line`), or where a comment forces it (a trailing
/// comment ends its line; the code after it goes on at the continuation indent).
class Printer {
public:
    explicit Printer(const Scan& scan) : scan_(scan) {}

    /// The next word starts a new line at `indent`. With `keep_blank`, a blank line is kept
    /// before it when the source had one before the word's offset (never after a `{` line).
    void line(int indent, bool keep_blank);
    /// Appends a word, first emitting the comments the source had before `offset`.
    void word(std::string_view text, size_t offset = kNoOffset, int space = 1);
    /// The next word follows the previous one with no blank.
    void glue() { glue_ = true; }
    /// Emits the comments before `offset` at the pending line's indent (for those at the end
    /// of a block, before its `}`).
    void comments_before(size_t offset);
    /// Where code goes after a line break that a comment forced.
    void set_continuation(int indent) { cont_ = indent; }

    /// The text: every remaining comment, trailing comments of adjacent lines aligned, one
    /// final line break (none for an empty text).
    std::string finish();

private:
    struct Line {
        int indent = 0;
        std::string code;
        std::string comment;
        bool continuation = false;  ///< a comment line aligned with the trailing comment above
        bool blank = false;
    };
    void new_line(int indent, bool blank);
    void break_pending(int indent);

    const Scan& scan_;
    std::vector<Line> lines_;
    bool pending_ = false;  ///< the next word starts a new line
    int pending_indent_ = 0;
    bool pending_keep_blank_ = false;
    bool after_open_ = false;  ///< the current line ends with `{`
    bool glue_ = false;
    int cont_ = 4;
    size_t next_comment_ = 0;
};

/// Display width of UTF-8 text in code points.
size_t display_width(std::string_view s);

}  // namespace abide::dsl::fmt
