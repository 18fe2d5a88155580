#include "model/nets/stylegan2/stylegan2_generator.h"

#include "model/kernels/activation.h"
#include "model/kernels/resample.h"
#include "model/kernels/winograd.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace stylemix {

StyleGan2Generator::StyleGan2Generator(StyleGan2Config config, std::map<std::string, torch::Tensor> state_dict,
                                       torch::Device device, Precision precision)
    : Generator(config.describe(), device, precision), config_(std::move(config)) {
    torch::NoGradGuard no_grad;
    for (auto& [name, t] : state_dict) params_[name] = t.to(device_, torch::kFloat32).contiguous();
    act_name_ = config_.activation;
    act_gain_ = defaultGain(act_name_);
    act_homogeneous_ = act_name_ == "lrelu" || act_name_ == "relu" || act_name_ == "linear";

    // Mapping network.
    if (config_.c_dim > 0) embed_ = makeFc("mapping.embed", 1.0, "linear");
    for (int i = 0; i < config_.mapping.num_layers; ++i)
        mapping_fc_.push_back(makeFc("mapping.fc" + std::to_string(i), config_.mapping.lr_multiplier,
                                     config_.mapping.activation));
    if (config_.mapping.has_w_avg) w_avg_ = param("mapping.w_avg");

    // Synthesis network.
    const_input_ = param("synthesis.b4.const");
    filter_ = param("synthesis.b4.resample_filter");
    for (const auto& info : desc_.layers) {
        const std::string p = "synthesis." + info.name;
        ModLayer l;
        l.info = info;
        l.affine = makeFc(p + ".affine", 1.0, "linear");
        l.weight = param(p + ".weight");
        l.weight_sq_sum = l.weight.square().sum({2, 3});
        l.weight_sq_sum_t = l.weight_sq_sum.t().contiguous();
        l.weight_fp16_scale =
            (1.0 / std::sqrt(static_cast<double>(l.weight.size(1) * l.weight.size(2) * l.weight.size(3)))) /
            l.weight.abs().amax({1, 2, 3}, /*keepdim=*/true);
        l.bias = param(p + ".bias");
        l.bias_gain = info.is_torgb ? l.bias : (l.bias * act_gain_).contiguous();
        if (info.noise_index >= 0) {
            l.noise_const = param(p + ".noise_const");
            l.noise_strength = param(p + ".noise_strength").item<float>();
        }
        l.up = (!info.is_torgb && info.name.size() > 5 && info.name.substr(info.name.size() - 5) == "conv0") ? 2 : 1;
        if (info.is_torgb) l.rgb_weight = l.weight.reshape({l.weight.size(0), l.weight.size(1)}).contiguous();
        if (info.noise_index >= 0) desc_.noise_strengths.push_back(l.noise_strength);
        mod_layers_.push_back(std::move(l));
    }
    setExecution(ExecutionOptions{});
}

void StyleGan2Generator::prepareKernels() {
    const at::MemoryFormat fmt = activationFormat();
    const bool poly_ok = filter_.dim() == 2 && filter_.size(0) == 4 && filter_.size(1) == 4;
    for (auto& l : mod_layers_) {
        l.weight_fmt = l.weight.contiguous(fmt);
        l.phase_weights.clear();
        l.fir_dw = torch::Tensor();
        l.wino_weight = torch::Tensor();
        if (cpuFast() && exec_.stylegan2.winograd && !exec_.reference_ops && !l.info.is_torgb && l.up == 1 &&
            l.weight.size(2) == 3 && l.weight.size(3) == 3 && l.info.resolution >= exec_.stylegan2.winograd_min_resolution)
            l.wino_weight = winogradWeight(l.weight);
        if (l.up > 1 && filter_.dim() == 2) {
            const int64_t o = l.weight.size(0);
            l.fir_dw = (filter_ * 4.0).flip({0, 1}).view({1, 1, filter_.size(0), filter_.size(1)})
                           .expand({o, 1, filter_.size(0), filter_.size(1)}).contiguous(fmt);
            if (poly_ok && l.weight.size(2) == 3 && l.weight.size(3) == 3) l.phase_weights = phaseKernels(l.weight, fmt);
        }
    }
}

const torch::Tensor& StyleGan2Generator::param(const std::string& name) const {
    auto it = params_.find(name);
    if (it == params_.end()) throw std::runtime_error("generator: missing tensor '" + name + "'");
    return it->second;
}

StyleGan2Generator::FullyConnected StyleGan2Generator::makeFc(const std::string& prefix, double lr_multiplier,
                                            const std::string& activation, double extra_gain) const {
    const torch::Tensor& w = param(prefix + ".weight");
    FullyConnected fc;
    fc.activation = activation;
    // Same ops as FullyConnectedLayer.forward: weight * (lr / sqrt(in)), bias * lr when lr != 1.
    fc.weight = w * (lr_multiplier / std::sqrt(static_cast<double>(w.size(1)))) * extra_gain;
    fc.bias = param(prefix + ".bias");
    if (lr_multiplier != 1.0) fc.bias = fc.bias * lr_multiplier;
    return fc;
}

torch::Tensor StyleGan2Generator::runFc(const FullyConnected& fc, const torch::Tensor& x) const {
    if (fc.activation == "linear") return torch::addmm(fc.bias.unsqueeze(0), x, fc.weight.t());
    return biasAct(x.matmul(fc.weight.t()), fc.bias, fc.activation, defaultGain(fc.activation), std::nullopt);
}

