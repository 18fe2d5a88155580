// Reads any supported weights container into its raw, torch-free form.
#pragma once

#include "model/io/raw_weights.h"

#include <string>

namespace stylemix {

// Reads a .safetensors file or an NVIDIA network pickle (dispatch by content).
RawWeights readWeightsFile(const std::string& path);

}  // namespace stylemix
