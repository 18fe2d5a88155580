// Raw (file-format) tensors to LibTorch, shared by the families' loaders. The
// checks themselves are torch-free (raw_check.h).
#pragma once

#include "model/core/cancel.h"
#include "model/io/raw_weights.h"
#include "model/nets/raw_check.h"

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

namespace stylemix {

// A float32 CPU tensor of `t` (F32, F16 or BF16), checked for its byte count
// and finiteness; errors name `source` and `name`.
torch::Tensor rawToFloatTensor(const RawTensor& t, const std::string& source, const std::string& name);

// The reverse, for writing files: a float32 RawTensor of any tensor.
RawTensor floatTensorToRaw(const torch::Tensor& tensor);

// checkExpectedTensors (raw_check.h), keeping each tensor as float32.
std::map<std::string, torch::Tensor> loadExpectedTensors(const RawWeights& raw, const std::vector<NamedShape>& expected,
                                                         const ExpectedTensorWords& words, const ProgressHooks& hooks,
                                                         const TensorValueCheck& check = {});

}  // namespace stylemix
