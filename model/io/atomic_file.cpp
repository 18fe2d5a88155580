#include "model/io/atomic_file.h"

#include "model/io/checked_file.h"

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace stylemix {

namespace {

namespace fs = std::filesystem;

std::string errnoText(int error) {
    return std::strerror(error);
}

// Owns the temp file until it has been renamed into place.
class TempFile {
public:
    explicit TempFile(const std::string& target) {
        const fs::path target_path(target);
        const fs::path dir = target_path.has_parent_path() ? target_path.parent_path() : fs::path(".");
        path_ = (dir / ("." + target_path.filename().string() + ".tmp.XXXXXX")).string();
        std::vector<char> name(path_.begin(), path_.end());
        name.push_back('\0');
        fd_ = ::mkstemp(name.data());
        if (fd_ < 0) {
            const int error = errno;
            throw std::runtime_error("cannot write '" + target + "': cannot create a temporary file in '" +
                                     dir.string() + "': " + errnoText(error));
        }
        path_.assign(name.data());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        if (!committed_) {
            ::unlink(path_.c_str());
        }
    }

    int fd() const { return fd_; }
    const std::string& path() const { return path_; }

    // Closes the descriptor; returns 0 or an errno value.
    int close() {
        const int result = ::close(fd_);
        fd_ = -1;
        return result == 0 ? 0 : errno;
    }
    void markCommitted() { committed_ = true; }

private:
    std::string path_;
    int fd_ = -1;
    bool committed_ = false;
};

[[noreturn]] void failWrite(const std::string& path, const std::string& step, int error) {
    throw std::runtime_error("cannot write '" + path + "': " + step + " failed: " + errnoText(error));
}

}  // namespace

void writeFileAtomic(const std::string& path, const void* data, std::size_t size) {
    if (path.empty() || fs::path(path).filename().empty()) {
        throw std::runtime_error("cannot write '" + path + "': expected a file path, found no file name");
    }
    checkOutputTarget(path);
    TempFile temp(path);

    // mkstemp creates 0600; give the result the mode a plain open() would have.
    struct stat existing {};
    const mode_t mode = ::stat(path.c_str(), &existing) == 0 ? (existing.st_mode & 07777) : 0644;
    if (::fchmod(temp.fd(), mode) != 0) {
        const int error = errno;
        failWrite(path, "chmod of '" + temp.path() + "'", error);
    }

    const auto* bytes = static_cast<const char*>(data);
    std::size_t written = 0;
    while (written < size) {
        const ssize_t n = ::write(temp.fd(), bytes + written, size - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            const int error = errno;
            failWrite(path, "writing '" + temp.path() + "'", error);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(temp.fd()) != 0) {
        const int error = errno;
        failWrite(path, "fsync of '" + temp.path() + "'", error);
    }
    // close() can report delayed write errors (e.g. on NFS), so check it.
    if (const int error = temp.close(); error != 0) {
        failWrite(path, "closing '" + temp.path() + "'", error);
    }
    if (::rename(temp.path().c_str(), path.c_str()) != 0) {
        const int error = errno;
        failWrite(path, "renaming '" + temp.path() + "' over it", error);
    }
    temp.markCommitted();
}

void writeFileAtomic(const std::string& path, const std::string& data) {
    writeFileAtomic(path, data.data(), data.size());
}

void ensureDirectory(const std::string& dir) {
    if (dir.empty()) {
        throw std::runtime_error("cannot create directory '': expected a directory path");
    }
    // Walk the components so the error can say which one is in the way.
    fs::path prefix;
    for (const fs::path& part : fs::path(dir)) {
        prefix /= part;
        if (part.empty() || part == "/" || part == "." || part == "..") {
            continue;
        }
        struct stat info {};
        if (::stat(prefix.c_str(), &info) == 0) {
            if (!S_ISDIR(info.st_mode)) {
                throw std::runtime_error("cannot create directory '" + dir + "': '" + prefix.string() +
                                         "' exists and is not a directory");
            }
            continue;
        }
        // EEXIST: another process created it in between; re-checked below.
        if (::mkdir(prefix.c_str(), 0777) != 0 && errno != EEXIST) {
            const int error = errno;
            throw std::runtime_error("cannot create directory '" + dir + "': mkdir '" + prefix.string() +
                                     "' failed: " + errnoText(error));
        }
        if (::stat(prefix.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
            throw std::runtime_error("cannot create directory '" + dir + "': '" + prefix.string() +
                                     "' is not a directory after mkdir");
        }
    }
}

void checkOutputTarget(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return;   // missing (or unreachable: the write reports it)
    if (S_ISREG(info.st_mode)) return;
    throw std::runtime_error("cannot write '" + path + "': " + notRegularFileReason(info.st_mode) +
                             " (only a regular file or a missing one is written)");
}

OutputSet::OutputSet(std::string dir) : dir_(std::move(dir)) {}

void OutputSet::openStaging() {
    struct stat info {};
    created_dir_ = ::stat(dir_.c_str(), &info) != 0;
    ensureDirectory(dir_);
    std::string pattern = (fs::path(dir_) / ".stylemix-set.XXXXXX").string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    if (::mkdtemp(name.data()) == nullptr) {
        const int error = errno;
        if (created_dir_) ::rmdir(dir_.c_str());
        throw std::runtime_error("cannot write into '" + dir_ + "': cannot create a staging folder: " + errnoText(error));
    }
    staging_.assign(name.data());
}

OutputSet::~OutputSet() {
    if (!committed_) discard();
}

void OutputSet::checkTarget(const std::string& name) const { checkOutputTarget((fs::path(dir_) / name).string()); }

void OutputSet::add(const std::string& name, const void* data, std::size_t size) {
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
        throw std::runtime_error("cannot write '" + name + "' into '" + dir_ + "': expected a plain file name");
    checkTarget(name);
    if (staging_.empty()) openStaging();
    writeFileAtomic((fs::path(staging_) / name).string(), data, size);
    if (std::find(names_.begin(), names_.end(), name) == names_.end()) names_.push_back(name);
}

void OutputSet::add(const std::string& name, const std::string& text) { add(name, text.data(), text.size()); }

void OutputSet::commit() {
    if (staging_.empty()) return;   // nothing was added
    for (std::size_t i = 0; i < names_.size(); ++i) {
        const std::string target = (fs::path(dir_) / names_[i]).string();
        checkOutputTarget(target);   // may have appeared since add()
        if (::rename((fs::path(staging_) / names_[i]).c_str(), target.c_str()) != 0) {
            const int error = errno;
            // Take back what this run already put in place, then report.
            for (std::size_t j = 0; j < i; ++j) ::unlink((fs::path(dir_) / names_[j]).c_str());
            names_.erase(names_.begin(), names_.begin() + static_cast<std::ptrdiff_t>(i));
            throw std::runtime_error("cannot write '" + target + "': rename into place failed: " + errnoText(error));
        }
    }
    ::rmdir(staging_.c_str());
    committed_ = true;
}

void OutputSet::discard() noexcept {
    if (staging_.empty()) return;
    for (const std::string& name : names_) ::unlink((fs::path(staging_) / name).c_str());
    std::error_code ec;
    fs::remove_all(staging_, ec);   // also temp files of a write that failed midway
    if (created_dir_) ::rmdir(dir_.c_str());   // only if empty
}

}  // namespace stylemix
