// Raw (file-format) tensors to LibTorch, shared by the families' loaders.
#pragma once

#include "model/io/raw_weights.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace stylemix {

// "[512, 3, 3]"
std::string shapeText(const std::vector<int64_t>& shape);

// A float32 CPU tensor of `t` (F32, F16 or BF16), checked for its byte count
// and finiteness; errors name `source` and `name`.
torch::Tensor rawToFloatTensor(const RawTensor& t, const std::string& source, const std::string& name);

// The reverse, for writing files: a float32 RawTensor of any tensor.
RawTensor floatTensorToRaw(const torch::Tensor& tensor);

}  // namespace stylemix
