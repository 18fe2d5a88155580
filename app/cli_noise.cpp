// stylemix noise: the paper's Fig. 4 (noise realisations, crops, std-dev) and Fig. 5.
#include "app/cli_common.h"

#include "model/core/figures.h"
#include "model/engine/recipe_render.h"

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
        bool layers_figure = false;
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
    return [o] {
        auto engine = o->model.load();
        const int res = engine->facts().img_resolution;
        NoiseLabRequest req;
        req.subject.source = {o->seed, o->render.class_index};
        req.subject.truncation = o->render.truncation();
        req.subject.transform = o->render.transform();
        req.noise = o->render.noise(engine->facts());
        req.samples = o->samples;
        req.keep_images = std::min(o->keep, o->samples);
        req.stddev_gain = o->gain;
        const CropRect crop = o->crop.empty() ? defaultCrop(res) : parseCrop(o->crop);
        if (crop.x + crop.width > res || crop.y + crop.height > res)
            throw std::invalid_argument("--crop " + o->crop + " extends past the " + std::to_string(res) + "x" + std::to_string(res) + " image");
        const NoiseLabResult lab = engine->noiseLab(req);

        char stem[64];
        std::snprintf(stem, sizeof stem, "seed%04llu", static_cast<unsigned long long>(o->seed));
        std::vector<std::pair<std::string, Image>> files;
        files.emplace_back(std::string("noise-") + stem + ".png", composeNoiseLabFigure(lab, crop, o->zoom));
        files.emplace_back(std::string("stddev-") + stem + ".png", lab.stddev);
        if (o->layers_figure) {
            NoiseSpec n = req.noise;
            if (n.mode == NoiseMode::None) n.mode = NoiseMode::Random;
            files.emplace_back(std::string("noise-layers-") + stem + ".png",
                               composeNoiseLayersFigure(engine->noiseLayers(req.subject, n)));
        }
        writeOutputs(o->outdir, files);
        std::cout << "wrote " << files.size() << " figure(s) to " << o->outdir << " (K = " << o->samples
                  << ", max std-dev " << lab.max_stddev << " levels, " << lab.timings.total_ms << " ms)\n";
        return 0;
    };
}

}  // namespace stylemix::cli
