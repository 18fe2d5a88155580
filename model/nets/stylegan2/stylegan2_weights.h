// StyleGAN2 weights: the architecture from a raw file's init_kwargs, every
// tensor checked by name, shape and dtype against it, nothing partial.
#pragma once

#include "model/core/cancel.h"
#include "model/io/raw_weights.h"
#include "model/nets/stylegan2/generator_config.h"

#include <torch/torch.h>

#include <map>
#include <string>

namespace stylemix {

// True for the class names NVIDIA's StyleGAN2 generators pickle under (or none,
// as in a safetensors file holding only init_kwargs).
bool isStyleGan2Raw(const RawWeights& raw);

// The architecture described by a raw file (class_name + init_kwargs checked).
GeneratorConfig configFromRaw(const RawWeights& raw);

// Checks `raw` against `config` (every expected tensor present with the right
// shape and a float dtype, nothing unexpected, all values finite) and converts
// it to float32 tensors. Errors name the file and the tensor.
std::map<std::string, torch::Tensor> validateWeights(const RawWeights& raw, const GeneratorConfig& config,
                                                     const ProgressHooks& hooks = {});

// The generator's weights in raw F32 form with official names (for convert / tests).
RawWeights exportRaw(const std::map<std::string, torch::Tensor>& state_dict, const GeneratorConfig& config);

}  // namespace stylemix
