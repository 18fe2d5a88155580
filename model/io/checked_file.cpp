#include "model/io/checked_file.h"

#include "model/io/message_text.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace stylemix {

namespace {

std::string sizeText(std::uint64_t bytes) {
    constexpr std::uint64_t kMiB = 1ull << 20;
    if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0) return std::to_string(bytes >> 30) + " GiB";
    if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
    return std::to_string(bytes) + " bytes";
}

[[noreturn]] void refuse(const std::string& path, FileKind kind, const std::string& reason) {
    throw std::runtime_error(displayPath(path) + ": cannot open " + fileKindNoun(kind) + ": " + reason);
}

}  // namespace

const char* fileKindNoun(FileKind kind) {
    switch (kind) {
        case FileKind::Model: return "model";
        case FileKind::Recipe: return "recipe";
        case FileKind::Image: return "image";
        case FileKind::Array: return "array";
        case FileKind::Settings: return "settings file";
    }
    return "file";
}

std::uint64_t fileKindLimit(FileKind kind) {
    switch (kind) {
        case FileKind::Model: return 16ull << 30;
        case FileKind::Recipe: return 4ull << 20;
        case FileKind::Image: return 512ull << 20;
        case FileKind::Array: return 4ull << 30;
        case FileKind::Settings: return 4ull << 20;
    }
    return 0;
}

std::string notRegularFileReason(unsigned mode) {
    if (S_ISREG(mode)) return "";
    if (S_ISDIR(mode)) return "is a directory";
    if (S_ISFIFO(mode)) return "is a FIFO";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "is a device";
    if (S_ISSOCK(mode)) return "is a socket";
    return "is not a regular file";
}

CheckedFile::CheckedFile(const std::string& path, FileKind kind) : CheckedFile(path, kind, fileKindLimit(kind)) {}

CheckedFile::CheckedFile(const std::string& path, FileKind kind, std::uint64_t max_bytes) : path_(path), kind_(kind) {
    if (path.empty()) refuse("''", kind, "empty path");
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd_ < 0) {
        const int error = errno;
        struct stat info {};
        // A socket cannot be opened (ENXIO); say what it is rather than the errno text.
        if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) refuse(path, kind, notRegularFileReason(info.st_mode));
        refuse(path, kind, error == ENOENT ? std::string("no such file") : std::strerror(error));
    }
    struct stat info {};
    std::string reason;
    if (::fstat(fd_, &info) != 0) {
        reason = std::string("cannot stat: ") + std::strerror(errno);
    } else if (!S_ISREG(info.st_mode)) {
        reason = notRegularFileReason(info.st_mode);
    } else if (static_cast<std::uint64_t>(info.st_size) > max_bytes) {
        reason = "is " + std::to_string(info.st_size) + " bytes, more than the " + sizeText(max_bytes) +
                 " a " + fileKindNoun(kind) + " may have";
    } else {
        // Regular files never block; clear the flag so reads behave normally.
        ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
        size_ = static_cast<std::uint64_t>(info.st_size);
        return;
    }
    ::close(fd_);
    fd_ = -1;
    refuse(path, kind, reason);
}

CheckedFile::~CheckedFile() {
    if (fd_ >= 0) ::close(fd_);
}

std::size_t CheckedFile::readSome(void* buffer, std::size_t count) {
    for (;;) {
        const ssize_t n = ::read(fd_, buffer, count);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno == EINTR) continue;
        throw std::runtime_error(displayPath(path_) + ": read failed: " + std::strerror(errno));
    }
}

void CheckedFile::readAt(void* buffer, std::size_t count, std::uint64_t offset) {
    auto* out = static_cast<std::uint8_t*>(buffer);
    std::size_t done = 0;
    while (done < count) {
        const ssize_t n = ::pread(fd_, out + done, count - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error(displayPath(path_) + ": read failed: " + std::strerror(errno));
        if (n == 0)
            throw std::runtime_error(displayPath(path_) + ": file ends at byte " + std::to_string(offset + done) +
                                     ", expected " + std::to_string(count - done) + " more");
        done += static_cast<std::size_t>(n);
    }
}

std::vector<std::uint8_t> CheckedFile::readAll() {
    std::vector<std::uint8_t> bytes;
    try {
        bytes.resize(static_cast<std::size_t>(size_));
    } catch (const std::bad_alloc&) {
        throw std::runtime_error(displayPath(path_) + ": cannot allocate " + std::to_string(size_) + " bytes to read the " +
                                 fileKindNoun(kind_));
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
        const std::size_t n = readSome(bytes.data() + done, bytes.size() - done);
        if (n == 0) {
            throw std::runtime_error(displayPath(path_) + ": file shrank while reading: expected " + std::to_string(bytes.size()) +
                                     " bytes, got " + std::to_string(done));
        }
        done += n;
    }
    // Bounded by fstat's size: a file that keeps growing is not followed.
    std::uint8_t extra = 0;
    if (readSome(&extra, 1) != 0) throw std::runtime_error(displayPath(path_) + ": file grew while reading (" + std::to_string(size_) + " bytes expected)");
    return bytes;
}

std::vector<std::uint8_t> readCheckedFile(const std::string& path, FileKind kind) {
    return CheckedFile(path, kind).readAll();
}

std::string readCheckedText(const std::string& path, FileKind kind) {
    const std::vector<std::uint8_t> bytes = readCheckedFile(path, kind);
    return std::string(bytes.begin(), bytes.end());
}

}  // namespace stylemix
