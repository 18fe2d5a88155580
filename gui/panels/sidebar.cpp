#include "gui/panels/sidebar.h"

#include "gui/panels/mixing_panel.h"
#include "gui/panels/noise_panel.h"
#include "gui/panels/sources_panel.h"

#include <imgui.h>

#include <utility>

namespace stylemix::gui {

SidebarRequests drawSidebar(Panels& panels, ModelPanelState& model_panel, const SidebarInput& in) {
    SidebarRequests out;
    if (in.open_model_section) ImGui::SetNextItemOpen(true);
    if (ImGui::CollapsingHeader("Model", ImGuiTreeNodeFlags_DefaultOpen)) {
        ModelPanelView view;
        view.facts = in.facts;
        view.loading = in.loading;
        view.progress = in.progress;
        view.recent = in.recent;
        out.load = drawModelPanel(model_panel, view);
        out.browse = std::exchange(model_panel.browse_requested, false);
    }
    if (ImGui::CollapsingHeader("Style mixing", ImGuiTreeNodeFlags_DefaultOpen))
        drawMixingPanel(panels.mixing, panels.sources, in.facts);
    out.paper_fig3 = std::exchange(panels.mixing.paper_fig3_requested, false);
    if (ImGui::CollapsingHeader("Sources", ImGuiTreeNodeFlags_DefaultOpen)) drawSourcesPanel(panels.sources, in.facts);
    if (ImGui::CollapsingHeader("Noise", ImGuiTreeNodeFlags_DefaultOpen)) drawNoisePanel(panels.noise, in.facts);
    return out;
}

}  // namespace stylemix::gui
