#include "gui/child_process.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>

extern char** environ;

namespace stylemix::gui {
namespace {

constexpr std::size_t kMaxLine = 64 * 1024;   // a longer line without '\n' is returned in pieces

// posix_spawn's file actions and attributes, freed however the spawn ends.
struct SpawnSetup {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    SpawnSetup(int write_fd) {
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, write_fd, 1);
        posix_spawn_file_actions_adddup2(&actions, write_fd, 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
        posix_spawn_file_actions_addclosefrom_np(&actions, 3);   // the window's and the worker's descriptors stay ours
#endif
        posix_spawnattr_init(&attr);
        // The child starts with no blocked signals and the default action for
        // the ones it is stopped by, whatever the UI thread set for itself.
        sigset_t none, defaults;
        sigemptyset(&none);
        sigemptyset(&defaults);
        for (int s : {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD}) sigaddset(&defaults, s);
        posix_spawnattr_setsigmask(&attr, &none);
        posix_spawnattr_setsigdefault(&attr, &defaults);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    }
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }
};

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
    if (argv.empty() || argv[0].empty()) throw std::runtime_error("no program to run");
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("cannot run " + argv[0] + ": pipe: " + std::strerror(errno));
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    int error = 0;
    {
        SpawnSetup setup(fds[1]);
        error = posix_spawn(&pid_, argv[0].c_str(), &setup.actions, &setup.attr, args.data(), environ);
    }
    close(fds[1]);
    if (error != 0) {
        close(fds[0]);
        pid_ = -1;
        throw std::runtime_error("cannot run " + argv[0] + ": " + std::strerror(error));
    }
    fd_ = fds[0];
    fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0 && !exit_code_) {
        terminate();
        wait();
    }
    if (fd_ >= 0) close(fd_);
}

void ChildProcess::drain() {
    if (fd_ < 0) return;
    char buffer[4096];
    for (;;) {
        const ssize_t n = read(fd_, buffer, sizeof buffer);
        if (n > 0) {
            pending_.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n == 0) {   // every writer closed it: the child (and anything it started) is done writing
            close(fd_);
            fd_ = -1;
        }
        return;   // EAGAIN: nothing more for now
    }
}

std::vector<std::string> ChildProcess::readLines() {
    drain();
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1)
        lines.push_back(pending_.substr(start, nl - start));
    pending_.erase(0, start);
    while (pending_.size() > kMaxLine) {
        lines.push_back(pending_.substr(0, kMaxLine));
        pending_.erase(0, kMaxLine);
    }
    if (fd_ < 0 && !pending_.empty()) lines.push_back(std::exchange(pending_, std::string()));
    return lines;
}

void ChildProcess::reap(int status) {
    signalled_ = WIFSIGNALED(status);
    exit_code_ = signalled_ ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

bool ChildProcess::running() {
    if (pid_ <= 0 || exit_code_) return false;
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) reap(status);
    else if (r < 0 && errno == ECHILD) exit_code_ = -1;   // reaped elsewhere (SIGCHLD ignored): status unknown
    return !exit_code_;
}

void ChildProcess::terminate() {
    if (pid_ > 0 && running()) kill(pid_, SIGTERM);
}

int ChildProcess::wait(std::chrono::milliseconds grace) {
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (running() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (running()) {
        kill(pid_, SIGKILL);
        int status = 0;
        pid_t r;
        while ((r = waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
        }
        if (r == pid_) reap(status);
        else exit_code_ = -1;   // reaped elsewhere: status unknown
    }
    return exit_code_.value_or(-1);
}

}  // namespace stylemix::gui
