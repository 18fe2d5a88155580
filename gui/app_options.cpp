#include "gui/app_options.h"

#include "gui/panels/panels.h"

#include "model/core/seed_spec.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <map>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace stylemix::gui {

namespace {

std::vector<int> parseStyles(const std::string& text) {
    std::vector<std::uint64_t> values;
    try {
        values = parseSpec(text, "--styles", 64, 64);
    } catch (const std::runtime_error& e) {
        throw std::invalid_argument(e.what());
    }
    if (values.empty()) throw std::invalid_argument("--styles: empty");
    std::vector<int> styles(values.begin(), values.end());
    std::sort(styles.begin(), styles.end());
    styles.erase(std::unique(styles.begin(), styles.end()), styles.end());
    return styles;
}

LabSelection parseLab(const std::string& text, const char* option) {
    int r = 0, c = 0;
    char comma = 0;
    std::istringstream in(text);
    if (!(in >> r >> comma >> c) || comma != ',' || !in.eof() || r < -1 || c < -1 || (r < 0 && c < 0))
        throw std::invalid_argument(std::string(option) + " " + text + ": expected ROW,COL (-1 for a source), e.g. 0,1");
    if (r < 0) return {LabSelection::Kind::ColSource, 0, c};
    if (c < 0) return {LabSelection::Kind::RowSource, r, 0};
    return {LabSelection::Kind::Cell, r, c};
}

}  // namespace

