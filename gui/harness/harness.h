// The explorer's measurement and automation runs: --screenshot, --export,
// --sweep (crossover drag steps), --soak (a scripted session) and
// --frame-stats. The harness acts on the app only through its public surface
// (App's panels(), showView(), exports(), ...), the state a user's input
// changes, and records what it measures in SessionStats. UI thread only.
#pragma once

#include "gui/app_options.h"
#include "gui/harness/frame_stats.h"

#include <chrono>
#include <cstdint>

namespace stylemix::gui {

class App;

class Harness {
public:
    explicit Harness(const AppOptions& options);

    // Any headless run (a screenshot or an export ends it): no vsync, no pointer.
    bool headless() const {
        return !options_.screenshot.empty() || !options_.export_path.empty() || !options_.export_motion.empty();
    }
    SessionStats& session() { return session_; }

    // After the worker's results are in, before the panels draw: the start-up
    // timeline, the next sweep step (where a hand's drag would change the
    // crossover, so the frame submits the step's request as a drag's does).
    void beforePanels(App& app);
    // After the frame is drawn: soak actions, the export, the capture, the end.
    void afterFrame(App& app);
    // When the app ends: --frame-stats.
    void finish(const FrameStats& frames, const TextureTraffic& textures);

private:
    using Clock = std::chrono::steady_clock;
    void recordStartup(App& app);
    void sweepStep(App& app);
    bool sweepFinished() const { return sweep_steps_ >= options_.sweep; }
    bool exportStep(App& app);   // false when the run failed
    bool motionExported(App& app);   // --export-motion: started once everything is on screen, and finished
    void captureScreenshot(App& app);
    // --soak (soak_script.cpp).
    void soakStep(App& app);
    bool soakFinished() const;
    void soakAction(App& app);

    const AppOptions& options_;
    SessionStats session_;
    Clock::time_point started_at_ = Clock::now();
    int sweep_steps_ = 0;
    Clock::time_point last_sweep_{};
    // A sweep step's first changed cell: the grid's cell uploads when the step was made.
    bool awaiting_first_cell_ = false;
    int cells_at_step_ = 0;
    Clock::time_point soak_started_{}, soak_next_action_{}, soak_next_sample_{};
    bool soak_running_ = false;
    std::uint64_t soak_rng_ = 0x50A4u;
    bool export_started_ = false;
    bool motion_export_started_ = false;
    int ready_frames_ = 0;
};

}  // namespace stylemix::gui
