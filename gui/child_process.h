// A child process the explorer runs (the CLI, for an animation export): started
// without a shell (posix_spawn, the environment inherited, stdin empty), its
// stdout and stderr read together through one pipe without ever blocking.
// RAII: a child still running when its owner goes is sent SIGTERM (SIGKILL if
// it lingers) and reaped, so none is left behind or becomes a zombie.
// Torch-free, no GL; UI thread only (one owner, no locking).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace stylemix::gui {

class ChildProcess {
public:
    // Starts argv[0] (a path; PATH is not searched) with `argv`. Throws
    // std::runtime_error naming the program and why when it cannot start.
    explicit ChildProcess(const std::vector<std::string>& argv);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // The complete lines (without their '\n') the child wrote since the last
    // call, read without blocking; after it exited, its last line too.
    std::vector<std::string> readLines();
    // Whether it still runs (reaps it when it has exited; never blocks).
    bool running();
    // Once it exited: its exit code, or 128 + the signal that ended it.
    std::optional<int> exitCode() const { return exit_code_; }
    bool killedBySignal() const { return signalled_; }
    // Asks it to stop (SIGTERM); a no-op once it exited.
    void terminate();
    // Blocks until it exits, sending SIGKILL after `grace`; returns exitCode().
    int wait(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));
    pid_t pid() const { return pid_; }

private:
    void reap(int status);
    void drain();   // reads what the pipe holds into pending_

    pid_t pid_ = -1;
    int fd_ = -1;                    // the read end of the child's stdout + stderr
    std::string pending_;            // read, not yet returned as lines
    std::optional<int> exit_code_;
    bool signalled_ = false;
};

}  // namespace stylemix::gui
