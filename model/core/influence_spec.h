// Influence maps (docs/explorer.md, "Influence maps"; CLI `stylemix influence`):
// where a style band acts, as |mix − A| and |mix − B| per pixel for one A and B
// under one or more bands of styles taken from B. Torch-free; the maps
// themselves are computed in model/core/influence_map.h.
#pragma once

#include "model/core/render_types.h"

#include <string>
#include <vector>

namespace stylemix {

struct InfluenceSpec {
    Source a, b;                             // the row (A) and column (B) sources
    std::vector<std::vector<int>> bands;     // per band: the ws indices taken from B
    std::vector<std::string> band_labels;    // per band: "coarse", "middle", "fine", or the SPEC
    Truncation truncation;
    NoiseSpec noise;
    OptionalTransform transform;
    int threshold = 8;                       // a pixel "moved" when it changed by more than this many levels
    bool operator==(const InfluenceSpec& o) const {
        return a == o.a && b == o.b && bands == o.bands && band_labels == o.band_labels &&
               truncation == o.truncation && noise == o.noise && transform == o.transform && threshold == o.threshold;
    }
    bool operator!=(const InfluenceSpec& o) const { return !(*this == o); }
};

}  // namespace stylemix
