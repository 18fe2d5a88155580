// Drawing the layer view: the layer list (with a filter) on the left; on the
// right the subject, the display controls, A, B and the mix side by side at
// the chosen layer, "differs from A" and the visualizer's statistics per
// panel. Reports what the user asked for as plain data (LayersViewEvents);
// the tab applies it. The settings it edits are the tab's LayersState.
#pragma once

#include "gui/views/canvas.h"
#include "gui/views/layers/layers_state.h"
#include "model/core/layer_view.h"
#include "model/core/render_types.h"

#include <string>
#include <vector>

namespace stylemix::gui {

// The layer list's width for a view `width` wide (ImGui units, `em` the font size);
// 0 below kLayerListMinViewEm ems, where a combo above the panels picks the layer.
constexpr float kLayerListMinViewEm = 40.f;
float layersListWidth(float width, float em);

// A, B and the mix in rows, as large as `area` allows (fewer rows on a tie),
// each `aspect` wide per unit of height (2 with the FFT beside the image),
// under a title line `title` tall; at least kMinWidth wide.
struct LayerPanelGrid {
    static constexpr float kGap = 8.f, kMinWidth = 48.f;
    int per_row = 1, rows = 1;
    float width = 0, height = 0;   // one panel's image
};
LayerPanelGrid fitLayerPanels(ImVec2 area, int panels, float aspect, float title);

// Control groups per row of the controls table for `width` (each at least kGroupEm wide).
constexpr float kLayerControlGroupEm = 15.f;
int layerControlColumns(float width, float em);

struct LayersViewInput {
    const ModelFacts* facts = nullptr;
    bool has_subject = false;               // the lab's selection is in the grid
    std::string subject;                    // "cell: A seed 85 with B seed 821's ws 0-3"
    const LayerResult* result = nullptr;    // on screen, or null
    std::vector<std::string> titles;        // its panels' titles (layerPanelTitles of its request)
    std::string shown_selection;            // what its images show ("channels 0-2 as RGB")
    float dim = 0.f;                        // it is stale: a new one is rendering
    bool rendering = false;
    std::string error;                      // the last job's error, while its request is asked
    std::string note;                       // said under the subject ("no layer 'x' in this model")
    std::string export_blocked;             // why Export is off (empty: on)
};

struct LayersViewEvents {
    bool export_clicked = false;
    bool pick_first_cell = false;   // "Show the first cell": the lab's selection becomes row 0, column 0
};

// What the drawing keeps between frames.
struct LayersViewMemory {
    std::string scrolled_to;   // the layer the list last scrolled to (a new choice from elsewhere scrolls once)
};

// Draws into the current window (the view's tab).
LayersViewEvents drawLayersView(LayersState& state, LayersViewMemory& memory, const LayersViewInput& in,
                                CanvasFrame& canvases);

}  // namespace stylemix::gui
