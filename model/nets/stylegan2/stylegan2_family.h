// StyleGAN2 as a generator family (safetensors with official names, NVIDIA's
// PyTorch pickles).
#pragma once

#include "model/nets/family.h"

namespace stylemix {

GeneratorFamily styleGan2Family();

}  // namespace stylemix
