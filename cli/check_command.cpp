#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"

namespace abide::cli {

Runner add_check(CLI::App& app) {
    struct Flags {
        std::vector<std::string> paths;
        std::vector<std::string> facts;
        bool strict = false;
    };
    auto f = std::make_shared<Flags>();
    auto* cmd =
        app.add_subcommand("check", "Parse and check rule files; optionally validate fact logs");
    cmd->add_option("paths", f->paths, "Rule files or folders (every .abide file below)")
        ->required();
    cmd->add_option("--facts", f->facts,
                    "Fact logs or folders to validate against the declarations");
    cmd->add_flag("--strict", f->strict, "Require title, party and cite on every rule");
    cmd->footer("Exit status: 0 clean (warnings allowed), 2 on any error.");
    return [f] {
        LoadOptions options;
        options.strict = f->strict;
        auto loaded = load(f->paths, f->facts, options);
        if (!loaded) return int{kBadInput};
        if (loaded->undeclared_facts > 0)
            std::cerr << "abide: warning: " << loaded->undeclared_facts
                      << " facts have an event type no declaration names; they match nothing\n";
        std::cout << "ok: " << loaded->rules->rules.size() << " rules, "
                  << loaded->rules->agreements.size() << " agreements, "
                  << loaded->rules->schema.size() << " event types in " << loaded->rule_files
                  << " files";
        if (loaded->facts) std::cout << "; " << loaded->facts->size() << " facts";
        std::cout << "\n";
        return int{kOk};
    };
}

}  // namespace abide::cli
