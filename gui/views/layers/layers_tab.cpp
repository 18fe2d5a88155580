#include "gui/views/layers/layers_tab.h"

#include "gui/views/layers/layers_request.h"
#include "model/io/message_text.h"

namespace stylemix::gui {

std::vector<ViewJob> LayersTab::buildRequest(const Panels& panels, const ModelFacts& facts) {
    built_ = buildLayerRequest(state_, panels.states(), facts);
    if (!built_ || built_ == failed_) return {};   // a failed request is not asked again until it changes
    return {ViewJob{kId, *built_}};
}

bool LayersTab::shows(const ViewJob& job) const {
    const auto* layer = std::get_if<LayerRequest>(&job.request);
    return layer && done_ == *layer;
}

void LayersTab::submitted(const std::vector<ViewJob>& jobs) {
    const bool replacing = inFlight();
    submitted_.reset();
    for (const ViewJob& job : jobs)
        if (const auto* layer = std::get_if<LayerRequest>(&job.request)) submitted_ = *layer;
    if (submitted_) dimming_.submitted(replacing, StaleDimming::Clock::now());
}

// Every result replaces the panels on screen (uploaded in place); a final one completes its request.
void LayersTab::accept(WorkerResult&& result, TextureStore& textures) {
    LayerResult* layer = result.as<LayerResult>();
    if (!layer || !submitted_) return;
    const int n = static_cast<int>(layer->panels.size());
    for (int i = 0; i < n; ++i) textures.put({LayersSlot::Panel, i, 0}, layer->panels[i].image);
    textures.trim(LayersSlot::Panel, n, 1);
    result_ = std::move(*layer);
    shown_for_ = submitted_;
    if (result.partial) return;
    done_ = submitted_;
    failed_.reset();
    error_.clear();
}

void LayersTab::failed(const WorkerResult& result) {
    if (!result.as<LayerResult>()) return;
    failed_ = submitted_;
    error_ = result.error;
}

float LayersTab::dim(StaleDimming::Clock::time_point now) const {
    if (result_.panels.empty() || built_ == shown_for_) return 0.f;
    return inFlight() ? dimming_.dim(now) : StaleDimming::kDim;
}

void LayersTab::draw(ViewFrame& frame, CanvasFrame& canvases) {
    LayersViewInput in;
    in.facts = frame.facts;
    if (frame.facts) {
        const MixRequest grid = buildMixRequest(frame.panels.states(), *frame.facts);
        in.has_subject = buildLabSubject(frame.panels.lab.selection, grid).has_value();
        in.subject = describeSubject(frame.panels.lab.selection, grid, frame.facts);
    }
    if (!result_.panels.empty() && shown_for_) {
        in.result = &result_;
        in.titles = layerPanelTitles(*shown_for_, frame.facts);
        in.shown_selection = selectionText(shown_for_->view, {result_.layer, result_.channels, result_.height, result_.width});
    }
    if (frame.facts && !state_.layer.empty() && !frame.facts->activations.empty() && !frame.facts->activation(state_.layer))
        in.note = "no layer " + quoteText(state_.layer) + " in this model: showing " + frame.facts->activations.back().name;
    in.dim = dim();
    in.rendering = inFlight();
    if (failed_ && failed_ == built_) in.error = error_;
    if (!done_) in.export_blocked = "Wait until the layer has finished rendering.";
    const LayersViewEvents events = drawLayersView(state_, memory_, in, canvases);
    if (events.export_clicked) {
        frame.exports.kind = ExportKind::Layer;
        frame.exports.open_requested = true;
    }
    if (events.pick_first_cell) frame.panels.lab.selection = {LabSelection::Kind::Cell, 0, 0};
}

void LayersTab::modelChanged() {
    built_.reset();
    submitted_.reset();
    done_.reset();
    shown_for_.reset();
    failed_.reset();
    error_.clear();
    result_ = LayerResult{};
    memory_ = LayersViewMemory{};
}

void LayersTab::addExportSources(ExportSources& sources) const {
    if (!done_ || result_.panels.empty() || !(shown_for_ == done_)) return;   // the last complete result and its request
    sources.layer = &result_;
    sources.layer_request = &*done_;
}

}  // namespace stylemix::gui
