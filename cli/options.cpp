#include "cli/options.hpp"

#include "cli/commands.hpp"
#include "cli/inputs.hpp"

namespace abide::cli {

std::optional<AsOf> parse_as_of(const std::string& flag) {
    std::string text = flag.empty() ? today() : flag;
    auto date = core::parse_date(text);
    if (!date) {
        print_error("--as-of: '" + text + "' is not a date (expected YYYY-MM-DD)");
        return std::nullopt;
    }
    return AsOf{*date, std::move(text)};
}

bool check_horizon(int horizon) {
    if (horizon < 0) {
        print_error("--horizon: must be 0 or more days");
        return false;
    }
    return true;
}

}  // namespace abide::cli
