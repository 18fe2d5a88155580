#include "model/nets/stylegan1/stylegan1_generator.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace stylemix {
namespace {

torch::Tensor lrelu(const torch::Tensor& x) { return torch::leaky_relu(x, 0.2); }

// get_weight's runtime coefficient: gain / sqrt(fan_in), fan_in = prod(shape[:-1]).
double wscale(const torch::Tensor& w, double gain) {
    double fan_in = 1;
    for (int64_t d = 0; d + 1 < w.dim(); ++d) fan_in *= static_cast<double>(w.size(d));
    return gain / std::sqrt(fan_in);
}

// TF conv kernel [kh, kw, in, out] with gain -> LibTorch [out, in, kh, kw].
torch::Tensor convWeight(const torch::Tensor& hwio, double gain, bool flip) {
    torch::Tensor w = hwio * wscale(hwio, gain);
    if (flip) w = w.flip({0, 1});
    return w.permute({3, 2, 0, 1}).contiguous();
}

}  // namespace

StyleGan1Generator::StyleGan1Generator(StyleGan1Config config, const std::map<std::string, torch::Tensor>& variables,
                                       torch::Device device)
    : Generator(config.describe(), device, Precision::FP32), config_(std::move(config)) {
    torch::NoGradGuard no_grad;
    auto var = [&](const std::string& name) {
        auto it = variables.find(name);
        if (it == variables.end()) throw std::runtime_error("StyleGAN1 generator: missing variable '" + name + "'");
        return it->second.to(device_, torch::kFloat32).contiguous();
    };
    const double sqrt2 = std::sqrt(2.0);
    const double lrmul = config_.mapping_lrmul;

    // G_mapping.
    if (config_.label_size > 0) label_weight_ = var("mapping/LabelConcat/weight");
    for (int i = 0; i < config_.mapping_layers; ++i) {
        const std::string p = "mapping/Dense" + std::to_string(i) + "/";
        const torch::Tensor w = var(p + "weight");
        dense_weight_.push_back((w * (wscale(w, sqrt2) * lrmul)).contiguous());
        dense_bias_.push_back(var(p + "bias") * lrmul);
    }
    dlatent_avg_ = var("dlatent_avg");

    // G_synthesis.
    const_input_ = var("synthesis/4x4/Const/const");
    for (const auto& info : desc_.layers) {
        const std::string p = "synthesis/" + info.name + "/";
        Layer l;
        l.info = info;
        const bool up = info.name.find("Conv0_up") != std::string::npos;
        if (info.name != "4x4/Const") {
            // The fused transposed conv equals nearest x2 + conv with the flipped kernel.
            l.conv_weight = convWeight(var(p + "weight"), sqrt2, up && config_.fusedAt(info.resolution));
            l.upsample = up;
        }
        const torch::Tensor nw = var(p + "Noise/weight");
        l.noise_weight = nw.view({1, -1, 1, 1});
        l.noise_const = var("synthesis/noise" + std::to_string(info.noise_index));
        l.bias = var(p + "bias").view({1, -1, 1, 1});
        const torch::Tensor sw = var(p + "StyleMod/weight");
        l.style_weight = (sw * wscale(sw, 1.0)).contiguous();
        l.style_bias = var(p + "StyleMod/bias");
        desc_.noise_strengths.push_back(nw.abs().mean().item<float>());
        layers_.push_back(std::move(l));
    }
    const torch::Tensor rgb = var("synthesis/ToRGB_lod0/weight");
    rgb_weight_ = convWeight(rgb, 1.0, false);
    rgb_bias_ = var("synthesis/ToRGB_lod0/bias");
    const torch::Tensor f = torch::tensor({1.0f, 2.0f, 1.0f}, torch::TensorOptions().device(device_));
    const int64_t max_ch = config_.nf(1);   // nf decreases with the stage: 4x4 has the most channels
    blur_ = (torch::outer(f, f) / 16.0).view({1, 1, 3, 3}).expand({max_ch, 1, 3, 3}).contiguous();
    setExecution(ExecutionOptions{});
}

torch::Tensor StyleGan1Generator::mapping(const torch::Tensor& z, const torch::Tensor& c, double psi,
                                          std::optional<int> cutoff) const {
    torch::NoGradGuard no_grad;
    if (z.dim() != 2 || z.size(1) != config_.latent_size)
        throw std::invalid_argument("mapping: z must be [N, " + std::to_string(config_.latent_size) + "]");
    torch::Tensor x = z.to(device_, torch::kFloat32);
    if (config_.label_size > 0) {
        if (!c.defined() || c.dim() != 2 || c.size(0) != z.size(0) || c.size(1) != config_.label_size)
            throw std::invalid_argument("mapping: this model is conditional: labels must be [N, " +
                                        std::to_string(config_.label_size) + "]");
        x = torch::cat({x, c.to(device_, torch::kFloat32).matmul(label_weight_)}, 1);
    }
    x = x * torch::rsqrt(x.square().mean(1, true) + 1e-8);
    for (std::size_t i = 0; i < dense_weight_.size(); ++i) x = lrelu(torch::addmm(dense_bias_[i], x, dense_weight_[i]));
    x = x.unsqueeze(1).repeat({1, desc_.num_ws, 1});
    if (psi != 1.0) {
        const int end = cutoff ? std::clamp(*cutoff, 0, desc_.num_ws) : desc_.num_ws;
        const auto psi32 = static_cast<float>(psi);   // G_style multiplies psi as float32
        if (end > 0) x.slice(1, 0, end).copy_(dlatent_avg_ + (x.slice(1, 0, end) - dlatent_avg_) * psi32);
    }
    return x;
}

