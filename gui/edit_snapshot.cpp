#include "gui/edit_snapshot.h"

#include <tuple>

namespace stylemix::gui {

EditSnapshot captureEdits(const SourcesState& sources, const MixingState& mixing, const NoiseState& noise,
                          const LabState& lab) {
    EditSnapshot s;
    s.rows = sources.rows.items;
    s.cols = sources.cols.items;
    s.psi = sources.psi;
    s.use_cutoff = sources.use_cutoff;
    s.cutoff = sources.cutoff;
    s.transform = sources.transform;
    s.styles = mixing.styles;
    s.per_row = mixing.per_row;
    s.row_styles = mixing.row_styles;
    s.noise_mode = noise.mode;
    s.noise_seed = noise.seed;
    s.gains = noise.gains;
    s.master = noise.master;
    s.lab_selection = lab.selection;
    s.lab_crop = lab.crop;
    s.lab_samples = lab.samples;
    s.split_left = lab.split_left;
    s.split_right = lab.split_right;
    return s;
}

void applyEdits(const EditSnapshot& s, SourcesState& sources, MixingState& mixing, NoiseState& noise,
                LabState& lab) {
    sources.rows.items = s.rows;
    sources.rows.syncSpec();
    sources.cols.items = s.cols;
    sources.cols.syncSpec();
    sources.psi = s.psi;
    sources.use_cutoff = s.use_cutoff;
    sources.cutoff = s.cutoff;
    sources.transform = s.transform;
    mixing.styles = s.styles;
    mixing.per_row = s.per_row;
    mixing.row_styles = s.row_styles;
    if (!mixing.per_row) mixing.paper_note.clear();
    noise.mode = s.noise_mode;
    noise.seed = s.noise_seed;
    noise.gains = s.gains;
    noise.master = s.master;
    lab.selection = s.lab_selection;
    lab.crop = s.lab_crop;
    lab.samples = s.lab_samples;
    lab.split_left = s.split_left;
    lab.split_right = s.split_right;
}

namespace {

bool sameSeeds(const EditSnapshot& a, const EditSnapshot& b) { return a.rows == b.rows && a.cols == b.cols; }
bool sameTruncation(const EditSnapshot& a, const EditSnapshot& b) {
    return std::tie(a.psi, a.use_cutoff, a.cutoff) == std::tie(b.psi, b.use_cutoff, b.cutoff);
}
bool sameCrossover(const EditSnapshot& a, const EditSnapshot& b) {
    return std::tie(a.styles, a.per_row, a.row_styles) == std::tie(b.styles, b.per_row, b.row_styles);
}
bool sameNoise(const EditSnapshot& a, const EditSnapshot& b) {
    return std::tie(a.noise_mode, a.noise_seed, a.gains, a.master) ==
           std::tie(b.noise_mode, b.noise_seed, b.gains, b.master);
}
bool sameLab(const EditSnapshot& a, const EditSnapshot& b) {
    return std::tie(a.lab_selection, a.lab_crop, a.lab_samples, a.split_left, a.split_right) ==
           std::tie(b.lab_selection, b.lab_crop, b.lab_samples, b.split_left, b.split_right);
}

}  // namespace

bool same(const EditSnapshot& a, const EditSnapshot& b) {
    return sameSeeds(a, b) && sameTruncation(a, b) && a.transform == b.transform && sameCrossover(a, b) &&
           sameNoise(a, b) && sameLab(a, b);
}

std::string describeChange(const EditSnapshot& a, const EditSnapshot& b) {
    std::string out;
    const auto add = [&out](bool differs, const char* what) {
        if (!differs) return;
        if (!out.empty()) out += ", ";
        out += what;
    };
    add(!sameSeeds(a, b), "seeds");
    add(!sameCrossover(a, b), "crossover");
    add(!sameTruncation(a, b), "truncation");
    add(a.transform != b.transform, "transform");
    add(!sameNoise(a, b), "noise");
    add(!sameLab(a, b), "noise lab");
    return out;
}

}  // namespace stylemix::gui
