#pragma once
/// Result<T>: a value or an Error, for failures of the environment (an unreadable file, a
/// busy database). Mistakes in the user's input are Diagnostics instead (diagnostic.hpp).
#include <string>
#include <utility>
#include <variant>

namespace abide::core {

struct Error {
    std::string message;
};

template <typename T>
class Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

/// For operations that return nothing but can fail.
struct Ok {};
using Status = Result<Ok>;

}  // namespace abide::core
