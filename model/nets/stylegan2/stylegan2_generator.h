// NVIDIA's StyleGAN2 generator (training/networks_stylegan2.py) re-implemented
// on LibTorch for inference, behind the Generator interface. Architecture from
// StyleGan2Config (init_kwargs); weights with the official state_dict names.
#pragma once

#include "model/nets/generator.h"
#include "model/nets/stylegan2/stylegan2_config.h"

#include <torch/torch.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stylemix {

class StyleGan2Generator final : public Generator {
public:
    StyleGan2Generator(StyleGan2Config config, std::map<std::string, torch::Tensor> state_dict, torch::Device device,
                       Precision precision = Precision::FP32);

    const StyleGan2Config& config() const { return config_; }
    torch::Tensor wAvg() const { return w_avg_; }

    torch::Tensor mapping(const torch::Tensor& z, const torch::Tensor& c, double psi = 1.0,
                          std::optional<int> cutoff = std::nullopt) const override;
    torch::Tensor truncateAll(const torch::Tensor& ws, double psi) const override;
    SynthesisState initialState(int64_t n) const override;
    double snapshotBytes(int layer_count) const override;
    double largestActivationElements() const override;

protected:
    void runLayersSerial(SynthesisState& state, const torch::Tensor& ws, int end_layer,
                         const NoiseSpec& noise) const override;
    void prepareKernels() override;

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
        torch::Tensor weight_sq_sum_t; // [I, O] contiguous
        torch::Tensor weight_fp16_scale; // [O,1,1,1]: fp16 pre-normalisation factor
        torch::Tensor bias;     // [O]
        torch::Tensor bias_gain;       // [O]: bias * activation gain (folded epilogue)
        torch::Tensor noise_const;     // [R, R]
        float noise_strength = 0.f;
        int up = 1;
        // CPU fast-path constants (rebuilt by prepareKernels).
        torch::Tensor weight_fmt;      // weight in the activation memory format
        std::vector<torch::Tensor> phase_weights;   // polyphase sub-kernels: ee, eo, oe, oo
        torch::Tensor fir_dw;          // depthwise FIR kernel [O, 1, f, f] for conv0
        torch::Tensor rgb_weight;      // ToRGB: [O, I]
        torch::Tensor wino_weight;     // Winograd-transformed weight [36, I, O]
    };

    const torch::Tensor& param(const std::string& name) const;
    FullyConnected makeFc(const std::string& prefix, double lr_multiplier, const std::string& activation,
                          double extra_gain = 1.0) const;
    torch::Tensor runFc(const FullyConnected& fc, const torch::Tensor& x) const;
    torch::ScalarType blockDtype(int resolution) const;
    torch::Tensor upsampleImage(const torch::Tensor& img) const;
    // NVIDIA's op sequence (reference_ops).
    torch::Tensor modulatedConvReference(const ModLayer& layer, const torch::Tensor& x, const torch::Tensor& styles,
                                         const torch::Tensor& noise) const;
    // Fast path (also the generic path on CUDA with the plain options).
    torch::Tensor convLayer(const ModLayer& layer, const torch::Tensor& x, const torch::Tensor& styles,
                            const torch::Tensor& noise_gain) const;
    torch::Tensor toRgbLayer(const ModLayer& layer, const torch::Tensor& x, const torch::Tensor& styles) const;
    torch::Tensor upsampleConv(const ModLayer& layer, const torch::Tensor& x, const torch::Tensor& weight,
                               int64_t groups) const;
    torch::Tensor scaledNoise(const ModLayer& layer, int64_t n, const NoiseSpec& noise, double gain) const;

    StyleGan2Config config_;
    std::map<std::string, torch::Tensor> params_;
    std::vector<FullyConnected> mapping_fc_;
    std::optional<FullyConnected> embed_;
    torch::Tensor w_avg_;
    torch::Tensor const_input_;
    std::vector<ModLayer> mod_layers_;
    torch::Tensor filter_;        // 2-D resample filter [f, f], normalised
    double act_gain_ = 1.0;
    std::string act_name_;
    bool act_homogeneous_ = false;   // linear / relu / lrelu: gain folds into the output scale
};

}  // namespace stylemix
