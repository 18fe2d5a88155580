// The sidebar settings every view reads: what the user chose for the sources,
// the crossover, the noise, the lab and the interpolation strip. Plain data; the panels edit it, undo
// snapshots it, recipes restore it, and the views build their requests from it.
#pragma once

#include "gui/panels/mixing_panel.h"
#include "gui/panels/noise_panel.h"
#include "gui/panels/sources_panel.h"
#include "gui/recipe_restore.h"
#include "gui/request_builder.h"
#include "gui/views/lab/noise_lab_view.h"
#include "gui/views/strip/strip_state.h"

namespace stylemix::gui {

struct Panels {
    SourcesState sources;
    MixingState mixing;
    NoiseState noise;
    LabState lab;
    StripState strip;   // the interpolation strip under the grid (not part of undo; an interpolation recipe restores it)

    PanelStates states() const { return {sources, mixing, noise, lab}; }
    RestoreTargets targets() { return {sources, mixing, noise, lab, strip}; }
};

}  // namespace stylemix::gui
