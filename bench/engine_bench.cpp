// Google Benchmark programs for the hot paths: reading a fact log, compiling a rule set and
// evaluating it. The workload mirrors ../shared/bench (four rule kinds over five event types)
// but is generated in-process so that it runs anywhere; bench/run.sh times whole runs on the
// shared workload itself.
#include <benchmark/benchmark.h>

#include <random>
#include <sstream>
#include <string>

#include "core/date.hpp"
#include "dsl/compile.hpp"
#include "engine/evaluate.hpp"
#include "facts/index.hpp"
#include "facts/read.hpp"

namespace {

using namespace abide;

const char* const kParties[] = {"JP", "CN", "US", "EU", "KR", "IN", "BR", "MX", "CA", "AU"};

std::string make_log(int n) {
    std::mt19937 rng(20260314);
    const int start = core::parse_date("2025-01-01")->days;
    std::ostringstream out;
    int ref = 0;
    for (int i = 0; i < n; ++i) {
        int day = start + static_cast<int>(i * 730LL / n);
        std::string date = core::to_string(core::Date{day});
        const char* party = kParties[rng() % 10];
        out << "{\"id\":\"e" << i << "\",\"date\":\"" << date << "\",";
        switch (rng() % 10) {
            case 0:
            case 1:
                out << "\"type\":\"meeting_requested\",\"party\":\"" << party << "\",\"ref\":\"r"
                    << ++ref << "\"}\n";
                break;
            case 2:
            case 3:
                out << "\"type\":\"meeting_held\",\"party\":\"" << party << "\",\"ref\":\"r" << ref
                    << "\"}\n";
                break;
            case 4:
            case 5:
            case 6:
                out << "\"type\":\"soybean_purchase\",\"party\":\"" << party
                    << "\",\"qty_mt\":" << 50 + rng() % 4950 << "}\n";
                break;
            default:
                out << "\"type\":\"license_issued\",\"party\":\"" << party << "\",\"item\":\"item"
                    << rng() % 2000 << "\"}\n";
        }
    }
    return out.str();
}

std::string make_rules(int r) {
    std::ostringstream out;
    out << "event meeting_requested { ref: text }\nevent meeting_held { ref: text }\n"
           "event soybean_purchase { qty_mt: number }\nevent license_issued { item: text }\n"
           "event tariff_raised { item: text }\n";
    for (int i = 0; i < r; ++i) {
        const char* p = kParties[i % 10];
        out << "rule bench.R" << i << " {\n  ";
        switch (i % 4) {
            case 0:
                out << "require license_issued where item == \"item" << i % 2000
                    << "\" within 180 days after 2025-03-01";
                break;
            case 1:
                out << "for each meeting_requested where party == " << p
                    << " between 2025-06-01 and 2025-06-20 as req:\n    require meeting_held where "
                       "ref == req.ref within 10 days after req.date";
                break;
            case 2:
                out << "require sum(soybean_purchase.qty_mt where party == " << p
                    << ") >= 5000000 between 2025-02-01 and 2025-11-30";
                break;
            default:
                out << "forbid tariff_raised where party == " << p
                    << " from 2025-05-01 until 2025-09-30";
                break;
        }
        out << "\n}\n";
    }
    return out.str();
}

std::optional<ir::RuleSet> compile_rules(const std::string& text) {
    core::Diagnostics diags;
    auto src = std::make_shared<const core::SourceFile>("bench.abide", text);
    return dsl::compile({src}, diags);
}

void BM_ReadFacts(benchmark::State& state) {
    const std::string log = make_log(static_cast<int>(state.range(0)));
    auto rules = compile_rules(make_rules(4));
    for (auto _ : state) {
        facts::FactSet set(rules->schema);
        core::Diagnostics diags;
        auto stats = facts::read_facts_text("bench.jsonl", log, set, diags);
        benchmark::DoNotOptimize(stats.added);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(log.size()));
}
BENCHMARK(BM_ReadFacts)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_Compile(benchmark::State& state) {
    const std::string text = make_rules(static_cast<int>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(compile_rules(text));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Compile)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_Evaluate(benchmark::State& state) {
    auto rules = compile_rules(make_rules(static_cast<int>(state.range(0))));
    facts::FactSet set(rules->schema);
    core::Diagnostics diags;
    facts::read_facts_text("bench.jsonl", make_log(100'000), set, diags);
    facts::FactIndex index(set);
    engine::Options options{*core::parse_date("2025-12-31"), 30};
    for (auto _ : state) {
        auto ev = engine::evaluate(*rules, set, index, options);
        benchmark::DoNotOptimize(ev.ok());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Evaluate)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
