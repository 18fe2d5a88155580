// stylemix layers: the activations the layer view shows (docs/explorer.md,
// "Layers"). --list prints every one, named as NVIDIA's visualizer names it,
// torch-free from the families' readers (as `stylemix info`); --layer NAME
// --out FILE.npy writes one activation of a source (or, with --col and
// --styles, of their mix) as float32 [C, H, W] (cli_layers.cpp, render side).
#pragma once

#include "app/cli_commands.h"

#include <memory>
#include <string>

namespace stylemix::cli {

struct LayersOptions {
    ModelOptions model;
    RenderOptions render;
    std::string seed, col, styles, layer, out;
    bool list = false;
};

std::shared_ptr<LayersOptions> declareLayers(CLI::App& app);
// --list: the model's activations, one per line ("name  [C, H, W]  float32"). Torch-free.
int runLayersList(const LayersOptions& o);
// The flag values a capture needs before the model loads; returns --seed's and --col's items.
ParsedSources precheckLayers(const LayersOptions& o);
// --list, or a capture to --out. Render side only (libstylemix_cli_render.so).
int runLayers(const LayersOptions& o);

}  // namespace stylemix::cli
