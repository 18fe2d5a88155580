#include "model/core/numpy_random.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace stylemix {

namespace {

constexpr std::uint32_t kMatrixA = 0x9908b0dfu;
constexpr std::uint32_t kUpperMask = 0x80000000u;
constexpr std::uint32_t kLowerMask = 0x7fffffffu;
constexpr int kShift = 397;

}  // namespace

NumpyRandomState::NumpyRandomState(std::uint32_t seed) {
    // NumPy's mt19937_seed: the reference init_genrand recurrence. Unsigned
    // 32-bit arithmetic wraps exactly like the C code's "& 0xffffffff".
    state_[0] = seed;
    for (int i = 1; i < kStateSize; ++i) {
        const std::uint32_t prev = state_[i - 1];
        state_[i] = 1812433253u * (prev ^ (prev >> 30)) + static_cast<std::uint32_t>(i);
    }
    position_ = kStateSize;   // the first draw regenerates the whole block
}

void NumpyRandomState::regenerate() {
    for (int i = 0; i < kStateSize; ++i) {
        const std::uint32_t y = (state_[i] & kUpperMask) | (state_[(i + 1) % kStateSize] & kLowerMask);
        state_[i] = state_[(i + kShift) % kStateSize] ^ (y >> 1) ^ ((y & 1u) ? kMatrixA : 0u);
    }
    position_ = 0;
}

std::uint32_t NumpyRandomState::nextUInt32() {
    if (position_ >= kStateSize) {
        regenerate();
    }
    std::uint32_t y = state_[position_++];
    // Tempering.
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= (y >> 18);
    return y;
}

double NumpyRandomState::randomSample() {
    // 27 high bits then 26 high bits: 53 bits of mantissa, in this order.
    const std::uint32_t a = nextUInt32() >> 5;
    const std::uint32_t b = nextUInt32() >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
}

double NumpyRandomState::gauss() {
    if (has_cached_gauss_) {
        has_cached_gauss_ = false;
        const double cached = cached_gauss_;
        cached_gauss_ = 0.0;
        return cached;
    }
    double x1 = 0.0;
    double x2 = 0.0;
    double r2 = 0.0;
    do {
        x1 = 2.0 * randomSample() - 1.0;
        x2 = 2.0 * randomSample() - 1.0;
        // Must stay two roundings (no FMA contraction) to match NumPy's x86-64 builds.
        r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);

    const double f = std::sqrt(-2.0 * std::log(r2) / r2);
    // NumPy returns f*x2 first and keeps f*x1 for the next call.
    cached_gauss_ = f * x1;
    has_cached_gauss_ = true;
    return f * x2;
}

std::vector<double> NumpyRandomState::randn(std::size_t n) {
    std::vector<double> values(n);
    for (double& value : values) {
        value = gauss();
    }
    return values;
}

std::vector<double> latentForSeed(std::uint64_t seed, int z_dim) {
    if (seed > 4294967295ull) {
        throw std::runtime_error("seed " + std::to_string(seed) +
                                 " is out of range: NumPy's RandomState takes 0..4294967295");
    }
    if (z_dim < 1) {
        throw std::runtime_error("z_dim " + std::to_string(z_dim) +
                                 " is invalid: expected a positive latent size");
    }
    NumpyRandomState rng(static_cast<std::uint32_t>(seed));
    return rng.randn(static_cast<std::size_t>(z_dim));
}

}  // namespace stylemix
