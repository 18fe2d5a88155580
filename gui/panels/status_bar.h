// Status bar: device, worker state and progress, the last render's time per
// stage and throughput, the UI's own frame time, and the latest export outcome.
#pragma once

#include "gui/harness/frame_stats.h"
#include "model/core/render_types.h"
#include "model/core/worker_protocol.h"

#include <optional>
#include <string>

namespace stylemix::gui {

struct StatusInfo {
    const ModelFacts* facts = nullptr;
    WorkerState worker = WorkerState::Idle;
    float progress = 0.f;
    std::optional<StageTimings> grid;     // last complete grid
    double grid_wall_ms = 0;
    std::optional<double> lab_ms;         // last noise-lab result (K renders)
    int lab_samples = 0;
    std::optional<double> split_ms;
    std::string message;                  // e.g. "saved grid.png"
    bool message_is_error = false;
    FrameTimeSummary ui_frames;           // the UI's own recent frame times
};

// "12.5 cells/s" from the timings, or "" when nothing was rendered.
std::string cellsPerSecond(const StageTimings& t);

// "grid 120 ms (mapping 3, sources 40, cells 77)", or "grid from cache" when
// nothing was synthesised (every tile came from the engine's caches).
std::string gridTimingText(const StageTimings& t);

// Draws the bar; the items wrap onto a second line when the window is narrow,
// and the export message always gets a line of its own when it does not fit.
void drawStatusBar(const StatusInfo& info);
// The height drawStatusBar will take at `width` (for the layout above it).
float statusBarHeight(const StatusInfo& info, float width);

}  // namespace stylemix::gui
