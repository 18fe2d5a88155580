// stylemix generate: gen_images.py — one PNG per seed.
#include "app/cli_common.h"

#include <cstdio>
#include <iostream>

namespace stylemix::cli {

Runner addGenerateCommand(CLI::App& app) {
    auto* cmd = app.add_subcommand("generate", "Images for a list of seeds (like NVIDIA's gen_images.py)");
    struct Options {
        ModelOptions model;
        RenderOptions render;
        std::string seeds, outdir;
    };
    auto o = std::make_shared<Options>();
    o->model.add(*cmd);
    o->render.add(*cmd);
    cmd->add_option("--seeds", o->seeds, "Seeds, e.g. 0,1,5-10")->required();
    cmd->add_option("--outdir", o->outdir, "Output directory")->required();
    return [o] {
        GenerateRequest req;
        req.sources = sourcesFromSpec(o->seeds, "--seeds", o->render.class_index);
        req.truncation = o->render.truncation();
        req.transform = o->render.transform();
        auto engine = o->model.load();
        req.noise = o->render.noise(engine->facts());
        const auto images = engine->generate(req);
        std::vector<std::pair<std::string, Image>> files;
        for (size_t i = 0; i < images.size(); ++i) {
            char name[64];
            std::snprintf(name, sizeof name, "seed%04llu.png", static_cast<unsigned long long>(req.sources[i].seed));
            files.emplace_back(name, images[i]);
        }
        writeOutputs(o->outdir, files);
        std::cout << "wrote " << files.size() << " image(s) to " << o->outdir << "\n";
        return 0;
    };
}

}  // namespace stylemix::cli
