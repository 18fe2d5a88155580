// A StyleGAN3 weights file, torch-free: the architecture from its init_kwargs,
// the file's stored layer attributes (pickles) checked against it, every
// tensor checked by name, shape, dtype and value, nothing partial.
#pragma once

#include "model/core/cancel.h"
#include "model/io/raw_weights.h"
#include "model/nets/family_reader.h"
#include "model/nets/raw_check.h"
#include "model/nets/stylegan3/stylegan3_config.h"

#include <string>

namespace stylemix {

constexpr const char* kStyleGan3Class = "training.networks_stylegan3.Generator";

// A network pickle's Generator with a synthesis.input layer (StyleGAN3 T and R
// start there, StyleGAN2 at block b4); a safetensors file of kStyleGan3Class.
bool claimsStyleGan3(const RawWeights& raw);
RawWeights adoptStyleGan3(RawWeights raw);

// The architecture of a raw file; when the file carries module attributes
// (NVIDIA pickles), its layer names, sizes, rates, cutoffs, factors, taps and
// padding must equal what init_kwargs give. Throws naming the file and field.
Sg3Config sg3ConfigFromRaw(const RawWeights& raw);

ExpectedTensorWords styleGan3Words();
// Every magnitude_ema > 0; errors name `source`.
TensorValueCheck styleGan3ValueCheck(const std::string& source);
// Every expected tensor present with its shape and a float dtype, nothing
// unexpected, all values finite, every magnitude_ema > 0.
void checkSg3Weights(const RawWeights& raw, const Sg3Config& config, const ProgressHooks& hooks = {});

FamilyReader styleGan3Reader();

}  // namespace stylemix
