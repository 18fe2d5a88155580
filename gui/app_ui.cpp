// The App's layout: menu bar, sidebar panels, the grid / noise-lab tabs, the
// status bar and the dialogs. UI thread only.
#include "gui/app.h"

#include "gui/widgets/labels.h"
#include "gui/request_builder.h"
#include "gui/shortcuts.h"

#include <imgui.h>

#include <algorithm>
#include <filesystem>

namespace stylemix::gui {

void App::handleShortcuts() {
    const Shortcuts keys = readShortcuts(frame_keys_, ImGui::GetIO().WantTextInput);
    if (keys.undo) undoEdit();
    if (keys.redo) redoEdit();
    if (keys.resample_noise) noise_.resample();
    if (keys.export_figure) export_.open_requested = true;
    if (keys.open_model) openModelBrowser();
    if (keys.toggle_sidebar) sidebar_open_ = !sidebar_open_;
}

void App::openModelBrowser() {
    open_model_section_ = true;
    browser_.openAt(facts_ ? facts_->path : model_panel_.path);
    // The folder the browser showed last (this session or an earlier one) wins.
    std::error_code ec;
    const std::string& last = recent_.lastFolder();
    if (!last.empty() && last != browser_.dir && std::filesystem::is_directory(last, ec)) browser_.go(last);
}

void App::rememberBrowserFolder() {
    if (!browser_.dir.empty() && browser_.dir != recent_.lastFolder()) recent_.setLastFolder(browser_.dir);
}

void App::drawUi(CanvasFrame& canvases) {
    handleShortcuts();
    // Before the panels draw, so they fit themselves to it (the crossover's
    // per-row list follows the row count) within this frame, and undo records
    // one step for it.
    if (grid_view_.tile_action) {
        applyTileAction(*grid_view_.tile_action);
        grid_view_.tile_action.reset();
    }
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground;
    // Software GL pays for every filled pixel, so nothing is filled twice:
    // frame() clears to ChildBg, the window and its panels draw no background,
    // and paintWindowGaps() gives the strips between the panels WindowBg.
    ImGui::Begin("StyleMix", nullptr, flags);
    drawMenuBar();

    const StatusInfo status = statusInfo();
    const float status_h = statusBarHeight(status, ImGui::GetContentRegionAvail().x) + ImGui::GetStyle().ItemSpacing.y;
    const ImRect sidebar = drawSidebarSplitter(-status_h);
    ImGui::BeginChild("main", ImVec2(0, -status_h), true,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground);
    drawMainArea(canvases);
    ImGui::EndChild();
    const ImRect main_area(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    paintWindowGaps(ImRect(viewport->WorkPos, ImVec2(viewport->WorkPos.x + viewport->WorkSize.x,
                                                     viewport->WorkPos.y + viewport->WorkSize.y)),
                    sidebar, main_area);
    drawStatusBar(status);
    ImGui::End();

    drawExportDialog(export_, exportSources());
    if (const auto path = drawFileBrowser(browser_)) openPath(*path);
    rememberBrowserFolder();
    drawErrorDialog();
}

// The sidebar, then a splitter bar: drag it to resize the sidebar, double-click
// it (or F9, or the menu bar's button) to collapse or bring it back.
// Returns the sidebar's rectangle (empty while it is hidden).
ImRect App::drawSidebarSplitter(float height) {
    const float avail = ImGui::GetContentRegionAvail().x;
    const float em = ImGui::GetFontSize();
    const float splitter = std::max(std::round(em * 0.45f), 5.f);
    const float min_w = em * 12, min_main = em * 10;
    if (sidebar_w_ <= 0) sidebar_w_ = std::min(em * 26, avail * 0.4f);
    ImRect sidebar;
    if (sidebar_open_) {
        sidebar_w_ = std::clamp(sidebar_w_, std::min(min_w, avail * 0.5f), std::max(avail - min_main - splitter, min_w));
        ImGui::BeginChild("sidebar", ImVec2(sidebar_w_, height), true, ImGuiWindowFlags_NoBackground);
        drawSidebar();
        ImGui::EndChild();
        sidebar = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        ImGui::SameLine(0, 0);
    }
    ImGui::InvisibleButton("##splitter", ImVec2(splitter, ImGui::GetContentRegionAvail().y + height));
    const bool hot = ImGui::IsItemHovered() || ImGui::IsItemActive();
    if (hot) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    if (ImGui::IsItemActive() && sidebar_open_) sidebar_w_ += ImGui::GetIO().MouseDelta.x;
    if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) sidebar_open_ = !sidebar_open_;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(sidebar_open_ ? "drag: resize the sidebar; double-click or F9: hide it"
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
void App::paintWindowGaps(const ImRect& window, const ImRect& sidebar, const ImRect& main_area) {
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

StatusInfo App::statusInfo() const {
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
    return status;
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
    drawEditMenu();
    if (ImGui::BeginMenu("View")) {
        if (ImGui::MenuItem("Style mixing grid", nullptr, tab_ == Tab::Grid)) switch_tab_ = Tab::Grid;
        if (ImGui::MenuItem("Noise lab", nullptr, tab_ == Tab::Lab)) switch_tab_ = Tab::Lab;
        ImGui::Separator();
        ImGui::MenuItem("Grid labels", nullptr, &grid_view_.labels);
        ImGui::MenuItem("Nearest magnification", nullptr, &grid_view_.nearest);
        ImGui::MenuItem("Integer zoom", nullptr, &grid_view_.integer_zoom);
        ImGui::Separator();
        ImGui::MenuItem("Sidebar", "F9", &sidebar_open_);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Noise")) {
        if (ImGui::MenuItem("Resample", "R")) noise_.resample();
        ImGui::EndMenu();
    }
    if (ImGui::SmallButton(sidebar_open_ ? "<< sidebar" : ">> sidebar")) sidebar_open_ = !sidebar_open_;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Hide or show the sidebar (F9); drag its edge to resize it");
    if (ImGui::BeginMenu("Help")) {
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
    if (mixing_.paper_fig3_requested) {
        mixing_.paper_fig3_requested = false;
        applyPaperFig3();
    }
    if (ImGui::CollapsingHeader("Sources", ImGuiTreeNodeFlags_DefaultOpen)) drawSourcesPanel(sources_, facts);
    if (ImGui::CollapsingHeader("Noise", ImGuiTreeNodeFlags_DefaultOpen)) drawNoisePanel(noise_, facts);
}

std::string App::tileSaveBlocked() const {
    if (!facts_) return "No model loaded.";
    if (!mix_done_ || *mix_done_ != grid_request_ || mix_complete_request_ != grid_request_)
        return "Wait until the grid has finished rendering: the saved pixels and recipe must match.";
    return {};
}

// Applies a tile menu entry to the panels' state; the grid is re-requested
// from that state next frame, and undo tracks the change like any edit.
void App::applyTileAction(const TileAction& action) {
    switch (action.kind) {
    case TileActionKind::AddAsRow:
    case TileActionKind::AddAsCol: {
        const bool as_row = action.kind == TileActionKind::AddAsRow;
        const auto source = tileSourceFor(action.kind, action.tile, grid_request_);
        const std::string error = applyTileSource(sources_, action, grid_request_);
        export_.message = !error.empty() ? error
                          : as_row      ? "added " + sourceLabel("A", *source) + " as a new row source"
                                        : "added " + sourceLabel("B", *source) + " as a new column source";
        export_.message_is_error = !error.empty();
        break;
    }
    case TileActionKind::OpenInLab:
        lab_.selection = action.tile;
        switch_tab_ = Tab::Lab;
        break;
    case TileActionKind::CopySeeds: {
        const std::string text = tileSeedsText(action.tile, grid_request_);
        ImGui::SetClipboardText(text.c_str());
        export_.message = "copied \"" + text + "\" to the clipboard";
        export_.message_is_error = false;
        break;
    }
    case TileActionKind::SaveImage: {
        const std::string blocked = tileSaveBlocked();
        const auto recipe = blocked.empty() ? tileRecipe(action.tile, mix_complete_request_, *facts_) : std::nullopt;
        const Image* image = recipe ? tileImage(action.tile, mix_complete_) : nullptr;
        if (!image) {
            export_.message = blocked.empty() ? "that tile is no longer in the grid" : blocked;
            export_.message_is_error = true;
            break;
        }
        const std::string dir = export_.path.empty() ? std::string() : std::filesystem::path(export_.path).parent_path().string();
        startTileExport(export_, suggestTilePath(dir), *image, *recipe);
        break;
    }
    }
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
        in.save_tile_blocked = tileSaveBlocked();
        const GridViewEvents events = drawGridView(grid_view_, in, canvases);
        if (events.open_in_lab) {
            lab_.selection = *events.open_in_lab;
            switch_tab_ = Tab::Lab;
        }
        if (grid_view_.tile_action) busy_frames_ = 3;   // applied at the start of the next frame (drawUi)
        if (events.export_clicked) export_.open_requested = true;
        ImGui::EndTabItem();
    }
    if (tab("Noise lab", Tab::Lab)) {
        LabViewInput in;
        in.facts = facts_.get();
        in.result = lab_result_.realisations.empty() ? nullptr : &lab_result_;
        in.result_samples = lab_result_.samples;
        in.refining = lab_partial_ && lab_partial_generation_ == submitted_generation_ && labInFlight();
        in.busy = labInFlight();
        in.stale = submitted_.lab && !(lab_done_ == submitted_.lab);
        in.computing_samples = submitted_.lab ? submitted_.lab->samples : 0;
        in.cancelled = cancelled_lab_.has_value();
        if (lab_.difference_gain != uploaded_difference_gain_ && !lab_result_.realisations.empty()) uploadDifferences();
        in.progress = worker_->progress();
        in.subject_text = describeSubject(lab_.selection, grid_request_, facts_.get());
        drawNoiseLabView(lab_, in, canvases);
        if (lab_.cancel_requested && last_desired_ && last_desired_->lab) cancelled_lab_ = last_desired_->lab;
        if (lab_.recompute_requested) cancelled_lab_.reset();
        if (lab_.cancel_requested || lab_.recompute_requested) last_desired_.reset();   // resubmit without / with the lab
        lab_.cancel_requested = lab_.recompute_requested = false;
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
        ImGui::TextUnformatted(errors_.front().text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        const std::string restore = errors_.front().restore_path;
        bool close = false;
        if (!restore.empty() && ImGui::Button("Restore it", ImVec2(ImGui::GetFontSize() * 8, 0))) {
            close = true;
            restoreFrom(restore);
        }
        if (!restore.empty()) ImGui::SameLine();
        if (ImGui::Button(restore.empty() ? "OK" : "Cancel", ImVec2(ImGui::GetFontSize() * 6, 0)) ||
            ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)))
            close = true;
        if (close) {
            errors_.pop_front();   // restoreFrom only ever appends
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

}  // namespace stylemix::gui
