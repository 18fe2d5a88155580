// StyleGAN2's layers: the modulated convolution (NVIDIA's op sequence and the
// fast CPU/CUDA path), upsampling, ToRGB and the scaled noise input.
#include "model/nets/stylegan2/stylegan2_generator.h"

#include "model/kernels/activation.h"
#include "model/kernels/epilogue.h"
#include "model/kernels/resample.h"
#include "model/kernels/winograd.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace stylemix {

namespace F = torch::nn::functional;

// The layer's noise input times strength * multiplier * gain: [1 or n, 1, R, R]
// float32 (one plane broadcast over the batch when every item sees the same
// noise), or undefined when there is none.
torch::Tensor StyleGan2Generator::scaledNoise(const ModLayer& layer, int64_t n, const NoiseSpec& request_noise,
                                              double gain) const {
    if (layer.info.noise_index < 0) return {};
    // The request itself on every render but noise by layer, which gives this layer its own spec:
    // no copy of the spec per layer call.
    NoiseSpec by_layer;
    const NoiseSpec& noise = request_noise.only_layer < 0 ? request_noise : (by_layer = request_noise.forLayer(layer.info.noise_index));
    if (noise.mode == NoiseMode::None) return {};
    const float mult = noise.multiplier(layer.info.noise_index);
    if (mult == 0.f) return {};
    torch::Tensor t;
    if (noise.mode == NoiseMode::Const) {
        t = layer.noise_const * layer.noise_strength;
        t = t.view({1, 1, t.size(0), t.size(1)});
    } else {
        t = randomNoiseFor(noise, n, layer.info.noise_index, layer.info.resolution) * layer.noise_strength;
    }
    if (mult != 1.f) t = t * mult;
    if (gain != 1.0) t = t * gain;
    return t.contiguous();
}

