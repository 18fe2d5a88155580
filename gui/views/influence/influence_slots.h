// The influence view's images and canvases (see ImageSlot in views/canvas.h).
#pragma once

#include "gui/views/canvas.h"

namespace stylemix::gui {

struct InfluenceSlot {
    static constexpr std::uint32_t kBase = 7 * kSlotsPerView;
    static constexpr ImageSlot Source{kBase + 0};   // A key (0, 0), B key (0, 1)
    static constexpr ImageSlot Mix{kBase + 1};      // band i's mix, key (i, 0)
    static constexpr ImageSlot FromA{kBase + 2};    // band i's |mix - A| heat map, key (i, 0)
    static constexpr ImageSlot FromB{kBase + 3};    // band i's |mix - B| heat map, key (i, 0)
    static constexpr ImageSlot Ramp{kBase + 4};     // the colour bar's ramp, key (0, 0)
    // One canvas per tile, numbered by the view (at most kSlotsPerView).
    static constexpr CanvasId canvas(int i) { return CanvasId{kBase + static_cast<std::uint32_t>(i)}; }
};

}  // namespace stylemix::gui
