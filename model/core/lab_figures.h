// The noise lab's exported figures (paper Fig. 4), composed exactly as the
// explorer shows them: the std-dev map through the explorer's colour map at
// its gain, a colour bar with labelled levels, the crops of the realisations
// and their differences from the mean. The explorer's export, `stylemix
// noise` and `stylemix render` all compose through here. Torch-free.
#pragma once

#include "model/core/figures.h"
#include "model/core/recipe.h"

#include <cstdint>
#include <vector>

namespace stylemix {

// shaders/heatmap.frag's colour map at t (clamped to 0..1) as bytes: black ->
// indigo -> magenta -> orange -> pale yellow. The stops are kStdDevColourStops.
void stddevColour(float t, std::uint8_t rgb[3]);
extern const float kStdDevColourStops[5][3];
// Where a std-dev of `level` uint8 levels lands on the colour map at `gain`
// (255 / gain levels reach the top), as the explorer's heat map places it.
inline float stddevMapPosition(float level, float gain) { return level * gain / 255.f; }
// The std-dev levels (row-major, width x height) through the colour map, RGB.
Image stddevColourImage(const std::vector<float>& levels, int width, int height, float gain);

// "Difference from the mean x N": for each realisation, |x - mean| x gain per
// channel (rounded, clamped to 255), the mean over all the given
// realisations. Empty input -> empty output; sizes must match (else throws).
std::vector<Image> differenceFromMean(const std::vector<Image>& realisations, float gain);
std::vector<Image> differenceFromMean(const std::vector<ImagePtr>& realisations, float gain);   // none null

// The std-dev export: the colour-mapped map magnified `scale` times (1-8,
// nearest neighbour) with a colour bar labelled in levels on its right.
Image composeStdDevFigure(const NoiseLabResult& result, float gain, int scale);
FigureSize stdDevFigureSize(int resolution, float gain, int scale);

struct LabFigureOptions {
    CropRect crop;
    int zoom = 4;              // crop magnification
    float stddev_gain = 4.f;   // the std-dev map's colour-map gain
    int difference_gain = 8;   // N of the difference-from-the-mean row
};

// Paper Fig. 4 as the lab shows it: realisation 0 with the crop outlined, the
// colour-mapped std-dev and its colour bar on top; under them the crop of each
// kept realisation magnified, then the same crops' differences from the mean
// x N. Magnifications and tiles per row are chosen so that every band spans
// the figure (no empty areas beyond the 4 px gaps where the sizes allow).
Image composeNoiseLabFigure(const NoiseLabResult& result, const LabFigureOptions& options);
FigureSize noiseLabFigureSize(int resolution, int kept, const LabFigureOptions& options);

// A noise-lab or std-dev recipe's options (its crop defaulting to the centre quarter).
LabFigureOptions labFigureOptions(const Recipe& recipe, int resolution);
// The figure a noise-lab or std-dev recipe describes, from its rendered result.
Image composeLabRecipeFigure(const NoiseLabResult& result, const Recipe& recipe, int resolution);
// Its size before anything renders.
FigureSize labRecipeFigureSize(const Recipe& recipe, int resolution);

}  // namespace stylemix
