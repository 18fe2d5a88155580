// stylemix influence's flags and the checks that need no model (torch-free).
#include "app/cli_influence.h"

#include "model/io/atomic_file.h"

namespace stylemix::cli {

std::shared_ptr<InfluenceOptions> declareInfluence(CLI::App& app) {
    auto* cmd = app.add_subcommand("influence",
                                   "Influence maps: where B's styles change A, as |mix - A| and |mix - B| heat maps on one "
                                   "colour scale, with the fraction of pixels moved");
    auto o = std::make_shared<InfluenceOptions>();
    o->model.add(*cmd);
    o->render.add(*cmd);
    cmd->add_option("--row", o->row, "A, the row source: a seed, a position X:Y or a W file (FILE[i])")->required();
    cmd->add_option("--col", o->col, "B, the column source, as --row")->required();
    auto* styles = cmd->add_option("--styles", o->styles, "The ws indices the mix takes from B (as `stylemix mix --styles`)");
    auto* bands = cmd->add_flag("--bands", o->bands,
                                "The model's coarse, middle and fine bands side by side (the default without --styles)");
    styles->excludes(bands);
    cmd->add_option("--threshold", o->threshold, "A pixel moved when it changed by more than this many levels (any channel)")
        ->capture_default_str()
        ->check(CLI::Range(0, kMaxInfluenceThreshold));
    cmd->add_option("-o,--output", o->output, "Output figure PNG (its recipe beside it as .json)")->required();
    cmd->add_flag("--no-recipe", o->no_recipe, "Write no .json recipe beside (and inside) the figure");
    return o;
}

ParsedSources precheckInfluence(const InfluenceOptions& o) {
    // As every rendering command's: truncation, transform and noise seed parse.
    o.render.truncation();
    o.render.transform();
    parseUnsigned(o.render.noise_seed, "--noise-seed", static_cast<std::uint64_t>(INT64_MAX));
    ParsedSources parsed{sourceItems(o.row, "--row"), sourceItems(o.col, "--col")};
    checkOutputTarget(o.output);   // a device, FIFO or socket is refused before any work
    checkOutputSuffix(o.output, ".png", "-o");
    return parsed;
}

}  // namespace stylemix::cli
