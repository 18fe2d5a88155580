// The explorer application object: owns the window, the ImGui context, the
// render worker, every panel's state and the GL resources.
//
// Threading contract: everything here runs on the thread that called run()
// (the UI thread), which owns the GL context. The render worker runs the
// model on its own thread; it only ever calls glfwPostEmptyEvent() to wake the
// UI. Exports run on std::async threads and touch no App state.
//
// Each frame: drain the worker's results (dropping stale generations), draw
// the panels, rebuild the RenderRequest from their state and submit it when it
// differs from the last one, render the canvases with our shaders, then ImGui.
#pragma once

#include "gui/app_options.h"
#include "gui/edit_snapshot.h"
#include "gui/panels/export_panel.h"
#include "gui/panels/file_browser.h"
#include "gui/harness/frame_stats.h"
#include "gui/views/grid_view.h"
#include "gui/gl/image_passes.h"
#include "gui/key_queue.h"
#include "gui/panels/mixing_panel.h"
#include "gui/panels/model_panel.h"
#include "gui/views/noise_lab_view.h"
#include "gui/panels/noise_panel.h"
#include "gui/recipe_restore.h"
#include "gui/recent_models.h"
#include "gui/panels/sources_panel.h"
#include "gui/stale_dimming.h"
#include "gui/panels/status_bar.h"
#include "gui/gl/texture_store.h"
#include "gui/undo_history.h"
#include "model/core/worker_protocol.h"

#include <imgui_internal.h>   // ImRect

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

struct GLFWwindow;

namespace stylemix::gui {

class App {
public:
    // `make_worker` builds the render worker once the window exists (the
    // executable passes a PluginWorker, which loads the real RenderWorker from
    // libstylemix_worker.so; tests may pass a fake).
    App(AppOptions options, WorkerFactory make_worker);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Opens the window and runs until it closes; returns the exit status
    // (non-zero when a --screenshot run fails).
    int run();

private:
    using Clock = std::chrono::steady_clock;
    enum class Tab { Grid, Lab };

    // app.cpp: lifetime, main loop, canvases, screenshots.
    void openWindow();
    void frame();
    bool renderCanvases(const CanvasFrame& canvases);   // true when any canvas was redrawn
    void drawFrameGl();
    bool everythingVisibleRendered() const;
    void captureScreenshot();
    void onDrop(const char* path);
    void onContentScale(float scale);
    void fail(const std::string& message, int exit_code);

    // app_worker.cpp: requests and results.
    void requestLoad(const LoadRequest& request);
    void submitIfChanged();
    void drainWorker();
    void handle(WorkerResult& result);
    void onModelLoaded(const std::shared_ptr<const ModelFacts>& facts);
    void applyMix(const MixResult& mix, bool complete);
    void showError(const std::string& message, const std::string& restore_path = {});
    // A path from a drop, the browser or the recent list: a recipe (StyleMix
    // PNG or JSON) restores the state it holds, anything else loads as a model.
    void openPath(const std::string& path);
    void restoreFrom(const std::string& path);
    void applyPendingRestore();
    void applyPaperFig3();   // the paper's Fig. 3 seeds and bands on the loaded model
    float tileDim(const ImageKey& key) const;
    bool mixInFlight() const;
    bool labInFlight() const;
    ExportSources exportSources() const;
    void uploadDifferences();   // the lab's "difference from the mean x N" textures
    // A lab result on screen; `partial`: the request's map so far (it refines as K grows).
    void showLab(NoiseLabResult&& lab, bool partial);

    // app_ui.cpp: layout.
    void drawUi(CanvasFrame& canvases);
    void drawMenuBar();
    void drawSidebar();
    ImRect drawSidebarSplitter(float height);
    static void paintWindowGaps(const ImRect& window, const ImRect& sidebar, const ImRect& main_area);
    StatusInfo statusInfo() const;
    void rememberBrowserFolder();
    void drawMainArea(CanvasFrame& canvases);
    std::string tileSaveBlocked() const;            // app_ui.cpp: why a tile cannot be saved now
    void applyTileAction(const TileAction& action);   // app_ui.cpp: a grid tile's menu entry
    void drawErrorDialog();
    void openModelBrowser();
    void handleShortcuts();

    // app_edit.cpp: undo / redo of every setting that changes what is shown.
    void trackEdits();   // once a frame, after the panels
    void undoEdit();
    void redoEdit();
    void drawEditMenu();

