// The noise lab as a view (gui/views/view.h): for the selected tile it asks
// for K noise realisations and their std-dev map (shown as it refines) and,
// with the split view on, two noise configurations side by side. A cancelled
// map keeps the old one on screen until a lab setting changes or Recompute.
// Its "By layer" display (by_layer_panel.h) shows, instead, one std-dev map per
// noise layer from that layer's noise alone, as one NoiseByLayerRequest job.
#pragma once

#include "gui/views/lab/by_layer_panel.h"
#include "gui/views/lab/noise_lab_view.h"
#include "gui/views/view.h"

#include <optional>

namespace stylemix::gui {

class LabTab final : public View {
public:
    static constexpr const char* kId = "lab";
    const char* id() const override { return kId; }
    std::uint32_t slotBase() const override { return LabSlot::kBase; }
    const char* title() const override { return "Noise lab"; }

    std::vector<ViewJob> buildRequest(const Panels& panels, const ModelFacts& facts) override;
    bool shows(const ViewJob& job) const override;
    void submitted(const std::vector<ViewJob>& jobs) override;
    void accept(WorkerResult&& result, TextureStore& textures) override;
    void draw(ViewFrame& frame, CanvasFrame& canvases) override;
    void modelChanged() override;
    void addExportSources(ExportSources& sources) const override;
    void addStatus(StatusInfo& status) const override;

    // The "By layer" display instead of the realisations (--lab-by-layer).
    void showByLayer(bool on) { by_layer_shown_ = on; }
    bool byLayerShown() const { return by_layer_shown_; }
    ByLayerPanel& byLayer() { return by_layer_; }

private:
    bool labInFlight() const { return submitted_lab_ && !(done_ == submitted_lab_); }
    bool splitInFlight() const { return submitted_split_ && !(split_done_ == submitted_split_); }
    void show(NoiseLabResult&& lab, bool partial, TextureStore& textures);
    void drawDisplayChoice(const ViewFrame& frame);
    void uploadDifferences(int gain, TextureStore& textures);

    std::optional<NoiseLabRequest> built_;        // the map the panels asked for last
    std::optional<NoiseLabRequest> cancelled_;    // the map the user cancelled (the old one stays)
    std::optional<NoiseLabRequest> submitted_lab_;
    std::optional<SplitRequest> submitted_split_;
    std::optional<NoiseLabRequest> done_;         // the request whose complete map is on screen
    std::optional<SplitRequest> split_done_;
    NoiseLabResult result_;                       // on screen (partial or complete)
    bool partial_ = false;                        // result_ is the request in flight's map so far
    NoiseLabResult complete_;                     // the last complete result, for exports (with done_)
    int difference_gain_ = 8;                     // N the panel asks for...
    int uploaded_difference_gain_ = 0;            // ...and N of the LabDifference textures
    std::optional<double> lab_ms_, split_ms_;
    bool by_layer_shown_ = false;
    ByLayerPanel by_layer_;
};

}  // namespace stylemix::gui
