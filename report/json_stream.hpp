#pragma once
/// The §8 document assembled from results rendered in parallel (render_json_result), in rule
/// order, whatever order they arrive in.
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "engine/verdict.hpp"

namespace abide::report {

class JsonResultStream {
public:
    /// `count` results will be added. With `hold`, nothing is written before finish(): use it
    /// while the evaluation may still fail (on exit 2 stdout stays empty). Without it each
    /// result is written, and freed, as soon as every result before it has been.
    JsonResultStream(std::ostream& out, core::Date as_of, size_t count, bool hold);

    /// Result `i` (an empty string: not selected, left out). Thread-safe; each `i` once.
    void add(size_t i, std::string rendered);
    /// Writes what is left and the summary. Every result must have been added.
    void finish(const engine::Summary& summary);

private:
    void write(const std::string& rendered);  ///< only the one writer calls it

    std::ostream& out_;
    core::Date as_of_;
    bool hold_;
    bool started_ = false;  ///< the document's head is written
    bool first_ = true;     ///< no result written yet
    std::mutex mutex_;
    std::vector<std::string> results_;
    std::vector<char> added_;
    size_t next_ = 0;       ///< the first result not yet written
    bool writing_ = false;  ///< a thread is writing: results stay in order
};

}  // namespace abide::report
