#pragma once
/// Flags the fact store commands share (ingest, facts, eval --db).
#include <optional>
#include <string>

namespace abide::cli {

/// The database when --db is not given: $ABIDE_DB if set and non-empty, else `abide.db` in
/// the working directory.
std::string default_db();

/// `--known-at`: an RFC 3339 date-time, or a date meaning the end of that UTC day, as the
/// store's recorded_at text (format_instant); nullopt, after printing the error, when the text
/// is neither.
std::optional<std::string> parse_known_at(const std::string& text);

}  // namespace abide::cli
