// StyleGAN3 (configs T and R) as a generator family: NVIDIA's network pickles
// (training.networks_stylegan3.Generator) and safetensors files with that class.
#pragma once

#include "model/nets/family.h"

namespace stylemix {

GeneratorFamily styleGan3Family();

}  // namespace stylemix
