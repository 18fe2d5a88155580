// The ws between two sources as Engine::interpolate computes its frames (z: slerp
// of the seeds' latents, each point mapped and truncated as a seed is, classes
// blended linearly; w: lerp of the sources' ws in float64), for the strip and
// for latent-walk animations alike. Engine internals.
#pragma once

#include "model/engine/engine_impl.h"

namespace stylemix {

class InterpolationPath {
public:
    // Throws for z space with an end that is not a seed or an integer position.
    InterpolationPath(Engine::Impl& m, const Source& from, const Source& to, InterpolationSpace space, const Truncation& truncation);
    // [1, num_ws, w_dim] float32 at t in [0, 1]; t = 0 and 1 give the ends' ws exactly.
    torch::Tensor ws(double t) const;

private:
    const Generator& g_;
    InterpolationSpace space_;
    Truncation truncation_;
    torch::Tensor a_, b_;                  // w: the ends' ws, float64
    std::vector<double> za_, zb_;          // z: the ends' latents
    torch::Tensor ca_, cb_;                // z: their class labels (undefined: unconditional)
};

}  // namespace stylemix
