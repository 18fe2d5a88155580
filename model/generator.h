// NVIDIA's StyleGAN2 generator (training/networks_stylegan2.py) re-implemented
// on LibTorch for inference. Synthesis runs layer by layer over an explicit
// state so callers can stop after a prefix of layers and resume later, which
// is how style-mixing grids reuse the activations a cell shares with a source.
//
// Threading: a Generator is immutable after construction; const methods may be
// called from one thread at a time per instance (LibTorch ops are re-entrant,
// but callers keep all model work on the render worker thread).
#pragma once

#include "model/generator_config.h"
#include "model/noise_spec.h"

#include <torch/torch.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stylemix {

enum class Precision {
    FP32,    // strict float32 everywhere (the reference)
    Mixed,   // NVIDIA's shipped setting: fp16 in the top num_fp16_res blocks (CUDA only)
    BF16,    // bfloat16 in the same blocks (CUDA only)
};
const char* precisionName(Precision p);

// Activations after `next_layer` synthesis layers have run.
struct SynthesisState {
    torch::Tensor x;     // feature maps (dtype of the block that produced them)
    torch::Tensor img;   // float32 skip image, undefined before the first ToRGB
    int next_layer = 0;  // index into GeneratorConfig::synthesisLayers()
};

class Generator {
public:
    Generator(GeneratorConfig config, std::map<std::string, torch::Tensor> state_dict, torch::Device device,
              Precision precision = Precision::FP32);

    const GeneratorConfig& config() const { return config_; }
    const std::vector<SynthesisLayerInfo>& layers() const { return layers_; }
    const std::vector<NoiseLayerInfo>& noiseLayers() const { return noise_layers_; }
    std::vector<float> noiseStrengths() const;   // learned noise_strength per noise layer
    torch::Device device() const { return device_; }
    Precision precision() const { return precision_; }
    int numWs() const { return num_ws_; }

    // z: [N, z_dim] (float64 or float32; cast to float32 first like upstream),
    // c: [N, c_dim] one-hot/labels or undefined for unconditional models.
    // Returns [N, num_ws, w_dim] float32, truncated towards w_avg by psi on the
    // first `cutoff` ws (all when nullopt); psi == 1 leaves w untouched.
    torch::Tensor mapping(const torch::Tensor& z, const torch::Tensor& c, double psi = 1.0,
                          std::optional<int> cutoff = std::nullopt) const;
    // style_mixing.py's truncation: w_avg + (w - w_avg) * psi on every ws, in plain float32 ops.
    torch::Tensor truncateAll(const torch::Tensor& ws, double psi) const;
    torch::Tensor wAvg() const { return w_avg_; }

    // Full synthesis: ws [N, num_ws, w_dim] -> image [N, img_channels, R, R] float32.
    torch::Tensor synthesis(const torch::Tensor& ws, const NoiseSpec& noise) const;

    // Staged synthesis. `initialState` holds the const input for a batch of n;
    // `runLayers` advances `state` through layers [state.next_layer, end_layer).
    // `ws` rows and `noise` realisations index the same batch as the state.
    SynthesisState initialState(int64_t n) const;
    void runLayers(SynthesisState& state, const torch::Tensor& ws, int end_layer, const NoiseSpec& noise) const;
    int numLayers() const { return static_cast<int>(layers_.size()); }

private:
    struct FullyConnected {
        torch::Tensor weight;   // gains folded in
        torch::Tensor bias;     // gains folded in; undefined = none
        std::string activation;
    };
    struct ModLayer {           // a SynthesisLayer or ToRGB
        SynthesisLayerInfo info;
        FullyConnected affine;  // ToRGB's weight_gain folded in
        torch::Tensor weight;   // [O, I, k, k]
        torch::Tensor weight_sq_sum;   // [O, I]: sum over k,k of weight^2 (for demodulation)
        torch::Tensor weight_fp16_scale; // [O,1,1,1]: fp16 pre-normalisation factor
        torch::Tensor bias;     // [O]
        torch::Tensor noise_const;     // [R, R]
        float noise_strength = 0.f;
        int up = 1;
    };

    const torch::Tensor& param(const std::string& name) const;
    FullyConnected makeFc(const std::string& prefix, double lr_multiplier, const std::string& activation,
                          double extra_gain = 1.0) const;
    torch::Tensor runFc(const FullyConnected& fc, const torch::Tensor& x) const;
    torch::ScalarType blockDtype(int resolution) const;
    torch::Tensor modulatedConv(const ModLayer& layer, const torch::Tensor& x, const torch::Tensor& styles,
                                const torch::Tensor& noise) const;
    torch::Tensor noiseFor(const ModLayer& layer, int64_t n, const NoiseSpec& noise) const;
    torch::Tensor upsampleImage(const torch::Tensor& img) const;

    GeneratorConfig config_;
    std::map<std::string, torch::Tensor> params_;
    torch::Device device_;
    Precision precision_;
    int num_ws_ = 0;
    std::vector<SynthesisLayerInfo> layers_;
    std::vector<NoiseLayerInfo> noise_layers_;

    std::vector<FullyConnected> mapping_fc_;
    std::optional<FullyConnected> embed_;
    torch::Tensor w_avg_;
    torch::Tensor const_input_;
    std::vector<ModLayer> mod_layers_;
    torch::Tensor filter_;        // 2-D resample filter [f, f], normalised
    torch::Tensor act_filter_;    // depthwise FIR kernel for conv0's upsampling (gain 4), per dtype on demand
    double act_gain_ = 1.0;
    std::string act_name_;
};

}  // namespace stylemix
