#include "gui/edit_tracker.h"

#include <imgui.h>

namespace stylemix::gui {

void EditTracker::track(const Panels& p, const std::shared_ptr<const ModelFacts>& model, bool editing) {
    const EditSnapshot now = captureEdits(p.sources, p.mixing, p.noise, p.lab);
    if (model != model_) {
        model_ = model;
        history_.reset(now);
        return;
    }
    history_.observe(now, editing);
}

void EditTracker::undo(Panels& p) {
    if (const auto snapshot = history_.undo()) applyEdits(*snapshot, p.sources, p.mixing, p.noise, p.lab);
}

void EditTracker::redo(Panels& p) {
    if (const auto snapshot = history_.redo()) applyEdits(*snapshot, p.sources, p.mixing, p.noise, p.lab);
}

void EditTracker::drawMenu(Panels& panels) {
    if (!ImGui::BeginMenu("Edit")) return;
    const EditSnapshot* settled = history_.settled();
    const auto label = [&](const char* verb, const EditSnapshot* target) {
        std::string text = verb;
        if (settled && target) text += " " + describeChange(*settled, *target);
        return text;
    };
    if (ImGui::MenuItem(label("Undo", history_.undoTarget()).c_str(), "Ctrl+Z", false, history_.canUndo())) undo(panels);
    if (ImGui::MenuItem(label("Redo", history_.redoTarget()).c_str(), "Ctrl+Shift+Z", false, history_.canRedo()))
        redo(panels);
    ImGui::EndMenu();
}

}  // namespace stylemix::gui
