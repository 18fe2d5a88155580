#include "gui/views/lab/lab_tab.h"

#include <imgui.h>

namespace stylemix::gui {

std::vector<ViewJob> LabTab::buildRequest(const Panels& panels, const ModelFacts& facts) {
    if (by_layer_shown_) {   // only the strip's job while it is shown
        std::vector<ViewJob> out;
        if (const auto request = by_layer_.build(panels, facts)) out.push_back(ViewJob{kId, *request});
        return out;
    }
    LabJobs jobs = buildLabJobs(panels.states(), facts);
    built_ = jobs.lab;
    difference_gain_ = panels.lab.difference_gain;
    // A cancelled map stays cancelled (the old one shown) until a lab setting changes.
    if (cancelled_ && !(jobs.lab == cancelled_)) cancelled_.reset();
    if (cancelled_) jobs.lab = done_;
    std::vector<ViewJob> out;
    if (jobs.lab) out.push_back(ViewJob{kId, *jobs.lab});
    if (jobs.split) out.push_back(ViewJob{kId, *jobs.split});
    return out;
}

bool LabTab::shows(const ViewJob& job) const {
    if (const auto* lab = std::get_if<NoiseLabRequest>(&job.request)) return done_ == *lab;
    if (const auto* split = std::get_if<SplitRequest>(&job.request)) return split_done_ == *split;
    if (const auto* by_layer = std::get_if<NoiseByLayerRequest>(&job.request)) return by_layer_.shows(*by_layer);
    return false;
}

void LabTab::submitted(const std::vector<ViewJob>& jobs) {
    submitted_lab_.reset();
    submitted_split_.reset();
    std::optional<NoiseByLayerRequest> by_layer;
    for (const ViewJob& job : jobs)
        if (const auto* r = std::get_if<NoiseByLayerRequest>(&job.request)) by_layer = *r;
    by_layer_.submitted(by_layer);
    for (const ViewJob& job : jobs) {
        if (const auto* lab = std::get_if<NoiseLabRequest>(&job.request)) submitted_lab_ = *lab;
        if (const auto* split = std::get_if<SplitRequest>(&job.request)) submitted_split_ = *split;
    }
    if (submitted_lab_) partial_ = false;
}

void LabTab::accept(WorkerResult&& result, TextureStore& textures) {
    if (SplitResult* split = result.as<SplitResult>()) {
        if (split->left) textures.put({LabSlot::SplitLeft, 0, 0}, *split->left);
        if (split->right) textures.put({LabSlot::SplitRight, 0, 0}, *split->right);
        split_done_ = submitted_split_;
        split_ms_ = result.elapsed_ms;
        return;
    }
    if (NoiseByLayerResult* by_layer = result.as<NoiseByLayerResult>()) {
        by_layer_.accept(std::move(*by_layer), result.partial, textures);
        return;
    }
    NoiseLabResult* lab = result.as<NoiseLabResult>();
    if (!lab) return;
    show(std::move(*lab), result.partial, textures);
    if (result.partial) return;
    complete_ = result_;
    done_ = submitted_lab_;
    lab_ms_ = result.elapsed_ms;
}

// A lab result on screen; `partial`: the request's map so far (it refines as K grows).
void LabTab::show(NoiseLabResult&& lab, bool partial, TextureStore& textures) {
    const int count = static_cast<int>(lab.realisations.size());
    for (int i = 0; i < count; ++i)
        if (lab.realisations[i]) textures.put({LabSlot::Realisation, i, 0}, *lab.realisations[i]);
    textures.trim(LabSlot::Realisation, count, 1);
    if (count > 0 && lab.realisations[0])
        textures.put({LabSlot::StdDevRaw, 0, 0}, stddevTexelImage(lab, lab.realisations[0]->width));
    result_ = std::move(lab);
    partial_ = partial;
    uploadDifferences(difference_gain_, textures);
}

// "Difference from the mean x N" of the realisations on screen.
void LabTab::uploadDifferences(int gain, TextureStore& textures) {
    uploaded_difference_gain_ = gain;
    const std::vector<Image> diffs = differenceFromMean(result_.realisations, static_cast<float>(gain));
    for (std::size_t i = 0; i < diffs.size(); ++i) textures.put({LabSlot::Difference, static_cast<int>(i), 0}, diffs[i]);
    textures.trim(LabSlot::Difference, static_cast<int>(diffs.size()), 1);
}

// "Realisations | By layer" over the lab, while there is a lab to show.
void LabTab::drawDisplayChoice(const ViewFrame& frame) {
    if (!frame.facts || !frame.facts->hasNoise() || frame.panels.lab.selection.kind == LabSelection::Kind::None) return;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Display");
    ImGui::SameLine();
    if (ImGui::RadioButton("Realisations", !by_layer_shown_)) by_layer_shown_ = false;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("K realisations of every layer's noise at once, their std-dev and crops");
    ImGui::SameLine();
    if (ImGui::RadioButton("By layer", by_layer_shown_)) by_layer_shown_ = true;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("One std-dev map per noise layer: only that layer's noise resampled, the others fixed");
}

void LabTab::draw(ViewFrame& frame, CanvasFrame& canvases) {
    drawDisplayChoice(frame);
    if (by_layer_shown_ && frame.facts && frame.facts->hasNoise() && frame.panels.lab.selection.kind != LabSelection::Kind::None) {
        ImGui::BeginChild("by-layer-scroll", ImVec2(0, 0), false,
                          ImGuiWindowFlags_AlwaysVerticalScrollbar | ImGuiWindowFlags_NoBackground);
        by_layer_.draw(frame, canvases,
                       describeSubject(frame.panels.lab.selection, buildMixRequest(frame.panels.states(), *frame.facts), frame.facts));
        ImGui::EndChild();
        return;
    }
    LabState& lab = frame.panels.lab;
    LabViewInput in;
    in.facts = frame.facts;
    in.result = result_.realisations.empty() ? nullptr : &result_;
    in.result_samples = result_.samples;
    in.refining = partial_ && labInFlight();
    in.busy = labInFlight() || splitInFlight();
    in.stale = labInFlight();
    in.computing_samples = submitted_lab_ ? submitted_lab_->samples : 0;
    in.cancelled = cancelled_.has_value();
    if (lab.difference_gain != uploaded_difference_gain_ && !result_.realisations.empty())
        uploadDifferences(lab.difference_gain, frame.textures);
    in.progress = frame.progress;
    if (frame.facts)
        in.subject_text = describeSubject(lab.selection, buildMixRequest(frame.panels.states(), *frame.facts), frame.facts);
    drawNoiseLabView(lab, in, canvases);
    if (lab.cancel_requested && built_) cancelled_ = built_;
    if (lab.recompute_requested) cancelled_.reset();
    lab.cancel_requested = lab.recompute_requested = false;
}

void LabTab::modelChanged() {
    built_.reset();
    cancelled_.reset();
    submitted_lab_.reset();
    submitted_split_.reset();
    done_.reset();
    split_done_.reset();
    result_ = NoiseLabResult{};
    complete_ = NoiseLabResult{};
    partial_ = false;
    lab_ms_.reset();
    split_ms_.reset();
    by_layer_.modelChanged();
}

void LabTab::addExportSources(ExportSources& sources) const {
    by_layer_.addExportSources(sources);
    if (!done_) return;   // the last complete lab result (not a partial one) and its request
    sources.lab = &complete_;
    sources.lab_request = &*done_;
}

void LabTab::addStatus(StatusInfo& status) const {
    status.lab_ms = lab_ms_;
    status.lab_samples = done_ ? done_->samples : 0;
    status.split_ms = split_ms_;
}

}  // namespace stylemix::gui
