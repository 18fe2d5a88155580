// Export recipes: everything needed to re-render an exported figure, as JSON
// beside the PNG and inside it (tEXt chunk "stylemix-recipe"). Torch-free.
#pragma once

#include "model/io/image_io.h"
#include "model/core/animation_spec.h"
#include "model/core/influence_spec.h"
#include "model/core/layer_view.h"
#include "model/core/noise_by_layer.h"
#include "model/core/render_types.h"

#include <optional>
#include <string>

namespace stylemix {

constexpr const char* kRecipeTextKey = "stylemix-recipe";

// What a recipe re-renders; written as "mix-grid", "noise-lab", "stddev", "noise-layers", "image", "interpolation",
// "layer", "influence", "noise-by-layer", "animation".
// An image is one source as `stylemix generate` writes it (lab.subject.source and truncation, lab.noise).
enum class RecipeKind { MixGrid, NoiseLab, StdDev, NoiseLayers, Image, Interpolation, Layer, Influence, NoiseByLayer, Animation };
const char* recipeKindName(RecipeKind kind);
// Throws naming the accepted values.
RecipeKind parseRecipeKind(const std::string& text);

struct Recipe {
    RecipeKind kind = RecipeKind::MixGrid;
    std::string model_family;         // "stylegan2", ... (the family the figure was made with)
    std::string model_path;
    std::string model_sha256;
    std::optional<MixRequest> mix;    // mix-grid
    std::optional<NoiseLabRequest> lab;   // noise-lab, stddev, noise-layers, image (subject + noise)
    std::optional<InterpolationRequest> interpolation;   // interpolation (the strip, frames left to right)
    std::optional<LayerRequest> layer;                 // layer: one activation of A, B and the mix
    std::optional<InfluenceSpec> influence;            // influence
    std::optional<NoiseByLayerRequest> noise_by_layer; // noise-by-layer
    std::optional<AnimationSpec> animation;            // animation
    std::optional<CropRect> crop;     // noise-lab
    int zoom = 4;                     // noise-lab crop magnification
    int difference_gain = 8;          // noise-lab: N of its difference-from-the-mean row (lab.difference_gain)
    int stddev_scale = 1;             // stddev: nearest-neighbour magnification, 1-8 (lab.scale)
    bool labels = false;              // mix-grid
    int grid_scale = 1;               // mix-grid: nearest-neighbour magnification of the composed grid, 1-8
    // image: a tile of a mixing grid (image.from = "grid"): rendered as the grid renders its tiles (a 1x1
    // grid), which can differ by a level in a few pixels from a single render; else as `stylemix generate`.
    bool grid_tile = false;
    std::vector<float> learned_strengths;   // informational: the model's noise strengths
};

std::string recipeToJson(const Recipe& recipe);
// Throws naming `source` and the field at fault.
Recipe recipeFromJson(const std::string& text, const std::string& source);
// A recipe file's text: a JSON recipe (a regular file of up to 4 MiB), or the
// recipe embedded in a StyleMix PNG (up to 4 MiB; the PNG up to the image limit).
// Throws naming the file.
std::string readRecipeText(const std::string& path);
// recipeFromJson(readRecipeText(path)).
Recipe readRecipeFile(const std::string& path);

// Writes the PNG (recipe embedded as tEXt) and `<png without .png>.json` as one OutputSet:
// both or neither.
void exportFigure(const std::string& png_path, const Image& image, const Recipe& recipe);

}  // namespace stylemix
