// stylemix mix: style_mixing.py — the paper's Fig. 3 grid and its cells.
#include "app/cli_commands.h"

#include "model/core/figures.h"
#include "model/core/paper_presets.h"

#include <iostream>
#include <sstream>

namespace stylemix::cli {

int runMix(const MixOptions& o) {
    const ParsedSources parsed = precheckMix(o);   // rows and columns (empty with --paper-fig3)
    const Truncation truncation = o.render.truncation();
    const OptionalTransform transform = o.render.transform();
    auto engine = o.model.load();
    const ModelFacts& facts = engine->facts();
    const int num_ws = facts.num_ws;
    const int class_index = o.render.classFor(facts);
    MixRequest req;
    if (o.paper_fig3) {
        req = paperFig3Request(facts);
        for (auto* list : {&req.rows, &req.cols})
            for (auto& s : *list) s.class_index = class_index;
    } else {
        req.rows = sourcesFor(parsed.first, facts, class_index);
        req.cols = sourcesFor(parsed.second, facts, class_index);
        req.styles = stylesFromSpec(o.styles, "--styles", num_ws);
        if (!o.row_styles.empty()) {
            std::stringstream in(o.row_styles);
            std::string item;
            while (std::getline(in, item, ';')) req.row_styles.push_back(stylesFromSpec(item, "--row-styles", num_ws));
        }
    }
    req.truncation = truncation;   // --trunc and the noise options apply to the preset too
    req.transform = transform;
    req.noise = o.render.noise(facts);
    // Sizes first: an impossible grid is refused before any rendering.
    validateMixRequest(req, facts);
    checkFigureSize(mixGridSize(req, facts.img_resolution, facts.img_channels, o.labels), "the mixing grid");

    // Like style_mixing.py: sources as {s}-{s}.png, cells as {row}-{col}.png (a cell wins a name clash).
    auto name = [](const Source& a, const Source& b) { return sourceStem(a) + "-" + sourceStem(b) + ".png"; };
    OutputSet out(o.outdir);
    out.checkTarget("grid.png");
    if (!o.no_recipe) out.checkTarget("grid.json");
    for (const auto& r : req.rows)
        for (const auto& c : req.cols) out.checkTarget(name(r, c));
    for (const auto* list : {&req.rows, &req.cols})
        for (const auto& s : *list) out.checkTarget(name(s, s));

    ProgressLine progress("mix", static_cast<std::int64_t>(req.rows.size() * req.cols.size() + req.rows.size() + req.cols.size()));
    const MixResult result = engine->mix(req, progress.hooks());
    Recipe recipe = recipeFor(*engine, RecipeKind::MixGrid);
    recipe.mix = req;
    recipe.labels = o.labels;
    for (size_t r = 0; r < req.rows.size(); ++r) addFigure(out, name(req.rows[r], req.rows[r]), *result.row_images[r], nullptr);
    for (size_t c = 0; c < req.cols.size(); ++c) addFigure(out, name(req.cols[c], req.cols[c]), *result.col_images[c], nullptr);
    for (size_t r = 0; r < req.rows.size(); ++r)
        for (size_t c = 0; c < req.cols.size(); ++c) addFigure(out, name(req.rows[r], req.cols[c]), *result.cells[r][c], nullptr);
    addFigure(out, "grid.png", composeMixGrid(result, req, o.labels), o.no_recipe ? nullptr : &recipe);
    out.commit();
    if (!o.save_ws.empty()) {
        std::vector<Source> used = req.rows;
        used.insert(used.end(), req.cols.begin(), req.cols.end());
        saveWs(o.save_ws, *engine, used, req.truncation, /*as_grid=*/true);
    }
    const auto& t = result.timings;
    std::cout << o.outdir << "/grid.png (" << req.rows.size() << " x " << req.cols.size() << ", " << t.total_ms
              << " ms: mapping " << t.mapping_ms << ", sources " << t.sources_ms << ", cells " << t.cells_ms << ")\n";
    return 0;
}

}  // namespace stylemix::cli
