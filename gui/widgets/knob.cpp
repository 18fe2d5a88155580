#include "gui/widgets/knob.h"

#include "gui/widgets/labels.h"

#include <imgui.h>
#include <imgui_internal.h>   // SetItemUsingMouseWheel

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace stylemix::gui {

float knobToValue(float t, float max) {
    t = std::clamp(t, 0.f, 1.f);
    if (t <= 0.5f) return 2.f * t;
    return std::pow(max, (t - 0.5f) * 2.f);
}

float valueToKnob(float value, float max) {
    if (value <= 1.f) return std::max(value, 0.f) * 0.5f;
    return std::clamp(0.5f + 0.5f * std::log(value) / std::log(max), 0.5f, 1.f);
}

float knobWidth() {
    const float radius = std::round(ImGui::GetTextLineHeight() * 1.15f);
    return std::max(radius * 2 + 8, ImGui::CalcTextSize("-0.00000").x + 4);
}

bool Knob(const char* id, float* value, float max, float reset_value, const char* caption, const char* note,
          const char* tooltip) {
    ImGui::PushID(id);
    const float line = ImGui::GetTextLineHeight();
    const float radius = std::round(line * 1.15f);
    const float width = knobWidth();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##knob", ImVec2(width, radius * 2 + line * (note ? 3 : 2) + 6));
    const bool hovered = ImGui::IsItemHovered();
    const ImGuiIO& io = ImGui::GetIO();

    bool changed = false;
    float t = valueToKnob(*value, max);
    const float speed = io.KeyShift ? 0.0015f : 0.006f;
    // Only movement after the press turns it: the press frame's delta is the
    // pointer's travel before the press (a jump from a remote desktop or a tablet).
    if (ImGui::IsItemActive() && !ImGui::IsItemActivated() && io.MouseDelta.y != 0.f) {
        t = std::clamp(t - io.MouseDelta.y * speed, 0.f, 1.f);
        changed = true;
    }
    // The wheel scrolls the panel; the knob takes it only while held or with
    // Ctrl down, and then keeps ImGui from also scrolling the window.
    const bool takes_wheel = (hovered || ImGui::IsItemActive()) && (ImGui::IsItemActive() || io.KeyCtrl);
    if (takes_wheel) ImGui::SetItemUsingMouseWheel();
    if (takes_wheel && io.MouseWheel != 0.f) {
        t = std::clamp(t + io.MouseWheel * speed * 5.f, 0.f, 1.f);
        changed = true;
    }
    if (changed) {
        // Snap to the meaningful values when passing close to them.
        float v = knobToValue(t, max);
        if (std::fabs(v - 1.f) < 0.03f) v = 1.f;
        if (v < 0.01f) v = 0.f;
        *value = v;
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        *value = reset_value;
        changed = true;
    }

    // Caption, dial with an arc from 0 to the value, pointer, then the value.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    // Caption and note are elided to the knob's width, so neighbours never run together.
    const std::string cap_text = fitText(caption, width);
    const ImVec2 cap = ImGui::CalcTextSize(cap_text.c_str());
    draw->AddText(ImVec2(origin.x + (width - cap.x) * 0.5f, origin.y), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                  cap_text.c_str());
    const ImVec2 c(origin.x + width * 0.5f, origin.y + line + 3 + radius);
    const float a_min = 3.14159265f * 0.75f, a_max = 3.14159265f * 2.25f;
    const float angle = a_min + (a_max - a_min) * valueToKnob(*value, max);
    const bool active = ImGui::IsItemActive();
    draw->AddCircleFilled(c, radius, ImGui::GetColorU32(active ? ImGuiCol_FrameBgActive
                                                               : hovered ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg),
                          24);
    draw->PathArcTo(c, radius - 2.f, a_min, a_max, 24);
    draw->PathStroke(ImGui::GetColorU32(ImGuiCol_Border), 0, 2.f);
    if (*value > 0.f) {
        draw->PathArcTo(c, radius - 2.f, a_min, angle, 24);
        draw->PathStroke(ImGui::GetColorU32(ImGuiCol_SliderGrabActive), 0, 3.f);
    }
    draw->AddLine(c, ImVec2(c.x + std::cos(angle) * (radius - 4), c.y + std::sin(angle) * (radius - 4)),
                  ImGui::GetColorU32(ImGuiCol_Text), 2.f);
    char text[32];
    std::snprintf(text, sizeof text, *value == 0.f ? "off" : "x%.2f", *value);
    const ImVec2 ts = ImGui::CalcTextSize(text);
    draw->AddText(ImVec2(origin.x + (width - ts.x) * 0.5f, c.y + radius + 2),
                  ImGui::GetColorU32(*value == 0.f ? ImGuiCol_TextDisabled : ImGuiCol_Text), text);
    std::string note_text = note ? fitText(note, width) : std::string();
    if (note) {
        const ImVec2 ns = ImGui::CalcTextSize(note_text.c_str());
        draw->AddText(ImVec2(origin.x + (width - ns.x) * 0.5f, c.y + radius + 2 + line),
                      ImGui::GetColorU32(ImGuiCol_TextDisabled), note_text.c_str());
    }
    const bool shortened = cap_text != caption || (note && note_text != note);
    if (hovered && tooltip) ImGui::SetTooltip("%s", tooltip);
    else if (hovered && shortened) ImGui::SetTooltip("%s%s%s", caption, note ? "\n" : "", note ? note : "");
    ImGui::PopID();
    return changed;
}

}  // namespace stylemix::gui
