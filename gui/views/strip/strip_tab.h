// The interpolation strip as a view docked under the grid (gui/views/view.h):
// between two of the grid's sources (Panels::strip), with the grid's
// truncation, noise and input transform, it asks for an InterpolationRequest
// and shows its frames; each frame's menu adds its ws as a source or saves
// them; the last complete strip is exported as PNG + "interpolation" recipe.
#pragma once

#include "gui/views/strip/strip_slots.h"
#include "gui/views/strip/strip_view.h"
#include "gui/views/view.h"

#include <optional>

namespace stylemix::gui {

class StripTab final : public View {
public:
    static constexpr const char* kId = "strip";
    const char* id() const override { return kId; }
    const char* title() const override { return "Interpolation strip"; }
    std::uint32_t slotBase() const override { return StripSlot::kBase; }
    const char* dockedUnder() const override { return "grid"; }
    float dockHeight(const ViewFrame& frame, ImVec2 avail) const override;

    std::vector<ViewJob> buildRequest(const Panels& panels, const ModelFacts& facts) override;
    bool shows(const ViewJob& job) const override;
    void submitted(const std::vector<ViewJob>& jobs) override;
    void accept(WorkerResult&& result, TextureStore& textures) override;
    void failed(const WorkerResult& result) override;
    void prepare(ViewFrame& frame) override;
    void draw(ViewFrame& frame, CanvasFrame& canvases) override;
    void modelChanged() override;
    void addExportSources(ExportSources& sources) const override;

    bool complete() const { return done_.has_value(); }   // a whole strip is on screen
    int frames() const { return static_cast<int>(result_.images.size()); }

private:
    bool inFlight() const { return submitted_ && !(done_ == submitted_); }
    void applyFrameAction(const FrameAction& action, ViewFrame& frame);

    std::optional<InterpolationRequest> built_;       // what the panels asked for last
    std::optional<InterpolationRequest> submitted_;   // in flight (or done)
    std::optional<InterpolationRequest> done_;        // the request whose complete strip is on screen
    InterpolationResult result_;                      // on screen (the last complete strip)
    std::optional<InterpolationRequest> failed_;      // the request whose job failed...
    std::string error_;                               // ...and why
    StripViewState view_;
    std::optional<FrameAction> pending_action_;       // chosen in the last frame's draw
};

}  // namespace stylemix::gui
