// StyleGAN2 weights as LibTorch tensors (the checks are stylegan2_file.h's).
#pragma once

#include "model/core/cancel.h"
#include "model/io/raw_weights.h"
#include "model/nets/stylegan2/stylegan2_file.h"

#include <torch/torch.h>

#include <map>
#include <string>

namespace stylemix {

// checkStyleGan2Weights, converting every tensor to float32.
std::map<std::string, torch::Tensor> validateWeights(const RawWeights& raw, const StyleGan2Config& config,
                                                     const ProgressHooks& hooks = {});

// The generator's weights in raw F32 form with official names (for convert / tests).
RawWeights exportRaw(const std::map<std::string, torch::Tensor>& state_dict, const StyleGan2Config& config);

}  // namespace stylemix
