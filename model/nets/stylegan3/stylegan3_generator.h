// NVIDIA's StyleGAN3 generator (training/networks_stylegan3.py, configs T
// and R) on LibTorch for inference, behind the Generator interface.
// Description layer 0 is the Fourier-feature input (ws[0]); layer k >= 1 is
// SynthesisLayer k-1 (ws[k]); the last one is ToRGB. SynthesisState::x holds
// the activations; the finished x is the image (× output_scale).
#pragma once

#include "model/kernels/filtered_lrelu.h"
#include "model/nets/generator.h"
#include "model/nets/stylegan3/stylegan3_config.h"

#include <torch/torch.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stylemix {

class StyleGan3Generator final : public Generator {
public:
    StyleGan3Generator(Sg3Config config, std::map<std::string, torch::Tensor> state_dict, torch::Device device,
                       Precision precision = Precision::FP32);

    const Sg3Config& config() const { return config_; }

    torch::Tensor mapping(const torch::Tensor& z, const torch::Tensor& c, double psi = 1.0,
                          std::optional<int> cutoff = std::nullopt) const override;
    torch::Tensor truncateAll(const torch::Tensor& ws, double psi) const override;
    SynthesisState initialState(int64_t n) const override;
    torch::Tensor outputImage(const SynthesisState& finished) const override;
    double snapshotBytes(int layer_count) const override;
    double largestActivationElements() const override;

    // The [3, 3] float32 matrix the input layer composes with for `transform`
    // (the stored buffer for nullopt, else inv(transform), like NVIDIA's copy_).
    torch::Tensor transformBuffer(const OptionalTransform& transform) const;

protected:
    void runLayersSerial(SynthesisState& state, const torch::Tensor& ws, int end_layer,
                         const NoiseSpec& noise) const override;
    void prepareKernels() override;
    // The transform is the state's, made into a tensor at run time, never part of a captured graph.
    bool graphable(const NoiseSpec&) const override { return false; }

private:
    struct Linear {            // FullyConnectedLayer with its gains applied (NVIDIA's op order)
        torch::Tensor weight;  // weight * weight_gain
        torch::Tensor bias;    // bias * bias_gain
    };
    struct Layer {
        Sg3LayerSpec spec;
        Linear affine;
        torch::Tensor weight;          // [O, I, k, k]; pre-normalised per output channel unless ToRGB
        torch::Tensor weight_sq;       // [O, I]: sum over k, k of weight² (demodulation)
        torch::Tensor bias;            // [O]
        torch::Tensor up_filter, down_filter;   // undefined = identity
        float input_gain = 1;          // rsqrt(magnitude_ema)
        FilteredLreluParams params;
        FilteredLreluCpu cpu;          // built by prepareKernels
        torch::Tensor weight_fmt;      // weight in the activation memory format
    };

    Linear linear(const std::string& prefix, double lr_multiplier, int in_features) const;
    torch::Tensor runLinear(const Linear& l, const torch::Tensor& x) const;
    torch::Tensor runInput(const torch::Tensor& w, const torch::Tensor& transform) const;
    torch::Tensor runLayer(const Layer& layer, const torch::Tensor& x, const torch::Tensor& w) const;
    torch::Tensor modulatedConvReference(const Layer& layer, const torch::Tensor& x, const torch::Tensor& styles) const;
    bool fastCpu() const;

    Sg3Config config_;
    std::map<std::string, torch::Tensor> params_;
    std::vector<Linear> mapping_fc_;
    std::optional<Linear> embed_;
    torch::Tensor w_avg_;
    // SynthesisInput
    Linear input_affine_;
    torch::Tensor input_weight_;     // weight / sqrt(channels)
    torch::Tensor stored_transform_, freqs_, phases_, grid_;
    std::vector<Layer> layers_;
};

}  // namespace stylemix
