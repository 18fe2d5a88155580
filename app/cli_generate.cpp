// stylemix generate: gen_images.py — one PNG per seed, each with its recipe.
#include "app/cli_commands.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace stylemix::cli {

int runGenerate(const GenerateOptions& o) {
    precheckGenerate(o);
    GenerateRequest req;
    const Truncation truncation = o.render.truncation();
    req.sources = sourcesFromSpec(o.seeds, "--seeds", -1);
    req.transform = o.render.transform();
    auto engine = o.model.load();
    const int class_index = o.render.classFor(engine->facts());
    for (auto& s : req.sources) s.class_index = class_index;
    req.truncation = truncation;
    req.noise = o.render.noise(engine->facts());

    std::vector<std::string> names;
    for (const Source& s : req.sources) {
        char name[64];
        std::snprintf(name, sizeof name, "seed%04llu.png", static_cast<unsigned long long>(s.seed));
        names.emplace_back(name);
    }
    OutputSet out(o.outdir);
    for (const auto& name : names) {
        out.checkTarget(name);
        if (!o.no_recipe) out.checkTarget(recipeJsonName(name));
    }
    // Eight images at a time (the CPU's sweet spot), each written as it finishes: memory stays
    // bounded and progress moves.
    const std::size_t batch = static_cast<std::size_t>(std::min(engine->maxBatch(), 8));
    ProgressLine progress("generate", static_cast<std::int64_t>(names.size()));
    Recipe recipe = recipeFor(*engine, RecipeKind::Image);
    for (std::size_t b = 0; b < req.sources.size(); b += batch) {
        GenerateRequest chunk = req;
        chunk.sources.assign(req.sources.begin() + static_cast<std::ptrdiff_t>(b),
                             req.sources.begin() + static_cast<std::ptrdiff_t>(std::min(b + batch, req.sources.size())));
        const auto images = engine->generate(chunk);
        for (std::size_t i = 0; i < images.size(); ++i) {
            NoiseLabRequest one;
            one.subject.source = chunk.sources[i];
            one.subject.truncation = req.truncation;
            one.subject.transform = req.transform;
            one.noise = req.noise;
            recipe.lab = one;
            addFigure(out, names[b + i], images[i], o.no_recipe ? nullptr : &recipe);
        }
        progress.update(static_cast<std::int64_t>(b + images.size()));
    }
    out.commit();
    std::cout << "wrote " << names.size() << " image(s) to " << o.outdir << "\n";
    return 0;
}

}  // namespace stylemix::cli
