// The paper's Fig. 5 noise presets as per-layer multipliers (torch-free).
#pragma once

#include "model/core/model_description.h"

#include <vector>

namespace stylemix {

enum class NoisePreset {
    All,          // every noise layer as trained
    None,         // no noise anywhere
    FineOnly,     // 64² and up
    CoarseOnly,   // 4² to 32²
};

const char* noisePresetName(NoisePreset preset);   // "All", "None", "Fine only", "Coarse only"
std::vector<float> noisePresetGains(const std::vector<NoiseLayerInfo>& layers, NoisePreset preset);

inline std::vector<float> noisePresetAll(const std::vector<NoiseLayerInfo>& l) { return noisePresetGains(l, NoisePreset::All); }
inline std::vector<float> noisePresetNone(const std::vector<NoiseLayerInfo>& l) { return noisePresetGains(l, NoisePreset::None); }
inline std::vector<float> noisePresetFine(const std::vector<NoiseLayerInfo>& l) { return noisePresetGains(l, NoisePreset::FineOnly); }
inline std::vector<float> noisePresetCoarse(const std::vector<NoiseLayerInfo>& l) { return noisePresetGains(l, NoisePreset::CoarseOnly); }

}  // namespace stylemix
