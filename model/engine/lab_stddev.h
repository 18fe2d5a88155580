// What the noise lab (engine_lab.cpp) and noise by layer (engine_noise_by_layer.cpp)
// share: the per-pixel std-dev of the RGB-mean uint8 image over K realisations,
// from exact integer sums accumulated in float64 (the same whatever order the jobs
// finish in), and the shared prefix the realisations resume from. Engine internals.
#pragma once

#include "model/core/input_transform.h"
#include "model/core/noise_spec.h"
#include "model/nets/generator.h"

#include <torch/torch.h>

#include <vector>

namespace stylemix {

// Per-pixel sums over a batch of the RGB sum s of each uint8 image: Σs and Σs², float64 [H, W].
struct RgbMoments {
    torch::Tensor sum, sum_sq;
};
// `img`: the generator's output [n, C, H, W] in [-1, 1], converted as gen_images.py converts it.
RgbMoments rgbMoments(const torch::Tensor& img);
// Accumulates `part` into `total` (created on first use).
void addMoments(RgbMoments& total, const RgbMoments& part);

// The population std-dev of the RGB mean over k realisations, in uint8 levels:
// sqrt(k·Σs² − (Σs)²) / (3k), float32 [H, W] on the CPU, contiguous.
torch::Tensor stddevLevels(const RgbMoments& m, int k);
std::vector<float> toVector(const torch::Tensor& cpu_float);

// The layers [0, first) run once as a batch of one under `noise` at realisation 0
// (they must see no noise that differs between the realisations); every job resumes
// from copies of it (repeatState).
SynthesisState sharedPrefix(const Generator& g, const torch::Tensor& w, const NoiseSpec& noise,
                            const OptionalTransform& transform, int first);
SynthesisState repeatState(const SynthesisState& s, int64_t n);

}  // namespace stylemix
