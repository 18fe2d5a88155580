// The noise-by-layer job (docs/explorer.md, "Noise by layer"; CLI `noise
// --by-layer`): for each noise layer, K realisations with only that layer's
// noise resampled (NoiseSpec::only_layer; the others as the request's noise
// keeps them), and the per-pixel std-dev over them. Torch-free.
#pragma once

#include "model/core/render_types.h"

#include <string>
#include <vector>

namespace stylemix {

struct NoiseByLayerRequest {
    LabSubject subject;
    NoiseSpec noise;          // the others' noise (mode, multipliers); seed picks the realisations
    int samples = 16;         // K per layer
    bool operator==(const NoiseByLayerRequest& o) const {
        return subject == o.subject && noise == o.noise && samples == o.samples;
    }
};

// One noise layer's std-dev map, in uint8 levels of the RGB-mean image (as the lab's).
struct NoiseLayerStddev {
    std::string label;                 // the noise layer's name and resolution
    int width = 0, height = 0;
    std::vector<float> stddev_levels;  // row-major H x W
    float peak = 0;                    // largest value
};

struct NoiseByLayerResult {
    std::vector<NoiseLayerStddev> layers;   // in noise-layer order; a partial result holds those done so far
    int total_layers = 0;
    int samples = 0;
    StageTimings timings;
};

}  // namespace stylemix
