// The sidebar panels' states at their defaults (the app's start-up seeds and
// crossover), and the grid request they describe for a model: what headless
// view and panel tests start from.
#pragma once

#include "gui/panels/panels.h"

namespace stylemix::gui::test {

struct Panels : gui::Panels {
    MixRequest request(const ModelFacts& facts) const { return buildMixRequest(states(), facts); }
};

}  // namespace stylemix::gui::test
