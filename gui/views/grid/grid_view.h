// The style-mixing grid (paper Fig. 3): column sources (B) across the top,
// row sources (A) down the left, mixes in the body. Tiles are composed on a
// canvas (nearest or linear magnification); tiles still re-rendering are
// dimmed. Hover tells a cell's sources and layers; a click opens the noise lab;
// a right-click (without dragging) opens the tile's menu (tile_actions.h).
// A left-drag on a source tile (a seed or a latent position) moves that
// source on the latent plane (kPixelsPerUnit), and after a press on the grid
// the arrow keys nudge the hovered (else the selected) source tile's source
// (kNudgeStep; Shift: kNudgeStepShift).
// Tiles are never shrunk below their pixel size to fit (the grid scrolls
// instead) unless a zoom below x1 is chosen; Ctrl+wheel zooms, right- or
// middle-drag pans.
#pragma once

#include "gui/views/canvas.h"
#include "gui/views/grid/grid_slots.h"
#include "gui/views/lab/noise_lab_view.h"
#include "gui/views/grid/tile_actions.h"
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
// `zoom` = tile size / model resolution; 0 = fit `avail`, but never below x1.
// Integer zoom snaps the scale to a whole number (or 1/k below x1).
GridLayout layoutGrid(ImVec2 avail, int rows, int cols, int resolution, float zoom, bool integer_zoom);
// The scale integer zoom snaps `scale` to: floor for >= 1, 1/ceil(1/scale) below.
float integerScale(float scale);

// A source tile held with the left button: where its source and the mouse were at the press.
struct SourceDrag {
    SourceSide side = SourceSide::Rows;
    int index = 0;
    double x0 = 0, y0 = 0;   // the source's position at the press
    ImVec2 press;            // the mouse at the press
    bool moved = false;      // past the drag threshold: a move, not a click
};

struct GridViewState {
    bool labels = true;
    bool nearest = true;        // magnification: texel-exact or bilinear
    bool integer_zoom = false;  // tiles at whole multiples (or 1/k) of the model resolution
    float zoom = 0.f;           // tile size / resolution; 0 = fit (never below x1)
    static constexpr float kMinZoom = 0.125f, kMaxZoom = 8.f;
    ImVec2 canvas_min, canvas_max;   // the whole grid's rect last frame (screen, ImGui units; may extend past the view)
    GridLayout layout;               // and how (ImGui units)
    // The column sources' strip with their labels, as far as it is on screen
    // (empty while no grid is drawn): a W file dropped there joins the columns.
    ImVec2 header_min, header_max;
    LabSelection menu_tile;          // the tile whose right-click menu is open
    // The menu entry chosen, for the App to apply and reset (plain data, like open_in_lab).
    std::optional<TileAction> tile_action;
    std::optional<SourceDrag> source_drag;
    // The arrow keys are the grid's (source nudges) after a press on the grid,
    // until a press elsewhere (the crossover bar takes them the same way).
    bool has_keys = false;
};

struct GridViewInput {
    const ModelFacts* facts = nullptr;
    const MixRequest* request = nullptr;   // what the grid shows (seeds, styles)
    LabSelection selected;
    bool rendering = false;
    float progress = 0.f;
    std::function<float(const ImageKey&)> dim;   // how much to dim a tile (stale), null = none
    std::string save_tile_blocked;   // why "Save this image" is off now (empty = on)
};

// A source to put at (x, y) (a drag), or to move by (x, y) (a nudge).
struct SourceMove {
    SourceSide side = SourceSide::Rows;
    int index = 0;
    double x = 0, y = 0;
    bool relative = false;
};

struct GridViewEvents {
    std::optional<LabSelection> open_in_lab;   // a tile was clicked
    std::optional<SourceMove> move_source;     // a source tile dragged, or nudged by the arrow keys
    bool export_clicked = false;
};

GridViewEvents drawGridView(GridViewState& state, const GridViewInput& input, CanvasFrame& canvases);

}  // namespace stylemix::gui
