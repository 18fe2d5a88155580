// NVIDIA's StyleGAN1 generator (NVlabs/stylegan training/networks_stylegan.py,
// G_style at lod 0) on LibTorch for inference, behind the Generator interface.
// Weights keep their TF names; the equalised-learning-rate gains are folded
// into them once here. Runs in float32 on any device.
#pragma once

#include "model/nets/generator.h"
#include "model/nets/stylegan1/stylegan1_config.h"

#include <torch/torch.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stylemix {

class StyleGan1Generator final : public Generator {
public:
    // `variables`: every StyleGan1Config::expectedVariables() entry as float32.
    StyleGan1Generator(StyleGan1Config config, const std::map<std::string, torch::Tensor>& variables,
                       torch::Device device);

    const StyleGan1Config& config() const { return config_; }

    // z -> pixel norm over [z, label embedding] -> dense layers; truncation
    // avg + (w - avg) * psi with psi rounded to float32, as G_style does.
    torch::Tensor mapping(const torch::Tensor& z, const torch::Tensor& c, double psi = 1.0,
                          std::optional<int> cutoff = std::nullopt) const override;
    torch::Tensor truncateAll(const torch::Tensor& ws, double psi) const override;
    SynthesisState initialState(int64_t n) const override;
    // ToRGB_lod0 of the last layer's activations (the other ToRGBs are unused at lod 0).
    torch::Tensor outputImage(const SynthesisState& finished) const override;
    double snapshotBytes(int layer_count) const override;
    double largestActivationElements() const override;

protected:
    void runLayersSerial(SynthesisState& state, const torch::Tensor& ws, int end_layer,
                         const NoiseSpec& noise) const override;

private:
    struct Layer {
        SynthesisLayerInfo info;
        torch::Tensor conv_weight;    // [O, I, 3, 3] with gain (fused: spatially flipped); undefined for 4x4/Const
        bool upsample = false;        // nearest x2 before the conv, blur after it
        torch::Tensor noise_weight;   // [1, C, 1, 1]
        torch::Tensor noise_const;    // [1, 1, R, R]
        torch::Tensor bias;           // [1, C, 1, 1]
        torch::Tensor style_weight;   // [dlatent, 2C] with gain
        torch::Tensor style_bias;     // [2C]
    };

    torch::Tensor epilogue(const Layer& layer, torch::Tensor x, const torch::Tensor& w, const NoiseSpec& noise) const;

    StyleGan1Config config_;
    torch::Tensor label_weight_;               // [label_size, latent_size], raw
    std::vector<torch::Tensor> dense_weight_;  // [in, out] with gain and lrmul
    std::vector<torch::Tensor> dense_bias_;    // with lrmul
    torch::Tensor dlatent_avg_;
    torch::Tensor const_input_;                // [1, C, 4, 4]
    std::vector<Layer> layers_;
    torch::Tensor blur_;                       // [C_max, 1, 3, 3] depthwise [1,2,1]x[1,2,1]/16
    torch::Tensor rgb_weight_;                 // [num_channels, C, 1, 1] with gain
    torch::Tensor rgb_bias_;
};

}  // namespace stylemix
