// The architecture of an NVIDIA StyleGAN2 generator, built from the
// constructor kwargs stored with the weights (`init_kwargs`) with upstream's
// defaults for absent keys. Torch-free: the GUI and tests read layer facts
// from here without touching LibTorch.
#pragma once

#include "model/core/model_description.h"
#include "model/io/raw_weights.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stylemix {

struct MappingConfig {
    int num_layers = 8;
    std::optional<int> embed_features;   // nullopt = w_dim
    std::optional<int> layer_features;   // nullopt = w_dim
    std::string activation = "lrelu";
    double lr_multiplier = 0.01;
    bool has_w_avg = true;               // false when w_avg_beta is None
};

// One tensor the weights file must contain.
struct ExpectedTensor {
    std::string name;
    std::vector<std::int64_t> shape;
};

struct StyleGan2Config {
    // Generator
    int z_dim = 0;
    int c_dim = 0;
    int w_dim = 0;
    int img_resolution = 0;
    int img_channels = 0;
    MappingConfig mapping;
    // SynthesisNetwork / SynthesisBlock / SynthesisLayer
    int channel_base = 32768;
    int channel_max = 512;
    int num_fp16_res = 4;
    std::string architecture = "skip";
    std::optional<double> conv_clamp = 256.0;
    std::vector<double> resample_filter = {1, 3, 3, 1};
    int kernel_size = 3;
    bool use_noise = true;
    std::string activation = "lrelu";
    bool fp16_channels_last = false;
    std::vector<std::string> notes;   // RawWeights::notes, carried into describe()

    // Parses init_kwargs (a JSON object). Accepts both the stylegan3 layout
    // (synthesis kwargs flattened) and stylegan2-ada-pytorch's nested
    // `synthesis_kwargs`, each with its own upstream defaults. Throws with
    // `source` and the offending key in the message.
    static StyleGan2Config fromJson(const std::string& json_text, const std::string& source);
    std::string toJson() const;   // canonical init_kwargs for writing files

    // Derived architecture facts.
    std::vector<int> blockResolutions() const;     // 4, 8, ..., img_resolution
    int channelsAt(int resolution) const;          // min(channel_base / res, channel_max)
    int fp16Resolution() const;                    // blocks at >= this res use fp16 upstream
    int numWs() const;
    int embedFeatures() const;
    int layerFeatures() const;
    std::vector<SynthesisLayerInfo> synthesisLayers() const;   // in execution order
    std::vector<NoiseLayerInfo> noiseLayers() const;
    std::vector<WsInfo> wsInfo() const;
    // Every tensor of the official G_ema state_dict, in a stable order.
    std::vector<ExpectedTensor> expectedTensors() const;
    // Refuses kwargs whose expected tensors outnumber or outweigh the file's
    // (before anything is built), naming the first tensor that cannot match.
    void checkFitsFile(const RawWeights& raw) const;
    // The family-neutral description (noise strengths left empty: they live in the weights).
    ModelDescription describe() const;
};

}  // namespace stylemix
