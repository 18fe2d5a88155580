// StyleGAN2 (configs E/F) from a TF-era Gs network (read as found by
// model/io/tf_pickle.h: G_main, its components' variables as "<component>/<name>")
// to the official PyTorch
// state_dict names and constructor kwargs, as NVlabs/stylegan3 legacy.py
// converts them: dense weights transposed, conv kernels HWIO -> OIHW (Conv0_up
// and Skip also spatially flipped), affine bias = mod_bias + 1, noise{i} to
// each layer's noise_const, dlatent_avg to w_avg, channel_base = 2 x fmap_base,
// num_fp16_res 0 and conv_clamp None unless the kwargs say otherwise.
#pragma once

#include <string>

#include "model/io/raw_weights.h"

namespace stylemix {

// `tf`: container TfPickle, class G_main. Refuses a synthesis other than
// G_synthesis_stylegan2. The result is StyleGAN2's own form (container
// Safetensors, class training.networks_stylegan2.Generator); source, notes and
// sha256 are kept. Throws std::runtime_error naming the file, the network and
// the variable or kwarg at fault (unknown kwargs are refused, as legacy.py does).
RawWeights styleGan2FromTf(const RawWeights& tf);

}  // namespace stylemix
