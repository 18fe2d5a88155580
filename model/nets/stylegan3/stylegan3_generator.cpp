// Construction, mapping, the Fourier-feature input and the synthesis state of
// StyleGAN3; the synthesis layers are in stylegan3_layers.cpp.
#include "model/nets/stylegan3/stylegan3_generator.h"

#include <cmath>
#include <stdexcept>

namespace stylemix {

StyleGan3Generator::StyleGan3Generator(Sg3Config config, std::map<std::string, torch::Tensor> state_dict,
                                       torch::Device device, Precision precision)
    : Generator(config.describe(), device, precision), config_(std::move(config)) {
    torch::NoGradGuard no_grad;
    for (auto& [name, t] : state_dict) params_.emplace(name, t.to(device_, torch::kFloat32).contiguous());
    const Sg3Config& c = config_;

    if (c.c_dim > 0) embed_ = linear("mapping.embed", 1.0, c.c_dim);
    for (int j = 0; j < c.mapping_layers; ++j)
        mapping_fc_.push_back(linear("mapping.fc" + std::to_string(j), c.mapping_lr_multiplier,
                                     j == 0 ? c.z_dim + (c.c_dim > 0 ? c.w_dim : 0) : c.w_dim));
    w_avg_ = params_.at("mapping.w_avg");

    input_affine_ = linear("synthesis.input.affine", 1.0, c.w_dim);
    input_weight_ = params_.at("synthesis.input.weight") / std::sqrt(static_cast<double>(c.input.channels));
    stored_transform_ = params_.at("synthesis.input.transform");
    freqs_ = params_.at("synthesis.input.freqs");
    phases_ = params_.at("synthesis.input.phases");
    // affine_grid over size² with align_corners=False, scaled to the input's sampling rate (as upstream).
    torch::Tensor theta = torch::eye(2, 3, torch::TensorOptions().dtype(torch::kFloat32));
    theta[0][0] = 0.5 * c.input.size / c.input.sampling_rate;
    theta[1][1] = 0.5 * c.input.size / c.input.sampling_rate;
    grid_ = torch::nn::functional::affine_grid(theta.unsqueeze(0), {1, 1, c.input.size, c.input.size}, false)
                .to(device_);

    for (const auto& spec : c.layers) {
        const std::string p = "synthesis." + spec.name + ".";
        Layer l;
        l.spec = spec;
        l.affine = linear(p + "affine", 1.0, c.w_dim);
        torch::Tensor w = params_.at(p + "weight");
        if (!spec.is_torgb) w = w * w.square().mean({1, 2, 3}, true).rsqrt();   // weight pre-normalisation
        l.weight = w;
        l.weight_sq = w.square().sum({2, 3});
        l.bias = params_.at(p + "bias");
        if (spec.up_taps > 1) l.up_filter = params_.at(p + "up_filter");
        if (spec.down_taps > 1) l.down_filter = params_.at(p + "down_filter");
        l.input_gain = params_.at(p + "magnitude_ema").rsqrt().item<float>();
        l.params.up = spec.up_factor;
        l.params.down = spec.down_factor;
        l.params.padding = spec.padding;
        l.params.gain = spec.is_torgb ? 1.0 : std::sqrt(2.0);
        l.params.slope = spec.is_torgb ? 1.0 : 0.2;
        l.params.clamp = c.has_conv_clamp ? c.conv_clamp : -1;
        const int out = filteredLreluOutSize(spec.in_size + spec.conv_kernel - 1, spec.up_taps, spec.down_taps,
                                             spec.up_factor, spec.down_factor, spec.padding[0], spec.padding[1]);
        if (out != spec.out_size)
            throw std::runtime_error("StyleGAN3 layer " + spec.name + ": filters and padding give " + std::to_string(out) +
                                     " px, expected " + std::to_string(spec.out_size));
        layers_.push_back(std::move(l));
    }
    setExecution(exec_);
}

StyleGan3Generator::Linear StyleGan3Generator::linear(const std::string& prefix, double lr_multiplier,
                                                       int in_features) const {
    Linear l;
    l.weight = params_.at(prefix + ".weight") * (lr_multiplier / std::sqrt(static_cast<double>(in_features)));
    l.bias = params_.at(prefix + ".bias");
    if (lr_multiplier != 1) l.bias = l.bias * lr_multiplier;
    return l;
}

// FullyConnectedLayer with activation 'linear' (addmm).
torch::Tensor StyleGan3Generator::runLinear(const Linear& l, const torch::Tensor& x) const {
    return torch::addmm(l.bias.unsqueeze(0), x, l.weight.t());
}

bool StyleGan3Generator::fastCpu() const { return cpuFast() && !exec_.reference_ops; }

void StyleGan3Generator::prepareKernels() {
    const at::MemoryFormat fmt = activationFormat();
    for (auto& l : layers_) {
        l.weight_fmt = l.weight.contiguous(fmt);
        if (fastCpu())
            l.cpu = FilteredLreluCpu(l.spec.in_size + l.spec.conv_kernel - 1, l.up_filter, l.down_filter, l.params);
    }
}

torch::Tensor StyleGan3Generator::transformBuffer(const OptionalTransform& transform) const {
    if (!transform) return stored_transform_;
    torch::NoGradGuard no_grad;
    const auto inv = transform->inverse();   // float64, then into the float32 buffer like NVIDIA's copy_
    return torch::tensor(std::vector<double>(inv.begin(), inv.end()), torch::kFloat64)
        .reshape({3, 3})
        .to(device_, torch::kFloat32);
}

torch::Tensor StyleGan3Generator::mapping(const torch::Tensor& z, const torch::Tensor& c, double psi,
                                          std::optional<int> cutoff) const {
    torch::NoGradGuard no_grad;
    if (z.dim() != 2 || z.size(1) != config_.z_dim)
        throw std::invalid_argument("mapping: z must be [N, " + std::to_string(config_.z_dim) + "]");
    torch::Tensor x = z.to(device_, torch::kFloat32);
    x = x * (x.square().mean(1, true) + 1e-8).rsqrt();
    if (embed_) {
        if (!c.defined() || c.dim() != 2 || c.size(1) != config_.c_dim || c.size(0) != z.size(0))
            throw std::invalid_argument("mapping: c must be [N, " + std::to_string(config_.c_dim) + "]");
        torch::Tensor y = runLinear(*embed_, c.to(device_, torch::kFloat32));
        y = y * (y.square().mean(1, true) + 1e-8).rsqrt();
        x = torch::cat({x, y}, 1);
    }
    for (const auto& fc : mapping_fc_) x = torch::leaky_relu(x.matmul(fc.weight.t()) + fc.bias, 0.2) * std::sqrt(2.0);
    x = x.unsqueeze(1).repeat({1, numWs(), 1});
    if (psi != 1) {
        const int64_t n = std::min<int64_t>(cutoff.value_or(numWs()), numWs());
        x.slice(1, 0, n).copy_(torch::lerp(w_avg_, x.slice(1, 0, n), psi));
    }
    return x;
}

torch::Tensor StyleGan3Generator::truncateAll(const torch::Tensor& ws, double psi) const {
    torch::NoGradGuard no_grad;
    const torch::Tensor w = ws.to(device_, torch::kFloat32);
    return w_avg_ + (w - w_avg_) * psi;
}

// SynthesisInput.forward, op for op: the pose from ws[0], composed with the
// transform buffer, turns and shifts the Fourier features.
torch::Tensor StyleGan3Generator::runInput(const torch::Tensor& w, const torch::Tensor& transform) const {
    const int64_t n = w.size(0);
    const Sg3InputSpec& in = config_.input;
    torch::Tensor t = runLinear(input_affine_, w);
    t = t / t.slice(1, 0, 2).norm(2, {1}, true);
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(device_);
    torch::Tensor m_r = torch::eye(3, f32).unsqueeze(0).repeat({n, 1, 1});
    m_r.select(2, 0).select(1, 0).copy_(t.select(1, 0));
    m_r.select(2, 1).select(1, 0).copy_(-t.select(1, 1));
    m_r.select(2, 0).select(1, 1).copy_(t.select(1, 1));
    m_r.select(2, 1).select(1, 1).copy_(t.select(1, 0));
    torch::Tensor m_t = torch::eye(3, f32).unsqueeze(0).repeat({n, 1, 1});
    m_t.select(2, 2).select(1, 0).copy_(-t.select(1, 2));
    m_t.select(2, 2).select(1, 1).copy_(-t.select(1, 3));
    const torch::Tensor transforms = m_r.matmul(m_t).matmul(transform.unsqueeze(0));

    const torch::Tensor freqs0 = freqs_.unsqueeze(0);
    const torch::Tensor phases = phases_.unsqueeze(0) + freqs0.matmul(transforms.slice(1, 0, 2).slice(2, 2, 3)).squeeze(2);
    const torch::Tensor freqs = freqs0.matmul(transforms.slice(1, 0, 2).slice(2, 0, 2));
    const torch::Tensor amplitudes =
        (1 - (freqs.norm(2, {2}) - in.bandwidth) / (in.sampling_rate / 2 - in.bandwidth)).clamp(0, 1);

    torch::Tensor x = grid_.unsqueeze(3).matmul(freqs.permute({0, 2, 1}).unsqueeze(1).unsqueeze(2)).squeeze(3);
    x = x + phases.unsqueeze(1).unsqueeze(2);
    x = torch::sin(x * (M_PI * 2));
    x = x * amplitudes.unsqueeze(1).unsqueeze(2);
    x = x.matmul(input_weight_.t());
    return x.permute({0, 3, 1, 2}).contiguous(activationFormat());   // [N, C, H, W]
}

SynthesisState StyleGan3Generator::initialState(int64_t n) const {
    SynthesisState s;
    // A batch-sized placeholder: layer 0 (the input) reads only ws[0].
    s.x = torch::zeros({n, 1, 1, 1}, torch::TensorOptions().dtype(torch::kFloat32).device(device_));
    return s;
}

void StyleGan3Generator::runLayersSerial(SynthesisState& state, const torch::Tensor& ws_in, int end_layer,
                                         const NoiseSpec&) const {
    torch::NoGradGuard no_grad;
    const torch::Tensor ws = ws_in.to(device_, torch::kFloat32);
    for (int i = state.next_layer; i < end_layer; ++i) {
        const torch::Tensor w = ws.select(1, i);
        state.x = i == 0 ? runInput(w, transformBuffer(state.transform)) : runLayer(layers_[static_cast<size_t>(i - 1)], state.x, w);
        if (state.tap) state.tap->offer(desc_.layers[static_cast<size_t>(i)].name, state.x);
        state.next_layer = i + 1;
    }
}

torch::Tensor StyleGan3Generator::outputImage(const SynthesisState& finished) const {
    torch::Tensor x = finished.x;
    if (config_.output_scale != 1) x = x * config_.output_scale;
    return x.to(torch::kFloat32).contiguous();
}

double StyleGan3Generator::snapshotBytes(int layer_count) const {
    if (layer_count <= 0) return 4;
    if (layer_count == 1) return 4.0 * config_.input.channels * config_.input.size * config_.input.size;
    const auto& l = config_.layers[static_cast<size_t>(std::min<int>(layer_count, numLayers()) - 2)];
    return 4.0 * l.out_channels * l.out_size * l.out_size;
}

double StyleGan3Generator::largestActivationElements() const { return config_.largestActivationElements(); }

}  // namespace stylemix
