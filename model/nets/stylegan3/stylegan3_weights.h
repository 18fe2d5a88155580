// StyleGAN3 weights as LibTorch tensors (the checks are stylegan3_file.h's).
#pragma once

#include "model/core/cancel.h"
#include "model/io/raw_weights.h"
#include "model/nets/stylegan3/stylegan3_file.h"

#include <torch/torch.h>

#include <map>
#include <string>

namespace stylemix {

// checkSg3Weights, converting every tensor to float32.
std::map<std::string, torch::Tensor> validateSg3Weights(const RawWeights& raw, const Sg3Config& config,
                                                        const ProgressHooks& hooks = {});

}  // namespace stylemix
