// stylemix noise --by-layer: per noise layer, the std-dev over K realisations of
// that layer's noise alone, as one strip PNG with its recipe; each layer's peak printed.
#include "app/cli_commands.h"

#include "model/core/noise_by_layer_figure.h"

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace stylemix::cli {

int runNoiseByLayer(const NoiseOptions& o, const ParsedSources& parsed) {
    const Truncation truncation = o.render.truncation();
    auto engine = o.model.load();
    const ModelFacts& facts = engine->facts();
    if (!facts.hasNoise())
        throw std::invalid_argument("noise --by-layer: this model (" + facts.family_label + ") has no noise inputs");
    NoiseByLayerRequest req;
    req.subject.source = oneSource(parsed.first, o.seed, "--seed", facts, o.render.classFor(facts));
    req.subject.truncation = truncation;
    req.subject.transform = o.render.transform();
    req.noise = o.render.noise(facts);
    req.samples = o.samples;
    std::vector<std::string> labels;
    for (const NoiseLayerInfo& l : facts.noise_layers) labels.push_back(noiseLayerLabel(l));
    // The figure's size first: an impossible one is refused before any rendering.
    checkFigureSize(noiseByLayerFigureSize(facts.img_resolution, labels, req.samples), "the noise-by-layer strip");

    const std::filesystem::path output(o.output);
    OutputSet out(output.has_parent_path() ? output.parent_path().string() : std::string("."));
    const std::string name = output.filename().string();
    out.checkTarget(name);
    if (!o.no_recipe) out.checkTarget(recipeJsonName(name));
    ProgressLine progress("noise by layer", static_cast<std::int64_t>(labels.size()) * req.samples);
    const NoiseByLayerResult result = engine->noiseByLayer(req, progress.hooks());
    Recipe recipe = recipeFor(*engine, RecipeKind::NoiseByLayer);
    recipe.noise_by_layer = req;
    addFigure(out, name, composeNoiseByLayerFigure(result), o.no_recipe ? nullptr : &recipe);
    out.commit();
    std::cout << "wrote " << o.output << " (K = " << req.samples << " per layer, the other layers' noise "
              << noiseModeName(req.noise.mode) << ", " << result.timings.total_ms << " ms)\n";
    for (const NoiseLayerStddev& l : result.layers) {
        char peak[32];
        std::snprintf(peak, sizeof peak, "%.2f", static_cast<double>(l.peak));
        std::cout << "  " << l.label << ": peak std-dev " << peak << " levels\n";
    }
    return 0;
}

}  // namespace stylemix::cli
