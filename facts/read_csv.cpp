// CSV fact logs: a header row naming the columns, then one fact a record (§7, §9.14).
#include <algorithm>
#include <string>
#include <unordered_set>

#include "facts/hash.hpp"
#include "facts/read_detail.hpp"

namespace abide::facts::detail {
namespace {

using Kind = RawValue::Kind;

struct Cell {
    size_t begin = 0;  ///< offset of the cell in the text (its opening quote, if quoted)
    size_t text_begin = 0, text_size = 0;  ///< the value: in the text, or in Splitter::unescaped
    bool in_scratch = false;
    bool quoted = false;
};

// Splits records following RFC 4180, with two allowances:
//  - Fields are separated by ',' and records end at LF or CRLF outside quotes.
//  - A field that starts with '"' is quoted: it runs to the next '"' that is not doubled, and
//    may hold commas, line breaks and '""' (one quote). After the closing quote only ',' or the
//    end of the record may follow.
//  - A '"' inside an unquoted field is an error: the writer meant to quote the field.
//  - Allowances: spaces and tabs around an unquoted field are trimmed (people write "a, b"),
//    and a quote may follow leading spaces. Quoted content is kept exactly.
// A record longer than kMaxLineBytes, or an unterminated quote, is an error for that record.
class Splitter {
public:
    explicit Splitter(std::string_view text) : text_(text) {}

    bool done() const { return pos_ >= text_.size(); }
    uint32_t line() const { return line_; }

