// stylemix influence: where a band of B's styles acts on A, as |mix - A| and
// |mix - B| heat maps (model/core/influence_figure.h), for one A and one B
// under --styles SPEC or the model's coarse, middle and fine bands (--bands,
// the default). The options and their checks are torch-free
// (cli_influence_options.cpp); runInfluence renders (cli_influence.cpp).
#pragma once

#include "app/cli_commands.h"
#include "model/core/influence_map.h"

#include <memory>
#include <string>

namespace stylemix::cli {

struct InfluenceOptions {
    ModelOptions model;
    RenderOptions render;
    std::string row, col, styles, output;
    bool bands = false, no_recipe = false;
    int threshold = kDefaultInfluenceThreshold;
};

std::shared_ptr<InfluenceOptions> declareInfluence(CLI::App& app);
// The flag values that need no model; returns --row's and --col's parsed items.
ParsedSources precheckInfluence(const InfluenceOptions& o);
// Render side only (libstylemix_cli_render.so).
int runInfluence(const InfluenceOptions& o);

}  // namespace stylemix::cli