// NVIDIA's modulated_conv2d + SynthesisLayer op sequence (reference_ops): fused
// grouped conv at batch 1, shared weights with input/output scaling above.
torch::Tensor StyleGan2Generator::modulatedConvReference(const ModLayer& layer, const torch::Tensor& x_in,
                                                const torch::Tensor& styles_in, const torch::Tensor& noise) const {
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

    // Batch 1 (or up to fused_max_batch, NVIDIA's eval default being "always"): per-sample grouped
    // weights; larger batches: one shared-weight conv.
    const bool fused = n <= std::max(1, exec_.stylegan2.fused_max_batch);
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

// conv2d_resample's transposed-conv upsampling (+ FIR) for a [O', I, k, k] weight.
torch::Tensor StyleGan2Generator::upsampleConv(const ModLayer& layer, const torch::Tensor& x, const torch::Tensor& weight,
                                      int64_t groups) const {
    const at::MemoryFormat fmt = activationFormat();
    if (cpuFast() && exec_.stylegan2.polyphase_upsample && !layer.phase_weights.empty() && x.scalar_type() == torch::kFloat32) {
        const bool shared = groups == 1 && weight.data_ptr() == layer.weight.data_ptr();
        const std::vector<torch::Tensor> pw = shared ? layer.phase_weights : phaseKernels(weight, fmt);
        torch::Tensor fir = layer.fir_dw;
        if (groups > 1 || pw[0].size(0) != fir.size(0))
            fir = fir.narrow(0, 0, 1).expand({pw[0].size(0), 1, fir.size(2), fir.size(3)}).contiguous(fmt);
        return polyphaseUpsample(x, pw, fir, groups, fmt);
    }
    const int64_t kw = weight.size(3), kh = weight.size(2);
    const int64_t in_ch = weight.size(1), out_ch = weight.size(0) / groups;
    const int up = layer.up, pad = static_cast<int>(kw / 2), fw = static_cast<int>(filter_.size(0));
    const int p0 = pad + (fw + up - 1) / 2 - static_cast<int>(kw - 1);
    const int p1 = pad + (fw - up) / 2 - static_cast<int>(kw - up);
    const int pt = std::max(std::min(-p0, -p1), 0);
    torch::Tensor wt = weight.reshape({groups, out_ch, in_ch, kh, kw}).transpose(1, 2).reshape({groups * in_ch, out_ch, kh, kw});
    const auto transposed = F::ConvTranspose2dFuncOptions().stride(up).padding({pt, pt}).groups(groups);
    torch::Tensor out;
    if (!device_.is_cuda() && x.scalar_type() != torch::kFloat32) {
        // Half precision on the CPU (ExecutionOptions::cpu_half, a test mode): LibTorch's CPU
        // conv_transpose2d has no fp16 kernel and a broken bf16 one (1.13 returns 1x1 maps), so
        // this one op runs in fp32 and its result is rounded to the block's dtype.
        out = F::conv_transpose2d(x.to(torch::kFloat32), wt.to(torch::kFloat32), transposed).to(x.scalar_type());
    } else {
        out = F::conv_transpose2d(x, wt, transposed);
    }
    if (p0 + pt == p1 + pt && layer.fir_dw.defined() && out.size(1) == layer.fir_dw.size(0) &&
        x.scalar_type() == layer.fir_dw.scalar_type()) {
        return F::conv2d(out, layer.fir_dw, F::Conv2dFuncOptions().padding(p0 + pt).groups(out.size(1)));
    }
    return firFilter(out, filter_, p0 + pt, p1 + pt, p0 + pt, p1 + pt, up * up);
}

// One SynthesisLayer: modulated conv, noise, bias, activation, gain, clamp.
torch::Tensor StyleGan2Generator::convLayer(const ModLayer& layer, const torch::Tensor& x_in,
                                            const torch::Tensor& styles_in, const torch::Tensor& noise_gain) const {
    const at::MemoryFormat fmt = activationFormat();
    const int64_t n = x_in.size(0);
    const auto dtype = x_in.scalar_type();
    const int64_t out_ch = layer.weight.size(0), in_ch = layer.weight.size(1);
    const int64_t kh = layer.weight.size(2), kw = layer.weight.size(3);
    torch::Tensor x = x_in.contiguous(fmt);
    torch::Tensor weight = layer.weight;
    torch::Tensor styles = styles_in;
    torch::Tensor wsq_t = layer.weight_sq_sum_t;
    if (dtype != torch::kFloat32) {
        // Pre-normalise to avoid fp16 overflow, exactly as upstream does.
        weight = weight * layer.weight_fp16_scale;
        wsq_t = weight.square().sum({2, 3}).t();
        styles = styles / styles.abs().amax(1, /*keepdim=*/true);
    }
    const bool fused = n <= exec_.stylegan2.fused_max_batch;

    torch::Tensor y, scale;   // scale: [n, O] demodulation coefficients, undefined when folded into the weights
    if (fused) {
        torch::Tensor w = weight.unsqueeze(0) * styles.reshape({n, 1, -1, 1, 1});
        const torch::Tensor dcoefs = (w.square().sum({2, 3, 4}) + 1e-8).rsqrt();
        w = (w * dcoefs.reshape({n, -1, 1, 1, 1})).reshape({n * out_ch, in_ch, kh, kw}).to(dtype).contiguous(fmt);
        const torch::Tensor xg = n == 1 ? x : x.reshape({1, n * in_ch, x.size(2), x.size(3)}).contiguous(fmt);
        if (layer.up > 1) {
            y = upsampleConv(layer, xg, w, n);
        } else {
            y = F::conv2d(xg, w, F::Conv2dFuncOptions().padding(kw / 2).groups(n));
        }
        if (n > 1) y = y.reshape({n, out_ch, y.size(2), y.size(3)}).contiguous(fmt);
    } else {
        const bool wino = layer.wino_weight.defined() && dtype == torch::kFloat32 && x.size(2) % 4 == 0 &&
                          x.size(3) % 4 == 0;
        if (wino) {
            y = winogradConvCpu(x, styles, layer.wino_weight);   // input scaling folded into the tile transform
        } else {
            const torch::Tensor xs = (x * styles.to(dtype).reshape({n, -1, 1, 1})).contiguous(fmt);
            const torch::Tensor w = dtype == torch::kFloat32 && weight.data_ptr() == layer.weight.data_ptr()
                                        ? layer.weight_fmt
                                        : weight.to(dtype).contiguous(fmt);
            if (layer.up > 1) {
                y = upsampleConv(layer, xs, dtype == torch::kFloat32 ? layer.weight : weight.to(dtype), 1);
            } else {
                y = F::conv2d(xs, w, F::Conv2dFuncOptions().padding(kw / 2));
            }
        }
        scale = (styles.square().matmul(wsq_t) + 1e-8).rsqrt();
    }

    const std::optional<double> clamp = config_.conv_clamp;
    if (!act_homogeneous_ || !exec_.stylegan2.fused_epilogue) {
        // Upstream order: (y * d + noise), then bias_act.
        torch::Tensor noise = noise_gain.defined() ? noise_gain : torch::Tensor();
        if (scale.defined()) {
            const torch::Tensor d = scale.to(y.dtype()).reshape({n, -1, 1, 1});
            y = noise.defined() ? torch::addcmul(noise.to(y.dtype()), y, d) : y * d;
        } else if (noise.defined()) {
            y = y + noise.to(y.dtype());
        }
        return biasAct(y, layer.bias.to(y.dtype()), act_name_, act_gain_, clamp);
    }
    // Folded: act(y * d * g + noise * g + b * g) == act(y * d + noise + b) * g for homogeneous act, g > 0.
    const float g = static_cast<float>(act_gain_);
    const float clampv = (clamp && *clamp >= 0) ? static_cast<float>(*clamp) : std::numeric_limits<float>::infinity();
    const bool contiguous_ok = isNhwc(y) || y.is_contiguous();
    if (cpuFast() && y.scalar_type() == torch::kFloat32 && contiguous_ok) {
        const torch::Tensor sc = (scale.defined() ? scale * g : torch::full({n, out_ch}, g, y.options())).contiguous();
        epilogueCpu(y, sc.data_ptr<float>(), layer.bias_gain.data_ptr<float>(),
                    noise_gain.defined() ? noise_gain.data_ptr<float>() : nullptr,
                    noise_gain.defined() && noise_gain.size(0) == n && n > 1, homogeneousSlope(act_name_), clampv);
        return y;
    }
    if (scale.defined()) {
        y.mul_((scale * g).to(y.dtype()).reshape({n, -1, 1, 1}));
    } else {
        y.mul_(g);
    }
    y.add_(layer.bias_gain.to(y.dtype()).reshape({1, -1, 1, 1}));
    if (noise_gain.defined()) y.add_(noise_gain.to(y.dtype()));
    if (act_name_ == "lrelu") {
        torch::leaky_relu_(y, 0.2);
    } else if (act_name_ == "relu") {
        torch::relu_(y);
    }
    if (clamp && *clamp >= 0) y.clamp_(-*clamp, *clamp);
    return y;
}

// ToRGB: a 1x1 modulated conv without demodulation as one batched matmul, bias, clamp.
torch::Tensor StyleGan2Generator::toRgbLayer(const ModLayer& layer, const torch::Tensor& x, const torch::Tensor& styles) const {
    const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    const int64_t o = layer.rgb_weight.size(0);
    const auto dtype = x.scalar_type();
    const torch::Tensor wn = (layer.rgb_weight.unsqueeze(0) * styles.unsqueeze(1)).to(dtype);   // [n, O, C]
    torch::Tensor y;
    if (isNhwc(x) && !x.is_contiguous()) {
        y = torch::bmm(x.permute({0, 2, 3, 1}).reshape({n, h * w, c}), wn.transpose(1, 2));   // [n, HW, O]
        y = y.view({n, h, w, o}).permute({0, 3, 1, 2});
    } else {
        y = torch::bmm(wn, x.contiguous().view({n, c, h * w})).view({n, o, h, w});
    }
    y = y + layer.bias.to(dtype).view({1, o, 1, 1});
    if (config_.conv_clamp && *config_.conv_clamp >= 0) y.clamp_(-*config_.conv_clamp, *config_.conv_clamp);
    return y.to(torch::kFloat32).contiguous();
}

torch::Tensor StyleGan2Generator::upsampleImage(const torch::Tensor& img) const {
    // upfirdn2d.upsample2d: zero-insert x2, pad, FIR with gain 4.
    const int64_t n = img.size(0), c = img.size(1), h = img.size(2), w = img.size(3);
    torch::Tensor x = img.reshape({n, c, h, 1, w, 1});
    x = F::pad(x, F::PadFuncOptions({0, 1, 0, 0, 0, 1})).reshape({n, c, h * 2, w * 2});
    const int fw = static_cast<int>(filter_.size(0));
    const int p0 = (fw + 1) / 2, p1 = (fw - 2) / 2;
    return firFilter(x, filter_, p0, p1, p0, p1, 4.0);
}

}  // namespace stylemix
