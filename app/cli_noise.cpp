// stylemix noise: the paper's Fig. 4 (noise realisations, crops, std-dev) and Fig. 5.
#include "app/cli_common.h"

#include "model/core/figures.h"
#include "model/engine/recipe_render.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace stylemix::cli {
namespace {

CropRect parseCrop(const std::string& text) {
    CropRect c;
    char extra = 0;
    if (std::sscanf(text.c_str(), "%d,%d,%d,%d%c", &c.x, &c.y, &c.width, &c.height, &extra) != 4 || c.x < 0 || c.y < 0 ||
        c.width < 1 || c.height < 1)
        throw std::invalid_argument("--crop '" + text + "' must be X,Y,W,H with X,Y >= 0 and W,H >= 1");
    return c;
}

}  // namespace

Runner addNoiseCommand(CLI::App& app) {
    auto* cmd = app.add_subcommand("noise", "Stochastic variation figures (paper Fig. 4, and Fig. 5 with --layers-figure)");
    struct Options {
        ModelOptions model;
        RenderOptions render;
        std::uint64_t seed = 0;
        int samples = 100, keep = 8, zoom = 4;
        float gain = 4.0f;
        std::string crop, outdir;
        bool layers_figure = false, no_recipe = false;
    };
    auto o = std::make_shared<Options>();
    o->model.add(*cmd);
    o->render.add(*cmd, "random");
    cmd->add_option("--seed", o->seed, "Latent seed of the image")->required()->check(CLI::Range(0ull, 4294967295ull));
    cmd->add_option("--samples", o->samples, "Noise realisations K for the std-dev map")->capture_default_str()->check(CLI::Range(1, 100000));
    cmd->add_option("--show", o->keep, "Realisations shown as zoomed crops")->capture_default_str()->check(CLI::Range(1, 64));
    cmd->add_option("--crop", o->crop, "Crop X,Y,W,H in image pixels (default: the centre quarter)");
    cmd->add_option("--zoom", o->zoom, "Crop magnification")->capture_default_str()->check(CLI::Range(1, 64));
    cmd->add_option("--stddev-gain", o->gain, "Std-dev map brightness multiplier")->capture_default_str();
    cmd->add_flag("--layers-figure", o->layers_figure, "Also write Fig. 5: noise in all / no / fine / coarse layers");
    cmd->add_option("--outdir", o->outdir, "Output directory")->required();
    cmd->add_flag("--no-recipe", o->no_recipe, "Write no .json recipes beside (and inside) the figures");
    return [o] {
        if (!std::isfinite(o->gain) || !(o->gain > 0) || o->gain > 1000) {
            std::ostringstream v;
            v << o->gain;
            throw std::invalid_argument("--stddev-gain " + v.str() + " is out of range (expected a number in (0, 1000])");
        }
        const Truncation truncation = o->render.truncation();
        auto engine = o->model.load();
        const ModelFacts& facts = engine->facts();
        const int res = facts.img_resolution;
        NoiseLabRequest req;
        req.subject.source = {o->seed, o->render.classFor(facts)};
        req.subject.truncation = truncation;
        req.noise = o->render.noise(facts);
        req.subject.transform = o->render.transform();
        req.samples = o->samples;
        req.keep_images = std::min(o->keep, o->samples);
        req.stddev_gain = o->gain;
        const CropRect crop = o->crop.empty() ? defaultCrop(res) : parseCrop(o->crop);
        if (crop.x + static_cast<std::int64_t>(crop.width) > res || crop.y + static_cast<std::int64_t>(crop.height) > res)
            throw std::invalid_argument("--crop " + o->crop + " extends past the " + std::to_string(res) + "x" + std::to_string(res) + " image");
        // The figure's size first: an impossible one is refused before any rendering.
        checkFigureSize(noiseLabFigureSize(res, req.keep_images, crop, o->zoom), "the noise figure");

        char stem[64];
        std::snprintf(stem, sizeof stem, "seed%04llu", static_cast<unsigned long long>(o->seed));
        const std::string lab_name = std::string("noise-") + stem + ".png", stddev_name = std::string("stddev-") + stem + ".png",
                          layers_name = std::string("noise-layers-") + stem + ".png";
        OutputSet out(o->outdir);
        for (const auto& name : {lab_name, stddev_name, layers_name}) {
            if (name == layers_name && !o->layers_figure) continue;
            out.checkTarget(name);
            if (!o->no_recipe) out.checkTarget(recipeJsonName(name));
        }

        ProgressLine progress("noise", o->samples);
        const NoiseLabResult lab = engine->noiseLab(req, progress.hooks());
        Recipe recipe = recipeFor(*engine, RecipeKind::NoiseLab);
        recipe.lab = req;
        recipe.crop = crop;
        recipe.zoom = o->zoom;
        const Recipe* r = o->no_recipe ? nullptr : &recipe;
        addFigure(out, lab_name, composeNoiseLabFigure(lab, crop, o->zoom), r);
        recipe.kind = RecipeKind::StdDev;
        addFigure(out, stddev_name, stddevToRgb(lab.stddev), r);   // RGB like the explorer's export
        if (o->layers_figure) {
            NoiseSpec n = req.noise;
            if (n.mode == NoiseMode::None) n.mode = NoiseMode::Random;
            recipe.kind = RecipeKind::NoiseLayers;
            recipe.lab->noise = n;
            recipe.crop.reset();
            addFigure(out, layers_name, composeNoiseLayersFigure(engine->noiseLayers(req.subject, n)), r);
        }
        out.commit();
        std::cout << "wrote " << out.count() << " file(s) to " << o->outdir << " (K = " << o->samples
                  << ", max std-dev " << lab.max_stddev << " levels, " << lab.timings.total_ms << " ms)\n";
        return 0;
    };
}

}  // namespace stylemix::cli
