// Drawing the influence view: the subject and the controls (threshold,
// band row, Export), then the cell's row (A, B, the mix, |mix - A|, |mix - B|
// and the colour bar) and under it the band row (coarse, middle, fine: each
// mix with its two maps), every map on one colour scale, the fraction of
// pixels moved under each map. Reports what the user asked for as plain data;
// the tab applies it. The settings it edits are the tab's InfluenceViewState.
#pragma once

#include "gui/views/canvas.h"
#include "gui/views/influence/influence_display.h"
#include "gui/views/influence/influence_spec_builder.h"
#include "model/core/render_types.h"

#include <string>

namespace stylemix::gui {

// Tile sides for a view `avail` large: the cell's row (5 tiles and the bar)
// and the band row (`bands` groups of 3 tiles, `groups_per_row` a row, in
// `band_rows` rows), shrunk together to fit the height when they can.
struct InfluenceGeometry {
    float cell_tile = 0, band_tile = 0;
    int groups_per_row = 1, band_rows = 0;
};
struct InfluenceGeometryInput {
    ImVec2 avail;           // the view's content region
    int bands = 0;          // band groups under the cell (0: the band row is off)
    float em = 13.f;        // font size
    float line = 17.f;      // a text line with spacing
    float max_tile = 512;   // never larger (a few times the image)
};
InfluenceGeometry influenceGeometry(const InfluenceGeometryInput& in);

struct InfluenceViewInput {
    const ModelFacts* facts = nullptr;
    bool has_cell = false;                    // the lab's selection is a cell of the grid
    std::string subject;                      // "cell: A seed 85 with B seed 821's ws 0-3"
    const InfluenceSpec* spec = nullptr;      // what the tiles on screen are of (null: nothing yet)
    const MixResult* shown = nullptr;         // those tiles
    const InfluenceDisplay* display = nullptr;
    float dim = 0.f;                          // they are stale: new ones are rendering
    bool rendering = false;
    std::string error;                        // the job's error, while its spec is asked
    std::string export_blocked;               // why Export is off (empty: on)
};

struct InfluenceViewEvents {
    bool export_clicked = false;
    bool pick_first_cell = false;   // "Show the first cell": the lab's selection becomes row 0, column 0
};

// Draws into the current window (the view's tab).
InfluenceViewEvents drawInfluenceView(InfluenceViewState& state, const InfluenceViewInput& in, CanvasFrame& canvases);

}  // namespace stylemix::gui
