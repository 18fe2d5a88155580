// Disabled controls say why. Call right after the item, inside or outside its
// BeginDisabled block: while `disabled` and the item is hovered (ImGui
// reports no hover for disabled items unless asked), the tooltip gives the
// reason and how to enable it. Returns true when it showed the reason.
#pragma once

#include <imgui.h>

namespace stylemix::gui {

inline bool disabledReason(bool disabled, const char* why) {
    if (!disabled || !why || !ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return false;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
    ImGui::TextUnformatted(why);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
    return true;
}

}  // namespace stylemix::gui
