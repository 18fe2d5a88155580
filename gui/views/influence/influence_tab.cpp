#include "gui/views/influence/influence_tab.h"

#include "gui/views/influence/influence_view.h"
#include "model/core/influence_request.h"

namespace stylemix::gui {
namespace {

// Specs equal but for the threshold (which changes no pixel, only the fractions).
bool samePixels(const std::optional<InfluenceSpec>& a, const std::optional<InfluenceSpec>& b) {
    if (!a || !b) return !a && !b;
    InfluenceSpec x = *a;
    x.threshold = b->threshold;
    return x == *b;
}

}  // namespace

std::vector<ViewJob> InfluenceTab::buildRequest(const Panels& panels, const ModelFacts& facts) {
    built_ = buildInfluenceSpec(state_, panels.lab.selection, buildMixRequest(panels.states(), facts), facts);
    if (!built_ || samePixels(built_, failed_)) return {};   // a failed request is not asked again until it changes
    return {ViewJob{kId, influenceMixRequest(*built_)}};
}

bool InfluenceTab::shows(const ViewJob& job) const {
    const auto* mix = std::get_if<MixRequest>(&job.request);
    return mix && done_ && influenceMixRequest(*done_) == *mix;
}

void InfluenceTab::submitted(const std::vector<ViewJob>& jobs) {
    submitted_.reset();
    for (const ViewJob& job : jobs)
        if (const auto* mix = std::get_if<MixRequest>(&job.request))
            if (built_ && influenceMixRequest(*built_) == *mix) submitted_ = built_;
}

// Tiles arrive as they render; the maps are recomputed for every band whose three images are in.
void InfluenceTab::accept(WorkerResult&& result, TextureStore& textures) {
    MixResult* mix = result.as<MixResult>();
    if (!mix || !submitted_) return;
    if (!samePixels(shown_for_, submitted_)) result_ = MixResult{};   // a new figure: nothing of the old one is kept
    mergeTiles(result_, std::move(*mix));
    shown_for_ = submitted_;
    display_ = influenceDisplay(result_);
    uploadInfluence(result_, display_, textures);
    if (result.partial) return;
    done_ = submitted_;
    failed_.reset();
    error_.clear();
}

void InfluenceTab::failed(const WorkerResult& result) {
    if (!result.as<MixResult>()) return;
    failed_ = submitted_;
    error_ = result.error;
}

void InfluenceTab::draw(ViewFrame& frame, CanvasFrame& canvases) {
    if (done_) done_->threshold = state_.threshold;   // exports take the slider's threshold
    InfluenceViewInput in;
    in.facts = frame.facts;
    if (frame.facts) {
        const MixRequest grid = buildMixRequest(frame.panels.states(), *frame.facts);
        in.has_cell = built_.has_value();
        in.subject = describeSubject(frame.panels.lab.selection, grid, frame.facts);
    }
    if (shown_for_) {
        in.spec = &*shown_for_;
        in.shown = &result_;
        in.display = &display_;
    }
    in.dim = samePixels(built_, shown_for_) ? 0.f : 0.45f;
    in.rendering = inFlight() || frame.loading;
    if (failed_ && samePixels(failed_, built_)) in.error = error_;
    if (!done_) in.export_blocked = "Wait until the maps have finished rendering.";
    else if (!samePixels(done_, built_)) in.export_blocked = "Wait until the new maps have finished rendering.";
    const InfluenceViewEvents events = drawInfluenceView(state_, in, canvases);
    if (events.export_clicked) {
        frame.exports.kind = ExportKind::Influence;
        frame.exports.open_requested = true;
    }
    if (events.pick_first_cell) frame.panels.lab.selection = {LabSelection::Kind::Cell, 0, 0};
}

void InfluenceTab::modelChanged() {
    built_.reset();
    submitted_.reset();
    shown_for_.reset();
    done_.reset();
    failed_.reset();
    error_.clear();
    result_ = MixResult{};
    display_ = InfluenceDisplay{};
}

void InfluenceTab::addExportSources(ExportSources& sources) const {
    if (!done_ || !samePixels(done_, shown_for_)) return;   // the last complete figure and the spec that made it
    sources.influence = &result_;
    sources.influence_spec = &*done_;
}

}  // namespace stylemix::gui
