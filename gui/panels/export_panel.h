// Export: the grid, the noise-lab figure, the std-dev map or the interpolation strip as PNG, each with
// its JSON recipe beside it and inside it (model/recipe.h). Composition and
// the (atomic) writes run on a background thread; the UI polls the outcome.
#pragma once

#include "gui/panels/file_browser.h"
#include "model/core/recipe.h"
#include "model/core/render_types.h"

#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

namespace stylemix::gui {

enum class ExportKind { Grid, NoiseLab, StdDev, Strip, Layer, Influence, NoiseByLayer };
const char* exportKindName(ExportKind kind);

// What can be exported right now: always a result together with the exact
// request that produced it, so the recipe re-renders the same pixels.
struct ExportSources {
    const ModelFacts* facts = nullptr;
    const MixResult* mix = nullptr;               // last complete grid
    const MixRequest* mix_request = nullptr;
    const NoiseLabResult* lab = nullptr;          // last noise-lab result
    const NoiseLabRequest* lab_request = nullptr;
    CropRect crop;
    float stddev_gain = 4.f;                      // the std-dev map's gain on screen
    int difference_gain = 8;                      // the lab's "difference from the mean x N"
    const InterpolationResult* strip = nullptr;   // last complete interpolation strip
    const InterpolationRequest* strip_request = nullptr;
    const LayerResult* layer = nullptr;           // last complete layer view (A, B, mix at one layer)
    const LayerRequest* layer_request = nullptr;
    const NoiseByLayerResult* noise_by_layer = nullptr;   // last complete noise-by-layer strip (the lab's "By layer")
    const NoiseByLayerRequest* noise_by_layer_request = nullptr;
    const MixResult* influence = nullptr;         // last complete influence maps (rows: A per band, one column: B)
    const InfluenceSpec* influence_spec = nullptr;
};

struct ExportState {
    bool open_requested = false;   // Ctrl+S / the Export button: open the dialog next frame
    ExportKind kind = ExportKind::Grid;
    std::string path;              // empty = suggest one when the dialog opens
    bool labels = false;
    int zoom = 4;                  // noise-lab crop magnification
    int scale = 1;                 // grid: nearest-neighbour magnification, 1-8
    int stddev_scale = 1;          // std-dev map: nearest-neighbour magnification, 1-8
    FileBrowserState folder;       // "Folder...": the Open browser choosing a folder

    struct Job {
        std::string path;
        std::future<std::string> outcome;   // error text, empty = written
    };
    std::vector<Job> jobs;
    std::string message;           // the last outcome, for the status bar
    bool message_is_error = false;
};

bool canExport(ExportKind kind, const ExportSources& sources);
// Why the noise-lab figures cannot be exported (no model with noise, no lab
// result yet), or empty when they can.
std::string labExportUnavailableReason(const ExportSources& sources);
// `scale`: the grid's, or the std-dev map's magnification (by `kind`).
Recipe makeRecipe(ExportKind kind, const ExportSources& sources, bool labels, int zoom, int scale = 1);
// The grid figure as exported: composeMixGrid, magnified recipe.grid_scale
// times with nearest neighbour (the same arithmetic `stylemix render` needs).
Image composeGridExport(const MixResult& mix, const Recipe& recipe);
// Next "<dir>/stylemix-<kind>-NNN.png" that does not exist yet.
std::string suggestExportPath(const std::string& dir, ExportKind kind);

// Starts the export in the background (copies everything it needs).
void startExport(ExportState& state, const ExportSources& sources);
// Runs `write` (which throws on failure) on a background thread as one job for
// `path`; the status says "<verb> <file name>..." until pollExports collects it.
void queueExportJob(ExportState& state, const std::string& path, const char* verb, std::function<void()> write);
// Collects finished jobs into state.message; true while any is running.
bool pollExports(ExportState& state);

// The modal dialog (opened by state.open_requested).
void drawExportDialog(ExportState& state, const ExportSources& sources);

}  // namespace stylemix::gui