    /// Splits the next record into `cells`. Returns false with `error`/`error_offset` set (the
    /// splitter then resumes after the bad record's end). `record` receives the record's text.
    bool next(std::vector<Cell>& cells, std::string_view& record, uint32_t& record_line,
              std::string& error, size_t& error_offset) {
        cells.clear();
        unescaped_.clear();
        const size_t start = pos_;
        record_line = line_;
        bool ok = true;
        for (;;) {
            Cell cell;
            size_t i = pos_;
            while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
            cell.begin = i;
            if (i < text_.size() && text_[i] == '"') {
                cell.quoted = true;
                size_t from = ++i;
                bool doubled = false;
                for (;;) {
                    size_t q = text_.find('"', i);
                    if (q == std::string_view::npos) {
                        error = "unterminated quoted field";
                        error_offset = cell.begin - start;
                        // The rest of the file is this record: nothing more can be split.
                        record = text_.substr(start);
                        line_ = record_line + static_cast<uint32_t>(
                                                  std::count(record.begin(), record.end(), '\n'));
                        pos_ = text_.size();
                        return false;
                    }
                    if (q + 1 < text_.size() && text_[q + 1] == '"') {
                        doubled = true;
                        i = q + 2;
                        continue;
                    }
                    i = q + 1;
                    break;
                }
                std::string_view inner = text_.substr(from, i - 1 - from);
                line_ += static_cast<uint32_t>(std::count(inner.begin(), inner.end(), '\n'));
                if (doubled) {
                    cell.in_scratch = true;
                    cell.text_begin = unescaped_.size();
                    for (size_t k = 0; k < inner.size(); ++k) {
                        unescaped_ += inner[k];
                        if (inner[k] == '"') ++k;  // '""' is one quote
                    }
                    cell.text_size = unescaped_.size() - cell.text_begin;
                } else {
                    cell.text_begin = from;
                    cell.text_size = inner.size();
                }
                while (i < text_.size() &&
                       (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\r'))
                    ++i;
                if (i < text_.size() && text_[i] != ',' && text_[i] != '\n' && ok) {
                    ok = false;
                    error =
                        "unexpected character after a closing quote (double a quote inside "
                        "a quoted field: \"\")";
                    error_offset = i - start;
                }
            } else {
                size_t e = i;
                while (e < text_.size() && text_[e] != ',' && text_[e] != '\n') ++e;
                size_t value_end = e;
                while (value_end > i &&
                       (text_[value_end - 1] == ' ' || text_[value_end - 1] == '\t' ||
                        text_[value_end - 1] == '\r'))
                    --value_end;
                size_t quote = text_.substr(i, value_end - i).find('"');
                if (quote != std::string_view::npos && ok) {
                    quote += i;
                    ok = false;
                    error =
                        "quote inside an unquoted field (quote the whole field and double "
                        "the quote)";
                    error_offset = quote - start;
                }
                cell.text_begin = i;
                cell.text_size = value_end - i;
                i = e;
            }
            // Skip to the separator or the record's end (after an error, whatever is there).
            while (i < text_.size() && text_[i] != ',' && text_[i] != '\n') ++i;
            cells.push_back(cell);
            if (i >= text_.size()) {
                pos_ = text_.size();
                break;
            }
            if (text_[i] == ',') {
                pos_ = i + 1;
                continue;
            }
            pos_ = i + 1;  // '\n'
            ++line_;
            break;
        }
        size_t end = pos_;
        if (end > start && text_[end - 1] == '\n') --end;
        record = text_.substr(start, end - start);
        if (ok && record.size() > kMaxLineBytes) {
            ok = false;
            error = "record too long (" + std::to_string(record.size()) +
                    " bytes; a fact record may have at most " + std::to_string(kMaxLineBytes) + ")";
            error_offset = 0;
        }
        return ok;
    }

    std::string_view value(const Cell& c) const {
        return c.in_scratch ? std::string_view(unescaped_).substr(c.text_begin, c.text_size)
                            : text_.substr(c.text_begin, c.text_size);
    }

private:
    std::string_view text_;
    size_t pos_ = 0;
    uint32_t line_ = 1;
    std::string unescaped_;
};

bool blank_record(const std::vector<Cell>& cells, const Splitter& s) {
    return cells.size() == 1 && !cells[0].quoted && s.value(cells[0]).empty();
}

}  // namespace

void read_csv(std::string_view text, FactBuilder& builder) {
    Splitter split(text);
    std::vector<Cell> cells;
    std::string_view record;
    uint32_t line = 0;
    std::string error;
    size_t error_offset = 0;

    // --- the header: the first non-blank record ---
    std::vector<std::string> header;
    std::unordered_set<std::string> seen_columns;
    for (;;) {
        if (split.done()) return;  // an empty file: no facts, no error
        if (!split.next(cells, record, line, error, error_offset))
            return builder.file_error(record, line, error_offset, "in the header: " + error);
        if (!blank_record(cells, split)) break;
    }
    const std::string_view header_text = record;
    const uint32_t header_line = line;
    for (const Cell& c : cells) {
        std::string name(split.value(c));
        size_t at = c.begin - static_cast<size_t>(header_text.data() - text.data());
        if (name.empty())
            return builder.file_error(header_text, header_line, at,
                                      "empty column name in the header");
        // A set, not a scan of the header so far: a 100,000-column header must stay linear.
        if (!seen_columns.insert(name).second)
            return builder.file_error(header_text, header_line, at,
                                      "duplicate column '" + name + "' in the header");
        header.push_back(std::move(name));
    }
    for (const char* required : {"id", "date", "type"}) {
        if (std::find(header.begin(), header.end(), required) == header.end())
            return builder.file_error(header_text, header_line, 0,
                                      std::string("the header has no '") + required +
                                          "' column (a CSV fact log needs id, date and type)");
    }

    // --- the records ---
    Record rec;
    std::vector<RawField> fields;
    while (!split.done()) {
        if (!split.next(cells, record, line, error, error_offset)) {
            builder.bad_line(record, line, error_offset, error);
            continue;
        }
        if (blank_record(cells, split)) continue;
        const size_t record_start = static_cast<size_t>(record.data() - text.data());
        if (cells.size() != header.size()) {
            size_t at = cells.size() > header.size() ? cells[header.size()].begin - record_start
                                                     : record.size();
            builder.bad_line(record, line, at,
                             "this row has " + std::to_string(cells.size()) +
                                 " cells; the header has " + std::to_string(header.size()) +
                                 " columns");
            continue;
        }
        rec.text = record;
        rec.line = line;
        fields.clear();
        for (size_t i = 0; i < cells.size(); ++i) {
            RawField f;
            f.key = header[i];
            f.key_offset = static_cast<uint32_t>(cells[i].begin - record_start);
            f.value.offset = f.key_offset;
            f.value.text = split.value(cells[i]);
            // An empty cell is an absent value (§9.14), quoted or not.
            f.value.kind = f.value.text.empty() ? Kind::Null : Kind::String;
            f.value.hash = hash_bytes(f.value.text);
            fields.push_back(f);
        }
        rec.fields = fields;
        builder.add(rec, Syntax::Csv);
    }
}

}  // namespace abide::facts::detail
