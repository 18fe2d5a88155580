// Restoring the explorer's state from a recipe (a StyleMix PNG's embedded one,
// a StyleMix WebP's or GIF's, or the JSON beside it): model, sources,
// crossover or per-row bands, noise, psi / cutoff, and the view that made it
// with its settings: the lab (subject, K, crop, gain; or its By layer display),
// the Layers, Influence and Motion tabs, the interpolation strip. Pure
// functions over the panels' states, so tests drive them headlessly; the app
// loads the recipe's model first when it is not the one loaded, and hands the
// outcome's view settings to the views (ModelSession).
#pragma once

#include "gui/panels/mixing_panel.h"
#include "gui/panels/noise_panel.h"
#include "gui/panels/sources_panel.h"
#include "gui/views/influence/influence_spec_builder.h"
#include "gui/views/lab/noise_lab_view.h"
#include "gui/views/layers/layers_state.h"
#include "gui/views/motion/motion_request.h"
#include "gui/views/strip/strip_state.h"
#include "model/core/recipe.h"

#include <optional>
#include <string>

namespace stylemix::gui {

// The recipe inside a StyleMix PNG or a JSON recipe file; throws naming the
// file and, in plain words, what it is when it holds none.
Recipe readRecipeFrom(const std::string& path);

// Is the recipe made with this model? The same SHA-256 when both have one,
// else the same absolute path.
bool recipeMatchesModel(const Recipe& recipe, const ModelFacts& facts);

// Throws std::runtime_error naming the field when the recipe cannot run on
// this model (ws it lacks, another number of noise layers, classes, a layer it
// lacks) or its view cannot show it (more frames than playback holds, a gain
// past the slider's range, ...).
void checkRecipeFitsModel(const Recipe& recipe, const ModelFacts& facts);

struct RestoreTargets {
    SourcesState& sources;
    MixingState& mixing;
    NoiseState& noise;
    LabState& lab;
    StripState& strip;
};

struct RestoreOutcome {
    // The id of the view that made the figure, to show: "grid" (a grid; an
    // interpolation, with the strip opened under it), "lab", "layers",
    // "influence", "motion". Empty: the view shown stays.
    std::string view;
    std::string summary;     // "restored mix-grid from grid.png: 5 x 4, ws 0-3"
    // W files of the recipe that moved or changed since (wFileChanges, one line
    // each): their ws come from the recipe itself. Empty when none.
    std::string notice;
    // The settings the views keep themselves, for the app to hand to them;
    // absent: that view keeps its own.
    std::optional<LayersState> layers;         // a layer recipe
    std::optional<InfluenceViewState> influence;   // an influence recipe (threshold, band row)
    std::optional<MotionState> motion;         // an animation recipe
    // A noise-by-layer recipe: the lab shows By layer with this K. Absent while
    // view is "lab": the lab shows its realisations.
    std::optional<int> by_layer_samples;
};

// Checks (checkRecipeFitsModel) and then applies the recipe; on a throw the
// targets are untouched.
RestoreOutcome applyRecipe(const Recipe& recipe, const ModelFacts& facts, RestoreTargets targets,
                           const std::string& source_name);

}  // namespace stylemix::gui
