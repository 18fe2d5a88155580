// StyleGAN1 weights as LibTorch tensors (the checks are stylegan1_file.h's).
#pragma once

#include "model/core/cancel.h"
#include "model/io/raw_weights.h"
#include "model/nets/stylegan1/stylegan1_file.h"

#include <torch/torch.h>

#include <map>
#include <string>

namespace stylemix {

// checkStyleGan1Weights, every expected variable as a float32 CPU tensor.
std::map<std::string, torch::Tensor> validateStyleGan1Weights(const RawWeights& raw, const StyleGan1Config& config,
                                                              const ProgressHooks& hooks = {});

}  // namespace stylemix
