// The App's layout: menu bar, sidebar panels, the grid / noise-lab tabs, the
// status bar and the dialogs. UI thread only.
#include "gui/app.h"

#include "gui/request_builder.h"
#include "gui/shortcuts.h"

#include <imgui.h>

#include <algorithm>

namespace stylemix::gui {

void App::handleShortcuts() {
    const Shortcuts keys = readShortcuts();
    if (keys.resample_noise) noise_.resample();
    if (keys.export_figure) export_.open_requested = true;
    if (keys.open_model) openModelBrowser();
}

void App::openModelBrowser() {
    open_model_section_ = true;
    browser_.openAt(facts_ ? facts_->path : model_panel_.path);
}

void App::drawUi(CanvasFrame& canvases) {
    handleShortcuts();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("StyleMix", nullptr, flags);
    drawMenuBar();

    const float status_h = ImGui::GetFrameHeightWithSpacing();
    const float sidebar_w = std::min(ImGui::GetFontSize() * 26, ImGui::GetContentRegionAvail().x * 0.45f);
    ImGui::BeginChild("sidebar", ImVec2(sidebar_w, -status_h), true);
    drawSidebar();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("main", ImVec2(0, -status_h), true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    drawMainArea(canvases);
    ImGui::EndChild();

    StatusInfo status;
    status.facts = facts_.get();
    status.worker = worker_->state();
    status.progress = worker_->progress();
    status.grid = grid_timings_;
    status.grid_wall_ms = grid_wall_ms_;
    status.lab_ms = lab_ms_;
    status.lab_samples = lab_done_ ? lab_done_->samples : 0;
    status.split_ms = split_ms_;
    status.message = export_.message;
    status.message_is_error = export_.message_is_error;
    status.ui_frames = frame_stats_.recent();
    drawStatusBar(status);
    ImGui::End();

    drawExportDialog(export_, exportSources());
    if (const auto path = drawFileBrowser(browser_)) {
        model_panel_.path = *path;
        requestLoad(LoadRequest{*path, model_panel_.device, model_panel_.precision});
    }
    drawErrorDialog();
}

void App::drawMenuBar() {
    if (!ImGui::BeginMenuBar()) return;
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Open model...", "Ctrl+O")) openModelBrowser();
        if (ImGui::BeginMenu("Recent models", !recent_.paths().empty())) {
            for (const std::string& path : recent_.paths())
                if (ImGui::MenuItem(path.c_str())) {
                    model_panel_.path = path;
                    requestLoad(LoadRequest{path, model_panel_.device, model_panel_.precision});
                }
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem("Export...", "Ctrl+S")) export_.open_requested = true;
        ImGui::Separator();
        if (ImGui::MenuItem("Quit")) quit_ = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        if (ImGui::MenuItem("Style mixing grid", nullptr, tab_ == Tab::Grid)) switch_tab_ = Tab::Grid;
        if (ImGui::MenuItem("Noise lab", nullptr, tab_ == Tab::Lab)) switch_tab_ = Tab::Lab;
        ImGui::Separator();
        ImGui::MenuItem("Grid labels", nullptr, &grid_view_.labels);
        ImGui::MenuItem("Nearest magnification", nullptr, &grid_view_.nearest);
        ImGui::MenuItem("Integer zoom", nullptr, &grid_view_.integer_zoom);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Noise")) {
        if (ImGui::MenuItem("Resample", "R")) noise_.resample();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        ImGui::TextUnformatted("R        resample noise (every w stays fixed)\n"
                               "Ctrl+S   export the grid / noise-lab figure / std-dev map\n"
                               "Ctrl+O   open a model (a file browser; or drop a file onto the window)\n\n"
                               "Hover a cell to see its seeds and which layers came from B;\n"
                               "click it to study its noise in the noise lab.");
        ImGui::EndMenu();
    }
    ImGui::EndMenuBar();
}

void App::drawSidebar() {
    const ModelFacts* facts = facts_.get();
    if (open_model_section_) {
        ImGui::SetNextItemOpen(true);
        open_model_section_ = false;
    }
    if (ImGui::CollapsingHeader("Model", ImGuiTreeNodeFlags_DefaultOpen)) {
        ModelPanelView view;
        view.facts = facts;
        view.loading = loading_;
        view.progress = worker_->progress();
        view.recent = &recent_.paths();
        if (auto request = drawModelPanel(model_panel_, view)) requestLoad(*request);
        if (model_panel_.browse_requested) {
            model_panel_.browse_requested = false;
            openModelBrowser();
        }
    }
    if (ImGui::CollapsingHeader("Style mixing", ImGuiTreeNodeFlags_DefaultOpen))
        drawMixingPanel(mixing_, sources_, facts);
    if (ImGui::CollapsingHeader("Sources", ImGuiTreeNodeFlags_DefaultOpen)) drawSourcesPanel(sources_, facts);
    if (ImGui::CollapsingHeader("Noise", ImGuiTreeNodeFlags_DefaultOpen)) drawNoisePanel(noise_, facts);
}

void App::drawMainArea(CanvasFrame& canvases) {
    if (!ImGui::BeginTabBar("views")) return;
    const auto tab = [&](const char* label, Tab which) {
        const ImGuiTabItemFlags flags = switch_tab_ == which ? ImGuiTabItemFlags_SetSelected : 0;
        const bool open = ImGui::BeginTabItem(label, nullptr, flags);
        if (open) tab_ = which;
        return open;
    };
    if (tab("Style mixing grid", Tab::Grid)) {
        GridViewInput in;
        in.facts = facts_.get();
        in.request = facts_ ? &grid_request_ : nullptr;
        in.selected = lab_.selection;
        in.rendering = mixInFlight() || loading_;
        in.progress = worker_->progress();
        in.dim = [this](const ImageKey& key) { return tileDim(key); };
        const GridViewEvents events = drawGridView(grid_view_, in, canvases);
        if (events.open_in_lab) {
            lab_.selection = *events.open_in_lab;
            switch_tab_ = Tab::Lab;
        }
        if (events.export_clicked) export_.open_requested = true;
        ImGui::EndTabItem();
    }
    if (tab("Noise lab", Tab::Lab)) {
        LabViewInput in;
        in.facts = facts_.get();
        in.result = lab_result_.realisations.empty() ? nullptr : &lab_result_;
        in.busy = labInFlight();
        in.progress = worker_->progress();
        in.subject_text = describeSubject(lab_.selection, grid_request_, facts_.get());
        drawNoiseLabView(lab_, in, canvases);
        ImGui::EndTabItem();
    }
    if (switch_tab_ && tab_ == *switch_tab_) switch_tab_.reset();
    ImGui::EndTabBar();
}

void App::drawErrorDialog() {
    if (errors_.empty()) return;
    if (!ImGui::IsPopupOpen("Error")) ImGui::OpenPopup("Error");
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 32, 0), ImGuiCond_Appearing);
    if (ImGui::BeginPopupModal("Error", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::PushTextWrapPos(0.f);
        ImGui::TextUnformatted(errors_.front().c_str());
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        if (ImGui::Button("OK", ImVec2(ImGui::GetFontSize() * 6, 0)) ||
            ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) {
            errors_.pop_front();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

}  // namespace stylemix::gui
