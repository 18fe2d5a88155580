// stylemix animate: an animated WebP (lossless) or GIF of an AnimationSpec
// (model/core/animation_spec.h; docs/explorer.md "Motion"), from flags or
// re-rendered from a recipe (a .json, or the .webp/.gif holding one), byte for
// byte. Progress goes to stderr as one "frame i/N" line per frame; SIGTERM or
// SIGINT stops it promptly, leaving no output or temporary file. The options
// and their checks are torch-free (cli_animate_options.cpp); runAnimate renders
// (cli_animate.cpp).
#pragma once

#include "app/cli_commands.h"

#include <memory>
#include <optional>
#include <string>

namespace stylemix::cli {

struct AnimateOptions {
    ModelOptions model;
    RenderOptions render;
    std::string recipe;          // positional: re-render this recipe (then only -o, --no-recipe and the model flags)
    std::string kind = "noise";  // noise | sweep | walk
    std::string seed, col, to, styles, space = "w", output;
    int frames = 60;
    double fps = 15;
    bool no_recipe = false, allow_other = false;
    CLI::App* command = nullptr;   // to tell which flags were given
};

std::shared_ptr<AnimateOptions> declareAnimate(CLI::App& app);

// What the command renders, checked without the model: the recipe read (recipe mode),
// or the flags' values and source lists parsed (first: --seed, second: --col or --to).
struct AnimatePlan {
    std::optional<Recipe> recipe;
    ParsedSources sources;
};
AnimatePlan precheckAnimate(const AnimateOptions& o);
// Whether the recipe goes beside the output as <stem>.json: unless --no-recipe, or that file is the recipe read.
bool recipeBeside(const AnimateOptions& o);

// Render side only (libstylemix_cli_render.so).
int runAnimate(const AnimateOptions& o);

}  // namespace stylemix::cli
