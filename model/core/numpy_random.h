// Bit-exact port of NumPy's legacy np.random.RandomState for integer seeds,
// so a seed picks the same latent z here as in NVIDIA's gen_images.py:
//   z = np.random.RandomState(seed).randn(z_dim)
// Not thread-safe: each instance is owned by one thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace stylemix {

class NumpyRandomState {
public:
    // NumPy's legacy seeding for a scalar integer seed (MT19937 init_genrand).
    explicit NumpyRandomState(std::uint32_t seed);

    // Next tempered MT19937 output (NumPy's mt19937_next32).
    std::uint32_t nextUInt32();

    // Uniform double in [0, 1) from 53 random bits (RandomState.random_sample).
    double randomSample();

    // Standard normal via the legacy polar Box-Muller method; values come in
    // pairs and the second one is cached for the next call (legacy_gauss).
    double gauss();

    // n successive gauss() values (RandomState.randn(n)).
    std::vector<double> randn(std::size_t n);

private:
    static constexpr int kStateSize = 624;

    void regenerate();

    std::array<std::uint32_t, kStateSize> state_{};
    int position_ = kStateSize;
    bool has_cached_gauss_ = false;
    double cached_gauss_ = 0.0;
};

// The latent z that NVIDIA's scripts draw for a seed: RandomState(seed).randn(z_dim).
// Throws std::runtime_error for seeds outside NumPy's 0..4294967295 or z_dim < 1.
std::vector<double> latentForSeed(std::uint64_t seed, int z_dim);

}  // namespace stylemix
