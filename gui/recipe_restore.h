// Restoring the explorer's state from a recipe (a StyleMix PNG's embedded one
// or the JSON beside it): model, sources, crossover or per-row bands, noise,
// psi / cutoff, and for lab recipes the lab's subject, K, crop and gain.
// Pure functions over the panels' states, so tests drive them headlessly; the
// app loads the recipe's model first when it is not the one loaded.
#pragma once

#include "gui/panels/mixing_panel.h"
#include "gui/views/lab/noise_lab_view.h"
#include "gui/panels/noise_panel.h"
#include "gui/panels/sources_panel.h"
#include "model/core/recipe.h"

#include <string>

namespace stylemix::gui {

// The recipe inside a StyleMix PNG or a JSON recipe file; throws naming the
// file and, in plain words, what it is when it holds none.
Recipe readRecipeFrom(const std::string& path);

// Is the recipe made with this model? The same SHA-256 when both have one,
// else the same absolute path.
bool recipeMatchesModel(const Recipe& recipe, const ModelFacts& facts);

// Throws std::runtime_error naming the field when the recipe cannot run on
// this model (ws it lacks, another number of noise layers, classes).
void checkRecipeFitsModel(const Recipe& recipe, const ModelFacts& facts);

struct RestoreTargets {
    SourcesState& sources;
    MixingState& mixing;
    NoiseState& noise;
    LabState& lab;
};

struct RestoreOutcome {
    bool open_lab = false;   // a lab recipe: show the noise lab
    std::string summary;     // "restored mix-grid from grid.png: 5 x 4, ws 0-3"
    // W files of the recipe that moved or changed since (wFileChanges, one line
    // each): their ws come from the recipe itself. Empty when none.
    std::string notice;
};

// Checks (checkRecipeFitsModel) and then applies the recipe; on a throw the
// targets are untouched.
RestoreOutcome applyRecipe(const Recipe& recipe, const ModelFacts& facts, RestoreTargets targets,
                           const std::string& source_name);

}  // namespace stylemix::gui
