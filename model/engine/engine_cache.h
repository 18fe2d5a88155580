// The engine's cross-request cache: what identifies a source, a cell and a
// source's ws across requests (the policy is Engine::Impl's, engine_cache.cpp).
#pragma once

#include "model/core/source.h"

#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <vector>

namespace stylemix {

// A source's identity for the cross-request cache: what its ws, activations and image depend on.
struct SourceKey {
    Source source;
    double psi = 1.0;
    int cutoff = -1;
    int noise_mode = 0;
    std::uint64_t noise_seed = 0;
    std::vector<float> multipliers;   // normalised: one per noise layer, empty for mode none
    auto tie() const { return std::tie(source, psi, cutoff, noise_mode, noise_seed, multipliers); }
    bool operator<(const SourceKey& o) const { return tie() < o.tie(); }
};

// A source's ws: source, psi, cutoff, mixing style (style_mixing.py's truncation).
using WsKey = std::tuple<Source, double, int, bool>;
// Cell identity: row source key, column source, which layers take the column's ws.
using CellKey = std::tuple<SourceKey, Source, std::vector<bool>>;

inline std::size_t tensorBytes(const torch::Tensor& t) {
    return t.defined() ? static_cast<std::size_t>(t.numel()) * t.element_size() : 0;
}

}  // namespace stylemix
