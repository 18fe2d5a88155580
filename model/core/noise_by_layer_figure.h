// The noise-by-layer strip (docs/explorer.md, "Noise by layer"): one std-dev
// map per noise layer, left to right, ALL through the std-dev colour map on one
// scale (the strip's peak tops it), each magnified to the same size, its layer's
// name and resolution and its own peak in levels under it; a colour bar in
// levels on the right and a caption with K on top. The explorer's export,
// `stylemix noise --by-layer` and `stylemix render` compose it here. Torch-free.
#pragma once

#include "model/core/figures.h"
#include "model/core/model_description.h"
#include "model/core/noise_by_layer.h"

#include <string>
#include <vector>

namespace stylemix {

// A noise layer's label in the strip and in results: "b8.conv0 8x8".
std::string noiseLayerLabel(const NoiseLayerInfo& info);

// The largest std-dev of any map in the result (0 when none).
float noiseByLayerPeak(const NoiseByLayerResult& result);
// The colour-map gain that puts `peak` at the top of the map (255 / peak; 255 for a peak of 0).
float noiseByLayerGain(float peak);
// "peak 1.23" (levels), as under each map.
std::string noiseLayerPeakText(float peak);

// Each map's nearest-neighbour magnification: maps of small models grow to at
// least 192 px so their labels fit under them (at most x8).
int noiseByLayerMagnification(int resolution);

// The figure's size before anything renders: `labels` are the noise layers' labels.
FigureSize noiseByLayerFigureSize(int resolution, const std::vector<std::string>& labels, int samples);
// The figure of a complete result (every layer); throws if a map is missing or misshapen.
Image composeNoiseByLayerFigure(const NoiseByLayerResult& result);

}  // namespace stylemix
