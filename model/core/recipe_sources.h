// Sources as recipes hold them: a seed, a latent position, or a W array with
// the file it came from and its values, so a recipe replays the same image
// after the file moved or changed. Torch-free.
#pragma once

#include "model/core/source.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace stylemix {

// {"seed": 85, "class": null} | {"position": [x, y], "class": null} |
// {"ws": {"name", "file", "sha256", "index", "count", "shape": [num_ws, w_dim], "float32_base64"}}
// (the values little-endian float32, base64). Doubles are written so they read back exactly.
nlohmann::json sourceToJson(const Source& source);
// Throws std::runtime_error "<recipe_name>: recipe field '<path>.…' …" naming the field at fault.
Source sourceFromJson(const nlohmann::json& j, const std::string& path, const std::string& recipe_name);

// For each W-array source whose file is gone or no longer holds the bytes the
// recipe saw (by SHA-256): one line saying so and that the recipe's own ws are
// used. Reads each distinct file once through the checked opener.
std::vector<std::string> wFileChanges(const std::vector<Source>& sources);

struct Recipe;
// Every source a recipe renders from (rows, columns, subjects, interpolation ends), in order.
std::vector<Source> recipeSources(const Recipe& recipe);

}  // namespace stylemix
