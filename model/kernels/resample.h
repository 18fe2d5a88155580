// FIR filtering and 2x upsampling kernels (upfirdn2d semantics), shared by
// the generator families.
#pragma once

#include <torch/torch.h>

#include <vector>

namespace stylemix {

// upfirdn2d with up = down = 1: pad (negative = crop), then FIR-filter each
// channel with `f` (2-D [fh, fw], or 1-D separable [t]) times `gain`.
torch::Tensor firFilter(torch::Tensor x, const torch::Tensor& f, int px0, int px1, int py0, int py1, double gain);

// The polyphase sub-kernels of a stride-2 transposed 3x3 convolution (ee, eo, oe, oo).
std::vector<torch::Tensor> phaseKernels(const torch::Tensor& w, at::MemoryFormat fmt);

// conv_transpose2d(x, w, stride 2) for a 3x3 kernel given as phaseKernels,
// written 1 pixel inside a zero border, then the depthwise FIR `fir`.
torch::Tensor polyphaseUpsample(const torch::Tensor& x, const std::vector<torch::Tensor>& pw, const torch::Tensor& fir,
                                int64_t groups, at::MemoryFormat fmt);

}  // namespace stylemix