torch::Tensor StyleGan1Generator::truncateAll(const torch::Tensor& ws, double psi) const {
    return dlatent_avg_ + (ws.to(device_, torch::kFloat32) - dlatent_avg_) * static_cast<float>(psi);
}

SynthesisState StyleGan1Generator::initialState(int64_t n) const {
    SynthesisState s;
    s.x = const_input_.repeat({n, 1, 1, 1});
    s.next_layer = 0;
    return s;
}

// layer_epilogue: noise -> bias -> lrelu -> instance norm -> style modulation.
torch::Tensor StyleGan1Generator::epilogue(const Layer& layer, torch::Tensor x, const torch::Tensor& w,
                                           const NoiseSpec& request_noise) const {
    // The request itself on every render but noise by layer, which gives this layer its own spec:
    // no copy of the spec per layer call.
    NoiseSpec by_layer;
    const NoiseSpec& noise = request_noise.only_layer < 0 ? request_noise : (by_layer = request_noise.forLayer(layer.info.noise_index));
    const float mult = noise.multiplier(layer.info.noise_index);
    if (noise.mode != NoiseMode::None && mult != 0.f) {
        torch::Tensor plane = noise.mode == NoiseMode::Const
                                  ? layer.noise_const
                                  : randomNoiseFor(noise, x.size(0), layer.info.noise_index, layer.info.resolution);
        torch::Tensor weight = mult == 1.f ? layer.noise_weight : layer.noise_weight * mult;
        x = x + plane * weight;
    }
    x = lrelu(x + layer.bias);
    x = x - x.mean({2, 3}, true);
    x = x * torch::rsqrt(x.square().mean({2, 3}, true) + 1e-8);
    const torch::Tensor style = torch::addmm(layer.style_bias, w, layer.style_weight);
    const int64_t ch = x.size(1);
    const torch::Tensor scale = style.narrow(1, 0, ch).view({-1, ch, 1, 1}) + 1.0;
    const torch::Tensor shift = style.narrow(1, ch, ch).view({-1, ch, 1, 1});
    return torch::addcmul(shift, x, scale);
}

void StyleGan1Generator::runLayersSerial(SynthesisState& state, const torch::Tensor& ws_in, int end_layer,
                                         const NoiseSpec& noise) const {
    torch::NoGradGuard no_grad;
    const torch::Tensor ws = ws_in.to(device_, torch::kFloat32);
    for (int li = state.next_layer; li < end_layer; ++li) {
        const Layer& layer = layers_[static_cast<std::size_t>(li)];
        torch::Tensor x = state.x;
        if (layer.conv_weight.defined()) {
            if (layer.upsample) x = torch::upsample_nearest2d(x, {x.size(2) * 2, x.size(3) * 2});
            x = torch::conv2d(x, layer.conv_weight, {}, 1, 1);
            if (layer.upsample) {
                const int64_t ch = x.size(1);
                x = torch::conv2d(x, blur_.narrow(0, 0, ch), {}, 1, 1, 1, ch);
            }
        }
        state.x = epilogue(layer, x, ws.select(1, layer.info.ws_index), noise);
        if (state.tap) state.tap->offer(layer.info.name, state.x);
        state.next_layer = li + 1;
    }
}

torch::Tensor StyleGan1Generator::outputImage(const SynthesisState& finished) const {
    torch::NoGradGuard no_grad;
    if (finished.next_layer != numLayers())
        throw std::logic_error("StyleGAN1 outputImage: the state ran " + std::to_string(finished.next_layer) + " of " +
                               std::to_string(numLayers()) + " layers");
    return torch::conv2d(finished.x, rgb_weight_, rgb_bias_);
}

double StyleGan1Generator::snapshotBytes(int layer_count) const {
    if (layer_count <= 0) return 0;
    const auto& l = desc_.layers.at(static_cast<std::size_t>(layer_count - 1));
    return 4.0 * config_.channelsAt(l.resolution) * l.resolution * l.resolution;
}

double StyleGan1Generator::largestActivationElements() const {
    double largest = 0;
    for (const auto& l : desc_.layers) {
        const double area = static_cast<double>(l.resolution) * l.resolution;
        // The upsampled input of Conv0_up (in channels at the new size) may be the largest.
        largest = std::max(largest, config_.channelsAt(l.resolution) * area);
        if (l.resolution > 4) largest = std::max(largest, config_.channelsAt(l.resolution / 2) * area);
    }
    return largest;
}

}  // namespace stylemix
