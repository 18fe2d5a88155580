// Restoring the recipes of the views beyond the grid and the lab's map:
// "layer" (the Layers tab), "influence" (the Influence tab), "noise-by-layer"
// (the lab's By layer display), "animation" (the Motion tab) and
// "interpolation" (the strip under the grid). Each puts its sources in the
// grid as the view reads them, and gives the view's own settings back in the
// outcome, so the view's request rebuilt from the restored state is the
// recipe's. Internal to recipe_restore.cpp. UI thread; no GL.
#pragma once

#include "gui/recipe_restore.h"

#include <string>

namespace stylemix::gui {

// Is `r` one of these kinds (restored here)?
bool isViewRecipe(const Recipe& r);

// The model's rules for the recipe (checkRecipeForModel), then what the view
// can show (frames, fps, gain, K, steps within its controls' ranges). Throws
// std::runtime_error "recipe field '...' ..." naming the first field at fault.
void checkViewRecipeFits(const Recipe& r, const ModelFacts& f);

// Applies a checked view recipe (checkViewRecipeFits first: this one checks nothing).
RestoreOutcome restoreViewRecipe(const Recipe& r, const ModelFacts& f, RestoreTargets& t, const std::string& source_name);

}  // namespace stylemix::gui
