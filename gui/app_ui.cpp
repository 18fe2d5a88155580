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
    files_.openModelBrowser(facts() ? facts()->path : session_->modelPanel().path, session_->recent().lastFolder());
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
    const bool grid_visible = tabs_.visible == GridTab::kId;
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
        ViewFrameAsks asks;
        for (const auto& view : host_.views()) {
            ViewFrame frame = viewFrame();
            view->prepare(frame);
            if (frame.show_view) tabs_.switch_to = frame.show_view;
            asks.add(frame);
        }
        applyViewAsks(asks);
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
    menu.visible_view = tabs_.visible;
    menu.grid = &host_.find<GridTab>()->state();
    menu.sidebar_open = &sidebar_.open;
    menu.edit_menu = [this] { edits_.drawMenu(panels_); };
    handleMenu(drawMenuBar(menu));

    const StatusInfo status = statusInfo();
    const float status_h = statusBarHeight(status, ImGui::GetContentRegionAvail().x) + ImGui::GetStyle().ItemSpacing.y;
    const ImRect sidebar = drawSidebarSplit(sidebar_, -status_h, [this] { drawSidebarPanels(); });
    ImGui::BeginChild("main", ImVec2(0, -status_h), true,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground);
    applyViewAsks(drawViewTabs(tabs_, host_, [this] { return viewFrame(); }, canvases));
    ImGui::EndChild();
    const ImRect main_area(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    const ImVec2 end(viewport->WorkPos.x + viewport->WorkSize.x, viewport->WorkPos.y + viewport->WorkSize.y);
    paintWindowGaps(ImRect(viewport->WorkPos, end), sidebar, main_area);
    drawStatusBar(status);
    ImGui::End();

    drawExportDialog(export_, exportSources());
    if (const auto side = std::exchange(panels_.sources.add_w_file_requested, std::nullopt)) files_.openWFileBrowser(*side);
    if (const auto chosen = files_.draw()) openFile(chosen->path, chosen->side);
    if (!files_.modelFolder().empty() && files_.modelFolder() != session_->recent().lastFolder())
        session_->recent().setLastFolder(files_.modelFolder());
    if (const auto restore = drawErrorDialog(errors_)) session_->restore(*restore);
}

// Frames, a wake-up at a time (playback) and errors the views asked for.
void App::applyViewAsks(const ViewFrameAsks& asks) {
    if (asks.busy) pacer_.keepBusy(3);
    if (asks.redraw_in_s > 0) pacer_.wakeWithin(asks.redraw_in_s);
    for (const std::string& error : asks.errors) showError({error, {}});
}

void App::handleMenu(const MenuBarChoice& choice) {
    if (choice.open_model) openModelBrowser();
    if (choice.open_recent) session_->load(*choice.open_recent);
    if (choice.export_figure) export_.open_requested = true;
    if (choice.quit) quit_ = true;
    if (choice.show_view) tabs_.switch_to = choice.show_view;
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
