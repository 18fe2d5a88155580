#include "gui/harness/harness.h"

#include "gui/app.h"
#include "gui/harness/process_stats.h"
#include "gui/views/grid/grid_tab.h"
#include "gui/views/motion/motion_tab.h"
#include "gui/widgets/labels.h"
#include "model/io/atomic_file.h"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace stylemix::gui {

Harness::Harness(const AppOptions& options) : options_(options) { session_.startup.main_ms = msSinceProcessStart(); }

void Harness::beforePanels(App& app) {
    recordStartup(app);
    if (headless()) sweepStep(app);
}

void Harness::recordStartup(App& app) {
    StartupTimes& t = session_.startup;
    const GridTab* grid = app.views().find<GridTab>();
    if (t.model_loaded_ms < 0 && app.facts()) t.model_loaded_ms = msSinceProcessStart();
    if (t.first_tile_ms < 0 && grid && grid->tileUploads() > 0) t.first_tile_ms = msSinceProcessStart();
    if (t.full_grid_ms < 0 && grid && grid->complete()) t.full_grid_ms = msSinceProcessStart();
    if (awaiting_first_cell_ && grid && grid->cellUploads() > cells_at_step_) {
        awaiting_first_cell_ = false;
        session_.step_first_cell_step.push_back(sweep_steps_ - 1);
        session_.step_first_cell_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - last_sweep_).count());
    }
}

void Harness::sweepStep(App& app) {
    const GridTab* grid = app.views().find<GridTab>();
    if (sweepFinished() || !app.facts() || !grid || (sweep_steps_ == 0 && !grid->complete())) return;   // starts on a complete grid
    const Clock::time_point now = Clock::now();
    if (sweep_steps_ > 0 && now - last_sweep_ < std::chrono::milliseconds(options_.sweep_interval_ms)) return;
    // Drag the range's start handle over 0, 1, ..., num_ws - 2 and back.
    const int num_ws = app.facts()->num_ws;
    const int span = std::max(num_ws - 1, 1);
    const int period = std::max(2 * span - 2, 1);
    const int pos = sweep_steps_ % period;
    MixingState& mixing = app.panels().mixing;
    mixing.per_row = false;
    mixing.styles = rangeStyles(WsRange{pos < span ? pos : period - pos, num_ws});
    ++sweep_steps_;
    last_sweep_ = now;
    awaiting_first_cell_ = true;   // a step before the last one's cells came: that one is not counted
    cells_at_step_ = grid->cellUploads();
}

void Harness::afterFrame(App& app) {
    if (!headless()) return;
    const double elapsed = std::chrono::duration<double>(Clock::now() - started_at_).count();
    soakStep(app);
    const bool rendered = app.idle() && sweepFinished() && soakFinished();
    if (rendered && !exportStep(app)) return;
    ExportState& exports = app.exports();
    const bool exported = (options_.export_path.empty() || (export_started_ && exports.jobs.empty())) &&
                          (!rendered || motionExported(app));
    ready_frames_ = rendered && exported ? ready_frames_ + 1 : 0;
    if (ready_frames_ >= options_.frames) {
        if (!options_.screenshot.empty()) captureScreenshot(app);
        if (!exports.message.empty()) std::printf("%s\n", exports.message.c_str());
        app.quit(0);
    } else if (elapsed > options_.timeout_s) {
        app.quit(1, "timed out after " + std::to_string(static_cast<int>(elapsed)) + " s waiting for the render");
    }
}

// --export: once everything is on screen, the same export the dialog starts.
bool Harness::exportStep(App& app) {
    if (options_.export_path.empty()) return true;
    ExportState& exports = app.exports();
    if (!export_started_) {
        export_started_ = true;
        exports.kind = options_.export_kind;
        exports.path = options_.export_path;
        if (!canExport(exports.kind, app.exportSources())) {
            app.quit(1, std::string("--export: nothing to export as ") + exportKindName(exports.kind) +
                            (exports.kind == ExportKind::Grid    ? ""
                             : exports.kind == ExportKind::Strip ? " (open the strip with --strip)"
                             : exports.kind == ExportKind::Layer ? " (open a tile with --layers)"
                             : exports.kind == ExportKind::Influence ? " (open a cell with --influence)"
                             : exports.kind == ExportKind::NoiseByLayer ? " (open a tile with --lab --lab-by-layer)"
                                                                 : " (open a tile with --lab)"));
            return false;
        }
        startExport(exports, app.exportSources());
    }
    if (exports.jobs.empty() && exports.message_is_error) {
        app.quit(1, exports.message);
        return false;
    }
    return true;
}

// --export-motion: the Motion tab's export (the CLI as a child process); a failure
// reaches the error dialog, which ends a headless run.
bool Harness::motionExported(App& app) {
    if (options_.export_motion.empty()) return true;
    MotionTab* motion = app.views().find<MotionTab>();
    if (!std::exchange(motion_export_started_, true)) motion->requestExport(options_.export_motion);
    return !motion->exportBusy();
}

void Harness::captureScreenshot(App& app) {
    app.drawIfUndrawn();   // the back buffer of an undrawn frame holds nothing defined
    int w = 0, h = 0;
    glfwGetFramebufferSize(app.window(), &w, &h);
    Image shot = makeImage(w, h, 3);
    std::vector<std::uint8_t> rows(shot.pixels.size());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, rows.data());
    const std::size_t stride = static_cast<std::size_t>(w) * 3;
    for (int y = 0; y < h; ++y)   // GL reads bottom-up
        std::copy_n(rows.data() + (h - 1 - y) * stride, stride, shot.pixels.data() + y * stride);

    // Tests find the grid by this chunk: "x y width height" in framebuffer pixels.
    const float s = ImGui::GetIO().DisplayFramebufferScale.x > 0 ? ImGui::GetIO().DisplayFramebufferScale.x : 1.f;
    const GridViewState& grid = app.views().find<GridTab>()->state();
    char rect[96];
    std::snprintf(rect, sizeof rect, "%d %d %d %d", static_cast<int>(grid.canvas_min.x * s),
                  static_cast<int>(grid.canvas_min.y * s), static_cast<int>((grid.canvas_max.x - grid.canvas_min.x) * s),
                  static_cast<int>((grid.canvas_max.y - grid.canvas_min.y) * s));
    const GridLayout& g = grid.layout;
    char layout[96];
    std::snprintf(layout, sizeof layout, "%d %d %d %d %d", g.rows, g.cols, static_cast<int>(g.tile * s),
                  static_cast<int>(g.gap * s), static_cast<int>(g.header_gap * s));
    try {
        writePng(options_.screenshot, shot,
                 {{"stylemix-grid-rect", rect}, {"stylemix-grid-layout", layout}, {"stylemix-tab", app.visibleView()}});
        std::printf("screenshot %s (%dx%d), grid at %s\n", options_.screenshot.c_str(), w, h, rect);
    } catch (const std::exception& e) {
        app.quit(1, std::string("cannot save the screenshot: ") + e.what());
    }
}

void Harness::finish(const FrameStats& frames, const TextureTraffic& textures) {
    session_.crossover_changes = sweep_steps_;
    if (options_.frame_stats.empty()) return;
    const FrameTimeSummary busy = frames.summary(true);
    std::printf("frame times while rendering: %zu frames, median %.1f ms, p95 %.1f ms, max %.1f ms\n", busy.frames,
                busy.median_ms, busy.p95_ms, busy.max_ms);
    try {
        writeFileAtomic(options_.frame_stats, frameStatsJson(frames, textures, session_));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "stylemix-gui: --frame-stats: %s\n", e.what());
    }
}

}  // namespace stylemix::gui
