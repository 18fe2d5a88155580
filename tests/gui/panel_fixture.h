// The sidebar panels' states at their defaults (the app's start-up seeds and
// crossover), and the grid request they describe for a model: what headless
// view and panel tests start from.
#pragma once

#include "gui/panels/mixing_panel.h"
#include "gui/panels/noise_panel.h"
#include "gui/panels/sources_panel.h"
#include "gui/request_builder.h"
#include "gui/views/noise_lab_view.h"

namespace stylemix::gui::test {

struct Panels {
    SourcesState sources;
    MixingState mixing;
    NoiseState noise;
    LabState lab;
    MixRequest request(const ModelFacts& facts) const { return buildMixRequest({sources, mixing, noise, lab}, facts); }
};

}  // namespace stylemix::gui::test
