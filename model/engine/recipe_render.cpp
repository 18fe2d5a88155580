#include "model/engine/recipe_render.h"

#include "model/core/figures.h"
#include "model/core/lab_figures.h"
#include "model/core/layer_figure.h"
#include "model/core/noise_by_layer_figure.h"
#include "model/core/recipe_check.h"
#include "model/engine/influence_render.h"
#include "model/core/strip_figure.h"
#include "model/io/message_text.h"

#include <algorithm>
#include <stdexcept>

namespace stylemix {

namespace {

// A grid tile as the mixing grid renders it: a 1x1 grid of the subject's
// source (and the column source it mixes with), its cell or its row source.
// The grid's renders do not depend on the grid's size or batching.
Image renderGridTile(Engine& engine, const NoiseLabRequest& image, const ProgressHooks& hooks) {
    const LabSubject& s = image.subject;
    MixRequest req;
    req.rows = {s.source};
    req.cols = {s.mix_with.value_or(s.source)};
    req.styles = s.styles.empty() ? std::vector<int>{0} : s.styles;   // a source tile: any valid cell
    req.truncation = s.truncation;
    req.noise = image.noise;
    req.transform = s.transform;
    validateMixRequest(req, engine.facts());
    const MixResult grid = engine.mix(req, hooks);
    return s.mix_with ? *grid.cells.at(0).at(0) : *grid.row_images.at(0);
}

// The recipe's model is this engine's (unless allowed otherwise), and every field fits it,
// figure sizes included, before anything renders.
void checkRecipeFor(const Engine& engine, const Recipe& recipe, bool allow_other_model) {
    if (!allow_other_model && !recipe.model_sha256.empty() && recipe.model_sha256 != engine.facts().sha256)
        throw std::runtime_error("model " + displayPath(engine.facts().path) + " has SHA-256 " + engine.facts().sha256 +
                                 " but the recipe was made with " + quoteText(recipe.model_sha256));
    checkRecipeForModel(recipe, engine.facts());
}

}  // namespace

void renderAnimationRecipe(Engine& engine, const Recipe& recipe, bool allow_other_model, const ProgressHooks& hooks,
                           const std::function<bool(int index, const Image& frame)>& on_frame) {
    if (recipe.kind != RecipeKind::Animation)
        throw std::runtime_error(std::string("a '") + recipeKindName(recipe.kind) + "' recipe is a still figure: render it with 'stylemix render'");
    checkRecipeFor(engine, recipe, allow_other_model);
    engine.animate(*recipe.animation, hooks, on_frame);
}

Image renderRecipe(Engine& engine, const Recipe& recipe, bool allow_other_model, const ProgressHooks& hooks) {
    if (recipe.kind == RecipeKind::Animation)
        throw std::runtime_error("an animation recipe renders frames, not a figure: use 'stylemix animate RECIPE -o OUT.webp|OUT.gif'");
    checkRecipeFor(engine, recipe, allow_other_model);
    if (recipe.kind == RecipeKind::MixGrid) {
        validateMixRequest(*recipe.mix, engine.facts());
        const MixResult result = engine.mix(*recipe.mix, hooks);
        return composeScaledMixGrid(result, *recipe.mix, recipe.labels, recipe.grid_scale);
    }
    if (recipe.kind == RecipeKind::NoiseLab || recipe.kind == RecipeKind::StdDev) {
        const NoiseLabResult result = engine.noiseLab(*recipe.lab, hooks);
        return composeLabRecipeFigure(result, recipe, engine.facts().img_resolution);
    }
    if (recipe.kind == RecipeKind::Image && recipe.grid_tile) return renderGridTile(engine, *recipe.lab, hooks);
    if (recipe.kind == RecipeKind::Image) {
        // One source exactly as `stylemix generate` renders it (a mixed subject is a mixing cell).
        const LabSubject& s = recipe.lab->subject;
        if (s.mix_with) return engine.renderSubject(s, recipe.lab->noise, hooks);
        GenerateRequest req{{s.source}, s.truncation, recipe.lab->noise, s.transform};
        return engine.generate(req, hooks).at(0);
    }
    if (recipe.kind == RecipeKind::Influence) return renderInfluence(engine, *recipe.influence, hooks).image;
    if (recipe.kind == RecipeKind::Layer) return composeLayerFigure(engine.layerView(*recipe.layer, hooks));
    if (recipe.kind == RecipeKind::Interpolation) return composeStrip(engine.interpolate(*recipe.interpolation, hooks).images);
    if (recipe.kind == RecipeKind::NoiseByLayer)
        return composeNoiseByLayerFigure(engine.noiseByLayer(*recipe.noise_by_layer, hooks));
    if (recipe.kind == RecipeKind::NoiseLayers) {
        return composeNoiseLayersFigure(engine.noiseLayers(recipe.lab->subject, recipe.lab->noise, hooks));
    }
    throw std::runtime_error(std::string("recipe kind '") + recipeKindName(recipe.kind) + "' cannot be rendered");
}

}  // namespace stylemix
