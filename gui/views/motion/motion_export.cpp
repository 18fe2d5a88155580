#include "gui/views/motion/motion_export.h"

#include "model/core/install_paths.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

namespace stylemix::gui {
namespace {

constexpr std::size_t kKeptLines = 12;        // of the CLI's own text, for the error
constexpr std::size_t kMaxErrorBytes = 4096;

// A new temporary "stylemix-animate-XXXXXX.json" holding `text`; its path.
std::string writeTempRecipe(const std::string& text) {
    std::string path = (std::filesystem::temp_directory_path() / "stylemix-animate-XXXXXX.json").string();
    const int fd = mkstemps(path.data(), 5);
    if (fd < 0) throw std::runtime_error("cannot write the animation's recipe to " + path + ": " + std::strerror(errno));
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string why = std::strerror(errno);
            close(fd);
            std::remove(path.c_str());
            throw std::runtime_error("cannot write the animation's recipe to " + path + ": " + why);
        }
        written += static_cast<std::size_t>(n);
    }
    close(fd);
    return path;
}

}  // namespace

std::optional<std::pair<int, int>> parseFrameProgress(const std::string& line) {
    for (std::size_t at = line.find("frame "); at != std::string::npos; at = line.find("frame ", at + 1)) {
        int done = 0, total = 0, used = 0;
        if (std::sscanf(line.c_str() + at, "frame %d/%d%n", &done, &total, &used) == 2 && used > 0 && done >= 0 &&
            total > 0 && done <= total)
            return std::make_pair(done, total);
    }
    return std::nullopt;
}

std::string cliExecutablePath() {
    const std::string dir = executableDir();
    return dir.empty() ? std::string("stylemix") : dir + "/stylemix";
}

MotionExport::MotionExport(const std::string& cli, const std::string& recipe_json, const std::string& out_path)
    : recipe_path_(writeTempRecipe(recipe_json)), out_path_(out_path) {
    try {
        child_ = std::make_unique<ChildProcess>(std::vector<std::string>{cli, "animate", recipe_path_, "-o", out_path});
    } catch (...) {
        std::remove(recipe_path_.c_str());
        throw;
    }
}

MotionExport::~MotionExport() {
    child_.reset();   // stops and reaps a running CLI before its recipe goes
    std::remove(recipe_path_.c_str());
}

MotionExport::State MotionExport::poll() {
    if (state_ != State::Running) return state_;
    const bool running = child_->running();   // first: the lines read next then include its last ones
    for (std::string& line : child_->readLines()) {
        if (const auto progress = parseFrameProgress(line)) {
            done_ = progress->first;
            total_ = progress->second;
        } else if (!line.empty()) {
            lines_.push_back(std::move(line));
            if (lines_.size() > kKeptLines) lines_.erase(lines_.begin());
        }
    }
    if (!running) finish();
    return state_;
}

void MotionExport::finish() {
    for (std::string& line : child_->readLines())   // whatever came after the exit was noticed
        if (!parseFrameProgress(line) && !line.empty()) lines_.push_back(std::move(line));
    const int code = child_->exitCode().value_or(-1);
    std::error_code ec;
    if (code == 0 && std::filesystem::is_regular_file(out_path_, ec)) {
        state_ = State::Written;
    } else if (cancelled_) {
        state_ = State::Cancelled;
    } else {
        state_ = State::Failed;
        for (const std::string& line : lines_) error_ += (error_.empty() ? "" : "\n") + line;
        if (error_.size() > kMaxErrorBytes) error_ = "..." + error_.substr(error_.size() - kMaxErrorBytes);
        if (error_.empty())
            error_ = code == 0 ? "stylemix animate finished without writing " + out_path_
                     : child_->killedBySignal() ? "stylemix animate was ended by signal " + std::to_string(code - 128)
                                                : "stylemix animate exited with status " + std::to_string(code);
    }
    std::remove(recipe_path_.c_str());
}

void MotionExport::cancel() {
    if (state_ != State::Running) return;
    cancelled_ = true;
    child_->terminate();
}

}  // namespace stylemix::gui
