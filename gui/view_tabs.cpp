#include "gui/view_tabs.h"

#include <imgui.h>

#include <cmath>

namespace stylemix::gui {
namespace {

// The tab's view, then each view docked under it in a child of the height it asks.
void drawTab(ViewTabs& tabs, const ViewHost& host, const std::vector<View*>& views,
             const std::function<ViewFrame()>& make_frame, CanvasFrame& canvases, ViewFrameAsks& asks) {
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    std::vector<float> heights;
    float docked = 0;
    for (std::size_t i = 1; i < views.size(); ++i) {
        heights.push_back(std::floor(views[i]->dockHeight(make_frame(), avail)));
        docked += heights.back() + ImGui::GetStyle().ItemSpacing.y;
    }
    for (std::size_t i = 0; i < views.size(); ++i) {
        const bool child = views.size() > 1;
        if (child) ImGui::BeginChild(views[i]->id(), ImVec2(0, i == 0 ? -docked : heights[i - 1]), false, flags);
        ViewFrame frame = make_frame();
        views[i]->draw(frame, canvases);
        if (child) ImGui::EndChild();
        if (frame.show_view) tabs.switch_to = host.tabOf(*frame.show_view);
        asks.add(frame);
    }
}

}  // namespace

void ViewFrameAsks::add(const ViewFrame& frame) {
    busy = busy || frame.busy;
    if (frame.redraw_in_s > 0 && (redraw_in_s <= 0 || frame.redraw_in_s < redraw_in_s)) redraw_in_s = frame.redraw_in_s;
    if (!frame.error.empty()) errors.push_back(frame.error);
}

ViewFrameAsks drawViewTabs(ViewTabs& tabs, const ViewHost& host, const std::function<ViewFrame()>& make_frame,
                           CanvasFrame& canvases) {
    ViewFrameAsks asks;
    if (!ImGui::BeginTabBar("views")) return asks;
    if (tabs.switch_to) tabs.switch_to = host.tabOf(*tabs.switch_to);
    for (const auto& view : host.views()) {
        if (view->dockedUnder()) continue;
        const ImGuiTabItemFlags flags = tabs.switch_to == view->id() ? ImGuiTabItemFlags_SetSelected : 0;
        if (!ImGui::BeginTabItem(view->title(), nullptr, flags)) continue;
        tabs.visible = view->id();
        drawTab(tabs, host, host.tabViews(view->id()), make_frame, canvases, asks);
        ImGui::EndTabItem();
    }
    if (tabs.switch_to && tabs.visible == *tabs.switch_to) tabs.switch_to.reset();
    ImGui::EndTabBar();
    return asks;
}

}  // namespace stylemix::gui
