#pragma once
/// Aggregate arithmetic shared by the evaluator and explain, so that both judge a running
/// value against its target the same way.
#include <algorithm>
#include <cmath>

namespace abide::engine {

/// -1, 0 or 1. Sums of decimal quantities carry rounding error (0.1 t + 0.2 t is not 0.3 t in
/// binary); Sum keeps it near one rounding, so a relative tolerance of 1e-12 absorbs it while
/// one unit still counts up to a trillion (USD 4,999,999,999 does not reach 5 billion USD).
inline int compare_amounts(double a, double b) {
    double tol = 1e-12 * std::max({1.0, std::fabs(a), std::fabs(b)});
    if (std::fabs(a - b) <= tol) return 0;
    return a < b ? -1 : 1;
}

/// A running sum of non-negative values with Neumaier's compensation: its error stays near
/// one rounding however many values it adds, so a sum of a million facts compares exactly.
class Sum {
public:
    void add(double x) {
        double t = sum_ + x;
        comp_ += std::fabs(sum_) >= std::fabs(x) ? (sum_ - t) + x : (x - t) + sum_;
        sum_ = t;
    }
    double value() const { return sum_ + comp_; }

private:
    double sum_ = 0, comp_ = 0;
};

}  // namespace abide::engine
