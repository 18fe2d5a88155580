// What undo / redo restores: every setting that changes what the grid or the
// noise lab shows (seeds and classes, truncation, the input transform, the
// crossover and per-row bands, noise mode / seed / knobs, the lab's subject,
// crop, K and split sides). View-only state (zoom, the std-dev gain, the split
// divider, panel layout) is not part of it.
#pragma once

#include "gui/panels/mixing_panel.h"
#include "gui/views/lab/noise_lab_view.h"
#include "gui/panels/noise_panel.h"
#include "gui/panels/sources_panel.h"

#include <string>

namespace stylemix::gui {

struct EditSnapshot {
    std::vector<Source> rows, cols;   // the seed lists' items (their text follows them)
    double psi = 1.0;
    bool use_cutoff = false;
    int cutoff = 4;
    InputTransform transform;
    std::vector<int> styles;
    bool per_row = false;
    std::vector<std::vector<int>> row_styles;
    NoiseMode noise_mode = NoiseMode::Const;
    std::uint64_t noise_seed = 0;
    std::vector<float> gains;
    float master = 1.f;
    LabSelection lab_selection;
    CropRect lab_crop;
    int lab_samples = 32;
    SplitNoise split_left = SplitNoise::All, split_right = SplitNoise::None;
};

EditSnapshot captureEdits(const SourcesState& sources, const MixingState& mixing, const NoiseState& noise,
                          const LabState& lab);
// Puts the snapshot's settings back; everything else in the states is kept.
void applyEdits(const EditSnapshot& snapshot, SourcesState& sources, MixingState& mixing, NoiseState& noise,
                LabState& lab);

// Whether the two show the same thing (the seed lists' items, not their text).
bool same(const EditSnapshot& a, const EditSnapshot& b);
// What differs between two snapshots, for "Undo <what>": "seeds", "crossover",
// "noise", "truncation", "transform", "noise lab"; joined with ", ".
std::string describeChange(const EditSnapshot& a, const EditSnapshot& b);

}  // namespace stylemix::gui
