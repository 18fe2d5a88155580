// A StyleGAN2 weights file, torch-free: the architecture from its init_kwargs,
// every tensor checked by name, shape, dtype and value, its description.
#pragma once

#include "model/core/cancel.h"
#include "model/io/raw_weights.h"
#include "model/nets/family_reader.h"
#include "model/nets/raw_check.h"
#include "model/nets/stylegan2/stylegan2_config.h"

namespace stylemix {

// A TF-era pickle whose Gs is G_main; a network pickle's Generator without a
// synthesis.input layer; a safetensors file of class
// training.networks_stylegan2.Generator, training.networks.Generator or none.
bool claimsStyleGan2(const RawWeights& raw);
// The architecture described by a raw file (class_name + init_kwargs checked).
StyleGan2Config configFromRaw(const RawWeights& raw);
// How StyleGAN2's errors name what a file lacks or has too much of.
ExpectedTensorWords styleGan2Words();
// Every expected tensor present with the right shape and a float dtype,
// nothing unexpected, all values finite. Errors name the file and the tensor.
void checkStyleGan2Weights(const RawWeights& raw, const StyleGan2Config& config, const ProgressHooks& hooks = {});

FamilyReader styleGan2Reader();

}  // namespace stylemix
