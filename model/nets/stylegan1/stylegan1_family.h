// StyleGAN1 (G_style from NVIDIA's TensorFlow-era pickles, or a safetensors
// file converted from one) as a generator family.
#pragma once

#include "model/nets/family.h"

namespace stylemix {

GeneratorFamily styleGan1Family();

}  // namespace stylemix