AppOptions parseAppOptions(int argc, const char* const* argv, const std::string& default_model, bool* exit_now) {
    AppOptions o;
    *exit_now = false;
    CLI::App cli{"StyleMix explorer: style mixing and noise for StyleGAN generators (StyleGAN1, 2 and 3)"};
    cli.set_help_flag("-h,--help", "Show this help");
    std::string model, device = "auto", precision = "fp32", styles, psi, noise, lab, layers, influence, size;
    cli.add_option("MODEL", model, "Model file (.safetensors or NVIDIA .pkl); default: " + default_model);
    cli.add_option("--device", device, "auto | cpu | cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
    cli.add_option("--precision", precision, "fp32 | fp16 | bf16")->check(CLI::IsMember({"fp32", "fp16", "bf16"}));
    cli.add_option("--rows", o.rows, "Row sources (A), SPEC like 1,2,5-8,12.25:0.5,face.npy");
    cli.add_option("--cols", o.cols, "Column sources (B), SPEC");
    cli.add_option("--styles", styles, "Crossover: ws taken from B, any SPEC like 0-3, 8-9 or 1,5,7");
    cli.add_flag("--paper-fig3", o.paper_fig3, "The paper's Fig. 3: its seeds, 3 coarse / 2 middle / 1 fine rows, psi 1, const noise");
    cli.add_flag("--paper-layout", o.paper_layout, "Per-row bands in the paper's Fig. 3 proportions over the rows (6 rows: 3 coarse, 2 middle, 1 fine)");
    cli.add_option("--psi", psi, "Truncation psi");
    cli.add_option("--noise", noise, "const | random | none")->check(CLI::IsMember({"const", "random", "none"}));
    cli.add_option("--lab", lab, "Open tile ROW,COL in the noise lab (-1 = a source), e.g. 0,1");
    cli.add_option("--layers", layers, "Open tile ROW,COL in the Layers view (-1 = a source), e.g. 0,1");
    cli.add_option("--influence", influence, "Open cell ROW,COL in the Influence view, e.g. 0,1");
    cli.add_option("--layer", o.layer, "The Layers view's layer, a name as `stylemix layers --list` prints (default: the last)");
    cli.add_option("--samples", o.samples, "Noise lab: K realisations for the std-dev map")
        ->check(CLI::Range(2, LabState::kMaxSamples));
    cli.add_flag("--lab-by-layer", o.lab_by_layer,
                 "Noise lab: the By layer display (one std-dev map per noise layer, that layer's noise alone; "
                 "--samples is K per layer), with --lab");
    cli.add_option("--strip", o.strip, "Open the interpolation strip under the grid (row 0 to column 0) with N frames")
        ->check(CLI::Range(StripState::kMinSteps, StripState::kMaxSteps));
    const std::map<std::string, InterpolationSpace> spaces = {{"w", InterpolationSpace::W}, {"z", InterpolationSpace::Z}};
    cli.add_option("--strip-space", o.strip_space, "The strip's space: w (lerp, default) | z (slerp)")
        ->transform(CLI::CheckedTransformer(spaces, CLI::ignore_case));
    const std::map<std::string, AnimationKind> motions = {
        {"noise", AnimationKind::NoiseCycle}, {"sweep", AnimationKind::CrossoverSweep}, {"walk", AnimationKind::LatentWalk}};
    cli.add_option("--motion", o.motion,
                   "Open the Motion tab: noise (cycle the noise of the --lab tile) | sweep (the crossover of the --lab "
                   "cell) | walk (row 0 to column 0); without --lab, cell 0,0")
        ->transform(CLI::CheckedTransformer(motions, CLI::ignore_case));
    cli.add_option("--motion-frames", o.motion_frames, "With --motion: the animation's frames")
        ->check(CLI::Range(2, 240));
    cli.add_option("--export-motion", o.export_motion,
                   "With --motion: once its frames have rendered, export the animation (FILE.webp or FILE.gif) through "
                   "`stylemix animate` as the Export dialog does, then exit");
    cli.add_option("--restore", o.restore,
                   "Restore the state held by a StyleMix PNG, WebP or GIF or a recipe JSON at start-up, as dropping it onto the window does");
    cli.add_option("--size", size, "Window size WxH (default 1280x800)");
    cli.add_option("--screenshot", o.screenshot,
                   "Save a PNG of the window once everything visible has rendered, then exit");
    cli.add_option("--export", o.export_path,
                   "Export a figure (PNG + JSON recipe) once everything visible has rendered, then exit");
    const std::map<std::string, ExportKind> export_kinds = {
        {"grid", ExportKind::Grid},   {"lab", ExportKind::NoiseLab}, {"stddev", ExportKind::StdDev},
        {"strip", ExportKind::Strip}, {"layer", ExportKind::Layer}, {"influence", ExportKind::Influence},
        {"noise-by-layer", ExportKind::NoiseByLayer}};
    cli.add_option("--export-kind", o.export_kind,
                   "What --export writes: grid | lab | stddev | strip (with --strip) | layer (with --layers) | "
                   "influence (with --influence) | noise-by-layer (with --lab-by-layer)")
        ->transform(CLI::CheckedTransformer(export_kinds, CLI::ignore_case));
    cli.add_option("--render-nice", o.render_nice,
                   "Nice steps the render threads run below the UI (default 5; 0 = equal priority)")
        ->check(CLI::Range(0, 19));
    cli.add_option("--sweep", o.sweep,
                   "With --screenshot / --export: move the crossover N times once the grid is on screen, like a slider drag")
        ->check(CLI::Range(0, 10000));
    cli.add_option("--sweep-interval", o.sweep_interval_ms, "Milliseconds between --sweep steps (default 100)")
        ->check(CLI::Range(1, 10000));
    cli.add_option("--headless-fps", o.headless_fps,
                   "Headless runs: at most N frames per second, like vsync (default 60; 0 = unpaced)")
        ->check(CLI::Range(0, 1000));
    cli.add_option("--soak", o.soak_s,
                   "With --screenshot / --export: run a scripted session of SECONDS (drags, resamples, new seeds, lab "
                   "runs) and record resident memory in --frame-stats")
        ->check(CLI::Range(0, 86400));
    cli.add_option("--cache-mib", o.cache_mib,
                   "Render cache budget in MiB (sources, activations, cells; default 256, 0 = no cache)")
        ->check(CLI::Range(0, 65536));
    cli.add_option("--frame-stats", o.frame_stats,
                   "At exit, write the UI frame times (worker busy / idle) and texture uploads to this JSON file");
    cli.add_option("--frames", o.frames, "Frames to draw after rendering finished, before the screenshot")
        ->check(CLI::Range(1, 1000));
    cli.add_option("--timeout", o.timeout_s, "With --screenshot / --export: give up (exit 1) after this many seconds");
    cli.add_option("--ini", o.ini, "ImGui layout file (default: <config dir>/imgui.ini)");
    cli.add_flag("--no-ini", o.no_ini, "Do not read or write an ImGui layout file");
    cli.add_option("--config-dir", o.config_dir, "Where recent models are kept (default $XDG_CONFIG_HOME/stylemix)");
    try {
        cli.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << cli.help();
        *exit_now = true;
        return o;
    } catch (const CLI::ParseError& e) {
        throw std::invalid_argument(e.what());
    }

    o.model = model.empty() ? default_model : model;
    o.device = parseDeviceChoice(device);
    o.precision = parsePrecisionChoice(precision);
    if (!styles.empty()) o.styles = parseStyles(styles);
    if (!psi.empty()) {
        try {
            o.psi = std::stod(psi);
        } catch (const std::exception&) {
            throw std::invalid_argument("--psi " + psi + ": not a number");
        }
    }
    if (!noise.empty()) o.noise = parseNoiseMode(noise);
    if (!lab.empty()) {
        o.lab = parseLab(lab, "--lab");
        o.start_in_lab = true;
    }
    if (!layers.empty()) {
        if (o.lab) throw std::invalid_argument("--lab and --layers both choose the tile to study: give one");
        o.layers = parseLab(layers, "--layers");
    }
    if (!influence.empty()) {
        if (o.lab || o.layers) throw std::invalid_argument("--influence and --lab or --layers both choose the tile to study: give one");
        o.influence = parseLab(influence, "--influence");
        if (o.influence->kind != LabSelection::Kind::Cell)
            throw std::invalid_argument("--influence " + influence + ": expected a cell ROW,COL (both 0 or more), e.g. 0,1");
    }
    if (!o.export_motion.empty() && !o.motion)
        throw std::invalid_argument("--export-motion needs --motion (the animation to export)");
    if ((o.sweep > 0 || o.soak_s > 0) && o.screenshot.empty() && o.export_path.empty())
        throw std::invalid_argument(std::string(o.sweep > 0 ? "--sweep" : "--soak") +
                                    " needs --screenshot or --export (a headless run that ends by itself)");
    if (!size.empty()) {
        char x = 0;
        std::istringstream in(size);
        if (!(in >> o.width >> x >> o.height) || x != 'x' || o.width < 320 || o.height < 240)
            throw std::invalid_argument("--size " + size + ": expected WxH, at least 320x240");
    }
    return o;
}

void applyStartupOptions(const AppOptions& options, Panels& panels) {
    SourcesState& sources = panels.sources;
    // A list with W files waits for the first model (ModelSession), whose ws they must fit.
    if (options.rows && !specNeedsModel(*options.rows) && !setSpec(sources.rows, *options.rows).empty())
        throw std::invalid_argument("--rows " + *options.rows + ": " + sources.rows.error);
    if (options.cols && !specNeedsModel(*options.cols) && !setSpec(sources.cols, *options.cols).empty())
        throw std::invalid_argument("--cols " + *options.cols + ": " + sources.cols.error);
    sources.rows.syncSpec();   // the SPEC fields show the start-up seeds
    sources.cols.syncSpec();
    if (options.styles) panels.mixing.styles = *options.styles;
    if (options.psi) sources.psi = *options.psi;
    if (options.noise) panels.noise.mode = *options.noise;
    if (options.lab) panels.lab.selection = *options.lab;
    else if (options.motion) panels.lab.selection = {LabSelection::Kind::Cell, 0, 0};
    if (options.layers) panels.lab.selection = *options.layers;
    if (options.influence) panels.lab.selection = *options.influence;
    if (options.samples) panels.lab.samples = *options.samples;
    if (options.strip) {
        panels.strip.open = true;
        panels.strip.steps = *options.strip;
    }
    if (options.strip_space) panels.strip.space = *options.strip_space;
}

}  // namespace stylemix::gui
