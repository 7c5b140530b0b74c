#include "cli/store_flags.hpp"

#include <cstdlib>

#include "cli/inputs.hpp"
#include "core/date.hpp"

namespace abide::cli {

std::string default_db() {
    const char* env = std::getenv("ABIDE_DB");
    return env && *env ? env : "abide.db";
}

std::optional<std::string> parse_known_at(const std::string& text) {
    auto instant = core::parse_instant(text);
    if (!instant) {
        print_error("--known-at: '" + text +
                    "' is not a date or an RFC 3339 date-time (e.g. 2026-11-22T09:30:00Z)");
        return std::nullopt;
    }
    // A bare date: everything recorded on that (UTC) day.
    if (text.size() == 10) *instant += 86'400'000'000 - 1;
    return core::format_instant(*instant);
}

}  // namespace abide::cli
