// The one way the project opens a file it reads (models of every kind,
// recipes, PNGs read back, .npy arrays). It refuses anything that is not a
// regular file with a message naming what it is ("is a directory", "is a
// FIFO", "is a device", "is a socket"), never blocks on a FIFO (the open is
// non-blocking and the type is checked on the descriptor), and refuses files
// larger than the limit of their kind before allocating. Symlinks to regular
// files are followed. Torch-free.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stylemix {

// What a file is read as; each kind has its own size limit and noun in messages.
enum class FileKind {
    Model,    // weights: .safetensors, network pickles (16 GiB)
    Recipe,   // JSON recipes (4 MiB)
    Image,    // PNGs read back (512 MiB)
    Array,    // .npy arrays inside other formats (4 GiB)
    Settings, // the explorer's own settings and development overrides (shaders) (4 MiB)
};
const char* fileKindNoun(FileKind kind);     // "model", "recipe", "image", "array"
std::uint64_t fileKindLimit(FileKind kind);  // bytes

// An open, read-only descriptor of a checked regular file; closes on destruction.
class CheckedFile {
public:
    // Throws std::runtime_error "<path>: cannot open <noun>: <reason>".
    CheckedFile(const std::string& path, FileKind kind);
    // The same with another size limit (a recipe may come inside a PNG of up to the image limit).
    CheckedFile(const std::string& path, FileKind kind, std::uint64_t max_bytes);
    ~CheckedFile();
    CheckedFile(const CheckedFile&) = delete;
    CheckedFile& operator=(const CheckedFile&) = delete;

    int fd() const { return fd_; }
    std::uint64_t size() const { return size_; }   // as fstat saw it when opened
    const std::string& path() const { return path_; }

    // Reads up to `count` bytes at the current position; returns how many (0 at the end).
    std::size_t readSome(void* buffer, std::size_t count);
    // Reads exactly `count` bytes at `offset` (the position is unchanged); throws at the end of the file.
    void readAt(void* buffer, std::size_t count, std::uint64_t offset);
    // All `size()` bytes; throws if the file shrinks or grows while being read.
    std::vector<std::uint8_t> readAll();

private:
    std::string path_;
    FileKind kind_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
};

// CheckedFile(path, kind).readAll(): the whole file, bounded by its kind's limit.
std::vector<std::uint8_t> readCheckedFile(const std::string& path, FileKind kind);
std::string readCheckedText(const std::string& path, FileKind kind);

// Why `mode` (st_mode) is not a regular file: "is a directory", "is a FIFO", ...; "" for a regular file.
std::string notRegularFileReason(unsigned mode);

}  // namespace stylemix
