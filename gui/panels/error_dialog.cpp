#include "gui/panels/error_dialog.h"

#include <imgui.h>

namespace stylemix::gui {

std::optional<std::string> drawErrorDialog(std::deque<ErrorEntry>& errors) {
    if (errors.empty()) return std::nullopt;
    if (!ImGui::IsPopupOpen("Error")) ImGui::OpenPopup("Error");
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 32, 0), ImGuiCond_Appearing);
    std::optional<std::string> chosen;
    if (ImGui::BeginPopupModal("Error", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::PushTextWrapPos(0.f);
        ImGui::TextUnformatted(errors.front().text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        const std::string restore = errors.front().restore_path;
        bool close = false;
        if (!restore.empty() && ImGui::Button("Restore it", ImVec2(ImGui::GetFontSize() * 8, 0))) {
            close = true;
            chosen = restore;
        }
        if (!restore.empty()) ImGui::SameLine();
        if (ImGui::Button(restore.empty() ? "OK" : "Cancel", ImVec2(ImGui::GetFontSize() * 6, 0)) ||
            ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)))
            close = true;
        if (close) {
            errors.pop_front();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
    return chosen;
}

}  // namespace stylemix::gui
