// The style-mixing grid as a view (gui/views/view.h): it asks for the grid the
// panels describe, shows each tile as soon as the worker has it (dimming the
// ones the request in flight will change), keeps the last complete grid for
// exports and tile saves, and applies its tiles' menu entries.
#pragma once

#include "gui/stale_dimming.h"
#include "gui/views/grid/grid_view.h"
#include "gui/views/view.h"

#include <map>
#include <memory>
#include <optional>
#include <set>

namespace stylemix::gui {

class GridTab final : public View {
public:
    static constexpr const char* kId = "grid";
    const char* id() const override { return kId; }
    std::uint32_t slotBase() const override { return GridSlot::kBase; }
    const char* title() const override { return "Style mixing grid"; }

    std::vector<ViewJob> buildRequest(const Panels& panels, const ModelFacts& facts) override;
    bool shows(const ViewJob& job) const override;
    void submitted(const std::vector<ViewJob>& jobs) override;
    void accept(WorkerResult&& result, TextureStore& textures) override;
    void failed(const WorkerResult& result) override;
    void prepare(ViewFrame& frame) override;
    void draw(ViewFrame& frame, CanvasFrame& canvases) override;
    void modelChanged() override;
    void addExportSources(ExportSources& sources) const override;
    void addStatus(StatusInfo& status) const override;

    GridViewState& state() { return state_; }   // the View menu's switches; the screenshot's geometry
    bool complete() const { return done_.has_value(); }   // a whole grid is on screen
    int cellUploads() const { return cell_uploads_; }     // cells put on screen so far (drag measurements)
    int tileUploads() const { return tile_uploads_; }

private:
    bool inFlight() const { return submitted_ && !(done_ == *submitted_); }
    void show(const MixResult& mix, TextureStore& textures);
    float tileDim(const ImageKey& key) const;
    std::string saveBlocked(const ModelFacts* facts, const MixRequest& wanted) const;
    void applyTileAction(const TileAction& action, ViewFrame& frame);
    void saveTile(const LabSelection& tile, ViewFrame& frame);
    void askTileWs(const LabSelection& tile, ViewFrame& frame);
    void applySourceMove(const SourceMove& move, Panels& panels);

    GridViewState state_;
    std::optional<MixRequest> done_;          // the request whose complete grid is on screen
    MixResult complete_;                      // the last complete grid, for exports...
    MixRequest complete_request_;             // ...and the request that made it
    std::shared_ptr<const MixRequest> submitted_;   // in flight (or done); null: none asked
    std::set<ImageKey> fresh_;                // tiles already replaced for the request in flight
    // The request each tile's pixels were rendered for (only tiles the request in flight changes dim).
    std::map<ImageKey, std::shared_ptr<const MixRequest>> tile_requests_;
    StaleDimming dimming_;
    std::optional<TileAction> pending_action_;   // chosen in the last frame's draw
    // "Save ws as .npz": the tile's ws asked of the worker (a job until its
    // result or error comes), where they go, and the result to write next frame.
    std::optional<WsRequest> ws_job_;
    std::string ws_path_;
    std::optional<WsResult> ws_result_;
    std::optional<StageTimings> timings_;
    double wall_ms_ = 0;
    int cell_uploads_ = 0, tile_uploads_ = 0;
};

}  // namespace stylemix::gui
