// Loading a generator from a weights file: read the container (safetensors or
// an NVIDIA network pickle), build the architecture from init_kwargs, validate
// every tensor by name, shape and dtype, and refuse anything partial.
#pragma once

#include "model/cancel.h"
#include "model/generator.h"
#include "model/raw_weights.h"

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>

namespace stylemix {

// Reads a .safetensors or .pkl file into its raw form (dispatch by content).
RawWeights readWeightsFile(const std::string& path);

// Checks `raw` against `config` (every expected tensor present with the right
// shape and a float dtype, nothing unexpected, all values finite) and converts
// it to float32 tensors. Errors name the file and the tensor.
std::map<std::string, torch::Tensor> validateWeights(const RawWeights& raw, const GeneratorConfig& config,
                                                     const ProgressHooks& hooks = {});

// The architecture described by a raw file (class_name + init_kwargs checked).
GeneratorConfig configFromRaw(const RawWeights& raw);

// The whole load: read, configure, validate, build on `device`.
std::unique_ptr<Generator> loadGenerator(const std::string& path, torch::Device device,
                                         Precision precision = Precision::FP32, const ProgressHooks& hooks = {});

// The generator's weights in raw F32 form with official names (for convert / tests).
RawWeights exportRaw(const std::map<std::string, torch::Tensor>& state_dict, const GeneratorConfig& config);

}  // namespace stylemix
