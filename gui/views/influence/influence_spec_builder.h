// What the influence view asks for: the lab's selection (a grid cell) as an
// InfluenceSpec, band 0 the cell's own ws from B and, with the band row on,
// the model's coarse, middle and fine bands of the same A and B; with the
// grid's truncation, noise and input transform. Pure, no ImGui.
#pragma once

#include "gui/views/lab/noise_lab_view.h"
#include "model/core/influence_map.h"
#include "model/core/influence_spec.h"

#include <optional>

namespace stylemix::gui {

// The view's own settings.
struct InfluenceViewState {
    int threshold = kDefaultInfluenceThreshold;   // levels: a pixel moved when it changed by more
    bool bands = true;                            // the coarse / middle / fine row under the cell
};

// The band label of the cell's own styles.
constexpr const char* kCellBandLabel = "cell";

// nullopt unless `selection` is a cell of `grid`.
std::optional<InfluenceSpec> buildInfluenceSpec(const InfluenceViewState& state, const LabSelection& selection,
                                                const MixRequest& grid, const ModelDescription& model);

}  // namespace stylemix::gui
