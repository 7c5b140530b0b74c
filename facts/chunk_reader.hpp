#pragma once
/// Internal to the fact readers: reads a file in chunks into one buffer, so memory stays at a
/// chunk however large the log is, and lines can be parsed in place (kJsonPadding readable
/// bytes follow the data).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>

#include "facts/read_detail.hpp"

namespace abide::facts::detail {

class ChunkReader {
public:
    /// Larger than kMaxLineBytes, so a line that does not fit is known to be over-long.
    static constexpr size_t kChunk = 2 << 20;
    static_assert(kChunk > kMaxLineBytes);

    explicit ChunkReader(std::FILE* f) : f_(f), buf_(new char[kChunk + kJsonPadding]) {}

    /// Moves the unconsumed tail [begin, end) to the front and reads more; false on error.
    bool fill() {
        if (begin_ > 0) {
            std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
            end_ -= begin_;
            consumed_ += begin_;
            begin_ = 0;
        }
        while (!eof_ && end_ < kChunk) {
            size_t n = std::fread(buf_.get() + end_, 1, kChunk - end_, f_);
            end_ += n;
            if (n == 0) {
                if (std::ferror(f_)) {
                    errno_ = errno;
                    return false;
                }
                eof_ = true;
            }
        }
        std::memset(buf_.get() + end_, ' ', kJsonPadding);
        return true;
    }

    /// Back to the file's first byte, its first chunk read; false when it cannot seek or read.
    bool rewind() {
        if (std::fseek(f_, 0, SEEK_SET) != 0) {
            errno_ = errno;
            return false;
        }
        begin_ = end_ = consumed_ = 0;
        eof_ = false;
        return fill();
    }

    std::string_view data() const { return {buf_.get() + begin_, end_ - begin_}; }
    void consume(size_t n) { begin_ += n; }
    bool eof() const { return eof_; }
    int error() const { return errno_; }
    /// Bytes of the file consumed so far.
    size_t consumed() const { return consumed_ + begin_; }

private:
    std::FILE* f_;
    std::unique_ptr<char[]> buf_;
    size_t begin_ = 0, end_ = 0, consumed_ = 0;
    bool eof_ = false;
    int errno_ = 0;
};

}  // namespace abide::facts::detail
