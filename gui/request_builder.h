// Builds the render request from the panels' state, every frame. The app
// submits it only when it differs from the last one (latest wins).
#pragma once

#include "gui/views/canvas.h"
#include "gui/panels/mixing_panel.h"
#include "gui/views/noise_lab_view.h"
#include "gui/panels/noise_panel.h"
#include "gui/panels/sources_panel.h"
#include "model/core/worker_protocol.h"

#include <optional>
#include <string>

namespace stylemix::gui {

struct PanelStates {
    const SourcesState& sources;
    const MixingState& mixing;
    const NoiseState& noise;
    const LabState& lab;
};

// The grid: rows x cols sources, the crossover, truncation and noise.
MixRequest buildMixRequest(const PanelStates& panels, const ModelFacts& facts);

// The lab's subject, or nullopt when nothing (valid) is selected.
std::optional<LabSubject> buildLabSubject(const LabSelection& selection, const MixRequest& mix);
std::string describeSubject(const LabSelection& selection, const MixRequest& mix, const ModelFacts* facts);

// Will tile `key` (a source or a cell of the grid) show other pixels under
// `next` than under `shown`, the request that rendered it? A crossover change
// never changes a source tile; a cell changes when its sources, its row's
// styles, truncation, noise or input transform do.
bool tileChanges(const MixRequest& shown, const MixRequest& next, const ImageKey& key);

// What the visible views need: the grid, or the lab and split view (no lab
// for a model without noise inputs: there is nothing for it to show).
RenderRequest buildRenderRequest(const PanelStates& panels, const ModelFacts* facts, bool grid_visible,
                                 bool lab_visible);

}  // namespace stylemix::gui
