// Winograd F(4x4, 3x3) convolution on the CPU (Lavin & Gray): 4x fewer
// multiplies than direct 3x3 convolution, float error ~1e-5 relative.
#pragma once

#include <torch/torch.h>

namespace stylemix {

// U = G w G^T per (out, in) pair of a [O, I, 3, 3] weight, laid out [36, I, O].
torch::Tensor winogradWeight(const torch::Tensor& w);

// 3x3 convolution (padding 1, stride 1) of x * styles (styles [n, C] per input
// channel, or undefined) with the transformed weight U [36, C, O]. H and W must
// be multiples of 4; float32 CPU only. Output: [n, O, H, W], channels-last memory.
torch::Tensor winogradConvCpu(const torch::Tensor& x_in, const torch::Tensor& styles, const torch::Tensor& u);

}  // namespace stylemix
