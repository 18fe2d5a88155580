#include "gui/app.h"

#include "gui/widgets/fonts.h"
#include "gui/gl/frame_signature.h"
#include "gui/harness/process_stats.h"
#include "gui/request_builder.h"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "model/io/atomic_file.h"

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace stylemix::gui {

App::App(AppOptions options, WorkerFactory make_worker)
    : options_(std::move(options)), frame_stats_(!options_.frame_stats.empty()), make_worker_(std::move(make_worker)) {
    session_.startup.main_ms = msSinceProcessStart();
    const std::string config_dir = options_.config_dir.empty() ? defaultConfigDir() : options_.config_dir;
    recent_ = RecentModels(config_dir.empty() ? std::string() : config_dir + "/recent_models.json");
    recent_.load();
    if (!options_.no_ini)
        ini_path_ = !options_.ini.empty() ? options_.ini : config_dir.empty() ? std::string() : config_dir + "/imgui.ini";

    // Start-up state from the command line.
    model_panel_.path = options_.model;
    model_panel_.device = options_.device;
    model_panel_.precision = options_.precision;
    if (options_.rows && !setSpec(sources_.rows, *options_.rows).empty())
        throw std::invalid_argument("--rows " + *options_.rows + ": " + sources_.rows.error);
    if (options_.cols && !setSpec(sources_.cols, *options_.cols).empty())
        throw std::invalid_argument("--cols " + *options_.cols + ": " + sources_.cols.error);
    sources_.rows.syncSpec();   // the SPEC fields show the start-up seeds
    sources_.cols.syncSpec();
    if (options_.styles) mixing_.styles = *options_.styles;
    if (options_.psi) sources_.psi = *options_.psi;
    if (options_.noise) noise_.mode = *options_.noise;
    if (options_.lab) lab_.selection = *options_.lab;
    if (options_.samples) lab_.samples = *options_.samples;
    if (options_.start_in_lab) tab_ = *(switch_tab_ = Tab::Lab);
}

App::~App() {
    worker_.reset();   // joins the model thread; nothing calls glfwPostEmptyEvent after this
    textures_.clear();
    canvas_targets_.clear();
    passes_ = ImagePasses{};
    if (imgui_ready_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (window_) glfwDestroyWindow(window_);
    glfwTerminate();
}

void App::openWindow() {
    glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "GLFW error %d: %s\n", code, text); });
    if (!glfwInit()) throw std::runtime_error("cannot initialise GLFW (is there a display? use xvfb-run for headless runs)");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    window_ = glfwCreateWindow(options_.width, options_.height, "StyleMix", nullptr, nullptr);
    if (!window_) throw std::runtime_error("cannot create a window with an OpenGL 3.3 core context");
    glfwMakeContextCurrent(window_);
    if (!gladLoadGL(glfwGetProcAddress)) throw std::runtime_error("cannot load OpenGL 3.3 functions");
    glfwSwapInterval(headless() ? 0 : 1);

    glfwSetWindowUserPointer(window_, this);
    glfwSetDropCallback(window_, [](GLFWwindow* w, int count, const char** paths) {
        if (count > 0) static_cast<App*>(glfwGetWindowUserPointer(w))->onDrop(paths[0]);
    });
    glfwSetWindowRefreshCallback(window_, [](GLFWwindow* w) {   // exposed or resized: its pixels are gone
        static_cast<App*>(glfwGetWindowUserPointer(w))->force_draw_ = true;
    });
    glfwSetWindowContentScaleCallback(window_, [](GLFWwindow* w, float x, float) {
        static_cast<App*>(glfwGetWindowUserPointer(w))->onContentScale(x);
    });
    float sx = 1.f, sy = 1.f;
    glfwGetWindowContentScale(window_, &sx, &sy);
    content_scale_ = sx > 0 ? sx : 1.f;

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = ini_path_.empty() ? nullptr : ini_path_.c_str();
    if (!ini_path_.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(ini_path_).parent_path(), ec);
    }
    setupFontsAndStyle(content_scale_);
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    // Replaces the backend's key callback: keys are queued and handed to the
    // backend's callback frame by frame (frame()), so no tap is lost.
    glfwSetKeyCallback(window_, [](GLFWwindow* w, int key, int scancode, int action, int mods) {
        static_cast<App*>(glfwGetWindowUserPointer(w))->keys_.push({key, scancode, action, mods});
    });
    ImGui_ImplOpenGL3_Init("#version 330 core");
    imgui_ready_ = true;
    passes_.init();
}

