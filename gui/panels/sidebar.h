// The sidebar's sections, top to bottom: Model, Style mixing, Sources, Noise.
// It returns what it asks of the app (a model to load, the file browser).
#pragma once

#include "gui/panels/model_panel.h"
#include "gui/panels/panels.h"

#include <optional>
#include <string>
#include <vector>

namespace stylemix::gui {

struct SidebarInput {
    const ModelFacts* facts = nullptr;
    bool loading = false;
    float progress = 0.f;
    const std::vector<std::string>* recent = nullptr;
    bool open_model_section = false;   // unfold the Model section (Ctrl+O)
};

struct SidebarRequests {
    std::optional<LoadRequest> load;   // the Model section's Load
    bool browse = false;               // its Browse...
    bool paper_fig3 = false;           // Style mixing's "the paper's Fig. 3"
};

SidebarRequests drawSidebar(Panels& panels, ModelPanelState& model_panel, const SidebarInput& in);

}  // namespace stylemix::gui