torch::Tensor StyleGan2Generator::mapping(const torch::Tensor& z, const torch::Tensor& c, double psi,
                                 std::optional<int> cutoff) const {
    torch::NoGradGuard no_grad;
    if (z.dim() != 2 || z.size(1) != config_.z_dim)
        throw std::invalid_argument("mapping: z must be [N, " + std::to_string(config_.z_dim) + "]");
    torch::Tensor x = normalize2ndMoment(z.to(device_, torch::kFloat32));
    if (config_.c_dim > 0) {
        if (!c.defined() || c.dim() != 2 || c.size(0) != z.size(0) || c.size(1) != config_.c_dim)
            throw std::invalid_argument("mapping: this model is conditional: labels must be [N, " +
                                        std::to_string(config_.c_dim) + "]");
        torch::Tensor y = normalize2ndMoment(runFc(*embed_, c.to(device_, torch::kFloat32)));
        x = torch::cat({x, y}, 1);
    }
    for (const auto& fc : mapping_fc_) x = runFc(fc, x);
    x = x.unsqueeze(1).repeat({1, desc_.num_ws, 1});
    if (psi != 1.0) {
        if (!w_avg_.defined()) throw std::invalid_argument("mapping: truncation needs w_avg, which this model lacks");
        if (!cutoff || *cutoff >= desc_.num_ws) {
            x = torch::lerp(w_avg_, x, psi);
        } else if (*cutoff > 0) {
            x.slice(1, 0, *cutoff).copy_(torch::lerp(w_avg_, x.slice(1, 0, *cutoff), psi));
        }
    }
    return x;
}

torch::Tensor StyleGan2Generator::truncateAll(const torch::Tensor& ws, double psi) const {
    if (!w_avg_.defined()) {
        if (psi == 1.0) return ws;
        throw std::invalid_argument("truncation needs w_avg, which this model lacks");
    }
    return w_avg_ + (ws - w_avg_) * psi;
}

torch::ScalarType StyleGan2Generator::blockDtype(int resolution) const {
    const Precision p = precision();
    if (p == Precision::FP32 || resolution < config_.fp16Resolution()) return torch::kFloat32;
    return p == Precision::BF16 ? torch::kBFloat16 : torch::kFloat16;
}

SynthesisState StyleGan2Generator::initialState(int64_t n) const {
    SynthesisState s;
    s.x = const_input_.to(blockDtype(4)).unsqueeze(0).repeat({n, 1, 1, 1}).contiguous(activationFormat());
    s.next_layer = 0;
    return s;
}

void StyleGan2Generator::runLayersSerial(SynthesisState& state, const torch::Tensor& ws_in, int end_layer,
                                const NoiseSpec& noise) const {
    torch::NoGradGuard no_grad;
    const torch::Tensor ws = ws_in.to(device_, torch::kFloat32);
    const int64_t n = ws.size(0);
    const bool reference = exec_.reference_ops;
    for (int li = state.next_layer; li < end_layer; ++li) {
        const ModLayer& layer = mod_layers_[static_cast<size_t>(li)];
        const torch::ScalarType dtype = blockDtype(layer.info.resolution);
        const torch::Tensor w = ws.select(1, layer.info.ws_index);
        if (!layer.info.is_torgb) {
            const torch::Tensor styles = runFc(layer.affine, w);
            if (reference) {
                torch::Tensor x = modulatedConvReference(layer, state.x.to(dtype), styles, scaledNoise(layer, n, noise, 1.0));
                state.x = biasAct(x, layer.bias.to(dtype), act_name_, act_gain_, config_.conv_clamp);
            } else {
                const bool fold = act_homogeneous_ && exec_.stylegan2.fused_epilogue;
                state.x = convLayer(layer, state.x.to(dtype), styles,
                                    scaledNoise(layer, n, noise, fold ? act_gain_ : 1.0));
            }
            if (state.tap) state.tap->offer(layer.info.name, state.x);
        } else {
            const torch::Tensor styles = runFc(layer.affine, w) * (1.0 / std::sqrt(static_cast<double>(layer.weight.size(1))));
            torch::Tensor y;
            if (reference) {
                y = modulatedConvReference(layer, state.x.to(dtype), styles, {});
                y = biasAct(y, layer.bias.to(dtype), "linear", 1.0, config_.conv_clamp).to(torch::kFloat32);
            } else {
                y = toRgbLayer(layer, state.x.to(dtype), styles);
            }
            state.img = state.img.defined() ? upsampleImage(state.img) + y : y;
            if (state.tap) {   // the ToRGB's output, then its block's (x, img), as the visualizer's hooks see them
                const std::string block = "b" + std::to_string(layer.info.resolution);
                state.tap->offer(layer.info.name, y);
                state.tap->offer(block + ":0", state.x);
                state.tap->offer(block + ":1", state.img);
            }
        }
        state.next_layer = li + 1;
    }
}

}  // namespace stylemix

namespace stylemix {

double StyleGan2Generator::snapshotBytes(int layer_count) const {
    if (layer_count <= 0) return 0;
    const auto& l = desc_.layers.at(static_cast<size_t>(layer_count - 1));
    const double elem = precision() == Precision::FP32 ? 4.0 : 2.0;
    const double area = static_cast<double>(l.resolution) * l.resolution;
    return elem * config_.channelsAt(l.resolution) * area + 4.0 * config_.img_channels * area;
}

double StyleGan2Generator::largestActivationElements() const {
    double largest = 0;
    for (int res : config_.blockResolutions())
        largest = std::max(largest, static_cast<double>(config_.channelsAt(res)) * res * res);
    return largest;
}

}  // namespace stylemix
