// A StyleGAN1 weights file (G_style from NVIDIA's TensorFlow-era pickles, or a
// safetensors file converted from one), torch-free: the architecture from its
// static_kwargs, every variable checked by name, shape, dtype and finiteness,
// nothing partial, lod 0 only.
#pragma once

#include "model/core/cancel.h"
#include "model/io/raw_weights.h"
#include "model/nets/family_reader.h"
#include "model/nets/raw_check.h"
#include "model/nets/stylegan1/stylegan1_config.h"

#include <string>

namespace stylemix {

// A TF-era pickle whose Gs is G_style, or a safetensors file converted from one
// (class kStyleGan1ClassName).
bool claimsStyleGan1(const RawWeights& raw);
RawWeights adoptStyleGan1(RawWeights raw);   // stylegan1_tf_import.h for TF pickles
StyleGan1Config styleGan1ConfigFromRaw(const RawWeights& raw);

ExpectedTensorWords styleGan1Words(const StyleGan1Config& config);
// Only fully grown networks (lod 0); errors name `source`.
TensorValueCheck styleGan1ValueCheck(const std::string& source);
void checkStyleGan1Weights(const RawWeights& raw, const StyleGan1Config& config, const ProgressHooks& hooks = {});

FamilyReader styleGan1Reader();

}  // namespace stylemix
