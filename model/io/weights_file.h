// Reads any supported weights container into its raw, torch-free form.
#pragma once

#include "model/io/raw_weights.h"

#include <string>

namespace stylemix {

// Reads a .safetensors file, an NVIDIA network pickle (PyTorch era) or a
// TensorFlow-era (G, D, Gs) pickle, dispatching on the content.
RawWeights readWeightsFile(const std::string& path);   // RawWeights::sha256 set

}  // namespace stylemix
