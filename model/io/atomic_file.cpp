#include "model/io/atomic_file.h"

#include "model/io/checked_file.h"
#include "model/io/message_text.h"

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
            throw std::runtime_error("cannot write '" + displayPath(target) + "': cannot create a temporary file in '" +
                                     displayPath(dir.string()) + "': " + errnoText(error));
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
    throw std::runtime_error("cannot write '" + displayPath(path) + "': " + step + " failed: " + errnoText(error));
}

}  // namespace

void writeFileAtomic(const std::string& path, const void* data, std::size_t size) {
    if (path.empty() || fs::path(path).filename().empty()) {
        throw std::runtime_error("cannot write '" + displayPath(path) + "': expected a file path, found no file name");
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

void ensureDirectory(const std::string& dir, std::vector<std::string>* created) {
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
                throw std::runtime_error("cannot create directory '" + displayPath(dir) + "': '" + displayPath(prefix.string()) +
                                         "' exists and is not a directory");
            }
            continue;
        }
        // EEXIST: another process created it in between; re-checked below.
        if (::mkdir(prefix.c_str(), 0777) == 0) {
            if (created) created->push_back(prefix.string());
        } else if (errno != EEXIST) {
            const int error = errno;
            throw std::runtime_error("cannot create directory '" + displayPath(dir) + "': mkdir '" + displayPath(prefix.string()) +
                                     "' failed: " + errnoText(error));
        }
        if (::stat(prefix.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
            throw std::runtime_error("cannot create directory '" + displayPath(dir) + "': '" + displayPath(prefix.string()) +
                                     "' is not a directory after mkdir");
        }
    }
}

void checkOutputTarget(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return;   // missing (or unreachable: the write reports it)
    if (S_ISREG(info.st_mode)) return;
    throw std::runtime_error("cannot write '" + displayPath(path) + "': " + notRegularFileReason(info.st_mode) +
                             " (only a regular file or a missing one is written)");
}

OutputSet::OutputSet(std::string dir) : dir_(std::move(dir)) {}

void OutputSet::openStaging() {
    try {
        ensureDirectory(dir_, &created_dirs_);
    } catch (...) {
        discard();   // the folders made before the one that failed
        throw;
    }
    std::string pattern = (fs::path(dir_) / ".stylemix-set.XXXXXX").string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    if (::mkdtemp(name.data()) == nullptr) {
        const int error = errno;
        discard();
        throw std::runtime_error("cannot write into '" + displayPath(dir_) + "': cannot create a staging folder: " + errnoText(error));
    }
    staging_.assign(name.data());
}

std::string OutputSet::target(const std::string& name) const { return (fs::path(dir_) / name).string(); }
std::string OutputSet::staged(const std::string& name) const { return (fs::path(staging_) / name).string(); }
std::string OutputSet::aside(const std::string& name) const { return (fs::path(staging_) / ".replaced" / name).string(); }

OutputSet::~OutputSet() {
    if (!committed_) discard();
}

void OutputSet::checkTarget(const std::string& name) const { checkOutputTarget((fs::path(dir_) / name).string()); }

void OutputSet::add(const std::string& name, const void* data, std::size_t size) {
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
        throw std::runtime_error("cannot write " + quoteText(name) + " into '" + displayPath(dir_) + "': expected a plain file name");
    checkTarget(name);
    if (staging_.empty()) openStaging();
    writeFileAtomic((fs::path(staging_) / name).string(), data, size);
    if (std::find(names_.begin(), names_.end(), name) == names_.end()) names_.push_back(name);
}

void OutputSet::add(const std::string& name, const std::string& text) { add(name, text.data(), text.size()); }

std::string OutputSet::stage(const std::string& name) {
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
        throw std::runtime_error("cannot write " + quoteText(name) + " into '" + displayPath(dir_) + "': expected a plain file name");
    checkTarget(name);
    if (staging_.empty()) openStaging();
    if (std::find(names_.begin(), names_.end(), name) == names_.end()) names_.push_back(name);
    return staged(name);
}

// Step 1 of commit: every target checked again (something may have appeared since
// add()) and an existing one moved aside, so a failure later can put it back.
void OutputSet::moveTargetsAside(std::vector<std::string>& moved) {
    for (const std::string& name : names_) {
        const std::string path = target(name);
        checkOutputTarget(path);
        struct stat info {};
        if (::lstat(path.c_str(), &info) != 0) continue;   // missing: nothing to keep
        if (moved.empty() && ::mkdir((fs::path(staging_) / ".replaced").c_str(), 0700) != 0 && errno != EEXIST) {
            const int error = errno;
            failWrite(path, "making room to keep the existing file", error);
        }
        if (::rename(path.c_str(), aside(name).c_str()) != 0) {
            const int error = errno;
            failWrite(path, "moving the existing file aside", error);
        }
        moved.push_back(name);
    }
}

std::string OutputSet::rollBack(std::size_t placed, const std::vector<std::string>& moved) noexcept {
    for (std::size_t i = 0; i < placed; ++i) ::unlink(target(names_[i]).c_str());
    std::string lost;
    for (const std::string& name : moved) {
        if (::rename(aside(name).c_str(), target(name).c_str()) == 0) continue;
        lost += (lost.empty() ? "" : ", ") + aside(name);
        keep_staging_ = true;
    }
    return lost;
}

void OutputSet::commit() {
    if (staging_.empty()) return;   // nothing was added
    std::vector<std::string> moved;
    std::size_t placed = 0;
    try {
        moveTargetsAside(moved);
        for (; placed < names_.size(); ++placed) {
            if (::rename(staged(names_[placed]).c_str(), target(names_[placed]).c_str()) != 0) {
                const int error = errno;
                failWrite(target(names_[placed]), "rename into place", error);
            }
        }
    } catch (const std::exception& e) {
        const std::string lost = rollBack(placed, moved);
        if (lost.empty()) throw;
        throw std::runtime_error(std::string(e.what()) + "; the replaced file(s) could not be put back and are kept at " + lost);
    }
    for (const std::string& name : moved) ::unlink(aside(name).c_str());
    ::rmdir((fs::path(staging_) / ".replaced").c_str());
    ::rmdir(staging_.c_str());
    committed_ = true;
}

void OutputSet::discard() noexcept {
    if (!staging_.empty()) {
        for (const std::string& name : names_) ::unlink(staged(name).c_str());
        std::error_code ec;
        // Also temp files of a write that failed midway; never a user's file kept aside.
        if (!keep_staging_) fs::remove_all(staging_, ec);
    }
    // Innermost first, each only if empty.
    for (auto it = created_dirs_.rbegin(); it != created_dirs_.rend(); ++it) ::rmdir(it->c_str());
}

}  // namespace stylemix
