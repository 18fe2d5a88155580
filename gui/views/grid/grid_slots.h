// The grid view's images and canvas (see ImageSlot in views/canvas.h).
#pragma once

#include "gui/views/canvas.h"

namespace stylemix::gui {

struct GridSlot {
    static constexpr std::uint32_t kBase = 1 * kSlotsPerView;
    static constexpr ImageSlot RowSource{kBase + 0};   // row sources (A), key (row, 0)
    static constexpr ImageSlot ColSource{kBase + 1};   // column sources (B), key (0, col)
    static constexpr ImageSlot Cell{kBase + 2};        // mixes, key (row, col)
    static constexpr CanvasId Canvas{kBase + 0};
};

}  // namespace stylemix::gui
