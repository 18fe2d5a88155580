// Builds the render request from the panels' state, every frame. The app
// submits it only when it differs from the last one (latest wins).
#pragma once

#include "gui/views/canvas.h"
#include "gui/panels/mixing_panel.h"
#include "gui/views/lab/noise_lab_view.h"
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

// The noise lab's jobs: the std-dev map of the selected tile and, with the
// split view on, its two noise configurations. None for a model without noise
// inputs (there is nothing to show) or without a valid selection.
struct LabJobs {
    std::optional<NoiseLabRequest> lab;
    std::optional<SplitRequest> split;
};
LabJobs buildLabJobs(const PanelStates& panels, const ModelFacts& facts);

}  // namespace stylemix::gui
