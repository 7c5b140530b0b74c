// JsonResultStream: results handed over in any order, from several threads, come out in rule
// order; held, nothing is written before finish().
#include "report/json_stream.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <thread>

#include "report/render.hpp"

namespace abide::report {
namespace {

core::Date date(const char* text) {
    return *core::parse_date(text);
}

std::string expected(const std::vector<std::string>& results, const engine::Summary& s) {
    std::ostringstream out;
    write_json_document(out, date("2026-11-22"), results, s);
    return out.str();
}

TEST(JsonResultStream, OutOfOrderResultsAreWrittenInOrderAsSoonAsTheirTurnComes) {
    std::ostringstream out;
    JsonResultStream stream(out, date("2026-11-22"), 3, /*hold=*/false);
    stream.add(2, "\n    {\"rule\":\"c\"}");
    EXPECT_EQ(out.str(), "") << "result 2 must wait for 0 and 1";
    stream.add(0, "\n    {\"rule\":\"a\"}");
    EXPECT_NE(out.str().find("\"a\""), std::string::npos) << "result 0 is written at once";
    EXPECT_EQ(out.str().find("\"c\""), std::string::npos);
    stream.add(1, "");  // not selected
    EXPECT_NE(out.str().find("\"c\""), std::string::npos) << "0 and 1 done: 2 follows";
    engine::Summary s;
    s.met = 2;
    stream.finish(s);
    EXPECT_EQ(out.str(), expected({"\n    {\"rule\":\"a\"}", "", "\n    {\"rule\":\"c\"}"}, s));
}

TEST(JsonResultStream, HeldResultsAreWrittenOnlyAtTheEnd) {
    std::ostringstream out;
    JsonResultStream stream(out, date("2026-11-22"), 2, /*hold=*/true);
    stream.add(0, "\n    {\"rule\":\"a\"}");
    stream.add(1, "\n    {\"rule\":\"b\"}");
    EXPECT_EQ(out.str(), "");
    stream.finish({});
    EXPECT_EQ(out.str(), expected({"\n    {\"rule\":\"a\"}", "\n    {\"rule\":\"b\"}"}, {}));
}

TEST(JsonResultStream, NoResultsStillMakeADocument) {
    std::ostringstream out;
    JsonResultStream stream(out, date("2026-11-22"), 0, false);
    stream.finish({});
    EXPECT_EQ(out.str(), expected({}, {}));
    EXPECT_NE(out.str().find("\"results\": []"), std::string::npos) << out.str();
}

TEST(JsonResultStream, ManyThreadsGiveTheSameDocumentAsOneWriter) {
    constexpr size_t kCount = 2000;
    std::vector<std::string> results(kCount);
    for (size_t i = 0; i < kCount; ++i)
        results[i] = i % 7 == 3 ? "" : "\n    {\"rule\":\"r" + std::to_string(i) + "\"}";
    std::ostringstream out;
    JsonResultStream stream(out, date("2026-11-22"), kCount, false);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            // Each thread takes every 4th result, from the end: heavily out of order.
            for (size_t k = kCount; k-- > 0;)
                if (k % 4 == t) stream.add(k, results[k]);
        });
    for (auto& t : threads) t.join();
    stream.finish({});
    EXPECT_EQ(out.str(), expected(results, {}));
}

}  // namespace
}  // namespace abide::report
