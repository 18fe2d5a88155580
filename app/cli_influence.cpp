// stylemix influence: renders the figure, writes it with its recipe and
// prints each band's fractions of pixels moved.
#include "app/cli_influence.h"

#include "model/core/figures.h"
#include "model/core/influence_request.h"
#include "model/engine/influence_render.h"

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace stylemix::cli {
namespace {

InfluenceSpec specFor(const InfluenceOptions& o, const ParsedSources& parsed, const ModelFacts& facts) {
    const int class_index = o.render.classFor(facts);
    const Source a = oneSource(parsed.first, o.row, "--row", facts, class_index);
    const Source b = oneSource(parsed.second, o.col, "--col", facts, class_index);
    InfluenceSpec spec;
    if (o.styles.empty()) {
        spec = bandInfluenceSpec(a, b, facts);
        if (spec.bands.empty()) throw std::invalid_argument("--bands: this model has no coarse, middle or fine band; give --styles");
    } else {
        spec.a = a;
        spec.b = b;
        spec.bands = {stylesFromSpec(o.styles, "--styles", facts.num_ws)};
        spec.band_labels = {describeStyles(spec.bands.front())};
    }
    spec.truncation = o.render.truncation();
    spec.noise = o.render.noise(facts);
    spec.transform = o.render.transform();
    spec.threshold = o.threshold;
    return spec;
}

void printStats(const InfluenceSpec& spec, const InfluenceFigure& fig) {
    for (std::size_t i = 0; i < fig.bands.size(); ++i) {
        const InfluenceBandStats& s = fig.bands[i];
        char line[160];
        std::snprintf(line, sizeof line, ": pixels moved > %d levels: %.1f%% from A (peak %d), %.1f%% from B (peak %d)\n",
                      spec.threshold, 100.0 * s.moved_from_a, s.peak_from_a, 100.0 * s.moved_from_b, s.peak_from_b);
        std::cout << influenceBandTitle(spec, i) << line;
    }
}

}  // namespace

int runInfluence(const InfluenceOptions& o) {
    const ParsedSources parsed = precheckInfluence(o);
    auto engine = o.model.load();
    const InfluenceSpec spec = specFor(o, parsed, engine->facts());
    const std::filesystem::path output(o.output);
    OutputSet out(output.has_parent_path() ? output.parent_path().string() : std::string("."));
    const std::string name = output.filename().string();
    out.checkTarget(name);
    if (!o.no_recipe) out.checkTarget(recipeJsonName(name));
    ProgressLine progress("influence", static_cast<std::int64_t>(spec.bands.size() + 2));
    const InfluenceFigure fig = renderInfluence(*engine, spec, progress.hooks());
    Recipe recipe = recipeFor(*engine, RecipeKind::Influence);
    recipe.influence = spec;
    addFigure(out, name, fig.image, o.no_recipe ? nullptr : &recipe);
    out.commit();
    std::cout << "wrote " << o.output << " (" << fig.image.width << "x" << fig.image.height << ", colour scale 0-" << fig.top
              << " levels)\n";
    printStats(spec, fig);
    return 0;
}

}  // namespace stylemix::cli
