#include "gui/request_builder.h"

#include "gui/views/grid/grid_slots.h"
#include "gui/widgets/labels.h"

#include <algorithm>

namespace stylemix::gui {

namespace {

Source requestSource(const Source& s, int c_dim) {
    // Conditional models need a class; unconditional ones must have none.
    // The Sources panel shows this same effectiveClass.
    // A W array has no class (effectiveClass gives it -1).
    Source out = s;
    out.class_index = effectiveClass(s, c_dim);
    return out;
}

}  // namespace

MixRequest buildMixRequest(const PanelStates& panels, const ModelFacts& facts) {
    const int c_dim = facts.c_dim;
    MixRequest mix;
    for (const Source& s : panels.sources.rows.items) mix.rows.push_back(requestSource(s, c_dim));
    for (const Source& s : panels.sources.cols.items) mix.cols.push_back(requestSource(s, c_dim));

    MixingState mixing = panels.mixing;   // fitted copy: the panel may not have been drawn yet
    fitMixingToModel(mixing, facts, static_cast<int>(mix.rows.size()));
    mix.styles = gridStyles(mixing);
    if (mixing.per_row)
        for (int r = 0; r < static_cast<int>(mix.rows.size()); ++r) mix.row_styles.push_back(stylesFor(mixing, r));

    mix.truncation.psi = panels.sources.psi;
    mix.truncation.cutoff = panels.sources.use_cutoff ? std::clamp(panels.sources.cutoff, 1, facts.num_ws) : -1;

    mix.transform = requestTransform(panels.sources, facts);

    NoiseState noise = panels.noise;
    noise.fitTo(static_cast<int>(facts.noise_layers.size()));
    mix.noise = toNoiseSpec(noise);
    return mix;
}

std::optional<LabSubject> buildLabSubject(const LabSelection& sel, const MixRequest& mix) {
    const int rows = static_cast<int>(mix.rows.size()), cols = static_cast<int>(mix.cols.size());
    LabSubject subject;
    subject.truncation = mix.truncation;
    subject.transform = mix.transform;
    switch (sel.kind) {
    case LabSelection::Kind::None: return std::nullopt;
    case LabSelection::Kind::RowSource:
        if (sel.row < 0 || sel.row >= rows) return std::nullopt;
        subject.source = mix.rows[sel.row];
        return subject;
    case LabSelection::Kind::ColSource:
        if (sel.col < 0 || sel.col >= cols) return std::nullopt;
        subject.source = mix.cols[sel.col];
        return subject;
    case LabSelection::Kind::Cell:
        if (sel.row < 0 || sel.row >= rows || sel.col < 0 || sel.col >= cols) return std::nullopt;
        subject.source = mix.rows[sel.row];
        subject.mix_with = mix.cols[sel.col];
        subject.styles = mix.stylesForRow(sel.row);
        return subject;
    }
    return std::nullopt;
}

std::string describeSubject(const LabSelection& sel, const MixRequest& mix, const ModelFacts* facts) {
    const auto subject = buildLabSubject(sel, mix);
    if (!subject) return "nothing selected";
    const std::string a = subject->source.label();
    switch (sel.kind) {
    case LabSelection::Kind::RowSource: return "row source A " + a;
    case LabSelection::Kind::ColSource: return "column source B " + a;
    case LabSelection::Kind::Cell: {
        const std::string range = stylesText(facts, subject->styles);
        return "cell: A " + a + " with B " + subject->mix_with->label() + "'s " + range;
    }
    case LabSelection::Kind::None: break;
    }
    return "nothing selected";
}

bool tileChanges(const MixRequest& shown, const MixRequest& next, const ImageKey& key) {
    if (shown.truncation != next.truncation || shown.noise != next.noise || shown.transform != next.transform)
        return true;
    const auto same = [](const std::vector<Source>& a, const std::vector<Source>& b, int i) {
        return i >= 0 && i < static_cast<int>(a.size()) && i < static_cast<int>(b.size()) && a[i] == b[i];
    };
    if (key.slot == GridSlot::RowSource) return !same(shown.rows, next.rows, key.a);
    if (key.slot == GridSlot::ColSource) return !same(shown.cols, next.cols, key.b);
    if (key.slot == GridSlot::Cell)
        return !same(shown.rows, next.rows, key.a) || !same(shown.cols, next.cols, key.b) ||
               shown.stylesForRow(key.a) != next.stylesForRow(key.a);
    return true;
}

LabJobs buildLabJobs(const PanelStates& panels, const ModelFacts& facts) {
    LabJobs jobs;
    if (facts.num_ws <= 0 || !facts.hasNoise()) return jobs;
    const MixRequest mix = buildMixRequest(panels, facts);
    const auto subject = buildLabSubject(panels.lab.selection, mix);
    if (!subject) return jobs;

    NoiseLabRequest lab;
    lab.subject = *subject;
    lab.noise = mix.noise;
    lab.noise.mode = NoiseMode::Random;   // realisations differ only by random noise
    lab.noise.seed = panels.noise.seed;
    lab.samples = std::clamp(panels.lab.samples, 2, LabState::kMaxSamples);
    lab.keep_images = std::clamp(panels.lab.keep, 1, lab.samples);
    // The gain only scales NoiseLabResult::stddev; the view and exports apply
    // their own, so it stays fixed here and gain changes need no re-render.
    jobs.lab = lab;

    if (panels.lab.split_enabled) {
        SplitRequest split;
        split.subject = *subject;
        split.left = splitNoiseSpec(panels.lab.split_left, panels.noise, facts.noise_layers);
        split.right = splitNoiseSpec(panels.lab.split_right, panels.noise, facts.noise_layers);
        jobs.split = split;
    }
    return jobs;
}

}  // namespace stylemix::gui
