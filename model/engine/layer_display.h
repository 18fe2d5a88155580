// One activation shown as NVIDIA's visualizer shows a layer (stylegan3
// viz/renderer.py, _render_impl after synthesis): StyleGAN3's untransform,
// channel selection and clamping, statistics, normalise, gain in dB, uint8 as
// (x * 127.5 + 128).clamp, and the FFT (Kaiser window, power over channels,
// centred, dB, viridis) beside the image. The same LibTorch ops in the same
// order, so bytes match the visualizer's on the CPU.
#pragma once

#include "model/core/layer_view.h"

#include <torch/torch.h>

namespace stylemix {

// `activation`: float32 [C, H, W] of one image. `transform_buffer`: the network's input
// transform buffer [3, 3] (inv of the user transform) when view.untransform is asked of a
// StyleGAN3 model; undefined otherwise (untransform then does nothing, as the visualizer
// ignores it for models without an input transform). The panel's label is left empty.
LayerPanel displayActivation(const torch::Tensor& activation, const LayerViewSettings& view,
                             const torch::Tensor& transform_buffer = {});

// _apply_affine_transformation(x, mat, up=4, amax=6) of the visualizer, the image part:
// x [N, C, H, W] float32 resampled through `mat` [3, 3] with a band-limited (Lanczos-windowed
// sinc) filter at 4x, then bilinear sampling; same size as x, zeros outside.
torch::Tensor untransformActivation(const torch::Tensor& x, const torch::Tensor& mat);

}  // namespace stylemix
