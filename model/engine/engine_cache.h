// The engine's cross-request cache: what identifies a source, a cell and a
// source's ws across requests (the policy is Engine::Impl's, engine_cache.cpp).
#pragma once

#include "model/core/source.h"

#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <limits>
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
    auto identity() const { return std::tie(source, psi, cutoff); }      // what its ws depend on
    auto noise() const { return std::tie(noise_mode, noise_seed, multipliers); }
    auto tie() const { return std::tie(source, psi, cutoff, noise_mode, noise_seed, multipliers); }
    bool operator<(const SourceKey& o) const { return tie() < o.tie(); }
    // The first key (in this order) of this source's identity: its noise siblings follow it.
    SourceKey firstSibling() const {
        SourceKey k;
        k.source = source;
        k.psi = psi;
        k.cutoff = cutoff;
        k.noise_mode = std::numeric_limits<int>::min();
        return k;
    }
};

// A source's ws: source, psi, cutoff, mixing style (style_mixing.py's truncation).
using WsKey = std::tuple<Source, double, int, bool>;
// Cell identity: row source key, column source, which layers take the column's ws. Ordered so
// that cells differing only in noise are neighbours (their snapshots may be shared).
struct CellKey {
    SourceKey row;
    Source col;
    std::vector<bool> from_col;
    bool operator<(const CellKey& o) const {
        return std::tie(row.source, row.psi, row.cutoff, col, from_col, row.noise_mode, row.noise_seed, row.multipliers) <
               std::tie(o.row.source, o.row.psi, o.row.cutoff, o.col, o.from_col, o.row.noise_mode, o.row.noise_seed,
                        o.row.multipliers);
    }
    bool sameCell(const CellKey& o) const {   // the same cell but for the noise
        return row.identity() == o.row.identity() && col == o.col && from_col == o.from_col;
    }
};

inline std::size_t tensorBytes(const torch::Tensor& t) {
    return t.defined() ? static_cast<std::size_t>(t.numel()) * t.element_size() : 0;
}

}  // namespace stylemix
