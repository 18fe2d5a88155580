// The architecture of NVIDIA's StyleGAN1 generator (NVlabs/stylegan
// training/networks_stylegan.py: G_style, G_mapping, G_synthesis) from the
// static_kwargs a TF-era pickle stores, with those functions' defaults for
// absent keys (official pickles store only a few). Torch-free: the CLI's
// `info`, `convert` and the GUI's model facts read it without LibTorch.
#pragma once

#include "model/core/model_description.h"

#include <cstdint>
#include <string>
#include <vector>

namespace stylemix {

// One variable the weights must contain, by its prefixed TF name
// ("synthesis/8x8/Conv1/weight"), in TF's layout.
struct StyleGan1Variable {
    std::string name;
    std::vector<std::int64_t> shape;
};

struct StyleGan1Config {
    // G_mapping
    int latent_size = 512;
    int label_size = 0;
    int dlatent_size = 512;
    int mapping_layers = 8;
    int mapping_fmaps = 512;
    double mapping_lrmul = 0.01;
    // G_synthesis
    int resolution = 1024;
    int num_channels = 3;
    int fmap_base = 8192;
    double fmap_decay = 1.0;
    int fmap_max = 512;
    enum class Fused { Auto, Always, Never } fused_scale = Fused::Auto;

    // init_kwargs as stylegan1_tf_import.h writes them: {"G_style": {...}, "mapping": {...},
    // "synthesis": {...}}, each a network's static_kwargs. Throws naming
    // `source` and the key for out-of-range values and for settings this port
    // does not implement (e.g. use_noise False).
    static StyleGan1Config fromJson(const std::string& json_text, const std::string& source);
    std::string toJson() const;   // the same layout, complete

    int resolutionLog2() const;
    int numLayers() const { return 2 * resolutionLog2() - 2; }   // = num_ws: one w per layer
    int nf(int stage) const;                                      // feature maps of a stage
    int channelsAt(int resolution) const { return nf(log2Of(resolution) - 1); }
    // Whether the upsampling conv into `resolution` is the fused transposed conv.
    bool fusedAt(int resolution) const;
    static int log2Of(int resolution);

    // Layer i: "4x4/Const", "4x4/Conv", "8x8/Conv0_up", "8x8/Conv1", ...; ws i, noise i.
    std::vector<SynthesisLayerInfo> synthesisLayers() const;
    // Every variable of Gs (G_style, mapping, synthesis) with its shape.
    std::vector<StyleGan1Variable> expectedVariables() const;
    // The family-neutral description (noise strengths left empty: they live in the weights).
    ModelDescription describe() const;
};

}  // namespace stylemix
