// The architecture of an NVIDIA StyleGAN3 generator (configs T and R,
// training/networks_stylegan3.py), computed from the constructor kwargs stored
// with the weights exactly as SynthesisNetwork/SynthesisLayer compute it, with
// upstream's defaults for absent keys. Torch-free: the description, the
// expected tensors and the checks of a file's stored layer attributes come
// from here. The network itself always runs on the buffers read from the file
// (filters, freqs, phases, transform, magnitude_ema).
#pragma once

#include "model/core/model_description.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace stylemix {

// One tensor the weights file must contain.
struct Sg3Tensor {
    std::string name;
    std::vector<std::int64_t> shape;
};

// SynthesisInput: Fourier features.
struct Sg3InputSpec {
    int channels = 0;
    int size = 0;               // width = height
    double sampling_rate = 0;
    double bandwidth = 0;       // first cutoff
};

// One SynthesisLayer (the last one is ToRGB).
struct Sg3LayerSpec {
    std::string name;           // "L3_36_23"
    int index = 0;
    bool is_torgb = false;
    bool is_critically_sampled = false;
    bool use_fp16 = false;
    int in_channels = 0, out_channels = 0;
    int in_size = 0, out_size = 0;
    int in_sampling_rate = 0, out_sampling_rate = 0, tmp_sampling_rate = 0;
    double in_cutoff = 0, out_cutoff = 0;
    double in_half_width = 0, out_half_width = 0;
    int conv_kernel = 3;
    int up_factor = 1, down_factor = 1;
    int up_taps = 1, down_taps = 1;   // 1 = identity filter (stored as None)
    bool down_radial = false;         // 2-D [taps, taps] down filter
    std::array<int, 4> padding{};     // x0, x1, y0, y1; negative = crop
};

// What one image's largest activation may take (float32). The released models
// need at most 2.7 GiB (config R at 1024²); a few kB of kwargs can describe
// geometries needing terabytes, refused by fromJson before anything is built.
constexpr double kSg3MaxActivationBytes = 4.0 * (1ull << 30);

struct Sg3Config {
    // Generator
    int z_dim = 0, c_dim = 0, w_dim = 0, img_resolution = 0, img_channels = 0;
    // MappingNetwork
    int mapping_layers = 2;
    double mapping_lr_multiplier = 0.01;
    // SynthesisNetwork
    int channel_base = 32768;
    int channel_max = 512;
    int num_layers = 14;
    int num_critical = 2;
    double first_cutoff = 2;
    double first_stopband = 4.2870938501451725;   // 2**2.1
    double last_stopband_rel = 1.2311444133449163; // 2**0.3
    int margin_size = 10;
    double output_scale = 0.25;
    int num_fp16_res = 4;
    // SynthesisLayer
    int conv_kernel = 3;
    int filter_size = 6;
    int lrelu_upsampling = 2;
    bool use_radial_filters = false;
    double conv_clamp = 256;          // <= 0: none
    bool has_conv_clamp = true;
    double magnitude_ema_beta = 0.999;

    // Derived (filled by fromJson): the input and every layer, in execution order.
    Sg3InputSpec input;
    std::vector<Sg3LayerSpec> layers;

    // Parses init_kwargs (a JSON object) and derives the layers. Throws naming
    // `source` and the key when a value is missing, mistyped or outside what a
    // generator can be (every number is bounded before anything is sized by it).
    static Sg3Config fromJson(const std::string& json_text, const std::string& source);

    int numWs() const { return num_layers + 2; }
    // The largest buffer one image needs (elements): the input's features, or a
    // layer's upsampled, activated image before its down filter.
    double largestActivationElements() const;
    bool configR() const { return use_radial_filters || conv_kernel == 1; }
    std::string configName() const;   // "T" or "R" (or "custom")
    // Every tensor of G_ema's state_dict (None filters excluded), in a stable order.
    std::vector<Sg3Tensor> expectedTensors() const;
    // The family-neutral description: input + layers with their ws, labels and
    // coarse / middle / fine presets from the cutoff frequencies; no noise.
    ModelDescription describe() const;
};

}  // namespace stylemix
