#include "gui/panels/menu_bar.h"

#include <imgui.h>

namespace stylemix::gui {
namespace {

void fileMenu(const MenuBarInput& in, MenuBarChoice& choice) {
    if (!ImGui::BeginMenu("File")) return;
    if (ImGui::MenuItem("Open model...", "Ctrl+O")) choice.open_model = true;
    if (ImGui::BeginMenu("Recent models", in.recent && !in.recent->empty())) {
        for (const std::string& path : *in.recent)
            if (ImGui::MenuItem(path.c_str())) choice.open_recent = path;
        ImGui::EndMenu();
    }
    if (ImGui::MenuItem("Export...", "Ctrl+S")) choice.export_figure = true;
    ImGui::Separator();
    if (ImGui::MenuItem("Quit")) choice.quit = true;
    ImGui::EndMenu();
}

void viewMenu(const MenuBarInput& in, MenuBarChoice& choice) {
    if (!ImGui::BeginMenu("View")) return;
    for (const auto& [id, title] : in.views)
        if (ImGui::MenuItem(title.c_str(), nullptr, in.visible_view == id)) choice.show_view = id;
    ImGui::Separator();
    ImGui::MenuItem("Grid labels", nullptr, &in.grid->labels);
    ImGui::MenuItem("Nearest magnification", nullptr, &in.grid->nearest);
    ImGui::MenuItem("Integer zoom", nullptr, &in.grid->integer_zoom);
    ImGui::Separator();
    ImGui::MenuItem("Sidebar", "F9", in.sidebar_open);
    ImGui::EndMenu();
}

void helpMenu() {
    if (!ImGui::BeginMenu("Help")) return;
    ImGui::TextUnformatted("R        resample noise (every w stays fixed)\n"
                           "Ctrl+S   export the grid / noise-lab figure / std-dev map\n"
                           "Ctrl+O   open a model (a file browser; or drop a file onto the window)\n"
                           "Ctrl+Z   undo (seeds, crossover, bands, noise, psi, transform, lab)\n"
                           "Ctrl+Shift+Z or Ctrl+Y   redo\n"
                           "F9       hide / show the sidebar (or drag its edge)\n"
                           "Drop a StyleMix PNG or recipe JSON onto the window to restore its state.\n\n"
                           "Hover a cell to see its seeds and which layers came from B;\n"
                           "click it to study its noise in the noise lab.");
    ImGui::EndMenu();
}

}  // namespace

MenuBarChoice drawMenuBar(const MenuBarInput& in) {
    MenuBarChoice choice;
    if (!ImGui::BeginMenuBar()) return choice;
    fileMenu(in, choice);
    if (in.edit_menu) in.edit_menu();
    viewMenu(in, choice);
    if (ImGui::BeginMenu("Noise")) {
        if (ImGui::MenuItem("Resample", "R")) choice.resample_noise = true;
        ImGui::EndMenu();
    }
    bool& open = *in.sidebar_open;
    if (ImGui::SmallButton(open ? "<< sidebar" : ">> sidebar")) open = !open;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Hide or show the sidebar (F9); drag its edge to resize it");
    helpMenu();
    ImGui::EndMenuBar();
    return choice;
}

}  // namespace stylemix::gui
