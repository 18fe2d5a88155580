#include "model/generator.h"

#include "model/random_noise.h"

#include <cmath>
#include <stdexcept>

namespace stylemix {
namespace {

namespace F = torch::nn::functional;

double defaultGain(const std::string& act) {
    return (act == "relu" || act == "lrelu" || act == "swish") ? std::sqrt(2.0) : 1.0;
}

torch::Tensor activate(const torch::Tensor& x, const std::string& act) {
    if (act == "linear") return x;
    if (act == "lrelu") return torch::leaky_relu(x, 0.2);
    if (act == "relu") return torch::relu(x);
    if (act == "tanh") return torch::tanh(x);
    if (act == "sigmoid") return torch::sigmoid(x);
    if (act == "elu") return torch::elu(x);
    if (act == "selu") return torch::selu(x);
    if (act == "softplus") return torch::softplus(x);
    if (act == "swish") return x * torch::sigmoid(x);
    throw std::invalid_argument("unknown activation '" + act + "'");
}

// bias_act's reference path: add bias, activate, scale by gain, clamp.
torch::Tensor biasAct(torch::Tensor x, const torch::Tensor& bias, const std::string& act, double gain,
                      std::optional<double> clamp) {
    if (bias.defined()) {
        std::vector<int64_t> shape(static_cast<size_t>(x.dim()), 1);
        shape[1] = -1;
        x = x + bias.view(shape);
    }
    x = activate(x, act);
    if (gain != 1.0) x = x * gain;
    if (clamp && *clamp >= 0) x = x.clamp(-*clamp, *clamp);
    return x;
}

torch::Tensor normalize2ndMoment(const torch::Tensor& x) {
    return x * (x.square().mean(1, /*keepdim=*/true) + 1e-8).rsqrt();
}

// upfirdn2d with up = down = 1: pad (negative = crop), then FIR-filter each channel.
torch::Tensor firFilter(torch::Tensor x, const torch::Tensor& f, int px0, int px1, int py0, int py1, double gain) {
    x = F::pad(x, F::PadFuncOptions({std::max(px0, 0), std::max(px1, 0), std::max(py0, 0), std::max(py1, 0)}));
    x = x.slice(2, std::max(-py0, 0), x.size(2) - std::max(-py1, 0))
            .slice(3, std::max(-px0, 0), x.size(3) - std::max(-px1, 0));
    const int64_t c = x.size(1);
    torch::Tensor k = (f * std::pow(gain, f.dim() / 2.0)).to(x.dtype()).flip(f.dim() == 2 ? std::vector<int64_t>{0, 1}
                                                                                               : std::vector<int64_t>{0});
    if (k.dim() == 2) {
        return F::conv2d(x, k.view({1, 1, k.size(0), k.size(1)}).expand({c, 1, k.size(0), k.size(1)}),
                         F::Conv2dFuncOptions().groups(c));
    }
    // Separable filter: horizontal pass, then vertical.
    const int64_t t = k.size(0);
    x = F::conv2d(x, k.view({1, 1, 1, t}).expand({c, 1, 1, t}), F::Conv2dFuncOptions().groups(c));
    return F::conv2d(x, k.view({1, 1, t, 1}).expand({c, 1, t, 1}), F::Conv2dFuncOptions().groups(c));
}

}  // namespace

const char* precisionName(Precision p) {
    switch (p) {
        case Precision::FP32: return "fp32";
        case Precision::Mixed: return "fp16-mixed";
        case Precision::BF16: return "bf16-mixed";
    }
    return "?";
}

Generator::Generator(GeneratorConfig config, std::map<std::string, torch::Tensor> state_dict, torch::Device device,
                     Precision precision)
    : config_(std::move(config)), device_(device), precision_(precision) {
    if (!device_.is_cuda()) precision_ = Precision::FP32;   // upstream forces fp32 off-GPU too
    for (auto& [name, t] : state_dict) params_[name] = t.to(device_, torch::kFloat32).contiguous();
    num_ws_ = config_.numWs();
    layers_ = config_.synthesisLayers();
    noise_layers_ = config_.noiseLayers();
    act_name_ = config_.activation;
    act_gain_ = defaultGain(act_name_);

    // Mapping network.
    if (config_.c_dim > 0) embed_ = makeFc("mapping.embed", 1.0, "linear");
    for (int i = 0; i < config_.mapping.num_layers; ++i)
        mapping_fc_.push_back(makeFc("mapping.fc" + std::to_string(i), config_.mapping.lr_multiplier,
                                     config_.mapping.activation));
    if (config_.mapping.has_w_avg) w_avg_ = param("mapping.w_avg");

    // Synthesis network.
    const_input_ = param("synthesis.b4.const");
    filter_ = param("synthesis.b4.resample_filter");
    for (const auto& info : layers_) {
        const std::string p = "synthesis." + info.name;
        ModLayer l;
        l.info = info;
        l.affine = makeFc(p + ".affine", 1.0, "linear");
        l.weight = param(p + ".weight");
        l.weight_sq_sum = l.weight.square().sum({2, 3});
        l.weight_fp16_scale =
            (1.0 / std::sqrt(static_cast<double>(l.weight.size(1) * l.weight.size(2) * l.weight.size(3)))) /
            l.weight.abs().amax({1, 2, 3}, /*keepdim=*/true);
        l.bias = param(p + ".bias");
        if (info.noise_index >= 0) {
            l.noise_const = param(p + ".noise_const");
            l.noise_strength = param(p + ".noise_strength").item<float>();
        }
        l.up = (!info.is_torgb && info.name.size() > 5 && info.name.substr(info.name.size() - 5) == "conv0") ? 2 : 1;
        mod_layers_.push_back(std::move(l));
    }
}

const torch::Tensor& Generator::param(const std::string& name) const {
    auto it = params_.find(name);
    if (it == params_.end()) throw std::runtime_error("generator: missing tensor '" + name + "'");
    return it->second;
}

std::vector<float> Generator::noiseStrengths() const {
    std::vector<float> out;
    for (const auto& l : mod_layers_)
        if (l.info.noise_index >= 0) out.push_back(l.noise_strength);
    return out;
}

Generator::FullyConnected Generator::makeFc(const std::string& prefix, double lr_multiplier,
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

torch::Tensor Generator::runFc(const FullyConnected& fc, const torch::Tensor& x) const {
    if (fc.activation == "linear") return torch::addmm(fc.bias.unsqueeze(0), x, fc.weight.t());
    return biasAct(x.matmul(fc.weight.t()), fc.bias, fc.activation, defaultGain(fc.activation), std::nullopt);
}

torch::Tensor Generator::mapping(const torch::Tensor& z, const torch::Tensor& c, double psi,
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
    x = x.unsqueeze(1).repeat({1, num_ws_, 1});
    if (psi != 1.0) {
        if (!w_avg_.defined()) throw std::invalid_argument("mapping: truncation needs w_avg, which this model lacks");
        if (!cutoff || *cutoff >= num_ws_) {
            x = torch::lerp(w_avg_, x, psi);
        } else if (*cutoff > 0) {
            x.slice(1, 0, *cutoff).copy_(torch::lerp(w_avg_, x.slice(1, 0, *cutoff), psi));
        }
    }
    return x;
}

torch::Tensor Generator::truncateAll(const torch::Tensor& ws, double psi) const {
    if (!w_avg_.defined()) {
        if (psi == 1.0) return ws;
        throw std::invalid_argument("truncation needs w_avg, which this model lacks");
    }
    return w_avg_ + (ws - w_avg_) * psi;
}

torch::ScalarType Generator::blockDtype(int resolution) const {
    if (precision_ == Precision::FP32 || resolution < config_.fp16Resolution()) return torch::kFloat32;
    return precision_ == Precision::BF16 ? torch::kBFloat16 : torch::kFloat16;
}

torch::Tensor Generator::noiseFor(const ModLayer& layer, int64_t n, const NoiseSpec& noise) const {
    if (layer.info.noise_index < 0 || noise.mode == NoiseMode::None) return {};
    const float mult = noise.multiplier(layer.info.noise_index);
    if (mult == 0.f) return {};
    torch::Tensor t;
    if (noise.mode == NoiseMode::Const) {
        t = layer.noise_const * layer.noise_strength;
    } else {
        std::vector<int64_t> real = noise.realisations;
        if (real.empty()) real.assign(static_cast<size_t>(n), 0);
        if (static_cast<int64_t>(real.size()) != n)
            throw std::invalid_argument("noise: " + std::to_string(real.size()) + " realisations for a batch of " +
                                        std::to_string(n));
        t = randomNoise(noise.seed, real, layer.info.noise_index, layer.info.resolution, device_) *
            layer.noise_strength;
    }
    if (mult != 1.f) t = t * mult;
    return t;
}

torch::Tensor Generator::modulatedConv(const ModLayer& layer, const torch::Tensor& x_in, const torch::Tensor& styles_in,
                                       const torch::Tensor& noise) const {
    const bool demodulate = !layer.info.is_torgb;
    const int64_t n = x_in.size(0);
    const int64_t out_ch = layer.weight.size(0), in_ch = layer.weight.size(1);
    const int64_t kh = layer.weight.size(2), kw = layer.weight.size(3);
    torch::Tensor x = x_in;
    torch::Tensor weight = layer.weight;
    torch::Tensor styles = styles_in;
    torch::Tensor weight_sq_sum = layer.weight_sq_sum;
    if (x.scalar_type() != torch::kFloat32 && demodulate) {
        // Pre-normalise to avoid fp16 overflow, exactly as upstream does.
        weight = weight * layer.weight_fp16_scale;
        weight_sq_sum = weight.square().sum({2, 3});
        styles = styles / styles.abs().amax(1, /*keepdim=*/true);
    }

    const int up = layer.up;
    const int pad = static_cast<int>(kw / 2);
    const int fw = static_cast<int>(filter_.size(0));
    // conv2d_resample's padding bookkeeping for the transposed-conv upsampling path.
    int p0 = 0, p1 = 0, pt = 0;
    if (up > 1) {
        p0 = pad + (fw + up - 1) / 2 - static_cast<int>(kw - 1);
        p1 = pad + (fw - up) / 2 - static_cast<int>(kw - up);
        pt = std::max(std::min(-p0, -p1), 0);
    }

    const bool fused = (n == 1);   // batch 1: upstream's fused path; batches: one shared-weight conv
    torch::Tensor out;
    if (fused) {
        torch::Tensor w = weight.unsqueeze(0) * styles.reshape({n, 1, -1, 1, 1});
        if (demodulate) {
            const torch::Tensor dcoefs = (w.square().sum({2, 3, 4}) + 1e-8).rsqrt();
            w = w * dcoefs.reshape({n, -1, 1, 1, 1});
        }
        torch::Tensor xg = x.reshape({1, -1, x.size(2), x.size(3)});
        w = w.reshape({-1, in_ch, kh, kw}).to(x.dtype());
        if (up > 1) {
            w = w.reshape({n, out_ch, in_ch, kh, kw}).transpose(1, 2).reshape({n * in_ch, out_ch, kh, kw});
            out = F::conv_transpose2d(xg, w, F::ConvTranspose2dFuncOptions().stride(up).padding({pt, pt}).groups(n));
            out = firFilter(out, filter_, p0 + pt, p1 + pt, p0 + pt, p1 + pt, up * up);
        } else {
            out = F::conv2d(xg, w, F::Conv2dFuncOptions().padding(pad).groups(n));
        }
        out = out.reshape({n, -1, out.size(2), out.size(3)});
        if (noise.defined()) out = out + noise.to(out.dtype());
        return out;
    }

    // Non-fused: scale activations before and after one ordinary convolution.
    x = x * styles.to(x.dtype()).reshape({n, -1, 1, 1});
    const torch::Tensor w = weight.to(x.dtype());
    if (up > 1) {
        out = F::conv_transpose2d(x, w.transpose(0, 1), F::ConvTranspose2dFuncOptions().stride(up).padding({pt, pt}));
        out = firFilter(out, filter_, p0 + pt, p1 + pt, p0 + pt, p1 + pt, up * up);
    } else {
        out = F::conv2d(x, w, F::Conv2dFuncOptions().padding(pad));
    }
    if (demodulate) {
        const torch::Tensor dcoefs = (styles.square().matmul(weight_sq_sum.t()) + 1e-8).rsqrt();
        const torch::Tensor d = dcoefs.to(out.dtype()).reshape({n, -1, 1, 1});
        out = noise.defined() ? torch::addcmul(noise.to(out.dtype()), out, d) : out * d;
    } else if (noise.defined()) {
        out = out + noise.to(out.dtype());
    }
    return out;
}

torch::Tensor Generator::upsampleImage(const torch::Tensor& img) const {
    // upfirdn2d.upsample2d: zero-insert x2, pad, FIR with gain 4.
    const int64_t n = img.size(0), c = img.size(1), h = img.size(2), w = img.size(3);
    torch::Tensor x = img.reshape({n, c, h, 1, w, 1});
    x = F::pad(x, F::PadFuncOptions({0, 1, 0, 0, 0, 1})).reshape({n, c, h * 2, w * 2});
    const int fw = static_cast<int>(filter_.size(0));
    const int p0 = (fw + 1) / 2, p1 = (fw - 2) / 2;
    return firFilter(x, filter_, p0, p1, p0, p1, 4.0);
}

SynthesisState Generator::initialState(int64_t n) const {
    SynthesisState s;
    s.x = const_input_.to(blockDtype(4)).unsqueeze(0).repeat({n, 1, 1, 1});
    s.next_layer = 0;
    return s;
}

void Generator::runLayers(SynthesisState& state, const torch::Tensor& ws_in, int end_layer,
                          const NoiseSpec& noise) const {
    torch::NoGradGuard no_grad;
    if (ws_in.dim() != 3 || ws_in.size(1) != num_ws_ || ws_in.size(2) != config_.w_dim)
        throw std::invalid_argument("synthesis: ws must be [N, " + std::to_string(num_ws_) + ", " +
                                    std::to_string(config_.w_dim) + "]");
    if (ws_in.size(0) != state.x.size(0))
        throw std::invalid_argument("synthesis: ws batch does not match the state batch");
    const torch::Tensor ws = ws_in.to(device_, torch::kFloat32);
    const int64_t n = ws.size(0);
    end_layer = std::min(end_layer, numLayers());
    for (int li = state.next_layer; li < end_layer; ++li) {
        const ModLayer& layer = mod_layers_[static_cast<size_t>(li)];
        const torch::ScalarType dtype = blockDtype(layer.info.resolution);
        const torch::Tensor w = ws.select(1, layer.info.ws_index);
        if (!layer.info.is_torgb) {
            const torch::Tensor styles = runFc(layer.affine, w);
            torch::Tensor x = modulatedConv(layer, state.x.to(dtype), styles, noiseFor(layer, n, noise));
            state.x = biasAct(x, layer.bias.to(dtype), act_name_, act_gain_, config_.conv_clamp);
        } else {
            const torch::Tensor styles = runFc(layer.affine, w) * (1.0 / std::sqrt(static_cast<double>(layer.weight.size(1))));
            torch::Tensor y = modulatedConv(layer, state.x.to(dtype), styles, {});
            y = biasAct(y, layer.bias.to(dtype), "linear", 1.0, config_.conv_clamp).to(torch::kFloat32);
            state.img = state.img.defined() ? upsampleImage(state.img) + y : y;
        }
        state.next_layer = li + 1;
    }
}

torch::Tensor Generator::synthesis(const torch::Tensor& ws, const NoiseSpec& noise) const {
    SynthesisState s = initialState(ws.size(0));
    runLayers(s, ws, numLayers(), noise);
    return s.img;
}

}  // namespace stylemix
