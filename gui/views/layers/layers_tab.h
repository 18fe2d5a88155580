// The layer view as a tab (gui/views/view.h): for the lab's subject in the
// grid (Panels::lab.selection; the grid's tile menu "Show its layers" sets
// it) one LayerRequest job at the chosen layer, A, B and the mix side by side
// as NVIDIA's visualizer shows a layer. While a new result renders the old
// images stay, dimmed; the last complete result exports as PNG + "layer" recipe.
#pragma once

#include "gui/stale_dimming.h"
#include "gui/views/layers/layers_slots.h"
#include "gui/views/layers/layers_view.h"
#include "gui/views/view.h"

#include <optional>

namespace stylemix::gui {

class LayersTab final : public View {
public:
    static constexpr const char* kId = "layers";
    const char* id() const override { return kId; }
    const char* title() const override { return "Layers"; }
    std::uint32_t slotBase() const override { return LayersSlot::kBase; }

    std::vector<ViewJob> buildRequest(const Panels& panels, const ModelFacts& facts) override;
    bool shows(const ViewJob& job) const override;
    void submitted(const std::vector<ViewJob>& jobs) override;
    void accept(WorkerResult&& result, TextureStore& textures) override;
    void failed(const WorkerResult& result) override;
    void draw(ViewFrame& frame, CanvasFrame& canvases) override;
    void modelChanged() override;
    void addExportSources(ExportSources& sources) const override;

    LayersState& state() { return state_; }                 // its settings (the harness's --layer sets one)
    const LayerResult& shown() const { return result_; }    // on screen (panels empty: nothing yet)
    bool complete() const { return done_.has_value(); }      // shown is the result of done_
    const std::optional<LayerRequest>& done() const { return done_; }
    // How much the images on screen are dimmed now: a request in flight will
    // replace them (after StaleDimming's grace), or the panels ask for what failed.
    float dim(StaleDimming::Clock::time_point now = StaleDimming::Clock::now()) const;

private:
    bool inFlight() const { return submitted_ && !(done_ == submitted_) && !(failed_ == submitted_); }

    LayersState state_;
    LayersViewMemory memory_;
    std::optional<LayerRequest> built_;       // what the view asked for last
    std::optional<LayerRequest> submitted_;   // in flight (or done)
    std::optional<LayerRequest> done_;        // the request whose complete result is on screen
    std::optional<LayerRequest> shown_for_;   // the request whose (maybe partial) result is on screen
    LayerResult result_;                      // on screen
    std::optional<LayerRequest> failed_;      // the request whose job failed...
    std::string error_;                       // ...and why
    StaleDimming dimming_;
};

}  // namespace stylemix::gui
