// Noise panel: the noise mode and seed (Resample keeps every w fixed), one
// knob per noise layer grouped by resolution, a master gain and the paper's
// Fig. 5 presets. Each knob multiplies that layer's learned strength.
#pragma once

#include "model/core/noise_presets.h"
#include "model/core/noise_spec.h"
#include "model/core/render_types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stylemix::gui {

struct NoiseState {
    static constexpr float kMaxGain = 10.f;
    NoiseMode mode = NoiseMode::Const;
    std::uint64_t seed = 0;
    std::vector<float> gains;   // per noise layer; 0 = off, 1 = as trained
    float master = 1.f;

    void fitTo(int noise_layers);   // new layers start at 1
    // A new noise realisation: next seed, and const noise becomes random noise
    // (const noise has only one realisation).
    void resample();
    void applyPreset(const std::vector<NoiseLayerInfo>& layers, NoisePreset preset);
};

// The Fig. 5 preset the knobs are at (master x1), or nullopt (custom).
std::optional<NoisePreset> activeNoisePreset(const NoiseState& state, const std::vector<NoiseLayerInfo>& layers);

// The request's noise: multipliers = master x gains (empty when all are 1).
NoiseSpec toNoiseSpec(const NoiseState& state);

// A knob's caption: the layer name after its last '.' or '/' (the group frame
// names the resolution): "b16.conv0" -> "conv0", "16x16/Conv0_up" -> "Conv0_up".
std::string knobCaption(const std::string& layer_name);

void drawNoisePanel(NoiseState& state, const ModelFacts* facts);

}  // namespace stylemix::gui
