// When the main loop draws its next frame. Idle, it sleeps until input or a
// worker wake-up (ticking a few times a second while work is in flight, for
// the progress bars); for a few frames after input or a result it polls, so
// ImGui settles its hover and active states; a headless run is paced like a
// windowed explorer under vsync (--headless-fps), so it leaves the renders
// the CPU a real session leaves them.
#pragma once

#include <chrono>
#include <optional>

namespace stylemix::gui {

class FramePacer {
public:
    FramePacer(bool headless, int headless_fps) : headless_(headless), headless_fps_(headless_fps) {}
    // Waits for the next frame's events. `busy`: work in flight; `drawn`: the
    // last frame was drawn (its swap already waited for vsync).
    void wait(bool busy, bool drawn);
    // Draw at least the next `frames` frames without sleeping.
    void keepBusy(int frames) { busy_frames_ = busy_frames_ > frames ? busy_frames_ : frames; }
    // Wake for a frame within `seconds` even without events (playback at its
    // fps): the next wait ends by then; the soonest of several asks wins.
    void wakeWithin(double seconds);

private:
    using Clock = std::chrono::steady_clock;
    const bool headless_;
    const int headless_fps_;
    int busy_frames_ = 0;
    Clock::time_point last_frame_start_{};
    std::optional<Clock::time_point> wake_at_;   // wakeWithin's deadline for the next wait
};

}  // namespace stylemix::gui
