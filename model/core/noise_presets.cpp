#include "model/core/noise_presets.h"

namespace stylemix {

const char* noisePresetName(NoisePreset preset) {
    switch (preset) {
        case NoisePreset::All: return "All";
        case NoisePreset::None: return "None";
        case NoisePreset::FineOnly: return "Fine only";
        case NoisePreset::CoarseOnly: return "Coarse only";
    }
    return "?";
}

std::vector<float> noisePresetGains(const std::vector<NoiseLayerInfo>& layers, NoisePreset preset) {
    std::vector<float> gains;
    for (const NoiseLayerInfo& layer : layers) {
        bool on = preset != NoisePreset::None;
        if (preset == NoisePreset::FineOnly) on = layer.resolution >= 64;
        if (preset == NoisePreset::CoarseOnly) on = layer.resolution <= 32;
        gains.push_back(on ? 1.f : 0.f);
    }
    return gains;
}

}  // namespace stylemix
