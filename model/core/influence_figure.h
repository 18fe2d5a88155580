// The influence figure (paper Fig. 3 turned into where-it-acts maps): one
// row of A, B and, per band, the mix with its |mix - A| and |mix - B| heat
// maps, all maps on one shared scale, captions with the fraction of pixels
// moved, and a colour bar in levels on the right. The explorer's export,
// `stylemix influence` and `stylemix render` all compose through here, so
// their figures are the same bytes. Torch-free.
#pragma once

#include "model/core/figures.h"
#include "model/core/influence_map.h"
#include "model/core/influence_spec.h"

#include <string>
#include <vector>

namespace stylemix {

// What one figure shows; the images are borrowed and must all have one size.
struct InfluenceTiles {
    const Image* a = nullptr;
    const Image* b = nullptr;
    std::string a_label, b_label;            // captions, e.g. "A: seed 85"
    std::vector<std::string> band_titles;    // per band, e.g. "coarse: ws 0-3 from B"
    std::vector<const Image*> mixes;         // per band: A with that band's styles from B
    int threshold = kDefaultInfluenceThreshold;
};

// One band's numbers (the fractions are of all the image's pixels, 0..1).
struct InfluenceBandStats {
    double moved_from_a = 0, moved_from_b = 0;
    int peak_from_a = 0, peak_from_b = 0;
};

struct InfluenceFigure {
    Image image;                             // RGB
    std::vector<InfluenceBandStats> bands;
    int top = 1;                             // the shared scale's top, in levels
};

// The tiles of a rendered influenceMixRequest(spec) (rows: the bands).
// Throws std::invalid_argument when the result lacks a tile or does not match the spec.
InfluenceTiles influenceTiles(const MixResult& result, const InfluenceSpec& spec);
// Throws std::invalid_argument for missing or mismatched images, no bands, or a figure past the size limits.
InfluenceFigure composeInfluenceFigure(const InfluenceTiles& tiles);
// composeInfluenceFigure(influenceTiles(result, spec)).
InfluenceFigure composeInfluenceFigure(const MixResult& result, const InfluenceSpec& spec);
// The figure's size for `bands` bands of width x height images, before anything renders.
FigureSize influenceFigureSize(int bands, int width, int height);

}  // namespace stylemix
