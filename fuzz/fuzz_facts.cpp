// libFuzzer target: the bytes after the first are one fact log, read by facts::read_facts_text
// against a fixed schema holding every attribute type. The first byte picks the format (bit 0:
// JSON Lines or CSV; bit 1: Auto instead), --skip-invalid (bit 2), and a differential run
// through the file reader, facts::read_facts (bit 3). Besides the sanitizers it checks the
// all-or-nothing contract (a file with errors adds nothing unless skipping), that every date
// read can be printed, and that both readers agree.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
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

    // Both readers see the same name (a memfd's /proc path), so their diagnostics can match.
    static const int fd = memfd_create("fuzz_facts", 0);
    require(fd >= 0);
    static const std::string path = "/proc/self/fd/" + std::to_string(fd);

    facts::FactSet set(schema);
    core::Diagnostics diags;
    facts::ReadStats stats = facts::read_facts_text(path, text, set, diags, options);
    require(stats.added == set.size());
    if (!options.skip_invalid && diags.has_errors()) require(set.size() == 0 && stats.rejected);
    for (const auto& f : set.facts()) {
        require(!f.id().empty());
        // Every report prints fact dates: they must be representable (years 1400..9999).
        require(core::to_string(f.date).size() == 10);
        for (const auto& v : set.values(f))
            if (v.kind == facts::Value::Kind::Date)
                require(core::to_string(core::Date{v.date}).size() == 10);
        require(set.find_id(f.id()).has_value());
        require(set.values(f).size() ==
                (f.type == facts::kUndeclaredType ? 0 : schema.event(f.type).attrs.size()));
    }

    // Differential (mode bit 3): the file reader (chunked, JSON Lines on a second thread) must
    // give what the in-memory reader gives.
    if (mode & 8) {
        require(ftruncate(fd, 0) == 0);
        require(pwrite(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size()));
        facts::FactSet file_set(schema);
        core::Diagnostics file_diags;
        auto file_stats = facts::read_facts(path, file_set, file_diags, options);
        require(file_stats.ok());
        require(file_stats->lines == stats.lines && file_stats->added == stats.added &&
                file_stats->duplicates == stats.duplicates &&
                file_stats->skipped == stats.skipped &&
                file_stats->undeclared == stats.undeclared && file_stats->errors == stats.errors &&
                file_stats->rejected == stats.rejected);
        require(file_set.size() == set.size());
        for (size_t i = 0; i < set.size(); ++i) {
            require(file_set[i].id() == set[i].id() && file_set[i].date == set[i].date &&
                    file_set[i].line == set[i].line &&
                    file_set[i].content_hash == set[i].content_hash);
        }
        require(file_diags.all().size() == diags.all().size());
        for (size_t i = 0; i < diags.all().size(); ++i) {
            const auto& a = diags.all()[i];
            const auto& b = file_diags.all()[i];
            require(a.message == b.message && a.pos.line == b.pos.line && a.pos.col == b.pos.col &&
                    a.severity == b.severity);
        }
    }
    return 0;
}
