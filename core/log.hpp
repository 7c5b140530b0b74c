#pragma once
/// The tool's own logging (never the report): a spdlog-free facade so that headers stay light.
/// Messages go to stderr; the CLI sets the level from -v.
#include <string_view>

namespace abide::core::log {

enum class Level { Debug, Info, Warn, Error, Off };

void set_level(Level level);
void debug(std::string_view message);
void info(std::string_view message);
void warn(std::string_view message);

}  // namespace abide::core::log