int App::run() {
    openWindow();
    // The renders run a few nice steps below the UI thread, so the UI keeps
    // its frame rate while the worker fills the other cores.
    worker_ = make_worker_([] { glfwPostEmptyEvent(); }, options_.render_nice);
    started_at_ = Clock::now();
    requestLoad(LoadRequest{options_.model, options_.device, options_.precision});
    if (!options_.restore.empty()) openPath(options_.restore);   // the same path as a drop

    while (!quit_ && !glfwWindowShouldClose(window_)) {
        const bool busy = loading_ || mixInFlight() || labInFlight() || !export_.jobs.empty();
        if (headless() && options_.headless_fps > 0) {
            // Paced like a windowed explorer under vsync: no faster than headless_fps, so
            // a headless run leaves the renders the CPU a real session leaves them.
            const auto period = std::chrono::duration<double>(1.0 / options_.headless_fps);
            const double wait_s = std::chrono::duration<double>(last_frame_start_ + period - Clock::now()).count();
            if (wait_s > 0) glfwWaitEventsTimeout(wait_s);
            else glfwPollEvents();
            last_frame_start_ = Clock::now();
        } else if (headless() || busy_frames_ > 0) {
            // A drawn frame waited for vsync in its swap; an undrawn one did not, so wait here.
            if (frame_drawn_ || headless()) glfwPollEvents();
            else glfwWaitEventsTimeout(1.0 / 60.0);
            busy_frames_ = std::max(busy_frames_ - 1, 0);
        } else {
            // Idle: sleep until input or a worker wake-up; tick while busy for the progress bars.
            glfwWaitEventsTimeout(busy ? 1.0 / 30.0 : 0.5);
        }
        // A frame's time is its own work, without the event wait before it.
        // Headless runs swap with interval 0, so the swap (llvmpipe's
        // rasterisation under Xvfb) counts; a windowed frame's clock stops
        // before the swap, which waits for vsync.
        const bool worker_busy = loading_ || mixInFlight() || labInFlight();
        const Clock::time_point start = Clock::now();
        const auto elapsed_ms = [start] { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); };
        frame();
        double frame_ms = elapsed_ms();
        if (frame_drawn_) glfwSwapBuffers(window_);
        if (session_.startup.window_ms < 0) {
            session_.startup.window_ms = msSinceProcessStart();
            worker_->uiShown();   // a worker loading LibTorch starts now (see WorkerClient::uiShown)
        }
        if (headless()) frame_ms = elapsed_ms();
        if (frame_drawn_) frame_stats_.add(frame_ms, worker_busy);   // the cost of frames that drew
    }
    writeFrameStats();
    return exit_code_;
}

void App::writeFrameStats() {
    session_.crossover_changes = sweep_steps_;
    if (options_.frame_stats.empty()) return;
    const FrameTimeSummary busy = frame_stats_.summary(true);
    std::printf("frame times while rendering: %zu frames, median %.1f ms, p95 %.1f ms, max %.1f ms\n", busy.frames,
                busy.median_ms, busy.p95_ms, busy.max_ms);
    try {
        writeFileAtomic(options_.frame_stats, frameStatsJson(frame_stats_, textures_.traffic(), session_));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "stylemix-gui: --frame-stats: %s\n", e.what());
    }
}

void App::frame() {
    if (rebuild_fonts_) {
        rebuild_fonts_ = false;
        force_draw_ = true;
        setupFontsAndStyle(content_scale_);
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    drainWorker();
    pollExports(export_);
    // --sweep moves the crossover where a hand's drag would: before this
    // frame's panels, so the frame submits the step's request, as a drag's does.
    if (headless()) sweepStep();

    frame_keys_ = keys_.takeFrame();
    for (const KeyEvent& e : frame_keys_) ImGui_ImplGlfw_KeyCallback(window_, e.key, e.scancode, e.action, e.mods);
    if (!keys_.empty()) busy_frames_ = std::max(busy_frames_, 2);   // the rest go out next frame
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // Headless captures ignore the pointer (Xvfb parks it mid-screen, where it
    // would hover a tile and raise a tooltip).
    if (headless()) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 || ImGui::IsAnyMouseDown() ||
        !io.InputQueueCharacters.empty() || ImGui::IsAnyItemActive())
        busy_frames_ = 3;   // let ImGui settle hover/active states after input

    CanvasFrame canvases;
    canvases.texture = [this](CanvasId id) {
        RenderTarget& target = canvas_targets_[id];
        target.ensureCreated();
        return static_cast<ImTextureID>(target.texture().imguiId());
    };
    canvases.has_image = [this](const ImageKey& key) { return textures_.has(key); };
    canvases.image_size = [this](const ImageKey& key) {
        const Texture* t = textures_.get(key);
        return t ? ImVec2(static_cast<float>(t->width()), static_cast<float>(t->height())) : ImVec2(0, 0);
    };
    if (facts_) grid_request_ = buildMixRequest(PanelStates{sources_, mixing_, noise_, lab_}, *facts_);
    drawUi(canvases);
    trackEdits();
    submitIfChanged();
    ImGui::Render();

    const bool canvases_changed = renderCanvases(canvases);
    // A frame equal to the one on screen is neither drawn nor swapped.
    const std::optional<std::uint64_t> signature = frameSignature(*ImGui::GetDrawData(), textures_.version());
    frame_drawn_ = force_draw_ || canvases_changed || !signature || signature != shown_signature_;
    shown_signature_ = signature;
    force_draw_ = false;
    if (frame_drawn_) drawFrameGl();
    else ++session_.frames_unchanged;

    if (headless()) headlessStep();
}

