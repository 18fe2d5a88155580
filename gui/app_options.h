// Command line of stylemix-gui. Parsing is separate from the app so tests can
// check it without a window.
#pragma once

#include "gui/panels/export_panel.h"
#include "gui/views/lab/noise_lab_view.h"
#include "model/core/animation_spec.h"
#include "model/core/render_types.h"

#include <optional>
#include <string>

namespace stylemix::gui {

struct AppOptions {
    std::string model;                     // opened at start-up
    DeviceChoice device = DeviceChoice::Auto;
    PrecisionChoice precision = PrecisionChoice::FP32;
    std::optional<std::string> rows, cols;   // SPECs
    std::optional<std::vector<int>> styles;   // initial crossover: any set of ws indices
    bool paper_fig3 = false;               // the paper's Fig. 3 seeds and bands (paperFig3Request)
    bool paper_layout = false;             // per-row bands in the paper's proportions over the rows
    std::optional<double> psi;
    std::optional<NoiseMode> noise;
    std::optional<LabSelection> lab;       // open this tile in the noise lab
    bool start_in_lab = false;
    std::optional<int> samples;            // K for the noise lab
    bool lab_by_layer = false;             // the noise lab's "By layer" display (with --lab)
    std::optional<int> strip;              // open the interpolation strip under the grid with this many frames
    std::optional<InterpolationSpace> strip_space;
    std::optional<AnimationKind> motion;   // open the Motion tab on this kind (the selected tile: --lab, else cell 0,0)
    std::optional<int> motion_frames;
    std::string export_motion;             // headless: export the --motion animation here (WebP / GIF), then exit
    std::optional<LabSelection> layers;    // open this tile in the Layers view (it becomes the lab's selection)
    std::optional<LabSelection> influence; // open this cell in the Influence view (it becomes the lab's selection)
    std::string layer;                     // the Layers view's layer (empty: the last, as NVIDIA's visualizer)
    std::string restore;                   // a StyleMix PNG / recipe JSON to restore at start-up (as a drop does)
    int width = 1280, height = 800;
    // Headless runs: save a screenshot once everything visible has rendered.
    std::string screenshot;
    int frames = 3;                        // frames to draw after that before the capture
    double timeout_s = 180;
    // Headless export: once everything visible has rendered, export this
    // figure ("grid", "lab" or "stddev") to export_path, then exit (after the
    // screenshot, if one was asked for too).
    std::string export_path;
    ExportKind export_kind = ExportKind::Grid;
    // Responsiveness runs: after the first grid is on screen, move the
    // crossover `sweep` times, one step every sweep_interval_ms (as a slider
    // drag does), then finish as usual; --frame-stats writes the UI's frame
    // times (worker busy vs idle) and texture traffic as JSON at exit.
    // Nice steps the render threads run below the UI thread (0..19).
    int render_nice = 5;
    int sweep = 0;
    int sweep_interval_ms = 100;
    // Headless runs draw at most this many frames per second, as a windowed
    // explorer does under vsync (0 = as fast as they can, the old behaviour).
    int headless_fps = 60;
    // Memory runs: a scripted session of this many seconds once the first grid is on screen
    // (crossover drags, resamples, new seeds, lab runs, split view; gui/harness/soak_script.cpp), with
    // the resident size sampled each second into --frame-stats.
    int soak_s = 0;
    // The engine's cache budget (MiB): the one number that bounds what the explorer keeps.
    int cache_mib = 256;
    std::string frame_stats;
    // Settings files: ImGui's layout (.ini) and the recent-models list.
    std::string ini;                       // empty = <config dir>/imgui.ini
    bool no_ini = false;
    std::string config_dir;                // empty = defaultConfigDir()
};

// Parses argv; `default_model` is used when no MODEL is given. Throws
// std::invalid_argument naming the option at fault. On --help, prints the
// usage and sets *exit_now.
// The panels' start-up state the options ask for (--rows, --cols, --styles,
// --psi, --noise, --lab, --layers, --influence, --samples, --strip, --strip-space); throws naming a bad SPEC.
struct Panels;
void applyStartupOptions(const AppOptions& options, Panels& panels);

AppOptions parseAppOptions(int argc, const char* const* argv, const std::string& default_model, bool* exit_now);

}  // namespace stylemix::gui
