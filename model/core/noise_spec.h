// How synthesis noise is chosen. Torch-free so render requests and the GUI
// can carry it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stylemix {

enum class NoiseMode {
    Const,    // each layer's stored noise_const buffer (gen_images.py's default)
    Random,   // fresh Gaussian noise, a pure function of (seed, realisation, layer)
    None,     // no noise at all
};

const char* noiseModeName(NoiseMode mode);           // "const", "random", "none"
NoiseMode parseNoiseMode(const std::string& text);   // throws naming the accepted values

struct NoiseSpec {
    NoiseMode mode = NoiseMode::Const;
    // Multiplier on each noise layer's learned strength; empty = all 1, 0 = layer off.
    std::vector<float> multipliers;
    // Random mode: the noise seed, and per batch item its realisation index
    // (empty = realisation 0 for every item).
    std::uint64_t seed = 0;
    std::vector<std::int64_t> realisations;

    float multiplier(int noise_layer) const {
        return noise_layer < static_cast<int>(multipliers.size()) ? multipliers[noise_layer] : 1.0f;
    }
    // The same spec restricted to batch items [begin, begin + count).
    NoiseSpec slice(std::int64_t begin, std::int64_t count) const;
    // The same spec with the batch items repeated per `index` (item i takes realisation of index[i]).
    NoiseSpec gather(const std::vector<std::int64_t>& index) const;

    bool operator==(const NoiseSpec& o) const {
        return mode == o.mode && multipliers == o.multipliers && seed == o.seed && realisations == o.realisations;
    }
    bool operator!=(const NoiseSpec& o) const { return !(*this == o); }
};

}  // namespace stylemix
