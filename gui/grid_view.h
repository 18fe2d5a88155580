// The style-mixing grid (paper Fig. 3): column sources (B) across the top,
// row sources (A) down the left, mixes in the body. Tiles are composed on a
// canvas (nearest or linear magnification); tiles still re-rendering are
// dimmed. Hover tells a cell's seeds and layers; a click opens the noise lab.
#pragma once

#include "gui/canvas.h"
#include "gui/noise_lab_view.h"
#include "model/core/render_types.h"

#include <functional>
#include <optional>

namespace stylemix::gui {

// Geometry of the grid canvas. Row -1 = the column sources, column -1 = the
// row sources; (-1, -1) is the empty corner.
struct GridLayout {
    int rows = 0, cols = 0;
    float tile = 0.f;
    float gap = 2.f;          // between tiles
    float header_gap = 8.f;   // between the sources and the body
    ImVec2 size;

    ImVec2 tileMin(int row, int col) const;
    // The tile under a canvas-local point, or nullopt (gap, corner, outside).
    std::optional<std::pair<int, int>> hit(ImVec2 local) const;
};
GridLayout layoutGrid(ImVec2 avail, int rows, int cols, int resolution, bool integer_zoom);

struct GridViewState {
    bool labels = true;
    bool nearest = true;        // magnification: texel-exact or bilinear
    bool integer_zoom = false;  // tiles at whole multiples of the model resolution when they fit
    ImVec2 canvas_min, canvas_max;   // where the tiles were drawn last frame (screen, ImGui units)
    GridLayout layout;               // and how (ImGui units)
};

struct GridViewInput {
    const ModelFacts* facts = nullptr;
    const MixRequest* request = nullptr;   // what the grid shows (seeds, styles)
    LabSelection selected;
    bool rendering = false;
    float progress = 0.f;
    std::function<float(const ImageKey&)> dim;   // how much to dim a tile (stale), null = none
};

struct GridViewEvents {
    std::optional<LabSelection> open_in_lab;   // a tile was clicked
    bool export_clicked = false;
};

GridViewEvents drawGridView(GridViewState& state, const GridViewInput& input, CanvasFrame& canvases);

}  // namespace stylemix::gui
