// UI frame times, kept apart for frames drawn while the render worker was busy
// (loading or rendering) and while it was idle, so "does the explorer stay
// responsive while it renders" is a number. Pure bookkeeping: no GL, no clock.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <vector>

namespace stylemix::gui {

struct FrameTimeSummary {
    std::size_t frames = 0;
    double median_ms = 0, p95_ms = 0, max_ms = 0;
};

// Median / 95th percentile (nearest rank) / maximum of `ms`; zeros when empty.
FrameTimeSummary summarise(std::vector<double> ms);

class FrameStats {
public:
    // `keep_all`: keep every frame for summary() (a --frame-stats run);
    // otherwise only the recent window the status bar shows.
    explicit FrameStats(bool keep_all = false) : keep_all_(keep_all) {}

    void add(double ms, bool worker_busy);
    FrameTimeSummary summary(bool worker_busy) const;
    // Over the last kRecent frames, whatever the worker did.
    FrameTimeSummary recent() const;

    static constexpr std::size_t kRecent = 120;

private:
    bool keep_all_;
    std::vector<double> busy_, idle_;
    std::deque<double> recent_;
};

// Texture traffic of the UI: how often a tile's storage was (re)allocated
// with glTexImage2D versus refreshed in place with glTexSubImage2D.
struct TextureTraffic {
    std::size_t allocations = 0;
    std::size_t updates = 0;
};

// A launch, in ms since the process started (-1 = has not happened).
struct StartupTimes {
    double main_ms = -1;          // main() entered: the dynamic loader and LibTorch's initialisers are done
    double window_ms = -1;        // first frame on screen
    double model_loaded_ms = -1;
    double first_tile_ms = -1;    // first grid tile uploaded (drawn in that frame)
    double full_grid_ms = -1;     // the whole first grid
};

// Resident memory over a scripted session (--soak).
struct MemoryTrace {
    std::vector<std::pair<double, double>> rss_mib;   // (seconds since the script started, MiB)
    double peak_mib = -1;                             // VmHWM at the end
    int actions = 0;
};

// What a headless run measured besides frame times.
struct SessionStats {
    int crossover_changes = 0;
    int frames_unchanged = 0;                 // frames equal to the one on screen: not drawn (frame_signature.h)
    std::vector<double> step_first_cell_ms;   // per --sweep step: the step to its first changed cell
    std::vector<int> step_first_cell_step;    // which step each of those was (steps superseded first have none)
    StartupTimes startup;
    MemoryTrace memory;
};

// The JSON written by `stylemix-gui --frame-stats FILE`.
std::string frameStatsJson(const FrameStats& stats, const TextureTraffic& textures, const SessionStats& session);

}  // namespace stylemix::gui
