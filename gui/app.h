// The explorer application: a shell around the window, the main loop, the
// sidebar panels and the worker pump. The views (gui/views/, each owning its
// round trip to the worker) and the model session (model_session.h) do the
// work; the harness (gui/harness/) drives the same public surface for
// headless runs.
//
// Threading contract: everything here runs on the thread that called run()
// (the UI thread), which owns the GL context. The render worker runs the
// model on its own thread; it only ever calls glfwPostEmptyEvent() to wake the
// UI. Exports run on std::async threads and touch no App state.
//
// Each frame: drain the worker's results into their views, draw the panels
// and the visible view, submit the visible views' jobs when they changed,
// render the canvases with our shaders, then ImGui.
#pragma once

#include "gui/app_options.h"
#include "gui/edit_tracker.h"
#include "gui/file_opener.h"
#include "gui/frame_pacer.h"
#include "gui/gl/canvas_renderer.h"
#include "gui/gl/main_window.h"
#include "gui/harness/harness.h"
#include "gui/model_session.h"
#include "gui/view_tabs.h"
#include "gui/panels/menu_bar.h"
#include "gui/widgets/sidebar_split.h"

#include <deque>
#include <memory>
#include <optional>
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

    // The surface a user's input changes, which the harness drives too.
    Panels& panels() { return panels_; }
    ExportState& exports() { return export_; }
    ExportSources exportSources() const;
    ViewHost& views() { return host_; }
    const ModelFacts* facts() const { return session_ ? session_->facts().get() : nullptr; }
    void showView(const std::string& id) { tabs_.switch_to = id; }
    const std::string& visibleView() const { return tabs_.visible; }
    // A model is loaded, the visible view's jobs are all on screen and no error waits.
    bool idle() const { return facts() && host_.upToDate() && errors_.empty(); }
    void quit(int exit_code, const std::string& message = {});
    GLFWwindow* window() const { return window_->handle(); }
    void drawIfUndrawn();   // the last frame was not drawn (equal to the one on screen): draw it

private:
    // app.cpp: the main loop and one frame.
    void openWindow();
    void frame();
    void newImGuiFrame();
    void showError(ErrorEntry error);

    // app_ui.cpp: layout.
    void drawUi(CanvasFrame& canvases);
    void handleShortcuts();
    void handleMenu(const MenuBarChoice& choice);
    void applyViewAsks(const ViewFrameAsks& asks);
    void drawSidebarPanels();
    ViewFrame viewFrame();
    StatusInfo statusInfo() const;
    void openModelBrowser();
    // A path from a drop or a browser: a W file joins `side`'s sources; anything
    // else opens as a model or a recipe (ModelSession::open).
    void openFile(const std::string& path, SourceSide side);
    void dropped(const std::string& path);   // routed by where it landed (source_drop.h)

    AppOptions options_;
    Harness harness_;
    std::string ini_path_;
    std::unique_ptr<MainWindow> window_;   // made in run(); destroyed after the GL resources below
    FramePacer pacer_;
    bool rebuild_fonts_ = false;
    float pending_scale_ = 1.f;
    // The last frame's signature (frame_signature.h); a frame equal to the one
    // on screen is not drawn or swapped. `force_draw_` (window refresh, font
    // rebuild, the first frame) draws the next one regardless.
    std::optional<std::uint64_t> shown_signature_;
    bool frame_drawn_ = true;
    bool force_draw_ = true;
    std::vector<KeyEvent> frame_keys_;   // this frame's key events (shortcuts read their modifiers)
    int exit_code_ = 0;
    bool quit_ = false;

    // Panels and dialogs.
    Panels panels_;
    ExportState export_;
    FileOpener files_;
    EditTracker edits_;
    SidebarSplit sidebar_;
    bool open_model_section_ = false;
    std::deque<ErrorEntry> errors_;
    ViewTabs tabs_;
    FrameStats frame_stats_;   // UI frame times (status bar; all of them with --frame-stats)

    // GL resources (destroyed before the window), the views and the worker.
    TextureStore textures_;
    CanvasRenderer canvases_;
    WorkerFactory make_worker_;
    ViewHost host_;
    std::unique_ptr<ModelSession> session_;   // made with the worker
};

}  // namespace stylemix::gui
