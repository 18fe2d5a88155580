// The StyleGAN paper's own figure settings as ready-made requests. Torch-free.
#pragma once

#include "model/core/model_description.h"
#include "model/core/render_types.h"

namespace stylemix {

// Fig. 3 (style mixing) of Karras et al. 2019 with the FFHQ generator:
// columns B = seeds 639, 701, 687, 615, 2268; rows A = 888, 829, 1898, 1733,
// 1614, 845; the first three rows take B's coarse styles, the next two its
// middle ones, the last its fine ones (the model's own bands); psi 1 (no
// truncation) and the model's stored (const) noise. With the FFHQ StyleGAN1
// model it reproduces the paper's figure; with any other model it is the same
// experiment on that model's faces. Sources are unconditional (class -1);
// callers set a class for conditional models.
MixRequest paperFig3Request(const ModelDescription& model);

}  // namespace stylemix
