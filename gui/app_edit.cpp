// App: undo / redo (gui/undo_history.h over gui/edit_snapshot.h). A step is
// recorded once an edit settles: no widget active and no mouse button held,
// so a whole drag or a restored figure is one step. A new model starts a new
// history (its seeds, classes and layers may not fit the old steps).
#include "gui/app.h"

#include <imgui.h>

namespace stylemix::gui {

void App::trackEdits() {
    const EditSnapshot now = captureEdits(sources_, mixing_, noise_, lab_);
    if (facts_ != edits_model_) {
        edits_model_ = facts_;
        edits_.reset(now);
        return;
    }
    const bool editing = ImGui::IsAnyItemActive() || ImGui::IsAnyMouseDown();
    edits_.observe(now, editing);
}

void App::undoEdit() {
    if (const auto snapshot = edits_.undo()) applyEdits(*snapshot, sources_, mixing_, noise_, lab_);
}

void App::redoEdit() {
    if (const auto snapshot = edits_.redo()) applyEdits(*snapshot, sources_, mixing_, noise_, lab_);
}

void App::drawEditMenu() {
    if (!ImGui::BeginMenu("Edit")) return;
    const EditSnapshot* settled = edits_.settled();
    const auto label = [&](const char* verb, const EditSnapshot* target) {
        std::string text = verb;
        if (settled && target) text += " " + describeChange(*settled, *target);
        return text;
    };
    if (ImGui::MenuItem(label("Undo", edits_.undoTarget()).c_str(), "Ctrl+Z", false, edits_.canUndo())) undoEdit();
    if (ImGui::MenuItem(label("Redo", edits_.redoTarget()).c_str(), "Ctrl+Shift+Z", false, edits_.canRedo()))
        redoEdit();
    ImGui::EndMenu();
}

}  // namespace stylemix::gui
