// Influence maps (docs/explorer.md, "Influence maps"): where mixing in a band
// of B's styles changed an image, pixel by pixel, in uint8 levels, and the
// colour map they are shown through. Torch-free.
//
// A pixel's level is the largest of its channels' absolute differences: a
// pixel "moved by more than N levels" when any one of its channels did. The
// maximum (not the mean) keeps a change of hue, which moves one channel and
// leaves the others, from being averaged away.
#pragma once

#include "model/core/image.h"

#include <cstdint>
#include <string>
#include <vector>

namespace stylemix {

constexpr int kDefaultInfluenceThreshold = 8;   // levels; a pixel moved when it changed by more
constexpr int kMaxInfluenceThreshold = 254;     // "moved by more than 255 levels" never happens

struct InfluenceMap {
    int width = 0, height = 0;
    std::vector<std::uint8_t> levels;   // row-major, one level per pixel
    int peak = 0;                       // the largest level
};

// |to - from| per pixel (the largest over the channels). Throws
// std::invalid_argument naming both sizes when the images differ in size or channels.
InfluenceMap influenceMap(const Image& from, const Image& to);
// The fraction (0..1) of the map's pixels whose level is above `threshold`; 0 for an empty map.
double movedFraction(const InfluenceMap& map, int threshold);
// "moved > 8: 37.2%" (the fraction in percent, one decimal).
std::string movedText(int threshold, double fraction);

// The colour map: matplotlib's inferno (17 of its 256 published entries,
// linear between them) at t in [0, 1] (clamped; NaN counts as 0), as bytes.
void influenceColour(float t, std::uint8_t rgb[3]);
// The map through the colour map, RGB: level / top (levels above `top` saturate; top >= 1).
Image influenceHeatImage(const InfluenceMap& map, int top);
// The top of one shared scale for maps shown together: their largest peak, at
// least kMinInfluenceTop, so that a level or two of rounding (a mix that
// barely differs) stays dark instead of filling the colour map.
constexpr int kMinInfluenceTop = 16;
int sharedInfluenceTop(const std::vector<const InfluenceMap*>& maps);
// The colour map as a vertical ramp, `top`'s colour in the first row and 0's
// in the last (width x height, RGB; both at least 1).
Image influenceRamp(int width, int height);
// The levels a colour bar labels for a scale topped at `top`: 0, `top` and
// up to `count` - 2 evenly spaced levels between them (rounded, no repeats).
std::vector<int> influenceTicks(int top, int count);

}  // namespace stylemix
