// StyleGAN3's SynthesisLayer: modulated convolution (pre-normalised weight and
// styles, demodulation, rsqrt(magnitude_ema) input gain, padding k-1) and the
// filtered leaky ReLU. Two paths with the same results up to rounding: the
// reference op sequence (per-sample grouped conv + filteredLreluReference;
// CUDA, plain execution) and the CPU fast path (styles on the activations, one
// shared-weight conv, demodulation folded into the polyphase filter kernel).
#include "model/nets/stylegan3/stylegan3_generator.h"

#include <cmath>

namespace stylemix {

// modulated_conv2d of networks_stylegan3.py, verbatim in LibTorch ops.
torch::Tensor StyleGan3Generator::modulatedConvReference(const Layer& layer, const torch::Tensor& x,
                                                         const torch::Tensor& styles_in) const {
    const int64_t n = x.size(0);
    const bool demodulate = !layer.spec.is_torgb;
    torch::Tensor s = styles_in;
    if (demodulate) s = s * s.square().mean().rsqrt();   // layer.weight is already pre-normalised
    torch::Tensor w = layer.weight.unsqueeze(0) * s.unsqueeze(1).unsqueeze(3).unsqueeze(4);   // [N, O, I, k, k]
    if (demodulate) w = w * (w.square().sum({2, 3, 4}) + 1e-8).rsqrt().unsqueeze(2).unsqueeze(3).unsqueeze(4);
    w = w * layer.input_gain;
    const int64_t in = layer.spec.in_channels, k = layer.spec.conv_kernel;
    const torch::Tensor y = torch::conv2d(x.contiguous().reshape({1, n * in, x.size(2), x.size(3)}),
                                          w.reshape({-1, in, k, k}), torch::Tensor(), std::vector<int64_t>{1, 1}, std::vector<int64_t>{k - 1, k - 1},
                                          std::vector<int64_t>{1, 1}, n);
    return y.reshape({n, -1, y.size(2), y.size(3)});
}

torch::Tensor StyleGan3Generator::runLayer(const Layer& layer, const torch::Tensor& x, const torch::Tensor& w) const {
    torch::Tensor styles = runLinear(layer.affine, w);
    if (layer.spec.is_torgb) styles = styles * (1 / std::sqrt(static_cast<double>(layer.spec.in_channels)));
    if (!fastCpu()) {
        const torch::Tensor y = modulatedConvReference(layer, x, styles);
        return filteredLreluReference(y, layer.up_filter, layer.down_filter, layer.bias, layer.params);
    }
    // Fast path: conv(x · s, W) · d equals the conv with per-sample modulated, demodulated weights.
    torch::Tensor scale;
    if (layer.spec.is_torgb) {
        scale = torch::full({x.size(0), layer.spec.out_channels}, layer.input_gain, styles.options());
    } else {
        styles = styles * styles.square().mean().rsqrt();
        scale = (styles.square().matmul(layer.weight_sq.t()) + 1e-8).rsqrt() * layer.input_gain;   // [N, O]
    }
    const at::MemoryFormat fmt = activationFormat();
    const torch::Tensor xs = (x * styles.unsqueeze(2).unsqueeze(3)).contiguous(fmt);
    const int64_t pad = layer.spec.conv_kernel - 1;
    const torch::Tensor y = torch::conv2d(xs, layer.weight_fmt, torch::Tensor(), std::vector<int64_t>{1, 1}, std::vector<int64_t>{pad, pad});
    return layer.cpu.run(y, scale, layer.bias);
}

}  // namespace stylemix
