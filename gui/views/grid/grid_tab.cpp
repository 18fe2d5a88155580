#include "gui/views/grid/grid_tab.h"

#include "gui/views/grid/tile_actions.h"
#include "gui/widgets/labels.h"

#include <imgui.h>

#include <filesystem>

namespace stylemix::gui {

std::vector<ViewJob> GridTab::buildRequest(const Panels& panels, const ModelFacts& facts) {
    std::vector<ViewJob> jobs = {ViewJob{kId, buildMixRequest(panels.states(), facts)}};
    if (ws_job_) jobs.push_back(ViewJob{kId, *ws_job_});
    return jobs;
}

bool GridTab::shows(const ViewJob& job) const {
    if (const auto* ws = std::get_if<WsRequest>(&job.request)) return !(ws_job_ && *ws_job_ == *ws);
    const auto* mix = std::get_if<MixRequest>(&job.request);
    return mix && done_ == *mix;
}

void GridTab::submitted(const std::vector<ViewJob>& jobs) {
    const MixRequest* mix = nullptr;
    bool ws = false;
    for (const ViewJob& job : jobs) {
        if (const auto* m = std::get_if<MixRequest>(&job.request)) mix = m;
        ws = ws || std::holds_alternative<WsRequest>(job.request);
    }
    if (!mix) {
        if (!ws) submitted_.reset();   // a tile's ws alone leave the grid's request as it was
        return;
    }
    dimming_.submitted(inFlight(), StaleDimming::Clock::now());
    fresh_.clear();
    submitted_ = std::make_shared<const MixRequest>(*mix);
}

void GridTab::accept(WorkerResult&& result, TextureStore& textures) {
    if (WsResult* ws = result.as<WsResult>()) {
        if (ws_job_) ws_result_ = std::move(*ws);   // written next frame (prepare), where the export state is
        ws_job_.reset();
        return;
    }
    MixResult* mix = result.as<MixResult>();
    if (!mix || !submitted_) return;
    show(*mix, textures);
    if (result.partial) {
        done_.reset();   // the screen now mixes old and new tiles
        return;
    }
    done_ = *submitted_;
    complete_request_ = *submitted_;
    timings_ = mix->timings;
    wall_ms_ = result.elapsed_ms;
    complete_ = std::move(*mix);
}

void GridTab::failed(const WorkerResult& result) {
    if (result.as<WsResult>()) ws_job_.reset();   // the error dialog says why; the save is off
}

// Puts the result's tiles on screen; a partial result holds only new tiles,
// and tiles an earlier partial of this request already showed are skipped.
void GridTab::show(const MixResult& mix, TextureStore& textures) {
    const int rows = static_cast<int>(mix.row_images.size()), cols = static_cast<int>(mix.col_images.size());
    auto put = [&](const ImageKey& key, const ImagePtr& image) {
        if (!image || image->pixels.empty() || fresh_.count(key)) return;
        textures.put(key, *image);
        fresh_.insert(key);
        tile_requests_[key] = submitted_;
        ++tile_uploads_;
        if (key.slot == GridSlot::Cell) ++cell_uploads_;
    };
    for (int r = 0; r < rows; ++r) put({GridSlot::RowSource, r, 0}, mix.row_images[r]);
    for (int c = 0; c < cols; ++c) put({GridSlot::ColSource, 0, c}, mix.col_images[c]);
    for (int r = 0; r < rows && r < static_cast<int>(mix.cells.size()); ++r)
        for (int c = 0; c < cols && c < static_cast<int>(mix.cells[r].size()); ++c)
            put({GridSlot::Cell, r, c}, mix.cells[r][c]);
    textures.trim(GridSlot::RowSource, rows, 1);
    textures.trim(GridSlot::ColSource, 1, cols);
    textures.trim(GridSlot::Cell, rows, cols);
}

float GridTab::tileDim(const ImageKey& key) const {
    if (!inFlight() || fresh_.count(key)) return 0.f;
    // A tile whose pixels the request in flight leaves as they are is not stale.
    if (const auto it = tile_requests_.find(key);
        it != tile_requests_.end() && it->second && !tileChanges(*it->second, *submitted_, key))
        return 0.f;
    return dimming_.dim(StaleDimming::Clock::now());
}

void GridTab::modelChanged() {
    done_.reset();
    complete_ = MixResult{};
    submitted_.reset();
    fresh_.clear();
    tile_requests_.clear();
    pending_action_.reset();
    ws_job_.reset();
    ws_result_.reset();
    timings_.reset();
}

void GridTab::addExportSources(ExportSources& sources) const {
    if (complete_.row_images.empty()) return;   // the last complete grid and the request that made it
    sources.mix = &complete_;
    sources.mix_request = &complete_request_;
}

void GridTab::addStatus(StatusInfo& status) const {
    status.grid = timings_;
    status.grid_wall_ms = wall_ms_;
}

void GridTab::draw(ViewFrame& frame, CanvasFrame& canvases) {
    const MixRequest wanted = frame.facts ? buildMixRequest(frame.panels.states(), *frame.facts) : MixRequest{};
    GridViewInput in;
    in.facts = frame.facts;
    in.request = frame.facts ? &wanted : nullptr;
    in.selected = frame.panels.lab.selection;
    in.rendering = inFlight() || frame.loading;
    in.progress = frame.progress;
    in.dim = [this](const ImageKey& key) { return tileDim(key); };
    in.save_tile_blocked = saveBlocked(frame.facts, wanted);
    const GridViewEvents events = drawGridView(state_, in, canvases);
    if (events.open_in_lab) {
        frame.panels.lab.selection = *events.open_in_lab;
        frame.show_view = "lab";
    }
    if (state_.tile_action) {   // applied before the next frame's panels (prepare)
        pending_action_ = std::exchange(state_.tile_action, std::nullopt);
        frame.busy = true;
    }
    if (events.export_clicked) frame.exports.open_requested = true;
    if (events.move_source) applySourceMove(*events.move_source, frame.panels);
}

// A drag puts the source where the mouse says; a nudge moves it by a step.
// The next request renders its row or column (the host sends only the newest).
void GridTab::applySourceMove(const SourceMove& move, Panels& panels) {
    SeedList& list = panels.sources.list(move.side);
    if (move.relative) nudgeSource(list, move.index, move.x, move.y);
    else moveSourceTo(list, move.index, move.x, move.y);
}

void GridTab::prepare(ViewFrame& frame) {
    if (pending_action_) applyTileAction(*std::exchange(pending_action_, std::nullopt), frame);
    if (ws_result_) {
        startWsExport(frame.exports, ws_path_, *ws_result_);
        ws_result_.reset();
    }
}

// Why a tile cannot be saved now (empty: it can).
std::string GridTab::saveBlocked(const ModelFacts* facts, const MixRequest& wanted) const {
    if (!facts) return "No model loaded.";
    if (!done_ || *done_ != wanted || complete_request_ != wanted)
        return "Wait until the grid has finished rendering: the saved pixels and recipe must match.";
    return {};
}

namespace {
// A source tile becomes an end of the interpolation strip under the grid, which opens.
void interpolateTile(const TileAction& action, StripState& strip) {
    const bool row = action.tile.kind == LabSelection::Kind::RowSource;
    if (!row && action.tile.kind != LabSelection::Kind::ColSource) return;
    const StripEnd end{row ? SourceSide::Rows : SourceSide::Cols, row ? action.tile.row : action.tile.col};
    (action.kind == TileActionKind::InterpolateFrom ? strip.from : strip.to) = end;
    strip.open = true;
}
}  // namespace

// A tile menu entry changes the panels' state; the grid is re-requested from
// that state, and undo tracks the change like any edit.
void GridTab::applyTileAction(const TileAction& action, ViewFrame& frame) {
    if (!frame.facts) return;
    const MixRequest wanted = buildMixRequest(frame.panels.states(), *frame.facts);
    ExportState& status = frame.exports;
    switch (action.kind) {
    case TileActionKind::AddAsRow:
    case TileActionKind::AddAsCol: {
        const bool as_row = action.kind == TileActionKind::AddAsRow;
        const auto source = tileSourceFor(action.kind, action.tile, wanted);
        const std::string error = applyTileSource(frame.panels.sources, action, wanted);
        status.message = !error.empty() ? error
                         : as_row      ? "added " + sourceLabel("A", *source) + " as a new row source"
                                       : "added " + sourceLabel("B", *source) + " as a new column source";
        status.message_is_error = !error.empty();
        break;
    }
    case TileActionKind::OpenInLab:
        frame.panels.lab.selection = action.tile;
        frame.show_view = "lab";
        break;
    case TileActionKind::CopySeeds: {
        const std::string text = tileSeedsText(action.tile, wanted);
        ImGui::SetClipboardText(text.c_str());
        status.message = "copied \"" + text + "\" to the clipboard";
        status.message_is_error = false;
        break;
    }
    case TileActionKind::SaveImage: saveTile(action.tile, frame); break;
    case TileActionKind::SaveWs: askTileWs(action.tile, frame); break;
    case TileActionKind::InterpolateFrom:
    case TileActionKind::InterpolateTo: interpolateTile(action, frame.panels.strip); break;
    case TileActionKind::ShowLayers:
        frame.panels.lab.selection = action.tile;
        frame.show_view = "layers";
        break;
    case TileActionKind::ShowInfluence:
        frame.panels.lab.selection = action.tile;
        frame.show_view = "influence";
        break;
    }
}

// The worker computes the tile's ws (a WsRequest job); prepare() writes them once they come.
void GridTab::askTileWs(const LabSelection& tile, ViewFrame& frame) {
    ExportState& status = frame.exports;
    const auto subject = buildLabSubject(tile, buildMixRequest(frame.panels.states(), *frame.facts));
    if (!subject) {
        status.message = "that tile is no longer in the grid";
        status.message_is_error = true;
        return;
    }
    const std::string dir = status.path.empty() ? std::string() : std::filesystem::path(status.path).parent_path().string();
    ws_path_ = suggestWsPath(dir);
    ws_job_ = WsRequest{*subject};
    status.message = "computing the ws for " + std::filesystem::path(ws_path_).filename().string() + "...";
    status.message_is_error = false;
}

void GridTab::saveTile(const LabSelection& tile, ViewFrame& frame) {
    ExportState& status = frame.exports;
    const std::string blocked = saveBlocked(frame.facts, buildMixRequest(frame.panels.states(), *frame.facts));
    const auto recipe = blocked.empty() ? tileRecipe(tile, complete_request_, *frame.facts) : std::nullopt;
    const Image* image = recipe ? tileImage(tile, complete_) : nullptr;
    if (!image) {
        status.message = blocked.empty() ? "that tile is no longer in the grid" : blocked;
        status.message_is_error = true;
        return;
    }
    const std::string dir = status.path.empty() ? std::string() : std::filesystem::path(status.path).parent_path().string();
    startTileExport(status, suggestTilePath(dir), *image, *recipe);
}

}  // namespace stylemix::gui
