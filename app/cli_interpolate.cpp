// stylemix interpolate: a strip of frames from one source to another, in z
// (slerp) or in w (lerp), as one PNG with its recipe.
#include "app/cli_commands.h"

#include "model/core/strip_figure.h"
#include "model/io/w_file.h"

#include <filesystem>
#include <iostream>

namespace stylemix::cli {

int runInterpolate(const InterpolateOptions& o) {
    const ParsedSources parsed = precheckInterpolate(o);
    const Truncation truncation = o.render.truncation();
    auto engine = o.model.load();
    const ModelFacts& facts = engine->facts();
    const int class_index = o.render.classFor(facts);
    InterpolationRequest req;
    req.from = oneSource(parsed.first, o.from, "--from", facts, class_index);
    req.to = oneSource(parsed.second, o.to, "--to", facts, class_index);
    req.steps = o.steps;
    req.space = parseInterpolationSpace(o.space);
    req.truncation = truncation;
    req.noise = o.render.noise(facts);
    req.transform = o.render.transform();
    checkFigureSize(stripSize(req.steps, facts.img_resolution, facts.img_channels), "the interpolation strip");

    const std::filesystem::path output(o.output);
    OutputSet out(output.has_parent_path() ? output.parent_path().string() : std::string("."));
    const std::string name = output.filename().string();
    out.checkTarget(name);
    if (!o.no_recipe) out.checkTarget(recipeJsonName(name));
    ProgressLine progress("interpolate", req.steps);
    const InterpolationResult result = engine->interpolate(req, progress.hooks());
    Recipe recipe = recipeFor(*engine, RecipeKind::Interpolation);
    recipe.interpolation = req;
    addFigure(out, name, composeStrip(result.images), o.no_recipe ? nullptr : &recipe);
    out.commit();
    std::cout << "wrote " << o.output << " (" << req.steps << " frames, " << interpolationSpaceName(req.space) << " space)\n";
    if (!o.save_ws.empty()) {
        writeWsNpz(o.save_ws, result.ws);
        std::cout << "wrote " << o.save_ws << " (" << result.ws.size() << " ws)\n";
    }
    return 0;
}

}  // namespace stylemix::cli