    AppOptions options_;
    GLFWwindow* window_ = nullptr;
    bool imgui_ready_ = false;
    std::string ini_path_;
    float content_scale_ = 1.f;
    bool rebuild_fonts_ = false;
    int busy_frames_ = 0;   // frames to draw without waiting for events
    // The last frame's signature (frame_signature.h); a frame equal to the one
    // on screen is not drawn or swapped. `force_draw_` (window refresh, font
    // rebuild, the first frame) draws the next one regardless.
    std::optional<std::uint64_t> shown_signature_;
    bool frame_drawn_ = true;
    bool force_draw_ = true;
    KeyEventQueue keys_;    // GLFW key events not yet handed to ImGui (see key_queue.h)
    std::vector<KeyEvent> frame_keys_;   // this frame's events (shortcuts read their modifiers)

    // Panels.
    ModelPanelState model_panel_;
    SourcesState sources_;
    MixingState mixing_;
    NoiseState noise_;
    LabState lab_;
    GridViewState grid_view_;
    ExportState export_;
    FileBrowserState browser_;
    RecentModels recent_;
    UndoHistory<EditSnapshot> edits_;
    std::shared_ptr<const ModelFacts> edits_model_;   // the model edits_ belongs to (a new one resets it)
    Tab tab_ = Tab::Grid;
    std::optional<Tab> switch_tab_;
    bool open_model_section_ = false;
    float sidebar_w_ = 0;       // 0 = not laid out yet
    bool sidebar_open_ = true;

    // The model and what is on screen.
    std::shared_ptr<const ModelFacts> facts_;
    bool loading_ = false;
    std::uint64_t load_generation_ = 0;
    std::string loading_path_;
    MixRequest grid_request_;                 // what the grid labels describe (the desired one)
    std::optional<MixRequest> mix_done_;      // request whose complete grid is on screen
    MixResult mix_complete_;                  // the last complete grid, for export...
    MixRequest mix_complete_request_;         // ...and the request that made it
    std::optional<NoiseLabRequest> lab_done_;
    NoiseLabResult lab_result_;
    bool lab_partial_ = false;                // lab_result_ is a lab request's map so far...
    std::uint64_t lab_partial_generation_ = 0;   // ...of this generation's request
    NoiseLabResult lab_complete_;             // the last complete lab result, for export (with lab_done_)
    std::optional<SplitRequest> split_done_;
    int uploaded_difference_gain_ = 0;                // N of the LabDifference textures
    std::optional<NoiseLabRequest> cancelled_lab_;    // the lab request the user cancelled (old map kept)
    std::set<ImageKey> fresh_tiles_;          // grid tiles already replaced for the request in flight
    // The request each grid tile's pixels were rendered for (tileDim dims only
    // tiles the request in flight will change).
    std::map<ImageKey, std::shared_ptr<const MixRequest>> tile_requests_;
    std::shared_ptr<const MixRequest> submitted_mix_;
    StaleDimming dimming_;   // when tiles the request in flight changes dim
    std::optional<StageTimings> grid_timings_;
    double grid_wall_ms_ = 0;
    std::optional<double> lab_ms_, split_ms_;

    // Requests.
    std::optional<RenderRequest> last_desired_;
    RenderRequest submitted_;
    std::uint64_t submitted_generation_ = 0;
    std::string last_error_;
    struct ErrorEntry {
        std::string text;
        std::string restore_path;   // a recipe the dialog offers to restore
    };
    std::deque<ErrorEntry> errors_;
    std::optional<Recipe> pending_restore_;   // waits for its model to load
    std::string pending_restore_name_;

    // Headless runs (--screenshot, --export).
    bool headless() const { return !options_.screenshot.empty() || !options_.export_path.empty(); }
    void headlessStep();
    void sweepStep();          // --sweep: the next crossover step, when due
    bool sweepFinished() const { return sweep_steps_ >= options_.sweep; }
    void writeFrameStats();
    int sweep_steps_ = 0;
    Clock::time_point last_sweep_{};
    // Per sweep step: ms from the step to the first changed cell's upload
    // (drawn in that same frame), kept in session_; the startup timeline too.
    bool awaiting_first_cell_ = false;
    SessionStats session_;
    // --soak: a scripted session of the explorer's own actions (gui/app_soak.cpp).
    void soakStep();
    bool soakFinished() const;
    Clock::time_point soak_started_{}, soak_next_action_{}, soak_next_sample_{};
    bool soak_running_ = false;
    std::uint64_t soak_rng_ = 0x50A4u;
    bool export_started_ = false;
    Clock::time_point started_at_{};
    Clock::time_point last_frame_start_{};   // headless pacing (--headless-fps)
    int ready_frames_ = 0;
    int exit_code_ = 0;
    bool quit_ = false;

    // UI frame times (status bar; all of them with --frame-stats).
    FrameStats frame_stats_;

    // GL resources (destroyed before the window); the worker goes first of all.
    TextureStore textures_;
    ImagePasses passes_;
    std::map<CanvasId, RenderTarget> canvas_targets_;
    WorkerFactory make_worker_;
    std::unique_ptr<WorkerClient> worker_;
};

}  // namespace stylemix::gui
