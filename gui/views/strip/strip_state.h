// The interpolation strip's settings (Panels::strip): which two of the grid's
// sources it runs between, how many frames and in which space. Plain data;
// the strip (strip_tab.h) and the grid's tile menu ("Interpolate from here")
// edit it, and the strip's request is built from it every frame.
#pragma once

#include "gui/panels/sources_panel.h"
#include "model/core/render_types.h"

namespace stylemix::gui {

// One end of the strip: a grid source by list and index, so the strip follows
// that source as it moves or changes (a drag on the latent plane, new seeds).
struct StripEnd {
    SourceSide side = SourceSide::Rows;
    int index = 0;
    bool operator==(const StripEnd& o) const { return side == o.side && index == o.index; }
    bool operator!=(const StripEnd& o) const { return !(*this == o); }
};

struct StripState {
    static constexpr int kMinSteps = 2, kMaxSteps = 32;
    bool open = false;   // shown under the grid; closed, it is a one-line bar and renders nothing
    StripEnd from{SourceSide::Rows, 0};
    StripEnd to{SourceSide::Cols, 0};
    int steps = 8;       // frames, both ends included
    // Asked for; the request uses W while an end has no single z (stripZBlocked).
    InterpolationSpace space = InterpolationSpace::W;
};

}  // namespace stylemix::gui
