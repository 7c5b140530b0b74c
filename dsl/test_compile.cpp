#include "dsl/test_compile.hpp"

#include <algorithm>
#include <filesystem>
#include <string>
#include <unordered_map>

#include "dsl/test_parse.hpp"

namespace abide::dsl {

namespace {

suite::Verdict lower_verdict(test_ast::Verdict v) {
    switch (v) {
        case test_ast::Verdict::Met: return suite::Verdict::Met;
        case test_ast::Verdict::Pending: return suite::Verdict::Pending;
        case test_ast::Verdict::Breached: return suite::Verdict::Breached;
        case test_ast::Verdict::Void: return suite::Verdict::Void;
    }
    return suite::Verdict::Met;
}

struct Seen {
    const core::SourceFile* src;
    size_t offset;
};

class Lowering {
public:
    Lowering(const core::SourceFile& src, core::Diagnostics& diags) : src_(src), diags_(diags) {
        dir_ = std::filesystem::path(src.path()).parent_path();
    }

    suite::Test lower(const test_ast::TestDecl& decl) {
        suite::Test t;
        t.name = decl.name.text;
        t.pos = src_.line_col(decl.offset);
        std::optional<size_t> title_at, rules_at, skip_at;
        for (const auto& clause : decl.clauses) {
            if (const auto* c = boost::get<test_ast::TitleClause>(&clause)) {
                if (once(title_at, c->offset, "title")) t.title = c->text.value;
            } else if (const auto* c = boost::get<test_ast::RulesClause>(&clause)) {
                if (!once(rules_at, c->offset, "rules")) continue;
                for (const auto& g : c->globs) {
                    t.rule_globs.push_back(g.text);
                    t.rule_glob_pos.push_back(src_.line_col(g.offset));
                }
            } else if (const auto* c = boost::get<test_ast::FactsFileClause>(&clause)) {
                if (c->path.value.empty()) {
                    diags_.error(src_, c->path.offset, "empty fixture path");
                    continue;
                }
                std::filesystem::path p(c->path.value);
                suite::FactSource fs;
                fs.pos = src_.line_col(c->offset);
                fs.path = (p.is_absolute() ? p : dir_ / p).lexically_normal().string();
                t.facts.push_back(std::move(fs));
            } else if (const auto* c = boost::get<test_ast::FactsBlockClause>(&clause)) {
                suite::FactSource fs;
                fs.pos = src_.line_col(c->offset);
                for (const auto& line : c->lines)
                    if (!line.comment) fs.lines.push_back({src_.line_col(line.offset), line.text});
                t.facts.push_back(std::move(fs));
            } else if (const auto* c = boost::get<test_ast::ExpectClause>(&clause)) {
                lower_expect(*c, t);
            } else if (const auto* c = boost::get<test_ast::SkipClause>(&clause)) {
                if (once(skip_at, c->offset, "skip")) t.skip = c->why.value;
            }
        }
        // An expectation with a bad date was reported and dropped: not "no expect" too.
        bool any_expect = std::any_of(decl.clauses.begin(), decl.clauses.end(), [](const auto& c) {
            return boost::get<test_ast::ExpectClause>(&c) != nullptr;
        });
        if (!any_expect && !t.skip)
            diags_.error(src_, decl.name.offset,
                         "test '" + t.name + "' has no 'expect' (add one, or 'skip \"why\"')");
        return t;
    }

private:
    // Reports a clause given twice; true for its first occurrence.
    bool once(std::optional<size_t>& first, size_t offset, const char* keyword) {
        if (!first) {
            first = offset;
            return true;
        }
        auto d = core::make_diagnostic(core::Severity::Error, src_, offset,
                                       std::string("duplicate '") + keyword + "' in a test");
        d.notes.push_back(core::make_diagnostic(core::Severity::Note, src_, *first,
                                                std::string("previous '") + keyword + "' is here"));
        diags_.add(std::move(d));
        return false;
    }

    void lower_expect(const test_ast::ExpectClause& c, suite::Test& t) {
        suite::Expectation e;
        e.pos = src_.line_col(c.offset);
        e.target = c.target.text;
        e.verdict = lower_verdict(c.verdict);
        auto date = core::parse_date(c.date.text);
        if (!date) {
            diags_.error(src_, c.date.offset, "'" + c.date.text + "' is not a real date");
            return;
        }
        e.date = *date;
        if (c.evidence) {
            e.evidence.emplace();
            for (const auto& id : c.evidence->ids) e.evidence->push_back(id.text);
        }
        if (c.reason) e.reason = c.reason->phrase.value;
        if (c.at_risk) e.at_risk = c.at_risk->value == test_ast::YesNo::Yes;
        t.expects.push_back(std::move(e));
    }

    const core::SourceFile& src_;
    core::Diagnostics& diags_;
    std::filesystem::path dir_;
};

}  // namespace

std::optional<std::vector<suite::TestFile>> compile_tests(
    const std::vector<std::shared_ptr<const core::SourceFile>>& files, core::Diagnostics& diags) {
    const size_t errors_before = diags.error_count();
    std::vector<suite::TestFile> out;
    std::unordered_map<std::string, Seen> names;
    for (const auto& f : files) {
        test_ast::TestFile parsed = parse_test_file(*f, diags);
        suite::TestFile tf;
        tf.source = f;
        Lowering lowering(*f, diags);
        for (const auto& decl : parsed.tests) {
            auto [it, fresh] = names.try_emplace(decl.name.text, Seen{f.get(), decl.name.offset});
            if (!fresh) {
                auto d = core::make_diagnostic(core::Severity::Error, *f, decl.name.offset,
                                               "duplicate test name '" + decl.name.text + "'");
                d.notes.push_back(
                    core::make_diagnostic(core::Severity::Note, *it->second.src, it->second.offset,
                                          "previous test '" + decl.name.text + "' is here"));
                diags.add(std::move(d));
                continue;
            }
            tf.tests.push_back(lowering.lower(decl));
        }
        out.push_back(std::move(tf));
        if (diags.full()) break;
    }
    if (diags.error_count() > errors_before) return std::nullopt;
    return out;
}

}  // namespace abide::dsl
