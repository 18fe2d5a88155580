#include "gui/shortcuts.h"

#include <imgui.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>   // key codes only: ImGui 1.86's GLFW backend indexes KeysDown by them

namespace stylemix::gui {

Shortcuts readShortcuts() {
    const ImGuiIO& io = ImGui::GetIO();
    Shortcuts s;
    const bool ctrl = io.KeyCtrl && !io.KeyAlt;
    s.export_figure = ctrl && ImGui::IsKeyPressed(GLFW_KEY_S, false);
    s.open_model = ctrl && ImGui::IsKeyPressed(GLFW_KEY_O, false);
    s.toggle_sidebar = ImGui::IsKeyPressed(GLFW_KEY_F9, false);
    s.resample_noise = !io.KeyCtrl && !io.KeyAlt && !io.WantTextInput && ImGui::IsKeyPressed(GLFW_KEY_R, false);
    return s;
}

}  // namespace stylemix::gui
