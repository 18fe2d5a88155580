// Small reads of a CheckedFile at (mostly) increasing offsets, served from a
// read-ahead window: a container walked header by header (PNG chunks, RIFF
// chunks, GIF sub-blocks) costs memory reads instead of a system call per
// header. A file of millions of empty chunks took minutes through pread alone.
// Memory is bounded by the window. Torch-free.
#pragma once

#include "model/io/checked_file.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace stylemix {

class ReadAhead {
public:
    static constexpr std::size_t kWindowBytes = 64 << 10;

    explicit ReadAhead(CheckedFile& file) : file_(file) {}

    CheckedFile& file() const { return file_; }
    // Exactly `count` bytes at `offset`, as CheckedFile::readAt (which throws at the end of the
    // file); reads larger than the window go straight to the file.
    void readAt(void* buffer, std::size_t count, std::uint64_t offset);

private:
    CheckedFile& file_;
    std::vector<std::uint8_t> window_;
    std::uint64_t window_at_ = 0;
};

}  // namespace stylemix
