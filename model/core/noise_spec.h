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
    // Noise by layer: when only_layer >= 0 (mode Random), that noise layer takes
    // each item's realisation and every other layer keeps `others` (Const: its
    // stored buffer, None: off, Random: realisation 0 of `seed`, one fixed draw).
    int only_layer = -1;
    NoiseMode others = NoiseMode::Const;

    float multiplier(int noise_layer) const {
        return noise_layer < static_cast<int>(multipliers.size()) ? multipliers[noise_layer] : 1.0f;
    }
    // What noise layer `noise_layer` receives: this spec, or for a layer other
    // than only_layer, `others` (Random: every item at realisation 0). Families
    // read each layer's noise through this.
    NoiseSpec forLayer(int noise_layer) const;
    // The same spec restricted to batch items [begin, begin + count).
    NoiseSpec slice(std::int64_t begin, std::int64_t count) const;
    // The same spec with the batch items repeated per `index` (item i takes realisation of index[i]).
    NoiseSpec gather(const std::vector<std::int64_t>& index) const;

    bool operator==(const NoiseSpec& o) const {
        return mode == o.mode && multipliers == o.multipliers && seed == o.seed && realisations == o.realisations &&
               only_layer == o.only_layer && others == o.others;
    }
    bool operator!=(const NoiseSpec& o) const { return !(*this == o); }
};

}  // namespace stylemix
