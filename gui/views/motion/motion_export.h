// Exporting an animation: the explorer writes its "animation" recipe to a
// temporary file and runs the CLI, `stylemix animate RECIPE -o OUT`, as a child
// process (gui/child_process.h), which renders and encodes the frames in a
// stream (WebP or GIF by OUT's extension, the recipe inside and beside). Its
// `frame i/N` lines are the progress; Cancel sends SIGTERM (the CLI then
// leaves no output); on failure its other lines are the error. Polled from the
// UI thread, never blocking it. No GL, no ImGui.
#pragma once

#include "gui/child_process.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stylemix::gui {

// "frame 12/60" anywhere in `line` (the CLI's progress) as {12, 60}.
std::optional<std::pair<int, int>> parseFrameProgress(const std::string& line);

// The CLI beside the running executable (build/app/stylemix next to
// build/app/stylemix-gui; bin/stylemix in an installed prefix).
std::string cliExecutablePath();

class MotionExport {
public:
    enum class State { Running, Written, Cancelled, Failed };

    // Writes `recipe_json` to a temporary file and starts `cli animate FILE -o
    // out_path`. Throws std::runtime_error naming what could not be done.
    MotionExport(const std::string& cli, const std::string& recipe_json, const std::string& out_path);
    ~MotionExport();   // a running CLI is stopped (SIGTERM) and reaped; the temporary recipe is removed
    MotionExport(const MotionExport&) = delete;
    MotionExport& operator=(const MotionExport&) = delete;

    // Reads the CLI's output and notices its exit; call every frame. Returns the state.
    State poll();
    void cancel();   // SIGTERM; the state becomes Cancelled once it exits (Written if it had finished)
    State state() const { return state_; }
    int done() const { return done_; }      // frames encoded so far
    int total() const { return total_; }    // 0 until the first progress line
    const std::string& path() const { return out_path_; }
    // Failed: why, in the CLI's own words (its last lines other than progress), else its exit status.
    const std::string& error() const { return error_; }

private:
    void finish();

    std::string recipe_path_;
    std::string out_path_;
    std::unique_ptr<ChildProcess> child_;
    State state_ = State::Running;
    bool cancelled_ = false;
    int done_ = 0, total_ = 0;
    std::vector<std::string> lines_;   // the CLI's last lines that are not progress (bounded)
    std::string error_;
};

}  // namespace stylemix::gui
