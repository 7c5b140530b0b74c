#pragma once
/// ZeroedArray: the storage of the hash tables in facts/ (the id table, the Interner's).
#include <cstddef>
#include <cstdlib>
#include <new>
#include <span>
#include <type_traits>
#include <utility>

namespace abide::facts {

/// A fixed number of T, all bytes zero, from calloc. T must be trivially copyable and valid as
/// zero bytes. A large array is fresh memory from the kernel, which reads as zero until written:
/// making one writes nothing, where a std::vector would write every byte once more. A table of
/// tens of megabytes then costs only its page faults, and another thread can take those ahead.
template <class T>
class ZeroedArray {
    static_assert(std::is_trivially_copyable_v<T>);

public:
    ZeroedArray() = default;
    explicit ZeroedArray(size_t n)
        : data_(n ? static_cast<T*>(std::calloc(n, sizeof(T))) : nullptr), size_(n) {
        if (n && !data_) throw std::bad_alloc();
    }
    ZeroedArray(ZeroedArray&& o) noexcept
        : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
    ZeroedArray& operator=(ZeroedArray&& o) noexcept {
        ZeroedArray(std::move(o)).swap(*this);
        return *this;
    }
    ZeroedArray(const ZeroedArray&) = delete;
    ZeroedArray& operator=(const ZeroedArray&) = delete;
    ~ZeroedArray() { std::free(data_); }

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T& operator[](size_t i) { return data_[i]; }
    const T& operator[](size_t i) const { return data_[i]; }
    const T* begin() const { return data_; }
    const T* end() const { return data_ + size_; }
    /// The memory, to prefault (never to read or write through).
    std::span<const std::byte> bytes() const {
        return {reinterpret_cast<const std::byte*>(data_), size_ * sizeof(T)};
    }
    void swap(ZeroedArray& o) noexcept {
        std::swap(data_, o.data_);
        std::swap(size_, o.size_);
    }

private:
    T* data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace abide::facts
