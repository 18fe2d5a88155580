// Style-mixing panel (paper Fig. 3): which ws indices each cell takes from its
// column source (B). One crossover range for the whole grid, or a band per
// row. Presets use the paper's coarse / middle / fine bands.
#pragma once

#include "gui/labels.h"
#include "gui/sources_panel.h"
#include "model/core/render_types.h"

#include <vector>

namespace stylemix::gui {

struct MixingState {
    WsRange range{0, 4};              // ws [begin, end) taken from B
    bool per_row = false;             // band mode: each row has its own range
    std::vector<WsRange> row_ranges;  // per row (resized to the rows)
};

void applyPreset(MixingState& state, Band band, int num_ws);   // the whole-grid range
// The paper's layout: 3 coarse rows, 2 middle, 1 fine (adds rows up to 6).
void applyPaperLayout(MixingState& state, SourcesState& sources, int num_ws);
// Keeps every range inside [0, num_ws) and one range per row.
void fitMixingToModel(MixingState& state, int num_ws, int rows);
// The ws indices cell row `row` takes from B.
std::vector<int> stylesFor(const MixingState& state, int row);

void drawMixingPanel(MixingState& state, SourcesState& sources, const ModelFacts* facts);

}  // namespace stylemix::gui
