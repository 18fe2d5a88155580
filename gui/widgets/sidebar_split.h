// The main window's two panes: the sidebar and a splitter bar beside it (drag
// to resize; double-click, F9 or the menu bar's button to hide it), and the
// window-background strips between the panes. Software GL pays for every
// filled pixel, so nothing is filled twice: the frame clears to ChildBg, the
// panes draw no background, and paintWindowGaps gives only the strips WindowBg.
#pragma once

#include <imgui.h>
#include <imgui_internal.h>   // ImRect

#include <functional>

namespace stylemix::gui {

struct SidebarSplit {
    float width = 0;   // 0 = not laid out yet
    bool open = true;
};

// Draws the sidebar (its contents by `draw_contents`) and the splitter;
// returns the sidebar's rectangle (empty while it is hidden). The cursor is
// left beside the splitter, for the main pane.
ImRect drawSidebarSplit(SidebarSplit& split, float height, const std::function<void()>& draw_contents);

// Paints WindowBg over `window` outside the sidebar (may be empty) and the
// main pane, which share their top and bottom, and draws their borders.
void paintWindowGaps(const ImRect& window, const ImRect& sidebar, const ImRect& main_area);

}  // namespace stylemix::gui
