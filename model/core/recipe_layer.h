// The "layer" recipe's JSON (Recipe::layer, the layer view's export):
//   "layer": {"subject": {...}, "noise": {...}, "layer": "b16.conv0",
//             "view": {"display": "channels" | "mean-abs", "base_channel", "sel_channels" (1 or 3),
//                      "normalize", "gain_db", "fft", "fft_all", "fft_range_db", "fft_beta", "untransform"}}
// The subject and noise objects are written and read by recipe.cpp's own
// helpers; this file does the rest. Torch-free.
#pragma once

#include "model/core/layer_view.h"
#include "model/core/recipe_fields.h"

#include <nlohmann/json.hpp>

#include <string>

namespace stylemix {

// Bounds of the view's numbers (recipes; the explorer's controls stay inside them).
constexpr int kMaxLayerBaseChannel = 1 << 20;
constexpr double kMaxLayerGainDb = 200;
constexpr double kMaxLayerFftRangeDb = 1000;
constexpr double kMaxLayerFftBeta = 1000;

nlohmann::json layerToJson(const LayerRequest& request, nlohmann::json subject, nlohmann::json noise);
// `j` is the "layer" object (field paths in errors start at `path`); `subject` and `noise` were
// read from it by the caller. Throws naming the field for a value out of its range.
LayerRequest layerFromJson(const nlohmann::json& j, const RecipeFields& fields, const std::string& path, LabSubject subject,
                           NoiseSpec noise);

}  // namespace stylemix
