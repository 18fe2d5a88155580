// The one-pass CPU epilogue of a convolution layer.
#pragma once

#include <torch/torch.h>

namespace stylemix {

// True for a 4-D tensor laid out densely as NHWC.
bool isNhwc(const torch::Tensor& y);

// In place on y (float32, contiguous NCHW or NHWC):
//   y = clamp(act(y * scale[n, c] + bias[c] + noise[n|0, h, w]), -clampv, clampv)
// for a homogeneous activation with negative slope `slope` (gain already in
// scale, bias and noise). `noise` may be null; `noise_per_item` selects one
// plane per batch item instead of one shared plane.
void epilogueCpu(torch::Tensor& y, const float* scale, const float* bias, const float* noise, bool noise_per_item,
                 float slope, float clampv);

}  // namespace stylemix
