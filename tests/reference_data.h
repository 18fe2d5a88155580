// Access to the NVIDIA-made reference outputs in tests/data/reference (see its README).
#pragma once

#include "model/nets/stylegan2/stylegan2_generator.h"
#include "model/io/raw_weights.h"

#include <torch/torch.h>

#include <memory>
#include <string>

namespace stylemix::testing {

std::string referenceDir();          // tests/data/reference/avatars64
bool haveReference();                // false -> tests FAIL naming the missing file
std::string defaultModelPath();      // assets/avatars64.safetensors
std::string scratchDir(const std::string& name);   // fresh, empty directory under the build tree

// A tensor of reference/avatars64/cases.safetensors as a CPU torch tensor (F32 or F64).
torch::Tensor referenceTensor(const std::string& name);

// The default model, loaded once per test binary on the CPU.
const StyleGan2Generator& defaultGenerator();

}  // namespace stylemix::testing
