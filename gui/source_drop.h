// W files (.npy / .npz) dropped onto the window or chosen with "Add W file...":
// which source list they join, and adding them with a status line. UI thread; no GL.
#pragma once

#include "gui/panels/sources_panel.h"
#include "gui/views/grid/grid_view.h"

#include <string>

namespace stylemix::gui {

// The list a W file dropped at `pos` (window coordinates, ImGui units) joins:
// the columns (B) when it lands on the grid's column header strip (the column
// sources and their labels, `grid.header_min`..`header_max`) while the grid is
// the visible view; the rows (A) anywhere else.
SourceSide dropSide(const GridViewState& grid, ImVec2 pos, bool grid_visible);

struct WFileAdded {
    bool ok = false;
    std::string message;   // for the status line: what was added where, or why not
};
// Appends every w of the file at `path` to `side`'s list (addWFile; a refusal
// also shows in the panel, under the list's add field).
WFileAdded addWFileSource(SourcesState& sources, SourceSide side, const std::string& path, const ModelFacts* facts);

}  // namespace stylemix::gui
