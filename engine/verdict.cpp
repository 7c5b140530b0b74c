#include "engine/verdict.hpp"

namespace abide::engine {

std::string_view to_string(Verdict v) {
    switch (v) {
        case Verdict::Met: return "met";
        case Verdict::Pending: return "pending";
        case Verdict::Breached: return "breached";
        case Verdict::Void: return "void";
    }
    return "pending";
}

}  // namespace abide::engine
