#include "gui/views/grid/tile_actions.h"

#include "gui/widgets/labels.h"
#include "gui/request_builder.h"
#include "model/io/w_file.h"

#include <cstdio>
#include <filesystem>

namespace stylemix::gui {

namespace {

using Kind = LabSelection::Kind;

bool inRange(const LabSelection& t, const MixRequest& mix) {
    const int rows = static_cast<int>(mix.rows.size()), cols = static_cast<int>(mix.cols.size());
    const bool row_ok = t.row >= 0 && t.row < rows, col_ok = t.col >= 0 && t.col < cols;
    switch (t.kind) {
    case Kind::RowSource: return row_ok;
    case Kind::ColSource: return col_ok;
    case Kind::Cell: return row_ok && col_ok;
    case Kind::None: break;
    }
    return false;
}

std::string seedText(const char* side, const Source& s) {
    std::string text = std::string(side) + " " + sourceShortText(s);
    if (s.class_index >= 0) text += " c" + std::to_string(s.class_index);
    return text;
}

}  // namespace

std::vector<TileActionKind> tileMenu(const LabSelection& tile, bool has_noise) {
    std::vector<TileActionKind> menu;
    if (tile.kind == Kind::None) return menu;
    if (tile.kind != Kind::ColSource) menu.push_back(TileActionKind::AddAsCol);   // its A seed
    if (tile.kind != Kind::RowSource) menu.push_back(TileActionKind::AddAsRow);   // its B seed
    if (has_noise) menu.push_back(TileActionKind::OpenInLab);
    menu.push_back(TileActionKind::ShowLayers);
    if (tile.kind == Kind::Cell) menu.push_back(TileActionKind::ShowInfluence);
    menu.push_back(TileActionKind::CopySeeds);
    menu.push_back(TileActionKind::SaveImage);
    menu.push_back(TileActionKind::SaveWs);
    if (tile.kind != Kind::Cell) {
        menu.push_back(TileActionKind::InterpolateFrom);
        menu.push_back(TileActionKind::InterpolateTo);
    }
    return menu;
}

std::optional<Source> tileSourceFor(TileActionKind kind, const LabSelection& tile, const MixRequest& mix) {
    if (!inRange(tile, mix)) return std::nullopt;
    if (kind == TileActionKind::AddAsCol && tile.kind != Kind::ColSource) return mix.rows[tile.row];
    if (kind == TileActionKind::AddAsRow && tile.kind != Kind::RowSource) return mix.cols[tile.col];
    return std::nullopt;
}

std::string tileActionLabel(TileActionKind kind, const LabSelection& tile, const MixRequest& mix) {
    const auto source = tileSourceFor(kind, tile, mix);
    switch (kind) {
    case TileActionKind::AddAsRow:
        return "Use " + (source ? seedText("B", *source) : std::string("it")) + " as a row source (A)";
    case TileActionKind::AddAsCol:
        return "Use " + (source ? seedText("A", *source) : std::string("it")) + " as a column source (B)";
    case TileActionKind::OpenInLab: return "Open in the noise lab";
    case TileActionKind::CopySeeds: return "Copy seeds";
    case TileActionKind::SaveImage: return "Save this image (PNG + recipe)";
    case TileActionKind::SaveWs: return "Save ws as .npz";
    case TileActionKind::InterpolateFrom: return "Interpolate from here";
    case TileActionKind::InterpolateTo: return "Interpolate to here";
    case TileActionKind::ShowLayers: return "Show its layers";
    case TileActionKind::ShowInfluence: return "Show its influence";
    }
    return "?";
}

std::string applyTileSource(SourcesState& sources, const TileAction& action, const MixRequest& mix) {
    const auto source = tileSourceFor(action.kind, action.tile, mix);
    if (!source) return "that tile is no longer in the grid";
    const bool as_row = action.kind == TileActionKind::AddAsRow;
    SeedList& list = as_row ? sources.rows : sources.cols;
    if (list.items.size() >= static_cast<std::size_t>(SourcesState::kMaxSources))
        return std::string("at most ") + std::to_string(SourcesState::kMaxSources) + " sources per list: remove a " +
               (as_row ? "row" : "column") + " first";
    list.items.push_back(*source);
    list.syncSpec();
    list.error.clear();
    return {};
}

std::string tileSeedsText(const LabSelection& tile, const MixRequest& mix) {
    if (!inRange(tile, mix)) return {};
    if (tile.kind == Kind::RowSource) return seedText("A", mix.rows[tile.row]);
    if (tile.kind == Kind::ColSource) return seedText("B", mix.cols[tile.col]);
    return seedText("A", mix.rows[tile.row]) + " " + seedText("B", mix.cols[tile.col]) + " " +
           stylesText(nullptr, mix.stylesForRow(tile.row));
}

std::optional<Recipe> tileRecipe(const LabSelection& tile, const MixRequest& mix, const ModelFacts& facts) {
    const auto subject = buildLabSubject(tile, mix);
    if (!subject) return std::nullopt;
    Recipe r;
    r.kind = RecipeKind::Image;
    r.model_family = facts.family;
    r.model_path = facts.path;
    r.model_sha256 = facts.sha256;
    r.learned_strengths = facts.noise_strengths;
    NoiseLabRequest lab;
    lab.subject = *subject;
    lab.noise = mix.noise;
    r.lab = lab;
    r.grid_tile = true;   // replayed as the grid renders tiles, so the saved pixels come back exactly
    return r;
}

const Image* tileImage(const LabSelection& t, const MixResult& result) {
    const auto at = [](const std::vector<ImagePtr>& v, int i) {
        return i >= 0 && i < static_cast<int>(v.size()) ? v[i].get() : nullptr;
    };
    switch (t.kind) {
    case Kind::RowSource: return at(result.row_images, t.row);
    case Kind::ColSource: return at(result.col_images, t.col);
    case Kind::Cell:
        return t.row >= 0 && t.row < static_cast<int>(result.cells.size()) ? at(result.cells[t.row], t.col) : nullptr;
    case Kind::None: break;
    }
    return nullptr;
}

namespace {

// Next "<dir>/<stem>-NNN<ext>" that does not exist yet.
std::string nextFreePath(const std::string& dir, const char* stem, const char* ext) {
    const std::filesystem::path base = dir.empty() ? std::filesystem::current_path() : std::filesystem::path(dir);
    for (int i = 1;; ++i) {
        char name[96];
        std::snprintf(name, sizeof name, "%s-%03d%s", stem, i, ext);
        const auto candidate = base / name;
        std::error_code ec;
        if (!std::filesystem::exists(candidate, ec) || i >= 999) return candidate.string();
    }
}

}  // namespace

std::string suggestTilePath(const std::string& dir) { return nextFreePath(dir, "stylemix-image", ".png"); }
std::string suggestWsPath(const std::string& dir) { return nextFreePath(dir, "stylemix-ws", ".npz"); }

void startWsExport(ExportState& state, const std::string& path, const WsResult& ws) {
    const WArrayPtr array = makeWArray(std::filesystem::path(path).filename().string(), ws.num_ws, ws.w_dim, ws.values);
    queueExportJob(state, path, "saving", [path, array] { writeWsNpz(path, {array}); });
}

void startTileExport(ExportState& state, const std::string& path, const Image& image, const Recipe& recipe) {
    // Copies: the grid keeps changing meanwhile.
    queueExportJob(state, path, "saving", [path, image, recipe] { exportFigure(path, image, recipe); });
}

}  // namespace stylemix::gui
