#include "gui/view_tabs.h"

#include <imgui.h>

#include <cmath>

namespace stylemix::gui {
namespace {

// The tab's view, then each view docked under it in a child of the height it asks.
bool drawTab(ViewTabs& tabs, const ViewHost& host, const std::vector<View*>& views,
             const std::function<ViewFrame()>& make_frame, CanvasFrame& canvases) {
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    std::vector<float> heights;
    float docked = 0;
    for (std::size_t i = 1; i < views.size(); ++i) {
        heights.push_back(std::floor(views[i]->dockHeight(make_frame(), avail)));
        docked += heights.back() + ImGui::GetStyle().ItemSpacing.y;
    }
    bool busy = false;
    for (std::size_t i = 0; i < views.size(); ++i) {
        const bool child = views.size() > 1;
        if (child) ImGui::BeginChild(views[i]->id(), ImVec2(0, i == 0 ? -docked : heights[i - 1]), false, flags);
        ViewFrame frame = make_frame();
        views[i]->draw(frame, canvases);
        if (child) ImGui::EndChild();
        if (frame.show_view) tabs.switch_to = host.tabOf(*frame.show_view);
        busy = busy || frame.busy;
    }
    return busy;
}

}  // namespace

bool drawViewTabs(ViewTabs& tabs, const ViewHost& host, const std::function<ViewFrame()>& make_frame, CanvasFrame& canvases) {
    if (!ImGui::BeginTabBar("views")) return false;
    if (tabs.switch_to) tabs.switch_to = host.tabOf(*tabs.switch_to);
    bool busy = false;
    for (const auto& view : host.views()) {
        if (view->dockedUnder()) continue;
        const ImGuiTabItemFlags flags = tabs.switch_to == view->id() ? ImGuiTabItemFlags_SetSelected : 0;
        if (!ImGui::BeginTabItem(view->title(), nullptr, flags)) continue;
        tabs.visible = view->id();
        busy = drawTab(tabs, host, host.tabViews(view->id()), make_frame, canvases) || busy;
        ImGui::EndTabItem();
    }
    if (tabs.switch_to && tabs.visible == *tabs.switch_to) tabs.switch_to.reset();
    ImGui::EndTabBar();
    return busy;
}

}  // namespace stylemix::gui
