// The views' tab bar: one tab per view that is not docked under another; a
// tab draws its view and, below it, each view docked under it in a strip of
// the height that view asks for. Only the visible tab's views draw (and so
// ask the worker for anything). UI thread.
#pragma once

#include "gui/view_host.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace stylemix::gui {

struct ViewTabs {
    std::string visible;                    // the tab on screen (a view id)
    std::optional<std::string> switch_to;   // a view to bring forward (its tab, when docked)
};

// What the views asked of the app through their frames' out fields.
struct ViewFrameAsks {
    bool busy = false;          // keep drawing frames
    double redraw_in_s = 0;     // > 0: the soonest a view wants the next frame
    std::vector<std::string> errors;
    void add(const ViewFrame& frame);
};

// Draws the tab bar and the visible tab; `make_frame` gives each view a fresh
// frame. Returns what the drawn views asked for.
ViewFrameAsks drawViewTabs(ViewTabs& tabs, const ViewHost& host, const std::function<ViewFrame()>& make_frame,
                           CanvasFrame& canvases);

}  // namespace stylemix::gui
