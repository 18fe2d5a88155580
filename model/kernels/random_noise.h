// Counter-based Gaussian noise for NoiseMode::Random. Each value is a pure
// function of (seed, realisation, noise layer, pixel), computed with exact
// 64-bit integer tensor ops and a float64 Box-Muller transform, so the same
// recipe gives the same noise on CPU and CUDA and in any batch composition.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace stylemix {

// Returns [N, 1, resolution, resolution] float32 on `device`, N = realisations.size().
torch::Tensor randomNoise(std::uint64_t seed, const std::vector<std::int64_t>& realisations, int noise_layer,
                          int resolution, const torch::Device& device);

}  // namespace stylemix
