#include "core/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace abide::core::log {
namespace {
spdlog::logger& logger() {
    static std::shared_ptr<spdlog::logger> l = [] {
        auto lg = spdlog::stderr_color_st("abide");
        lg->set_pattern("abide: %l: %v");
        lg->set_level(spdlog::level::warn);
        return lg;
    }();
    return *l;
}
}  // namespace

void set_level(Level level) {
    static const spdlog::level::level_enum map[] = {spdlog::level::debug, spdlog::level::info,
                                                    spdlog::level::warn, spdlog::level::err,
                                                    spdlog::level::off};
    logger().set_level(map[static_cast<int>(level)]);
}
void debug(std::string_view m) {
    logger().debug("{}", m);
}
void info(std::string_view m) {
    logger().info("{}", m);
}
void warn(std::string_view m) {
    logger().warn("{}", m);
}

}  // namespace abide::core::log
