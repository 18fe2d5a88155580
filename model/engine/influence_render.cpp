#include "model/engine/influence_render.h"

#include "model/core/influence_request.h"

#include <stdexcept>

namespace stylemix {

InfluenceFigure renderInfluence(Engine& engine, const InfluenceSpec& spec, const ProgressHooks& hooks) {
    if (spec.bands.empty()) throw std::invalid_argument("influence: no bands of styles given");
    const ModelFacts& facts = engine.facts();
    checkFigureSize(influenceFigureSize(static_cast<int>(spec.bands.size()), facts.img_resolution, facts.img_resolution),
                    "the influence figure");
    const MixRequest request = influenceMixRequest(spec);
    validateMixRequest(request, facts);
    return composeInfluenceFigure(engine.mix(request, hooks), spec);
}

}  // namespace stylemix
