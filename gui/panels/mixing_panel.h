// Style-mixing panel (paper Fig. 3): which ws indices each cell takes from its
// column source (B). One crossover set for the whole grid, or one per row.
// Any set of ws is allowed (as style_mixing.py --styles allows); the presets
// are the model family's own coarse / middle / fine bands.
#pragma once

#include "gui/widgets/labels.h"
#include "gui/panels/sources_panel.h"
#include "model/core/render_types.h"

#include <string>
#include <vector>

namespace stylemix::gui {

struct MixingState {
    std::vector<int> styles;                   // sorted ws indices taken from B; empty = the model's coarse preset
    bool per_row = false;                      // band mode: each row has its own set
    std::vector<std::vector<int>> row_styles;  // per row (resized to the rows)
    std::string paper_note;                    // what "Paper layout" did, shown until per-row goes off
    bool paper_fig3_requested = false;         // "Paper's Fig. 3" pressed: the app applies paperFig3Request
};

void applyPreset(MixingState& state, Band band, const ModelDescription& model);   // the whole-grid set
// Per-row bands on or off; turning them on starts every row from the global set.
void setPerRow(MixingState& state, bool on, int rows);
// The paper's Fig. 3 proportions (3 coarse : 2 middle : 1 fine, top to bottom)
// over the rows the user has; adds no rows. Returns what it did, for the UI.
std::string applyPaperLayout(MixingState& state, int rows, const ModelDescription& model);
// Drops ws the model lacks (an emptied set becomes the coarse preset) and keeps one set per row.
void fitMixingToModel(MixingState& state, const ModelDescription& model, int rows);
// A preset button's tooltip: its ws, or why it is greyed (`locked`: per-row
// bands are on; or the family's bands leave this one empty on this model).
std::string presetTooltip(Band band, const ModelDescription& model, bool locked);
// The ws indices cell row `row` takes from B (its own set with per-row bands,
// else the whole grid's set).
std::vector<int> stylesFor(const MixingState& state, int row);
// The whole grid's set (what rows take without per-row bands).
inline const std::vector<int>& gridStyles(const MixingState& state) { return state.styles; }

void drawMixingPanel(MixingState& state, SourcesState& sources, const ModelFacts* facts);

}  // namespace stylemix::gui
