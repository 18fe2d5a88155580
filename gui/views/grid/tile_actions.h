// A grid tile's right-click menu, as plain data: which actions a tile offers,
// and the pure operations behind them (the grid view only reports the chosen
// action; the App applies it). Torch-free, no GL.
//
// A cell (A row r, B column c) already has its A source as a row and its B
// source as a column, so it offers the crossed uses: its A source as a new
// column, its B source as a new row. A source tile offers itself to the other list.
#pragma once

#include "gui/panels/export_panel.h"
#include "gui/views/lab/noise_lab_view.h"
#include "gui/panels/sources_panel.h"
#include "model/core/recipe.h"
#include "model/core/render_types.h"
#include "model/core/worker_protocol.h"

#include <optional>
#include <string>
#include <vector>

namespace stylemix::gui {

enum class TileActionKind {
    AddAsRow,    // append the tile's B source (a cell's, or a column source) to the rows (A)
    AddAsCol,    // append the tile's A source (a cell's, or a row source) to the columns (B)
    OpenInLab,
    CopySeeds,   // seeds and ws as text to the clipboard
    SaveImage,   // the tile's PNG + its "image" recipe
    SaveWs,      // the tile's ws (as the grid mixes and truncates them) as an .npz
    InterpolateFrom,   // a source tile: the interpolation strip under the grid starts here (Panels::strip)
    InterpolateTo,     // ...or ends here
    ShowLayers,        // the Layers view on this tile (it becomes the lab's selection too)
    ShowInfluence,     // a cell: the Influence view on it (it becomes the lab's selection too)
};

struct TileAction {
    TileActionKind kind = TileActionKind::CopySeeds;
    LabSelection tile;
    bool operator==(const TileAction& o) const { return kind == o.kind && tile == o.tile; }
};

// The menu's entries for `tile`, in order (OpenInLab only for models with noise inputs; ShowLayers for every tile;
// ShowInfluence only for cells;
// InterpolateFrom / InterpolateTo only for source tiles).
std::vector<TileActionKind> tileMenu(const LabSelection& tile, bool has_noise);
// The entry's text for `tile` of `mix`, e.g. "Use A 85 as a column source (B)".
std::string tileActionLabel(TileActionKind kind, const LabSelection& tile, const MixRequest& mix);

// The source AddAsRow / AddAsCol would append, or nullopt (wrong kind, tile out of range).
std::optional<Source> tileSourceFor(TileActionKind kind, const LabSelection& tile, const MixRequest& mix);
// Appends that source (seed and class) to sources.rows (AddAsRow) or sources.cols
// (AddAsCol). Returns an error text (empty = done); on error nothing changes.
std::string applyTileSource(SourcesState& sources, const TileAction& action, const MixRequest& mix);

// "A 85 B 821 ws 0-3" for a cell, "A 85" / "B 821" for a source ("c2" after a seed with a class).
std::string tileSeedsText(const LabSelection& tile, const MixRequest& mix);

// The tile as an "image" recipe (model/core/recipe.h: a source, or a cell as a
// mixed subject, with the grid's truncation, noise and input transform), which
// `stylemix render` renders as that one image. nullopt when `tile` is not in `mix`.
std::optional<Recipe> tileRecipe(const LabSelection& tile, const MixRequest& mix, const ModelFacts& facts);
// The tile's pixels in `result` (rendered from `mix`), or null when out of range.
const Image* tileImage(const LabSelection& tile, const MixResult& result);

// Next "<dir>/stylemix-image-NNN.png" that does not exist yet.
std::string suggestTilePath(const std::string& dir);
// Next "<dir>/stylemix-ws-NNN.npz" that does not exist yet.
std::string suggestWsPath(const std::string& dir);
// Writes the ws the worker computed for a tile (WsResult) to `path` as
// NVIDIA's projector does (writeWsNpz: one array `w`, [1, num_ws, w_dim]), in
// the background, as an export job of `state`.
void startWsExport(ExportState& state, const std::string& path, const WsResult& ws);
// Writes `image` + `recipe` to `path` (PNG and .json, both or neither) in the
// background, as an export job of `state` (its outcome reaches state.message).
void startTileExport(ExportState& state, const std::string& path, const Image& image, const Recipe& recipe);

}  // namespace stylemix::gui
