// The Motion view's images and canvas (see ImageSlot in views/canvas.h).
#pragma once

#include "gui/views/canvas.h"

namespace stylemix::gui {

struct MotionSlot {
    static constexpr std::uint32_t kBase = 9 * kSlotsPerView;
    static constexpr ImageSlot Frame{kBase + 0};   // playback frame i, key (i, 0)
    static constexpr CanvasId Canvas{kBase + 0};
};

}  // namespace stylemix::gui
