#include "model/kernels/resample.h"

#include <algorithm>

namespace stylemix {

namespace F = torch::nn::functional;
using torch::indexing::Slice;

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

// The polyphase sub-kernels of a stride-2 transposed 3x3 convolution, as
// correlation kernels over the low-resolution input: output rows/cols 2m take
// taps {2, 0} of the padded input, rows/cols 2m+1 take tap {1}.
std::vector<torch::Tensor> phaseKernels(const torch::Tensor& w, at::MemoryFormat fmt) {
    const auto dev = w.device();
    const torch::Tensor even = torch::tensor({2, 0}, torch::kLong).to(dev);
    const torch::Tensor odd = torch::tensor({1}, torch::kLong).to(dev);
    std::vector<torch::Tensor> out;
    for (const auto* rows : {&even, &odd})
        for (const auto* cols : {&even, &odd})
            out.push_back(w.index_select(2, *rows).index_select(3, *cols).contiguous(fmt));
    // Order: ee, eo, oe, oo.
    return out;
}

// conv_transpose2d(x, w, stride 2) for a 3x3 kernel, written 1 pixel inside a
// zero border ((2H+3) x (2W+3), the FIR's padding), then the 4x4 FIR: four
// ordinary convolutions (oneDNN) instead of im2col + GEMM + col2im.
torch::Tensor polyphaseUpsample(const torch::Tensor& x, const std::vector<torch::Tensor>& pw, const torch::Tensor& fir,
                                int64_t groups, at::MemoryFormat fmt) {
    const int64_t n = x.size(0), h = x.size(2), w = x.size(3), c = pw[0].size(0);
    torch::Tensor yp = torch::empty({n, c, 2 * h + 3, 2 * w + 3}, x.options().memory_format(fmt));
    auto conv = [&](const torch::Tensor& k, int64_t ph, int64_t pwd) {
        return F::conv2d(x, k, F::Conv2dFuncOptions().padding({ph, pwd}).groups(groups));
    };
    yp.index({Slice(), Slice(), Slice(1, 2 * h + 2, 2), Slice(1, 2 * w + 2, 2)}).copy_(conv(pw[0], 1, 1));
    yp.index({Slice(), Slice(), Slice(1, 2 * h + 2, 2), Slice(2, 2 * w + 1, 2)}).copy_(conv(pw[1], 1, 0));
    yp.index({Slice(), Slice(), Slice(2, 2 * h + 1, 2), Slice(1, 2 * w + 2, 2)}).copy_(conv(pw[2], 0, 1));
    yp.index({Slice(), Slice(), Slice(2, 2 * h + 1, 2), Slice(2, 2 * w + 1, 2)}).copy_(conv(pw[3], 0, 0));
    yp.select(2, 0).zero_();
    yp.select(2, 2 * h + 2).zero_();
    yp.select(3, 0).zero_();
    yp.select(3, 2 * w + 2).zero_();
    return F::conv2d(yp, fir, F::Conv2dFuncOptions().groups(c));
}

}  // namespace stylemix
