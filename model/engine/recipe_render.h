// Re-renders a recipe with an engine (what `stylemix render` and GUI exports share).
#pragma once

#include "model/engine/engine.h"
#include "model/core/figures.h"
#include "model/core/recipe.h"

namespace stylemix {

// The figure a recipe describes. Throws if the engine's model is not the
// recipe's (by SHA-256) unless `allow_other_model`.
Image renderRecipe(Engine& engine, const Recipe& recipe, bool allow_other_model = false, const ProgressHooks& hooks = {});

// The frames of an "animation" recipe, in order, each handed to `on_frame` (false stops):
// `stylemix animate` streams them into its writer. The same model check as renderRecipe.
void renderAnimationRecipe(Engine& engine, const Recipe& recipe, bool allow_other_model, const ProgressHooks& hooks,
                           const std::function<bool(int index, const Image& frame)>& on_frame);

}  // namespace stylemix
