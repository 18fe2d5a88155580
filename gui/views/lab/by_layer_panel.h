// The noise lab's "By layer" display (docs/explorer.md, "Noise by layer"): for
// the lab's subject one NoiseByLayerRequest job, and a strip of std-dev maps,
// one per noise layer, each from K realisations of that layer's noise alone
// (the others as the noise panel keeps them), all on one colour scale (the
// strip's peak), the layer and its own peak under each. Maps fill in as the
// layers complete. The lab tab (lab_tab.h) owns one and shows it instead of
// the realisations while "By layer" is chosen.
#pragma once

#include "gui/request_builder.h"
#include "gui/views/lab/lab_slots.h"
#include "gui/views/view.h"
#include "model/core/noise_by_layer.h"
#include "model/core/worker_protocol.h"

#include <optional>
#include <string>

namespace stylemix::gui {

struct ByLayerSlot {
    static constexpr ImageSlot Map{LabSlot::kBase + 8};        // layer i's std-dev as grey texels, key (i, 0)
    static constexpr CanvasId MapsCanvas{LabSlot::kBase + 8};
    static constexpr CanvasId LegendCanvas{LabSlot::kBase + 9};
};

// The job for the lab's subject: the grid's noise (its mode is what the other
// layers keep), the noise panel's seed, K = `samples`. None without a subject
// or for a model without noise inputs.
std::optional<NoiseByLayerRequest> buildNoiseByLayerRequest(const PanelStates& panels, const ModelFacts& facts, int samples);

// How the maps tile the view: `per_row` maps a row, each `tile` wide and
// tall, with `label` of text under each; the largest tile that fits the width
// and (when it can) the height. Pure.
struct ByLayerGeometry {
    int per_row = 1;
    float tile = 0;
};
ByLayerGeometry byLayerGeometry(float width, float height, int maps, float label, float spacing, float min_tile);

// The status line over the strip: "9 layers, K = 16 each" or "computing layer 4 of 9, K = 16 each...".
std::string byLayerProgressText(int done, int total, int samples, bool computing);

class ByLayerPanel {
public:
    static constexpr int kMinSamples = 2, kMaxSamples = 256;
    int samples = 16;   // K per layer

    std::optional<NoiseByLayerRequest> build(const Panels& panels, const ModelFacts& facts) const;
    bool shows(const NoiseByLayerRequest& request) const { return done_ == request; }
    void submitted(const std::optional<NoiseByLayerRequest>& request);
    void accept(NoiseByLayerResult&& result, bool partial, TextureStore& textures);
    // The strip (or why there is none), its K control and progress.
    void draw(const ViewFrame& frame, CanvasFrame& canvases, const std::string& subject_text);
    void modelChanged();
    // The last complete strip and its request.
    void addExportSources(ExportSources& sources) const;
    const NoiseByLayerResult& shown() const { return result_; }

private:
    bool inFlight() const { return submitted_ && !(done_ == submitted_); }

    std::optional<NoiseByLayerRequest> submitted_;   // in flight (or done)
    std::optional<NoiseByLayerRequest> done_;        // its complete strip is result_
    std::optional<NoiseByLayerRequest> shown_for_;   // the request result_ (partial or not) belongs to
    NoiseByLayerResult result_;                      // on screen
    NoiseByLayerResult complete_;                    // the last complete one, for exports (with done_)
    int uploaded_ = 0;                               // maps of result_ uploaded
};

}  // namespace stylemix::gui
