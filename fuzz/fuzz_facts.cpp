// libFuzzer target: the bytes after the first are one fact log, read by facts::read_facts_text
// against a fixed schema holding every attribute type. The first byte picks the format (bit 0:
// JSON Lines or CSV; bit 1: Auto instead) and --skip-invalid (bit 2). Besides the sanitizers it
// checks the all-or-nothing contract (a file with errors adds nothing unless skipping) and
// that every date read can be printed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/date.hpp"
#include "core/diagnostic.hpp"
#include "core/schema.hpp"
#include "facts/fact.hpp"
#include "facts/read.hpp"

namespace {

using abide::core::AttrType;

abide::core::Schema make_schema() {
    abide::core::Schema schema;
    abide::core::EventDecl shipment;
    shipment.name = "shipment";
    const std::pair<const char*, AttrType> attrs[] = {
        {"note", AttrType::Text},    {"n", AttrType::Number},      {"qty", AttrType::Mass},
        {"amount", AttrType::Money}, {"share", AttrType::Percent}, {"delta", AttrType::PP},
        {"day", AttrType::Date},     {"flag", AttrType::Bool},     {"buyer", AttrType::Party},
    };
    for (const auto& [name, type] : attrs) shipment.attrs.push_back({name, type, {}});
    schema.add(shipment);
    // `party` and `source` declared: the same fields as the built-in ones (§9.3).
    abide::core::EventDecl notice;
    notice.name = "notice";
    notice.attrs.push_back({"party", AttrType::Party, {}});
    notice.attrs.push_back({"source", AttrType::Text, {}});
    notice.attrs.push_back({"agreement", AttrType::Text, {}});
    schema.add(notice);
    return schema;
}

void require(bool ok) {
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace abide;
    static const core::Schema schema = make_schema();
    if (size == 0) return 0;
    const uint8_t mode = data[0];
    std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    facts::ReadOptions options;
    options.format = (mode & 2)   ? facts::Format::Auto
                     : (mode & 1) ? facts::Format::Csv
                                  : facts::Format::JsonLines;
    options.skip_invalid = (mode & 4) != 0;

    facts::FactSet set(schema);
    core::Diagnostics diags;
    facts::ReadStats stats = facts::read_facts_text("fuzz.log", text, set, diags, options);
    require(stats.added == set.size());
    if (!options.skip_invalid && diags.has_errors()) require(set.size() == 0 && stats.rejected);
    for (const auto& f : set.facts()) {
        require(!f.id.empty());
        // Every report prints fact dates: they must be representable (years 1400..9999).
        require(core::to_string(f.date).size() == 10);
        for (const auto& v : set.values(f))
            if (v.kind == facts::Value::Kind::Date)
                require(core::to_string(core::Date{v.date}).size() == 10);
        require(set.find_id(f.id).has_value());
        require(set.values(f).size() ==
                (f.type == facts::kUndeclaredType ? 0 : schema.event(f.type).attrs.size()));
    }
    return 0;
}
