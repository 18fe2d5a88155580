#include "gui/views/strip/strip_tab.h"

#include "gui/views/grid/tile_actions.h"
#include "gui/widgets/labels.h"

#include <imgui.h>

#include <filesystem>

namespace stylemix::gui {

float StripTab::dockHeight(const ViewFrame& frame, ImVec2 avail) const {
    const StripState& s = frame.panels.strip;
    const bool shown = s.open && frame.facts;
    const int lines = flowStripControls(avail.x, stripControlWidths()).lines;
    return layoutStrip(avail, shown, s.steps, ImGui::GetFrameHeightWithSpacing(), lines).height;
}

std::vector<ViewJob> StripTab::buildRequest(const Panels& panels, const ModelFacts& facts) {
    built_ = buildInterpolationRequest(panels.strip, buildMixRequest(panels.states(), facts));
    if (!built_ || built_ == failed_) return {};   // a failed strip is not asked again until it changes
    return {ViewJob{kId, *built_}};
}

bool StripTab::shows(const ViewJob& job) const {
    const auto* strip = std::get_if<InterpolationRequest>(&job.request);
    return strip && done_ == *strip;
}

void StripTab::submitted(const std::vector<ViewJob>& jobs) {
    submitted_.reset();
    for (const ViewJob& job : jobs)
        if (const auto* strip = std::get_if<InterpolationRequest>(&job.request)) submitted_ = *strip;
}

void StripTab::accept(WorkerResult&& result, TextureStore& textures) {
    InterpolationResult* strip = result.as<InterpolationResult>();
    if (!strip || !submitted_) return;
    const int n = static_cast<int>(strip->images.size());
    for (int i = 0; i < n; ++i) textures.put({StripSlot::Frame, 0, i}, strip->images[i]);
    textures.trim(StripSlot::Frame, 1, n);
    result_ = std::move(*strip);
    done_ = submitted_;
    failed_.reset();
    error_.clear();
}

void StripTab::failed(const WorkerResult& result) {
    if (!result.as<InterpolationResult>()) return;
    failed_ = submitted_;
    error_ = result.error;
}

void StripTab::modelChanged() {
    built_.reset();
    submitted_.reset();
    done_.reset();
    failed_.reset();
    error_.clear();
    result_ = InterpolationResult{};
    pending_action_.reset();
}

void StripTab::addExportSources(ExportSources& sources) const {
    if (!done_ || result_.images.empty()) return;   // the last complete strip and the request that made it
    sources.strip = &result_;
    sources.strip_request = &*done_;
}

void StripTab::draw(ViewFrame& frame, CanvasFrame& canvases) {
    const MixRequest grid = frame.facts ? buildMixRequest(frame.panels.states(), *frame.facts) : MixRequest{};
    StripViewInput in;
    in.facts = frame.facts;
    in.grid = frame.facts ? &grid : nullptr;
    in.frames = frames();
    in.complete = done_.has_value();
    in.rendering = inFlight();
    if (failed_ && failed_ == built_) in.error = error_;
    if (!done_) in.export_blocked = "Wait until the strip has finished rendering.";
    const bool stale = built_ != done_;
    in.dim = [stale](int) { return stale ? 0.45f : 0.f; };
    const StripViewEvents events = drawStripView(frame.panels.strip, view_, in, canvases);
    if (events.export_clicked) {
        frame.exports.kind = ExportKind::Strip;
        frame.exports.open_requested = true;
    }
    if (events.frame_action) {   // applied before the next frame's panels (prepare)
        pending_action_ = events.frame_action;
        frame.busy = true;
    }
}

void StripTab::prepare(ViewFrame& frame) {
    if (pending_action_) applyFrameAction(*std::exchange(pending_action_, std::nullopt), frame);
}

void StripTab::applyFrameAction(const FrameAction& action, ViewFrame& frame) {
    ExportState& status = frame.exports;
    if (!done_) {
        status.message = "that strip is no longer on screen";
        status.message_is_error = true;
        return;
    }
    if (action.kind == FrameActionKind::SaveWs) {
        const std::string dir = status.path.empty() ? std::string() : std::filesystem::path(status.path).parent_path().string();
        startStripFrameWsExport(status, suggestWsPath(dir), *done_, result_, action.frame);
        return;
    }
    const SourceSide side = action.kind == FrameActionKind::UseAsRow ? SourceSide::Rows : SourceSide::Cols;
    const std::string error = addStripFrameSource(frame.panels.sources, side, *done_, result_, action.frame);
    status.message_is_error = !error.empty();
    status.message = !error.empty() ? error
                                    : "added " + sourceLabel(side == SourceSide::Rows ? "A" : "B",
                                                             frame.panels.sources.list(side).items.back()) +
                                          (side == SourceSide::Rows ? " as a new row source" : " as a new column source");
}

}  // namespace stylemix::gui
