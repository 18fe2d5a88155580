// Renders an influence figure (model/core/influence_figure.h) with an engine:
// the one mixing job of influenceMixRequest(spec), then the figure. What
// `stylemix influence` and `stylemix render` of an "influence" recipe share.
#pragma once

#include "model/core/influence_figure.h"
#include "model/engine/engine.h"

namespace stylemix {

// Throws std::invalid_argument for a spec the model cannot render (ws
// indices, sizes) before anything renders.
InfluenceFigure renderInfluence(Engine& engine, const InfluenceSpec& spec, const ProgressHooks& hooks = {});

}  // namespace stylemix
