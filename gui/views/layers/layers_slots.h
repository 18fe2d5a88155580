// The layer view's images and canvases (see ImageSlot in views/canvas.h).
#pragma once

#include "gui/views/canvas.h"

namespace stylemix::gui {

struct LayersSlot {
    static constexpr std::uint32_t kBase = 6 * kSlotsPerView;
    static constexpr ImageSlot Panel{kBase + 0};   // LayerResult::panels[i], key (i, 0)
    // One canvas per panel: A, B, mix.
    static constexpr CanvasId canvas(int panel) { return CanvasId{kBase + static_cast<std::uint32_t>(panel)}; }
};

}  // namespace stylemix::gui
