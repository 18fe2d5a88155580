#include "gui/source_drop.h"

#include <filesystem>

namespace stylemix::gui {

SourceSide dropSide(const GridViewState& grid, ImVec2 pos, bool grid_visible) {
    const bool on_header = pos.x >= grid.header_min.x && pos.x < grid.header_max.x && pos.y >= grid.header_min.y &&
                           pos.y < grid.header_max.y;
    return grid_visible && on_header ? SourceSide::Cols : SourceSide::Rows;
}

WFileAdded addWFileSource(SourcesState& sources, SourceSide side, const std::string& path, const ModelFacts* facts) {
    SeedList& list = sources.list(side);
    const std::size_t before = list.items.size();
    const std::string name = std::filesystem::path(path).filename().string();
    WFileAdded out;
    const std::string error = addWFile(list, path, facts);
    if (!error.empty()) {
        out.message = "cannot add a W file: " + error;
        return out;
    }
    const std::size_t added = list.items.size() - before;
    out.ok = true;
    out.message = "added " + name + " (" + std::to_string(added) + (added == 1 ? " w" : " ws") + ") as " +
                  (side == SourceSide::Rows ? "a row source (A)" : "a column source (B)");
    return out;
}

}  // namespace stylemix::gui
