// stylemix generate: gen_images.py — one PNG per source, each with its recipe;
// --projected-w: generate.py --projected-w — one PNG per w of a W file.
#include "app/cli_commands.h"

#include "model/io/w_file.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace stylemix::cli {
namespace {

// gen_images.py's seed%04d.png for seeds; pos<x>_<y>.png for positions; the W file's stem for ws.
std::string imageName(const Source& s) {
    if (s.kind == Source::Kind::Seed) {
        char name[64];
        std::snprintf(name, sizeof name, "seed%04llu.png", static_cast<unsigned long long>(s.seed));
        return name;
    }
    return (s.kind == Source::Kind::Position ? "pos" : "") + sourceStem(s) + ".png";
}

// generate.py --projected-w: proj00.png, proj01.png, ... one per w of the file, in order.
std::vector<std::string> projectedNames(std::size_t count) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < count; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "proj%02zu.png", i);
        names.emplace_back(name);
    }
    return names;
}

}  // namespace

int runGenerate(const GenerateOptions& o) {
    const ParsedSources parsed = precheckGenerate(o);
    GenerateRequest req;
    const Truncation truncation = o.render.truncation();
    const std::vector<SourceListItem>& items = parsed.first;
    req.transform = o.render.transform();
    auto engine = o.model.load();
    req.sources = sourcesFor(items, engine->facts(), o.render.classFor(engine->facts()));
    req.truncation = truncation;
    req.noise = o.render.noise(engine->facts());

    std::vector<std::string> names = projectedNames(req.sources.size());
    if (o.projected_w.empty()) std::transform(req.sources.begin(), req.sources.end(), names.begin(), imageName);
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
    if (!o.save_ws.empty()) saveWs(o.save_ws, *engine, req.sources, req.truncation, /*as_grid=*/false);
    return 0;
}

}  // namespace stylemix::cli
