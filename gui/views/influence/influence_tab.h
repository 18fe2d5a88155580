// Influence maps as a tab (gui/views/view.h): for the lab's subject when it
// is a grid cell (Panels::lab.selection; the grid's tile menu "Show its
// influence" sets it) one MixRequest (influenceMixRequest: A once per band,
// B as the column) renders A, B, the cell's mix and, with the band row on,
// the coarse, middle and fine mixes of the same A and B. The view shows each
// mix with its |mix - A| and |mix - B| heat maps on one colour scale, the
// fraction of pixels moved more than the threshold, and exports the figure
// as PNG + "influence" recipe (composeInfluenceFigure). No new job kind.
#pragma once

#include "gui/views/influence/influence_display.h"
#include "gui/views/influence/influence_slots.h"
#include "gui/views/influence/influence_spec_builder.h"
#include "gui/views/view.h"

#include <optional>

namespace stylemix::gui {

class InfluenceTab final : public View {
public:
    static constexpr const char* kId = "influence";
    const char* id() const override { return kId; }
    const char* title() const override { return "Influence"; }
    std::uint32_t slotBase() const override { return InfluenceSlot::kBase; }

    std::vector<ViewJob> buildRequest(const Panels& panels, const ModelFacts& facts) override;
    bool shows(const ViewJob& job) const override;
    void submitted(const std::vector<ViewJob>& jobs) override;
    void accept(WorkerResult&& result, TextureStore& textures) override;
    void failed(const WorkerResult& result) override;
    void draw(ViewFrame& frame, CanvasFrame& canvases) override;
    void modelChanged() override;
    void addExportSources(ExportSources& sources) const override;

    InfluenceViewState& state() { return state_; }
    bool complete() const { return done_.has_value(); }            // a whole figure is on screen
    const InfluenceDisplay& display() const { return display_; }   // its maps
    const std::optional<InfluenceSpec>& done() const { return done_; }

private:
    bool inFlight() const { return submitted_ && !(done_ == submitted_) && !(failed_ == submitted_); }

    InfluenceViewState state_;
    std::optional<InfluenceSpec> built_;       // what the view asked for last
    std::optional<InfluenceSpec> submitted_;   // in flight (or done)
    std::optional<InfluenceSpec> shown_for_;   // the request whose (maybe partial) tiles are on screen
    std::optional<InfluenceSpec> done_;        // the request whose complete figure is on screen (threshold: the slider's)
    MixResult result_;                         // on screen
    InfluenceDisplay display_;                 // its maps
    std::optional<InfluenceSpec> failed_;      // the request whose job failed...
    std::string error_;                        // ...and why
};

}  // namespace stylemix::gui
