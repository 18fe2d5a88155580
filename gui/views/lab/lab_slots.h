// The noise lab's images and canvases (see ImageSlot in views/canvas.h).
#pragma once

#include "gui/views/canvas.h"

namespace stylemix::gui {

struct LabSlot {
    static constexpr std::uint32_t kBase = 2 * kSlotsPerView;
    static constexpr ImageSlot Realisation{kBase + 0};   // key (i, 0)
    static constexpr ImageSlot Difference{kBase + 1};    // "difference from the mean x N", key (i, 0)
    static constexpr ImageSlot StdDevRaw{kBase + 2};     // the std-dev map as grey texels
    static constexpr ImageSlot SplitLeft{kBase + 3};
    static constexpr ImageSlot SplitRight{kBase + 4};
    static constexpr CanvasId SubjectCanvas{kBase + 0};
    static constexpr CanvasId CropsCanvas{kBase + 1};
    static constexpr CanvasId DifferenceCanvas{kBase + 2};
    static constexpr CanvasId StdDevCanvas{kBase + 3};
    static constexpr CanvasId LegendCanvas{kBase + 4};
    static constexpr CanvasId SplitCanvas{kBase + 5};
};

}  // namespace stylemix::gui
