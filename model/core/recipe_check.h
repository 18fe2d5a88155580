// Every field of a recipe against the model it is about to render with, in
// one place and before any rendering: the rules the CLI applies to the same
// values as flags (classes, ws indices, noise strengths, input transforms,
// the crop inside the image, figure sizes with the grid's scale). `stylemix
// render` runs it first; the field-level ranges that need no model are
// checked when the recipe is read (recipeFromJson). Torch-free.
#pragma once

#include "model/core/recipe.h"
#include "model/core/render_types.h"

namespace stylemix {

// Throws std::invalid_argument "recipe field '<path>' ..." naming the first field at fault.
void checkRecipeForModel(const Recipe& recipe, const ModelFacts& facts);

// The CLI's rule for the std-dev map gain (--stddev-gain, a recipe's lab.stddev_gain): (0, 1000].
constexpr float kMaxStdDevGain = 1000.f;
bool validStdDevGain(double gain);

}  // namespace stylemix
