// What any generator family tells the rest of the program about itself:
// sizes, which layers each w drives, its noise inputs and its coarse / middle /
// fine presets. Torch-free: the GUI, recipes, the CLI's `info` and the engine's
// planner read only this, never the network.
#pragma once

#include "model/core/noise_spec.h"

#include <string>
#include <utility>
#include <vector>

namespace stylemix {

// One synthesis layer that consumes a w, in execution order.
struct SynthesisLayerInfo {
    std::string name;       // family-specific, e.g. "b8.conv0", "b8.torgb", "16x16/Conv0_up", "L3_36_512"
    int resolution = 0;     // output size of the layer
    int ws_index = 0;       // which of the num_ws vectors drives it
    bool is_torgb = false;  // an output (ToRGB) layer
    int noise_index = -1;   // index into the noise layers, -1 = no noise input
};

struct NoiseLayerInfo {
    std::string name;       // "b8.conv0"
    int resolution = 0;
};

// For a ws index: the resolution it mostly drives, the layers it feeds and a
// short label for the crossover bar.
struct WsInfo {
    int resolution = 0;     // resolution of the first layer it feeds
    std::vector<std::string> layers;
    std::string label;      // e.g. "8²", "input", "36 px / fc 4.3"
};

// One activation a user can look at, named as NVIDIA's visualizer names it
// (viz/renderer.py run_synthesis_net: a forward hook on every module of
// G.synthesis; the module path, "output" for the root, ":i" for each 4-D
// output of a module returning several). StyleGAN1 uses its TF scopes
// (docs/explorer.md, "Layers").
struct ActivationInfo {
    std::string name;                        // "b8.conv0", "b8:1", "L3_36_512", "output"
    int channels = 0, height = 0, width = 0; // of one batch item, [C, H, W]
    int after_layer = 0;                     // captured while description().layers[after_layer] runs
};

// A half-open range of ws indices [begin, end).
struct WsRange {
    int begin = 0;
    int end = 0;
    bool empty() const { return end <= begin; }
    bool contains(int i) const { return i >= begin && i < end; }
    bool operator==(const WsRange& o) const { return begin == o.begin && end == o.end; }
    bool operator!=(const WsRange& o) const { return !(*this == o); }
};

// The paper's bands for StyleGAN1/2-style ws layouts: coarse = 4²–8² (ws
// [0,4)), middle = 16²–32² ([4,8)), fine = 64² and up ([8,num_ws)), clamped.
WsRange coarseRange(int num_ws);
WsRange middleRange(int num_ws);
WsRange fineRange(int num_ws);

struct ModelDescription {
    std::string family;            // "stylegan2", "stylegan1", "stylegan3"
    std::string family_label;      // "StyleGAN2", ...
    int z_dim = 0;
    int c_dim = 0;
    int w_dim = 0;
    int img_resolution = 0;
    int img_channels = 0;
    int num_ws = 0;
    std::vector<SynthesisLayerInfo> layers;      // execution order
    std::vector<WsInfo> ws_info;                 // per ws index
    std::vector<NoiseLayerInfo> noise_layers;    // per noise layer (a family may have none)
    std::vector<ActivationInfo> activations;     // every capturable activation, in the visualizer's order
    std::vector<float> noise_strengths;          // learned strength per noise layer (mean |w| for per-channel ones)
    std::vector<NoiseMode> noise_modes;          // supported modes (empty = no noise inputs at all)
    // Whether the input can be translated / rotated (StyleGAN3's Fourier-feature input; see InputTransform).
    bool has_input_transform = false;
    WsRange coarse, middle, fine;                // the family's own presets
    // Architecture facts for `info` and the Model panel, in display order.
    std::vector<std::pair<std::string, std::string>> details;
    // What loading did instead of the obvious (e.g. "no G_ema in the pickle: rendering the training
    // network G"); file-derived, so escape before display. The CLI prints each on stderr.
    std::vector<std::string> notes;

    bool hasNoise() const { return !noise_layers.empty(); }
    // The activation called `name`, or null.
    const ActivationInfo* activation(const std::string& name) const;
};

}  // namespace stylemix
