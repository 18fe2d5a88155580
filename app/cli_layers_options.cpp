// stylemix layers: its flags, the checks that need no model, and --list
// (torch-free: the description comes from the families' readers).
#include "app/cli_layers.h"

#include "model/core/text_escape.h"
#include "model/io/weights_file.h"
#include "model/nets/family_reader.h"

#include <iostream>

namespace stylemix::cli {

std::shared_ptr<LayersOptions> declareLayers(CLI::App& app) {
    auto* cmd = app.add_subcommand("layers",
                                   "A generator's activations, as NVIDIA's visualizer names them: list them, or write one "
                                   "as float32 [C, H, W] .npy");
    auto o = std::make_shared<LayersOptions>();
    o->model.add(*cmd);
    o->render.add(*cmd);
    auto* list = cmd->add_flag("--list", o->list, "Print every activation: name, [C, H, W] and dtype");
    auto* seed = cmd->add_option("--seed", o->seed, "The image's source (A): a seed, a position X:Y or a W file (FILE[i])");
    auto* col = cmd->add_option("--col", o->col, "B: capture the mix of A with B's --styles instead, as the grid's cell");
    auto* styles = cmd->add_option("--styles", o->styles, "With --col: the ws indices the mix takes from B");
    auto* layer = cmd->add_option("--layer", o->layer, "The activation to write (a name from --list)");
    auto* out = cmd->add_option("--out", o->out, "Output .npy (float32 [C, H, W])");
    for (CLI::Option* capture_only : {seed, col, styles, layer, out}) list->excludes(capture_only);
    col->needs(styles);
    styles->needs(col);
    return o;
}

int runLayersList(const LayersOptions& o) {
    const AdoptedWeights adopted = adoptWeights(readWeightsFile(o.model.model));
    adopted.family->validate(adopted.weights, {});   // list only what would load
    const ModelDescription d = adopted.family->describe(adopted.weights);
    for (const auto& note : d.notes) std::cerr << "stylemix: note: " << escapeControlChars(note) << "\n";
    for (const auto& a : d.activations)
        std::cout << escapeControlChars(a.name) << "  [" << a.channels << ", " << a.height << ", " << a.width
                  << "]  float32\n";
    return 0;
}

ParsedSources precheckLayers(const LayersOptions& o) {
    if (o.list) return {};
    if (o.seed.empty() || o.layer.empty() || o.out.empty())
        throw std::invalid_argument("layers needs --list, or --seed, --layer and --out");
    o.render.truncation();
    o.render.transform();
    parseUnsigned(o.render.noise_seed, "--noise-seed", static_cast<std::uint64_t>(INT64_MAX));
    ParsedSources parsed{sourceItems(o.seed, "--seed"), {}};
    if (!o.col.empty()) parsed.second = sourceItems(o.col, "--col");
    checkOutputTarget(o.out);   // a device, FIFO or socket is refused before any work
    checkOutputSuffix(o.out, ".npy", "--out");
    return parsed;
}

}  // namespace stylemix::cli
