// Noise lab (paper Figs. 4 and 5): the selected image large with a crop you
// drag on it, that crop zoomed for several noise realisations, the per-pixel
// std-dev over K realisations as a heat map, and a split view comparing two
// noise configurations. Every w stays fixed; only the noise changes.
#pragma once

#include "gui/views/canvas.h"
#include "gui/views/lab/lab_slots.h"
#include <imgui.h>
#include "gui/panels/noise_panel.h"
#include "model/core/lab_figures.h"
#include "model/core/render_types.h"

#include <optional>
#include <string>

namespace stylemix::gui {

// What the lab studies: a source or a grid cell, by position in the grid, so
// the lab follows edits of the seeds and the crossover.
struct LabSelection {
    enum class Kind { None, RowSource, ColSource, Cell } kind = Kind::None;
    int row = 0;
    int col = 0;
    bool operator==(const LabSelection& o) const { return kind == o.kind && row == o.row && col == o.col; }
    bool operator!=(const LabSelection& o) const { return !(*this == o); }
};

// The std-dev map is uploaded as a grey texture holding this many texel
// values (of 255) per uint8 level of std-dev (the shader undoes it).
constexpr float kStdDevTexelScale = 4.f;
// NoiseLabResult::stddev_levels as that grey image.
Image stddevTexelImage(const NoiseLabResult& result, int resolution);
// The gain that maps the largest std-dev to the top of the colour map.
float autoStdDevGain(float max_stddev);
// "Difference from the mean x N" (shared with the exported figure): makes
// noise visible even where the learned strengths are tiny.
using stylemix::differenceFromMean;

// One side of the split view.
enum class SplitNoise { Current, All, None, FineOnly, CoarseOnly };
const char* splitNoiseName(SplitNoise s);

struct LabState {
    static constexpr int kMaxSamples = 256;
    LabSelection selection;
    CropRect crop;               // image pixels; width 0 = not set yet (centre quarter)
    int samples = 32;            // K
    int keep = 6;                // realisations shown (and exported)
    float gain = 32.f;           // std-dev map gain: display (live, no re-render) and exports
    bool auto_gain = true;       // set `gain` so the largest std-dev tops the colour map
    int zoom = 4;                // crop magnification in exports
    bool split_enabled = true;
    SplitNoise split_left = SplitNoise::All;
    SplitNoise split_right = SplitNoise::None;
    float split = 0.5f;          // divider position, 0..1
    ImVec2 split_min, split_max; // the split view's screen rect last frame
    int difference_gain = 8;     // N of the "difference from the mean x N" crops
    bool cancel_requested = false;     // the stale std-dev map's Cancel: keep the old map
    bool recompute_requested = false;  // after a Cancel: compute the new one after all
};

// Default crop: the centre quarter (same as the CLI's noise-lab default).
CropRect defaultLabCrop(int resolution);
// Keeps the crop inside a resolution x resolution image, at least 2 x 2.
CropRect clampCrop(CropRect crop, int resolution);

// The noise spec of one split side, based on the noise panel's state.
NoiseSpec splitNoiseSpec(SplitNoise side, const NoiseState& noise, const std::vector<NoiseLayerInfo>& layers);

struct LabViewInput {
    const ModelFacts* facts = nullptr;
    const NoiseLabResult* result = nullptr;   // newest lab result shown, or null
    int result_samples = 0;                   // its K
    bool has_split = false;                   // split images uploaded
    bool busy = false;                        // lab or split still rendering
    float progress = 0.f;
    bool stale = false;                       // `result` is for an older request; a new one is computing
    int computing_samples = 0;                // K of the request in flight
    bool refining = false;                    // `result` is the request in flight's map so far (K = result_samples)
    bool cancelled = false;                   // the user cancelled it: `result` stays (stale) until Recompute
    std::string subject_text;                 // "cell: A seed 85 x B seed 55, ws 0-3 from B"
};

// The lab's geometry for a content width (the scrollbar's space already
// taken off, so it never depends on whether the scrollbar shows) and the
// view's height. Pure: the same inputs always give the same layout.
struct LabGeometryInput {
    float width = 0, height = 0;   // content region width, view height
    float em = 13, spacing = 8;    // font size, ItemSpacing.x
    float min_view = 0;            // narrowest view whose controls stay usable
    int shown = 1;                 // crop tiles per strip
};
struct LabGeometry {
    int views_per_row = 3;   // the three square views: 3 side by side, else they wrap to 2 or 1 per row
    float side = 0;          // each view's side
    float tile = 0;          // one crop tile's side
    int tiles_per_row = 1;   // crop tiles wrap too
    bool operator==(const LabGeometry& o) const {
        return views_per_row == o.views_per_row && side == o.side && tile == o.tile && tiles_per_row == o.tiles_per_row;
    }
};
LabGeometry labGeometry(const LabGeometryInput& in);

// The lab, or why it is unavailable (no model, no selection, a model without noise inputs).
void drawNoiseLabView(LabState& state, const LabViewInput& input, CanvasFrame& canvases);

}  // namespace stylemix::gui
