#include "cli/outputs.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/inputs.hpp"
#include "report/github_report.hpp"
#include "report/junit_report.hpp"
#include "report/render.hpp"

namespace abide::cli {

std::optional<std::vector<Output>> parse_outputs(const std::vector<std::string>& specs,
                                                 const std::vector<std::string>& formats,
                                                 const std::string& stdout_format) {
    std::vector<Output> out;
    int to_stdout = 0;
    for (const auto& spec : specs) {
        Output o;
        auto eq = spec.find('=');
        o.format = spec.substr(0, eq);
        if (eq != std::string::npos) {
            o.path = spec.substr(eq + 1);
            if (o.path.empty()) {
                print_error("-o " + spec + ": empty path after '='");
                return std::nullopt;
            }
        }
        if (std::find(formats.begin(), formats.end(), o.format) == formats.end()) {
            std::string list;
            for (const auto& f : formats) list += (list.empty() ? "" : ", ") + f;
            print_error("-o " + spec + ": unknown format '" + o.format + "' (formats: " + list +
                        ")");
            return std::nullopt;
        }
        if (o.path.empty() && ++to_stdout > 1) {
            print_error("-o " + spec +
                        ": only one report can go to standard output; give the others a path "
                        "(-o FORMAT=PATH)");
            return std::nullopt;
        }
        out.push_back(std::move(o));
    }
    if (to_stdout == 0 && !stdout_format.empty()) out.push_back(Output{stdout_format, ""});
    return out;
}

core::Status write_file_atomically(const std::string& path, const std::string& content) {
    namespace fs = std::filesystem;
    fs::path target(path);
    fs::path dir = target.parent_path();
    std::string tmpl = (dir.empty() ? fs::path(".") : dir).string() + "/." +
                       target.filename().string() + ".tmp-XXXXXX";
    int fd = mkstemp(tmpl.data());
    if (fd < 0)
        return core::Error{path + ": cannot create a temporary file: " + std::strerror(errno)};
    const char* p = content.data();
    size_t left = content.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(tmpl.c_str());
            return core::Error{path + ": " + why};
        }
        p += n;
        left -= size_t(n);
    }
    // mkstemp creates 0600; a report is an ordinary file.
    if (::fchmod(fd, 0644) != 0 || ::close(fd) != 0) {
        std::string why = std::strerror(errno);
        ::unlink(tmpl.c_str());
        return core::Error{path + ": " + why};
    }
    if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
        std::string why = std::strerror(errno);
        ::unlink(tmpl.c_str());
        return core::Error{path + ": " + why};
    }
    return core::Ok{};
}

bool write_outputs(const std::vector<Output>& outputs, const RenderFn& render) {
    for (const auto& o : outputs) {
        if (o.path.empty()) continue;
        std::ostringstream buf;
        render(o.format, buf, false);
        if (auto st = write_file_atomically(o.path, buf.str()); !st) {
            print_error(st.error().message);
            return false;
        }
    }
    for (const auto& o : outputs) {
        if (!o.path.empty()) continue;
        render(o.format, std::cout, true);
        std::cout.flush();
        if (!std::cout) {
            print_error("cannot write the report to standard output");
            return false;
        }
    }
    return true;
}

void render_evaluation(const std::string& format, std::ostream& out, const engine::Evaluation& ev,
                       const ir::RuleSet& rules, const facts::FactSet& facts, bool color) {
    if (format == "json") {
        report::write_json(out, ev, rules, facts);
    } else if (format == "junit") {
        report::write_junit(out, "abide eval", report::junit_for_evaluation(ev, rules, facts));
    } else if (format == "github") {
        report::write_github(out, report::github_for_evaluation(ev));
    } else {
        report::write_text(out, ev, rules, facts, color ? report::Color::Yes : report::Color::No);
    }
}

}  // namespace abide::cli
