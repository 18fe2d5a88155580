// StyleGAN1 weights: the architecture from a raw file's static_kwargs, every
// variable checked by name, shape, dtype and finiteness against it, nothing
// partial, lod 0 only.
#pragma once

#include "model/core/cancel.h"
#include "model/io/raw_weights.h"
#include "model/nets/stylegan1/stylegan1_config.h"

#include <torch/torch.h>

#include <map>
#include <string>

namespace stylemix {

// True for a raw file written by tf_pickle.h from a G_style network (or a
// safetensors file converted from one).
bool isStyleGan1Raw(const RawWeights& raw);

StyleGan1Config styleGan1ConfigFromRaw(const RawWeights& raw);

// Every expected variable as a float32 CPU tensor. Errors name the file and variable.
std::map<std::string, torch::Tensor> validateStyleGan1Weights(const RawWeights& raw, const StyleGan1Config& config,
                                                              const ProgressHooks& hooks = {});

}  // namespace stylemix
