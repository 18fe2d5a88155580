// Re-renders a recipe with an engine (what `stylemix render` and GUI exports share).
#pragma once

#include "model/engine/engine.h"
#include "model/core/figures.h"
#include "model/core/recipe.h"

namespace stylemix {

// The figure a recipe describes. Throws if the engine's model is not the
// recipe's (by SHA-256) unless `allow_other_model`.
Image renderRecipe(Engine& engine, const Recipe& recipe, bool allow_other_model = false, const ProgressHooks& hooks = {});

}  // namespace stylemix
