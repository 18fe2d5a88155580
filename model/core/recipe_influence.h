// The "influence" recipe's JSON (Recipe::influence):
//   "influence": {"a": SOURCE, "b": SOURCE,
//                 "bands": [{"label": "coarse", "styles": [0, 1, 2, 3]}, ...],
//                 "truncation": {...}, "noise": {...}, "threshold": 8, "input_transform": {...}}
// The sources, truncation, noise and input transform are written and read by
// recipe.cpp's own helpers (the same as every other kind's); this file does
// the bands and the threshold. Torch-free.
#pragma once

#include "model/core/influence_spec.h"
#include "model/core/recipe_fields.h"

#include <nlohmann/json.hpp>

#include <string>

namespace stylemix {

// Without the input transform (recipe.cpp adds it when set).
nlohmann::json influenceToJson(const InfluenceSpec& spec, nlohmann::json a, nlohmann::json b, nlohmann::json truncation,
                               nlohmann::json noise);
// `j` is the "influence" object (field paths in errors start at `path`); `spec`
// holds what the caller read from it already (sources, truncation, noise,
// transform); this adds the bands (1..kMaxInfluenceBands, each with a label
// of at most kMaxInfluenceLabelBytes and ws indices) and the threshold (0..kMaxInfluenceThreshold).
InfluenceSpec influenceFromJson(const nlohmann::json& j, const RecipeFields& fields, const std::string& path, InfluenceSpec spec);

}  // namespace stylemix
