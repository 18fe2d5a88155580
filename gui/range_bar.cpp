#include "gui/range_bar.h"

#include <imgui.h>

#include <algorithm>

namespace stylemix::gui {

bool RangeBar(const char* id, int* begin, int* end, const std::vector<std::string>& labels, bool compact) {
    const int n = static_cast<int>(labels.size());
    ImGui::PushID(id);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float line = ImGui::GetTextLineHeight();
    const float width = std::max(ImGui::GetContentRegionAvail().x, 40.f);
    const float bar_h = line + style.FramePadding.y * 2;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##bar", ImVec2(width, compact ? bar_h : bar_h + line + 4));
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    const float seg_w = n > 0 ? width / n : width;
    auto segmentAt = [&](float x) { return std::clamp(static_cast<int>((x - origin.x) / seg_w), 0, std::max(n - 1, 0)); };

    // Interaction: the anchor is where the drag started (kept in ImGui storage).
    bool changed = false;
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID anchor_id = ImGui::GetID("anchor");
    if (n > 0 && ImGui::IsItemActivated()) {
        const int seg = segmentAt(ImGui::GetIO().MousePos.x);
        const int anchor = ImGui::GetIO().KeyShift && *end > *begin ? (seg >= *begin ? *begin : *end - 1) : seg;
        storage->SetInt(anchor_id, anchor);
    }
    if (n > 0 && active) {
        const int anchor = std::clamp(storage->GetInt(anchor_id, 0), 0, n - 1);
        const int seg = segmentAt(ImGui::GetIO().MousePos.x);
        const int b = std::min(anchor, seg), e = std::max(anchor, seg) + 1;
        if (b != *begin || e != *end) {
            *begin = b;
            *end = e;
            changed = true;
        }
    }

    // Segments: selected ones in the accent colour, the hovered one highlighted.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const int hovered_seg = hovered ? segmentAt(ImGui::GetIO().MousePos.x) : -1;
    const ImU32 col_on = ImGui::GetColorU32(ImGuiCol_ButtonActive);
    const ImU32 col_off = ImGui::GetColorU32(ImGuiCol_FrameBg);
    const ImU32 col_hover = ImGui::GetColorU32(ImGuiCol_FrameBgHovered);
    const ImU32 col_text = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 col_dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    for (int i = 0; i < n; ++i) {
        const ImVec2 a(origin.x + i * seg_w + 1, origin.y), b(origin.x + (i + 1) * seg_w - 1, origin.y + bar_h);
        const bool on = i >= *begin && i < *end;
        draw->AddRectFilled(a, b, on ? col_on : (i == hovered_seg ? col_hover : col_off), style.FrameRounding);
        const std::string index = std::to_string(i);
        const ImVec2 ts = ImGui::CalcTextSize(index.c_str());
        draw->AddText(ImVec2((a.x + b.x - ts.x) * 0.5f, (a.y + b.y - ts.y) * 0.5f), on ? col_text : col_dim,
                      index.c_str());
    }
    // Resolution groups underneath: a bracket and one label per run of equal labels.
    const float group_y = origin.y + bar_h + 2;
    for (int i = 0; i < n && !compact;) {
        int j = i;
        while (j + 1 < n && labels[j + 1] == labels[i]) ++j;
        const float x0 = origin.x + i * seg_w + 3, x1 = origin.x + (j + 1) * seg_w - 3;
        const ImVec2 ts = ImGui::CalcTextSize(labels[i].c_str());
        draw->AddLine(ImVec2(x0, group_y), ImVec2(x1, group_y), col_dim);
        draw->AddText(ImVec2((x0 + x1 - ts.x) * 0.5f, group_y + 1), col_dim, labels[i].c_str());
        i = j + 1;
    }
    if (hovered && hovered_seg >= 0)
        ImGui::SetTooltip("ws %d (%s)\nclick: select, drag: range, Shift+click: extend", hovered_seg,
                          labels[hovered_seg].c_str());
    ImGui::PopID();
    return changed;
}

}  // namespace stylemix::gui