// This frame's ImGui draw data onto the default framebuffer's back buffer.
void App::drawFrameGl() {
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window_, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_ChildBg];   // the panels' background (drawUi)
    glClearColor(bg.x, bg.y, bg.z, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void App::sweepStep() {
    if (sweepFinished() || !facts_ || (sweep_steps_ == 0 && !mix_done_)) return;   // starts on a complete grid
    const Clock::time_point now = Clock::now();
    if (sweep_steps_ > 0 && now - last_sweep_ < std::chrono::milliseconds(options_.sweep_interval_ms)) return;
    // Drag the range's start handle over 0, 1, ..., num_ws - 2 and back.
    const int span = std::max(facts_->num_ws - 1, 1);
    const int period = std::max(2 * span - 2, 1);
    const int pos = sweep_steps_ % period;
    mixing_.per_row = false;
    mixing_.styles = rangeStyles(WsRange{pos < span ? pos : period - pos, facts_->num_ws});
    ++sweep_steps_;
    last_sweep_ = now;
    awaiting_first_cell_ = true;   // a step before the last one's cells came: that one is not counted
}

void App::headlessStep() {
    const double elapsed = std::chrono::duration<double>(Clock::now() - started_at_).count();
    soakStep();
    const bool rendered = everythingVisibleRendered() && sweepFinished() && soakFinished();
    if (rendered && !options_.export_path.empty() && !export_started_) {
        export_started_ = true;
        export_.kind = options_.export_kind;
        export_.path = options_.export_path;
        if (!canExport(export_.kind, exportSources())) {
            fail(std::string("--export: nothing to export as ") + exportKindName(export_.kind) +
                     (export_.kind == ExportKind::Grid ? "" : " (open a tile with --lab)"),
                 1);
            return;
        }
        startExport(export_, exportSources());
    }
    const bool exported = options_.export_path.empty() || (export_started_ && export_.jobs.empty());
    if (export_started_ && export_.jobs.empty() && export_.message_is_error) {
        fail(export_.message, 1);
        return;
    }
    ready_frames_ = rendered && exported ? ready_frames_ + 1 : 0;
    if (ready_frames_ >= options_.frames) {
        if (!options_.screenshot.empty()) captureScreenshot();
        if (!export_.message.empty()) std::printf("%s\n", export_.message.c_str());
        quit_ = true;
    } else if (elapsed > options_.timeout_s) {
        fail("timed out after " + std::to_string(static_cast<int>(elapsed)) + " s waiting for the render", 1);
    }
}

bool App::renderCanvases(const CanvasFrame& canvases) {
    const float scale = ImGui::GetIO().DisplayFramebufferScale.x > 0 ? ImGui::GetIO().DisplayFramebufferScale.x : 1.f;
    bool drew = false;
    for (const CanvasJob& job : canvases.jobs) drew = passes_.run(job, canvas_targets_[job.id], textures_, scale) || drew;
    return drew;
}

bool App::everythingVisibleRendered() const {
    if (!facts_ || loading_ || !last_desired_ || !errors_.empty()) return false;
    const RenderRequest& want = *last_desired_;
    if (want.mix && !(mix_done_ == want.mix)) return false;
    if (want.lab && !(lab_done_ == want.lab)) return false;
    if (want.split && !(split_done_ == want.split)) return false;
    return true;
}

void App::captureScreenshot() {
    if (!frame_drawn_) {   // the back buffer of an undrawn frame holds nothing defined
        drawFrameGl();
        frame_drawn_ = true;
    }
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
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
    char rect[96];
    std::snprintf(rect, sizeof rect, "%d %d %d %d", static_cast<int>(grid_view_.canvas_min.x * s),
                  static_cast<int>(grid_view_.canvas_min.y * s),
                  static_cast<int>((grid_view_.canvas_max.x - grid_view_.canvas_min.x) * s),
                  static_cast<int>((grid_view_.canvas_max.y - grid_view_.canvas_min.y) * s));
    const GridLayout& g = grid_view_.layout;
    char layout[96];
    std::snprintf(layout, sizeof layout, "%d %d %d %d %d", g.rows, g.cols, static_cast<int>(g.tile * s),
                  static_cast<int>(g.gap * s), static_cast<int>(g.header_gap * s));
    try {
        writePng(options_.screenshot, shot,
                 {{"stylemix-grid-rect", rect}, {"stylemix-grid-layout", layout},
                  {"stylemix-tab", tab_ == Tab::Grid ? "grid" : "lab"}});
        std::printf("screenshot %s (%dx%d), grid at %s\n", options_.screenshot.c_str(), w, h, rect);
    } catch (const std::exception& e) {
        fail(std::string("cannot save the screenshot: ") + e.what(), 1);
    }
}

void App::fail(const std::string& message, int exit_code) {
    std::fprintf(stderr, "stylemix-gui: %s\n", message.c_str());
    exit_code_ = exit_code;
    quit_ = true;
}

void App::onDrop(const char* path) { openPath(path); }

void App::onContentScale(float scale) {
    if (scale > 0 && scale != content_scale_) {
        content_scale_ = scale;
        rebuild_fonts_ = true;
    }
}

}  // namespace stylemix::gui
