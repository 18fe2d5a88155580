// The interpolation strip's images and canvas (see ImageSlot in views/canvas.h).
#pragma once

#include "gui/views/canvas.h"

namespace stylemix::gui {

struct StripSlot {
    static constexpr std::uint32_t kBase = 3 * kSlotsPerView;
    static constexpr ImageSlot Frame{kBase + 0};   // frame i, key (0, i)
    static constexpr CanvasId Canvas{kBase + 0};
};

}  // namespace stylemix::gui
