// The App's layout: menu bar, sidebar panels, the views' tabs, the status bar
// and the dialogs. UI thread only.
#include "gui/app.h"

#include "gui/file_sniff.h"
#include "gui/panels/sidebar.h"
#include "gui/shortcuts.h"
#include "gui/source_drop.h"
#include "gui/views/grid/grid_tab.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cmath>
#include <filesystem>

namespace stylemix::gui {

void App::handleShortcuts() {
    const Shortcuts keys = readShortcuts(frame_keys_, ImGui::GetIO().WantTextInput);
    if (keys.undo) edits_.undo(panels_);
    if (keys.redo) edits_.redo(panels_);
    if (keys.resample_noise) panels_.noise.resample();
    if (keys.export_figure) export_.open_requested = true;
    if (keys.open_model) openModelBrowser();
    if (keys.toggle_sidebar) sidebar_.open = !sidebar_.open;
}

void App::openModelBrowser() {
    open_model_section_ = true;
    browser_.openAt(facts() ? facts()->path : session_->modelPanel().path);
    // The folder the browser showed last (this session or an earlier one) wins.
    std::error_code ec;
    const std::string& last = session_->recent().lastFolder();
    if (!last.empty() && last != browser_.dir && std::filesystem::is_directory(last, ec)) browser_.go(last);
}

void App::openWFileBrowser(SourceSide side) {
    w_browser_side_ = side;
    w_browser_.title = side == SourceSide::Rows ? "Add W file to the rows (A)" : "Add W file to the columns (B)";
    w_browser_.extensions = {".npy", ".npz"};
    std::error_code ec;
    if (w_browser_.dir.empty() || !std::filesystem::is_directory(w_browser_.dir, ec))
        w_browser_.go(std::filesystem::current_path(ec).string());
    else
        w_browser_.go(w_browser_.dir);   // listed afresh: files may have appeared
    w_browser_.open_requested = true;
}

void App::openFile(const std::string& path, SourceSide side) {
    if (!isWFile(sniffFile(path).kind)) {
        session_->open(path);
        return;
    }
    const WFileAdded added = addWFileSource(panels_.sources, side, path, facts());
    export_.message = added.message;
    export_.message_is_error = !added.ok;
}

void App::dropped(const std::string& path) {
    double x = 0, y = 0;
    glfwGetCursorPos(window_->handle(), &x, &y);   // where the drop landed (window coordinates)
    const bool grid_visible = visible_view_ == GridTab::kId;
    openFile(path, dropSide(host_.find<GridTab>()->state(), ImVec2(static_cast<float>(x), static_cast<float>(y)), grid_visible));
}

ViewFrame App::viewFrame() {
    ViewFrame frame{panels_, export_, textures_};
    frame.facts = facts();
    frame.loading = host_.loading();
    frame.progress = host_.worker().progress();
    return frame;
}

void App::drawUi(CanvasFrame& canvases) {
    handleShortcuts();
    {   // Before the panels draw, so they fit themselves to what the views applied within this frame.
        ViewFrame frame = viewFrame();
        for (const auto& view : host_.views()) view->prepare(frame);
        if (frame.show_view) switch_view_ = frame.show_view;
    }
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground;
    ImGui::Begin("StyleMix", nullptr, flags);   // no background: see sidebar_split.h
    MenuBarInput menu;
    menu.recent = &session_->recent().paths();
    for (const auto& view : host_.views())
        if (!view->dockedUnder()) menu.views.emplace_back(view->id(), view->title());
    menu.visible_view = visible_view_;
    menu.grid = &host_.find<GridTab>()->state();
    menu.sidebar_open = &sidebar_.open;
    menu.edit_menu = [this] { edits_.drawMenu(panels_); };
    handleMenu(drawMenuBar(menu));

    const StatusInfo status = statusInfo();
    const float status_h = statusBarHeight(status, ImGui::GetContentRegionAvail().x) + ImGui::GetStyle().ItemSpacing.y;
    const ImRect sidebar = drawSidebarSplit(sidebar_, -status_h, [this] { drawSidebarPanels(); });
    ImGui::BeginChild("main", ImVec2(0, -status_h), true,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground);
    drawMainArea(canvases);
    ImGui::EndChild();
    const ImRect main_area(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    const ImVec2 end(viewport->WorkPos.x + viewport->WorkSize.x, viewport->WorkPos.y + viewport->WorkSize.y);
    paintWindowGaps(ImRect(viewport->WorkPos, end), sidebar, main_area);
    drawStatusBar(status);
    ImGui::End();

    drawExportDialog(export_, exportSources());
    if (const auto path = drawFileBrowser(browser_)) openFile(*path, SourceSide::Rows);
    if (const auto side = std::exchange(panels_.sources.add_w_file_requested, std::nullopt)) openWFileBrowser(*side);
    if (const auto path = drawFileBrowser(w_browser_)) openFile(*path, w_browser_side_);
    if (!browser_.dir.empty() && browser_.dir != session_->recent().lastFolder())
        session_->recent().setLastFolder(browser_.dir);
    if (const auto restore = drawErrorDialog(errors_)) session_->restore(*restore);
}

void App::handleMenu(const MenuBarChoice& choice) {
    if (choice.open_model) openModelBrowser();
    if (choice.open_recent) session_->load(*choice.open_recent);
    if (choice.export_figure) export_.open_requested = true;
    if (choice.quit) quit_ = true;
    if (choice.show_view) switch_view_ = choice.show_view;
    if (choice.resample_noise) panels_.noise.resample();
}

void App::drawSidebarPanels() {
    SidebarInput in;
    in.facts = facts();
    in.loading = host_.loading();
    in.progress = host_.worker().progress();
    in.recent = &session_->recent().paths();
    in.open_model_section = std::exchange(open_model_section_, false);
    const SidebarRequests asked = drawSidebar(panels_, session_->modelPanel(), in);
    if (asked.load) session_->load(*asked.load);
    if (asked.browse) openModelBrowser();
    if (asked.paper_fig3) session_->applyPaperFig3();
}

// One tab per view (views docked under another are drawn below it, in its
// tab); only the visible tab's views draw (and ask the worker for anything).
void App::drawMainArea(CanvasFrame& canvases) {
    if (!ImGui::BeginTabBar("views")) return;
    if (switch_view_) switch_view_ = host_.tabOf(*switch_view_);
    for (const auto& view : host_.views()) {
        if (view->dockedUnder()) continue;
        const ImGuiTabItemFlags flags = switch_view_ == view->id() ? ImGuiTabItemFlags_SetSelected : 0;
        if (!ImGui::BeginTabItem(view->title(), nullptr, flags)) continue;
        visible_view_ = view->id();
        drawTab(host_.tabViews(view->id()), canvases);
        ImGui::EndTabItem();
    }
    if (switch_view_ && visible_view_ == *switch_view_) switch_view_.reset();
    ImGui::EndTabBar();
}

// The tab's view, then each view docked under it in a child of the height it asks.
void App::drawTab(const std::vector<View*>& views, CanvasFrame& canvases) {
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    std::vector<float> heights;
    float docked = 0;
    for (std::size_t i = 1; i < views.size(); ++i) {
        heights.push_back(std::floor(views[i]->dockHeight(viewFrame(), avail)));
        docked += heights.back() + ImGui::GetStyle().ItemSpacing.y;
    }
    for (std::size_t i = 0; i < views.size(); ++i) {
        const bool child = views.size() > 1;
        if (child) ImGui::BeginChild(views[i]->id(), ImVec2(0, i == 0 ? -docked : heights[i - 1]), false, flags);
        ViewFrame frame = viewFrame();
        views[i]->draw(frame, canvases);
        if (child) ImGui::EndChild();
        if (frame.show_view) switch_view_ = host_.tabOf(*frame.show_view);
        if (frame.busy) pacer_.keepBusy(3);
    }
}

StatusInfo App::statusInfo() const {
    StatusInfo status;
    status.facts = facts();
    status.worker = host_.worker().state();
    status.progress = host_.worker().progress();
    for (const auto& view : host_.views()) view->addStatus(status);
    status.message = export_.message;
    status.message_is_error = export_.message_is_error;
    status.ui_frames = frame_stats_.recent();
    return status;
}

}  // namespace stylemix::gui
