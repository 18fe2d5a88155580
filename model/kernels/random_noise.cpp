#include "model/kernels/random_noise.h"

#include <cmath>

namespace stylemix {
namespace {

// SplitMix64's finaliser: a bijective 64-bit mix with good avalanche.
std::uint64_t mix64(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Logical right shift on int64 tensors (torch's >> is arithmetic).
torch::Tensor shiftRight(const torch::Tensor& z, int bits) {
    const std::int64_t mask = static_cast<std::int64_t>((~0ull) >> bits);
    return torch::bitwise_and(torch::bitwise_right_shift(z, bits), mask);
}

torch::Tensor mix64(torch::Tensor z) {
    z = torch::bitwise_xor(z, shiftRight(z, 30)).mul_(static_cast<std::int64_t>(0xBF58476D1CE4E5B9ull));
    z = torch::bitwise_xor(z, shiftRight(z, 27)).mul_(static_cast<std::int64_t>(0x94D049BB133111EBull));
    return torch::bitwise_xor(z, shiftRight(z, 31));
}

}  // namespace

torch::Tensor randomNoise(std::uint64_t seed, const std::vector<std::int64_t>& realisations, int noise_layer,
                          int resolution, const torch::Device& device) {
    const auto n = static_cast<std::int64_t>(realisations.size());
    const std::int64_t pixels = static_cast<std::int64_t>(resolution) * resolution;
    std::vector<std::int64_t> keys(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
        std::uint64_t k = mix64(seed ^ 0x5374796C654D6978ull);   // "StyleMix"
        k = mix64(k ^ static_cast<std::uint64_t>(realisations[static_cast<std::size_t>(i)]));
        k = mix64(k ^ (static_cast<std::uint64_t>(noise_layer) << 32));
        keys[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(k);
    }
    auto opts = torch::TensorOptions().dtype(torch::kInt64).device(device);
    const torch::Tensor key = torch::tensor(keys, torch::kInt64).to(device).view({n, 1});
    // Two counters per pixel: one per Box-Muller uniform.
    const torch::Tensor counter = torch::arange(2 * pixels, opts).view({1, 2 * pixels});
    const torch::Tensor bits = mix64(key + counter.mul(static_cast<std::int64_t>(0x9E3779B97F4A7C15ull)));
    // Top 53 bits -> doubles; u1 in (0, 1] so log(u1) is finite.
    const torch::Tensor top = shiftRight(bits, 11).to(torch::kFloat64).mul_(1.0 / 9007199254740992.0);
    const torch::Tensor pair = top.view({n, pixels, 2});
    const torch::Tensor u1 = 1.0 - pair.select(2, 0);
    const torch::Tensor u2 = pair.select(2, 1);
    const torch::Tensor normal = torch::sqrt(-2.0 * torch::log(u1)) * torch::cos((2.0 * M_PI) * u2);
    return normal.to(torch::kFloat32).view({n, 1, resolution, resolution});
}

}  // namespace stylemix
