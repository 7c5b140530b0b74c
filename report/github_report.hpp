#pragma once
/// GitHub Actions workflow commands: `::error file=F,line=L,title=T::MESSAGE`, which the Actions
/// runner shows as annotations on the file's line in a pull request.
#include <ostream>
#include <string>
#include <vector>

#include "engine/verdict.hpp"

namespace abide::report {

struct Annotation {
    enum class Level { Error, Warning, Notice } level = Level::Error;
    std::string file;   ///< empty: no file
    unsigned line = 0;  ///< 0: no line
    std::string title;
    std::string message;  ///< may hold several lines
};

/// One command a line, with the runner's escaping: `%` `\r` `\n` in the message; also `:` and
/// `,` in properties.
void write_github(std::ostream& out, const std::vector<Annotation>& annotations);

/// An evaluation as annotations at each rule's file:line: breached rules as errors, pending
/// rules at risk as warnings (met, void and other pending rules are not annotated).
std::vector<Annotation> github_for_evaluation(const engine::Evaluation& ev);

}  // namespace abide::report
