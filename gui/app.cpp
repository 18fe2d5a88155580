#include "gui/app.h"

#include "gui/gl/frame_signature.h"
#include "gui/harness/process_stats.h"
#include "gui/views/grid/grid_tab.h"
#include "gui/views/lab/lab_tab.h"
#include "gui/views/influence/influence_tab.h"
#include "gui/views/layers/layers_tab.h"
#include "gui/views/motion/motion_tab.h"
#include "gui/views/view_registry.h"
#include "model/core/text_escape.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace stylemix::gui {

App::App(AppOptions options, WorkerFactory make_worker)
    : options_(std::move(options)), harness_(options_), pacer_(harness_.headless(), options_.headless_fps),
      frame_stats_(!options_.frame_stats.empty()), make_worker_(std::move(make_worker)), host_(makeViews()) {
    const std::string config_dir = options_.config_dir.empty() ? defaultConfigDir() : options_.config_dir;
    if (!options_.no_ini)
        ini_path_ = !options_.ini.empty() ? options_.ini : config_dir.empty() ? std::string() : config_dir + "/imgui.ini";
    applyStartupOptions(options_, panels_);
    tabs_.visible = options_.start_in_lab ? LabTab::kId : options_.layers ? LayersTab::kId : GridTab::kId;
    if (options_.start_in_lab || options_.layers) tabs_.switch_to = tabs_.visible;
    if (LayersTab* layers = host_.find<LayersTab>()) layers->state().layer = options_.layer;
    if (options_.lab_by_layer) {   // --lab-by-layer: the lab's By layer display, K = --samples per layer
        LabTab* lab = host_.find<LabTab>();
        lab->showByLayer(true);
        if (options_.samples) lab->byLayer().samples = *options_.samples;
    }
    if (options_.influence) tabs_.switch_to = InfluenceTab::kId;
    if (options_.motion) {   // --motion: the Motion tab on that kind
        MotionState& motion = host_.find<MotionTab>()->state();
        motion.kind = *options_.motion;
        if (options_.motion_frames) motion.frames = *options_.motion_frames;
        tabs_.switch_to = MotionTab::kId;
    }
}

App::~App() = default;   // members go in reverse: the worker first, then the GL resources, then the window

void App::openWindow() {
    WindowCallbacks callbacks;
    callbacks.drop = [this](const char* path) { dropped(path); };
    callbacks.refresh = [this] { force_draw_ = true; };
    callbacks.content_scale = [this](float scale) {
        if (scale > 0 && scale != window_->contentScale()) {
            pending_scale_ = scale;
            rebuild_fonts_ = true;
        }
    };
    window_ = std::make_unique<MainWindow>(options_.width, options_.height, !harness_.headless(), ini_path_,
                                           std::move(callbacks));
    canvases_.init();
}

int App::run() {
    openWindow();
    // The renders run a few nice steps below the UI thread, so the UI keeps
    // its frame rate while the worker fills the other cores.
    host_.attach(make_worker_([] { glfwPostEmptyEvent(); }, options_.render_nice));
    SessionOutlets outlets;
    outlets.error = [this](ErrorEntry e) { showError(std::move(e)); };
    outlets.show_view = [this](const std::string& id) { showView(id); };
    outlets.title = [this](const std::string& title) { window_->setTitle(title); };
    session_ = std::make_unique<ModelSession>(options_, host_, panels_, export_, textures_, std::move(outlets));
    session_->load(options_.model);
    if (!options_.restore.empty()) session_->open(options_.restore);   // the same path as a drop

    while (!quit_ && !window_->shouldClose()) {
        pacer_.wait(host_.loading() || host_.inFlight() || !export_.jobs.empty(), frame_drawn_);
        // A frame's time is its own work, without the event wait before it.
        // Headless runs swap with interval 0, so the swap (llvmpipe's
        // rasterisation under Xvfb) counts; a windowed frame's clock stops
        // before the swap, which waits for vsync.
        const bool worker_busy = host_.loading() || host_.inFlight();
        const auto start = std::chrono::steady_clock::now();
        const auto elapsed_ms = [start] { return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(); };
        frame();
        double frame_ms = elapsed_ms();
        if (frame_drawn_) glfwSwapBuffers(window_->handle());
        if (harness_.session().startup.window_ms < 0) {
            harness_.session().startup.window_ms = msSinceProcessStart();
            host_.worker().uiShown();   // a worker loading LibTorch starts now (see WorkerClient::uiShown)
        }
        if (harness_.headless()) frame_ms = elapsed_ms();
        if (frame_drawn_) frame_stats_.add(frame_ms, worker_busy);   // the cost of frames that drew
    }
    harness_.finish(frame_stats_, textures_.traffic());
    return exit_code_;
}

void App::frame() {
    if (std::exchange(rebuild_fonts_, false)) {
        force_draw_ = true;
        window_->rebuildFonts(pending_scale_);
    }
    const int results = host_.drain(
        textures_, [this](WorkerResult& r) { session_->loaded(r); },
        [this](const std::string& error) { showError({"Rendering failed:\n" + escapeControlChars(error), {}}); });
    if (results > 0) pacer_.keepBusy(2);
    pollExports(export_);
    harness_.beforePanels(*this);
    newImGuiFrame();

    CanvasFrame canvases = canvases_.frame(textures_);
    drawUi(canvases);
    edits_.track(panels_, session_->facts(), ImGui::IsAnyItemActive() || ImGui::IsAnyMouseDown());
    host_.update(host_.tabViews(tabs_.visible), panels_, facts());
    ImGui::Render();

    const float pixel_scale = ImGui::GetIO().DisplayFramebufferScale.x > 0 ? ImGui::GetIO().DisplayFramebufferScale.x : 1.f;
    const bool canvases_changed = canvases_.render(canvases, textures_, pixel_scale);
    // A frame equal to the one on screen is neither drawn nor swapped.
    const std::optional<std::uint64_t> signature = frameSignature(*ImGui::GetDrawData(), textures_.version());
    frame_drawn_ = force_draw_ || canvases_changed || !signature || signature != shown_signature_;
    shown_signature_ = signature;
    force_draw_ = false;
    if (frame_drawn_) window_->drawImGui();
    else ++harness_.session().frames_unchanged;
    harness_.afterFrame(*this);
}

void App::newImGuiFrame() {
    MainWindow::FrameStart start = window_->newFrame(harness_.headless());
    frame_keys_ = std::move(start.keys);
    if (start.more_keys) pacer_.keepBusy(2);   // the rest go out next frame
    if (start.input) pacer_.keepBusy(3);       // let ImGui settle hover/active states after input
}

void App::drawIfUndrawn() {
    if (frame_drawn_) return;
    window_->drawImGui();
    frame_drawn_ = true;
}

void App::showError(ErrorEntry error) {
    if (harness_.headless()) {   // a headless run ends on its first error
        quit(2, error.text);
        return;
    }
    std::fprintf(stderr, "stylemix-gui: %s\n", error.text.c_str());
    errors_.push_back(std::move(error));
}

void App::quit(int exit_code, const std::string& message) {
    if (!message.empty()) std::fprintf(stderr, "stylemix-gui: %s\n", message.c_str());
    exit_code_ = exit_code;
    quit_ = true;
}

ExportSources App::exportSources() const {
    ExportSources s;
    s.facts = facts();
    for (const auto& view : host_.views()) view->addExportSources(s);
    s.crop = panels_.lab.crop;
    s.stddev_gain = panels_.lab.gain;
    s.difference_gain = panels_.lab.difference_gain;
    return s;
}

}  // namespace stylemix::gui
