#include "cli/history_common.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/inputs.hpp"

namespace abide::cli {

const std::vector<std::string>& report_formats() {
    static const std::vector<std::string> kFormats = {"md", "markdown", "html", "json", "csv"};
    return kFormats;
}

bool write_report_outputs(const std::vector<Output>& outputs, const report::Report& r) {
    bool ok = write_outputs(outputs, [&](const std::string& format, std::ostream& out, bool) {
        report::write(out, r, report::parse_format(format).value_or(report::Format::Markdown));
    });
    if (!ok) return false;
    const bool on_stdout =
        std::any_of(outputs.begin(), outputs.end(), [](const Output& o) { return o.path.empty(); });
    if (!on_stdout) {
        report::write_changes_text(std::cout, r);
        std::cout.flush();
    }
    return true;
}

bool fails_on_new(const std::vector<report::Change>& changes, const std::string& fail_on_new) {
    bool fail = false;
    for (const auto& c : changes) {
        if (fail_on_new != "never") fail = fail || report::newly(c, engine::Verdict::Breached);
        if (fail_on_new == "pending") fail = fail || report::newly(c, engine::Verdict::Pending);
    }
    return fail;
}

std::optional<history::RunInfo> resolve_run(history::History& h, const std::string& spec,
                                            const char* what) {
    const bool digits =
        !spec.empty() && spec.size() < 18 && spec.find_first_not_of("0123456789") == spec.npos;
    core::Result<std::optional<history::RunInfo>> found = std::optional<history::RunInfo>{};
    if (digits) {
        found = h.run(std::stoll(spec));
    } else if (auto d = core::parse_date(spec)) {
        found = h.on_or_before(*d);
    } else {
        print_error(std::string(what) + ": '" + spec +
                    "' is neither a run id nor a date (YYYY-MM-DD); see 'abide runs'");
        return std::nullopt;
    }
    if (!found) {
        print_error(found.error().message);
        return std::nullopt;
    }
    if (!*found) {
        print_error(std::string(what) + ": " +
                    (digits ? "no run " + spec : "no run as of " + spec + " or earlier") +
                    " in the history; see 'abide runs'");
        return std::nullopt;
    }
    return **found;
}

std::optional<history::History> open_existing_history(const std::string& db) {
    std::error_code ec;
    if (!std::filesystem::exists(db, ec)) {
        print_error(db + ": no such database (abide report --db " + db + " records runs)");
        return std::nullopt;
    }
    auto h = history::History::open(db);
    if (!h) {
        print_error(h.error().message);
        return std::nullopt;
    }
    return std::move(*h);
}

}  // namespace abide::cli
