// The "noise-by-layer" recipe's JSON (Recipe::noise_by_layer):
//   "noise_by_layer": {"subject": {...}, "noise": {"mode", "seed", "strengths"}, "samples": K}
// noise.mode is what every layer but the one studied keeps (const, none, or random
// realisation 0 of noise.seed); seed picks the studied layer's realisations. The
// subject and noise objects are written and read by recipe.cpp's own helpers
// (the same as every other kind's); this file does the rest. Torch-free.
#pragma once

#include "model/core/noise_by_layer.h"
#include "model/core/noise_by_layer_limits.h"
#include "model/core/recipe_fields.h"

#include <nlohmann/json.hpp>

#include <string>

namespace stylemix {

nlohmann::json noiseByLayerToJson(const NoiseByLayerRequest& request, nlohmann::json subject, nlohmann::json noise);
// `j` is the "noise_by_layer" object (field paths in errors start at `path`);
// `subject` and `noise` were read from it by the caller.
NoiseByLayerRequest noiseByLayerFromJson(const nlohmann::json& j, const RecipeFields& fields, const std::string& path,
                                         LabSubject subject, NoiseSpec noise);

}  // namespace stylemix
