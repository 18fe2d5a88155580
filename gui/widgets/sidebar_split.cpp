#include "gui/widgets/sidebar_split.h"

#include <algorithm>
#include <cmath>

namespace stylemix::gui {

// The sidebar, then a splitter bar: drag it to resize the sidebar, double-click
// it (or F9, or the menu bar's button) to collapse or bring it back.
// Returns the sidebar's rectangle (empty while it is hidden).
ImRect drawSidebarSplit(SidebarSplit& split, float height, const std::function<void()>& draw_contents) {
    const float avail = ImGui::GetContentRegionAvail().x;
    const float em = ImGui::GetFontSize();
    const float splitter = std::max(std::round(em * 0.45f), 5.f);
    const float min_w = em * 12, min_main = em * 10;
    if (split.width <= 0) split.width = std::min(em * 26, avail * 0.4f);
    ImRect sidebar;
    if (split.open) {
        split.width = std::clamp(split.width, std::min(min_w, avail * 0.5f), std::max(avail - min_main - splitter, min_w));
        ImGui::BeginChild("sidebar", ImVec2(split.width, height), true, ImGuiWindowFlags_NoBackground);
        draw_contents();
        ImGui::EndChild();
        sidebar = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        ImGui::SameLine(0, 0);
    }
    ImGui::InvisibleButton("##splitter", ImVec2(splitter, ImGui::GetContentRegionAvail().y + height));
    const bool hot = ImGui::IsItemHovered() || ImGui::IsItemActive();
    if (hot) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    if (ImGui::IsItemActive() && split.open) split.width += ImGui::GetIO().MouseDelta.x;
    if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) split.open = !split.open;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(split.open ? "drag: resize the sidebar; double-click or F9: hide it"
                                        : "double-click or F9: show the sidebar");
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(a.x + splitter * 0.3f, a.y), ImVec2(b.x - splitter * 0.3f, b.y),
                                              ImGui::GetColorU32(hot ? ImGuiCol_SeparatorHovered : ImGuiCol_Separator));
    ImGui::SameLine(0, 0);
    return sidebar;
}

// Paints WindowBg over `window` outside the panels (the sidebar, which may be
// empty, and the main area, side by side with the same top and bottom): the
// menu bar's, splitter's and status bar's strips. The panels themselves show
// the ChildBg that frame() clears to.
void paintWindowGaps(const ImRect& window, const ImRect& sidebar, const ImRect& main_area) {
    ImDrawList* under = ImGui::GetBackgroundDrawList();
    const ImU32 bg = ImGui::GetColorU32(ImGuiCol_WindowBg);
    const float top = main_area.Min.y, bottom = main_area.Max.y;
    const float left = sidebar.GetWidth() > 0 ? sidebar.Min.x : main_area.Min.x;
    under->AddRectFilled(window.Min, ImVec2(window.Max.x, top), bg);
    under->AddRectFilled(ImVec2(window.Min.x, bottom), window.Max, bg);
    under->AddRectFilled(ImVec2(window.Min.x, top), ImVec2(left, bottom), bg);
    if (sidebar.GetWidth() > 0) under->AddRectFilled(ImVec2(sidebar.Max.x, top), ImVec2(main_area.Min.x, bottom), bg);
    under->AddRectFilled(ImVec2(main_area.Max.x, top), ImVec2(window.Max.x, bottom), bg);
    // Windows without a background draw no border either: draw them here.
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImU32 border = ImGui::GetColorU32(ImGuiCol_Border);
    under->AddRect(window.Min, window.Max, border, 0.f, 0, style.WindowBorderSize);
    for (const ImRect& panel : {sidebar, main_area})
        if (panel.GetWidth() > 0) under->AddRect(panel.Min, panel.Max, border, style.ChildRounding, 0, style.ChildBorderSize);
}

}  // namespace stylemix::gui
