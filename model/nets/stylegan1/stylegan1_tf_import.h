// StyleGAN1 from a TF-era Gs network (G_style, read as found by
// model/io/tf_pickle.h) to StyleGAN1's own form: the variables keep their TF
// names and layouts (Gs's own unprefixed, "mapping/..." and "synthesis/..."),
// the class becomes kStyleGan1ClassName and init_kwargs
// {"G_style": .., "mapping": .., "synthesis": ..} holds each network's static_kwargs.
#pragma once

#include "model/io/raw_weights.h"

namespace stylemix {

extern const char* const kStyleGan1ClassName;   // "training.networks_stylegan.G_style"

// `tf`: container TfPickle, class G_style. Refuses other components than
// G_mapping / G_synthesis, naming the file. Moves the tensors.
RawWeights styleGan1FromTf(RawWeights tf);

}  // namespace stylemix
