// stylemix noise: the paper's Fig. 4 (noise realisations, crops, std-dev) and Fig. 5.
#include "app/cli_commands.h"

#include "model/core/figures.h"
#include "model/core/lab_figures.h"
#include "model/engine/recipe_render.h"
#include "model/io/message_text.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace stylemix::cli {
int runNoise(const NoiseOptions& o) {
    const ParsedSources parsed = precheckNoise(o);
    if (o.by_layer) return runNoiseByLayer(o, parsed);
    const Truncation truncation = o.render.truncation();
    auto engine = o.model.load();
    const ModelFacts& facts = engine->facts();
    const int res = facts.img_resolution;
    NoiseLabRequest req;
    req.subject.source = oneSource(parsed.first, o.seed, "--seed", facts, o.render.classFor(facts));
    req.subject.truncation = truncation;
    req.noise = o.render.noise(facts);
    req.subject.transform = o.render.transform();
    req.samples = o.samples;
    req.keep_images = std::min(o.keep, o.samples);
    req.stddev_gain = o.gain;
    const CropRect crop = o.crop.empty() ? defaultCrop(res) : parseCrop(o.crop);
    if (crop.x + static_cast<std::int64_t>(crop.width) > res || crop.y + static_cast<std::int64_t>(crop.height) > res)
        throw std::invalid_argument("--crop " + clipText(o.crop) + " extends past the " + std::to_string(res) + "x" + std::to_string(res) + " image");
    Recipe recipe = recipeFor(*engine, RecipeKind::NoiseLab);
    recipe.lab = req;
    recipe.crop = crop;
    recipe.zoom = o.zoom;
    // The figure's size first: an impossible one is refused before any rendering.
    checkFigureSize(labRecipeFigureSize(recipe, res), "the noise figure");

    // seed0085 as before; pos12.25_0.5 for a position; the W file's stem for ws.
    const Source& source = req.subject.source;
    char seed_stem[64];
    std::snprintf(seed_stem, sizeof seed_stem, "seed%04llu", static_cast<unsigned long long>(source.seed));
    const std::string stem = source.kind == Source::Kind::Seed       ? std::string(seed_stem)
                             : source.kind == Source::Kind::Position ? "pos" + sourceStem(source)
                                                                     : sourceStem(source);
    const std::string lab_name = std::string("noise-") + stem + ".png", stddev_name = std::string("stddev-") + stem + ".png",
                      layers_name = std::string("noise-layers-") + stem + ".png";
    OutputSet out(o.outdir);
    for (const auto& name : {lab_name, stddev_name, layers_name}) {
        if (name == layers_name && !o.layers_figure) continue;
        out.checkTarget(name);
        if (!o.no_recipe) out.checkTarget(recipeJsonName(name));
    }

    ProgressLine progress("noise", o.samples);
    const NoiseLabResult lab = engine->noiseLab(req, progress.hooks());
    const Recipe* r = o.no_recipe ? nullptr : &recipe;
    // Composed as the explorer's export and `stylemix render` compose them.
    addFigure(out, lab_name, composeLabRecipeFigure(lab, recipe, res), r);
    recipe.kind = RecipeKind::StdDev;
    addFigure(out, stddev_name, composeLabRecipeFigure(lab, recipe, res), r);
    if (o.layers_figure) {
        NoiseSpec n = req.noise;
        if (n.mode == NoiseMode::None) n.mode = NoiseMode::Random;
        recipe.kind = RecipeKind::NoiseLayers;
        recipe.lab->noise = n;
        recipe.crop.reset();
        addFigure(out, layers_name, composeNoiseLayersFigure(engine->noiseLayers(req.subject, n)), r);
    }
    out.commit();
    std::cout << "wrote " << out.count() << " file(s) to " << o.outdir << " (K = " << o.samples
              << ", max std-dev " << lab.max_stddev << " levels, " << lab.timings.total_ms << " ms)\n";
    return 0;
}

}  // namespace stylemix::cli
