#include "model/engine/recipe_render.h"

#include "model/core/figures.h"

#include <algorithm>
#include <stdexcept>

namespace stylemix {

Image renderRecipe(Engine& engine, const Recipe& recipe, bool allow_other_model, const ProgressHooks& hooks) {
    if (!allow_other_model && !recipe.model_sha256.empty() && recipe.model_sha256 != engine.facts().sha256)
        throw std::runtime_error("model " + engine.facts().path + " has SHA-256 " + engine.facts().sha256 +
                                 " but the recipe was made with " + recipe.model_sha256);
    if (recipe.kind == RecipeKind::MixGrid) {
        checkFigureSize(mixGridSize(*recipe.mix, engine.facts().img_resolution, engine.facts().img_channels, recipe.labels),
                        "the recipe's mixing grid");
        const MixResult result = engine.mix(*recipe.mix, hooks);
        return composeScaledMixGrid(result, *recipe.mix, recipe.labels, recipe.grid_scale);
    }
    if (recipe.kind == RecipeKind::NoiseLab || recipe.kind == RecipeKind::StdDev) {
        if (recipe.kind == RecipeKind::NoiseLab)
            checkFigureSize(noiseLabFigureSize(engine.facts().img_resolution, std::min(recipe.lab->keep_images, recipe.lab->samples),
                                               recipe.crop.value_or(defaultCrop(engine.facts().img_resolution)), recipe.zoom),
                            "the recipe's noise figure");
        const NoiseLabResult result = engine.noiseLab(*recipe.lab, hooks);
        if (recipe.kind == RecipeKind::StdDev) return stddevToRgb(result.stddev);
        return composeNoiseLabFigure(result, recipe.crop.value_or(defaultCrop(engine.facts().img_resolution)),
                                     recipe.zoom);
    }
    if (recipe.kind == RecipeKind::Image) {
        // One source exactly as `stylemix generate` renders it (a mixed subject is a mixing cell).
        const LabSubject& s = recipe.lab->subject;
        if (s.mix_with) return engine.renderSubject(s, recipe.lab->noise, hooks);
        GenerateRequest req{{s.source}, s.truncation, recipe.lab->noise, s.transform};
        return engine.generate(req, hooks).at(0);
    }
    if (recipe.kind == RecipeKind::NoiseLayers) {
        return composeNoiseLayersFigure(engine.noiseLayers(recipe.lab->subject, recipe.lab->noise, hooks));
    }
    throw std::runtime_error(std::string("recipe kind '") + recipeKindName(recipe.kind) + "' cannot be rendered");
}

}  // namespace stylemix
