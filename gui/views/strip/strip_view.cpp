#include "gui/views/strip/strip_view.h"

#include "gui/views/strip/strip_slots.h"
#include "gui/widgets/disabled_reason.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace stylemix::gui {
namespace {

constexpr float kComboEm = 8.f, kStepsEm = 7.f;

// The arrow that opens and closes the strip, and its title.
void header(StripState& state) {
    if (ImGui::ArrowButton("##open", state.open ? ImGuiDir_Down : ImGuiDir_Right)) state.open = !state.open;
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Interpolation strip");
    if (ImGui::IsItemClicked()) state.open = !state.open;
}

// "From" / "To": any of the grid's sources, by label.
void endCombo(const char* label, StripEnd& end, const MixRequest& grid) {
    ImGui::SameLine();
    ImGui::TextUnformatted(label);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * kComboEm);
    ImGui::PushID(label);
    if (ImGui::BeginCombo("##end", stripEndLabel(end, grid).c_str())) {
        for (const StripEnd& choice : stripEndChoices(grid)) {
            if (ImGui::Selectable(stripEndLabel(choice, grid).c_str(), choice == end)) end = choice;
            if (choice == end) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    ImGui::PopID();
}

// Steps, the space (z greyed with the reason when an end has no single z), Export, the job's state.
void settings(StripState& state, StripViewState& view, const StripViewInput& in, bool new_line, StripViewEvents& events) {
    if (!new_line) ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("steps");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * kStepsEm);
    ImGui::SliderInt("##steps", &state.steps, StripState::kMinSteps, StripState::kMaxSteps, "%d", ImGuiSliderFlags_AlwaysClamp);
    const Source* from = stripEndSource(state.from, *in.grid);
    const Source* to = stripEndSource(state.to, *in.grid);
    const std::string z_blocked = from && to ? stripZBlocked(*from, *to) : std::string();
    const InterpolationSpace space = from && to ? stripSpace(state, *from, *to) : state.space;
    ImGui::SameLine(0, ImGui::GetFontSize());
    if (ImGui::RadioButton("w", space == InterpolationSpace::W)) state.space = InterpolationSpace::W;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Lerp between the two sources' ws (any kind of source).");
    ImGui::SameLine();
    ImGui::BeginDisabled(!z_blocked.empty());
    if (ImGui::RadioButton("z", space == InterpolationSpace::Z)) state.space = InterpolationSpace::Z;
    ImGui::EndDisabled();
    view.z_min = ImGui::GetItemRectMin();
    view.z_max = ImGui::GetItemRectMax();
    if (!disabledReason(!z_blocked.empty(), z_blocked.c_str()) && ImGui::IsItemHovered())
        ImGui::SetTooltip("Slerp between the two seeds' latents z, each frame mapped (and truncated) like a seed.");
    ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::BeginDisabled(!in.export_blocked.empty());
    if (ImGui::Button("Export...")) events.export_clicked = true;
    ImGui::EndDisabled();
    if (!disabledReason(!in.export_blocked.empty(), in.export_blocked.c_str()) && ImGui::IsItemHovered())
        ImGui::SetTooltip("The strip as PNG + recipe; `stylemix render` re-renders it.");
    ImGui::SameLine();
    if (!in.error.empty()) ImGui::TextColored(ImVec4(1.f, 0.45f, 0.4f, 1.f), "failed: %s", in.error.c_str());
    else if (in.rendering) ImGui::TextDisabled("rendering...");
}

void frameMenu(int& menu_frame, const StripViewInput& in, StripViewEvents& events) {
    if (!ImGui::BeginPopup("frame-menu")) return;
    const bool ok = in.complete && menu_frame >= 0 && menu_frame < in.frames;
    ImGui::TextDisabled("frame %d of %d, t = %.3g", menu_frame + 1, in.frames, stripFrameT(menu_frame, in.frames));
    ImGui::Separator();
    const auto item = [&](const char* text, FrameActionKind kind, const char* tip) {
        if (ImGui::MenuItem(text, nullptr, false, ok)) events.frame_action = FrameAction{kind, menu_frame};
        if (!disabledReason(!ok, "Wait until the strip has finished rendering.") && ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tip);
    };
    item("Use as row source (A)", FrameActionKind::UseAsRow, "Adds this frame's ws to the rows (A) as a W-array source.");
    item("Use as column source (B)", FrameActionKind::UseAsCol, "Adds this frame's ws to the columns (B) as a W-array source.");
    item("Save ws as .npz", FrameActionKind::SaveWs,
         "Writes stylemix-ws-NNN.npz into the export folder: this frame's ws, as NVIDIA's projector\n"
         "writes them; add it back with \"Add W file...\" or `--rows FILE`.");
    ImGui::EndPopup();
}

// The frames side by side, centred, with hover tooltips and right-click menus.
void frames(StripViewState& view, const StripViewInput& in, int n, float t, CanvasFrame& canvases, StripViewEvents& events) {
    const float gap = StripLayout::kGap;
    const float width = n * t + (n - 1) * gap;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.f, std::floor((ImGui::GetContentRegionAvail().x - width) / 2)));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    CanvasJob& job = canvases.image(StripSlot::Canvas, ImVec2(width, t));
    job.clear = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
    for (int i = 0; i < n; ++i) {
        const ImVec2 p0(i * (t + gap), 0), p1(p0.x + t, t);
        CanvasDraw d{PassKind::Tile, ImageKey{StripSlot::Frame, 0, i}, {}, p0, p1};
        d.nearest = true;
        d.dim = in.dim ? in.dim(i) : 0.f;
        if (i >= in.frames || !canvases.has(d.image)) {
            d.pass = PassKind::Fill;
            d.color = ImVec4(0.17f, 0.17f, 0.2f, 1.f);
        }
        job.draws.push_back(d);
    }
    if (ImGui::IsItemHovered()) {
        const int i = static_cast<int>((ImGui::GetIO().MousePos.x - origin.x) / (t + gap));
        if (i >= 0 && i < n) {
            const ImVec2 a(origin.x + i * (t + gap), origin.y);
            ImGui::GetWindowDrawList()->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(a.x + t + 1, a.y + t + 1),
                                                IM_COL32(255, 255, 255, 220), 0, 0, 1.5f);
            ImGui::SetTooltip("frame %d of %d, t = %.3g\nright-click: use it as a source, save its ws", i + 1, n,
                              stripFrameT(i, n));
            const ImGuiIO& io = ImGui::GetIO();
            if (ImGui::IsMouseReleased(ImGuiMouseButton_Right) &&
                io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Right] < io.MouseDragThreshold * io.MouseDragThreshold) {
                view.menu_frame = i;
                ImGui::OpenPopup("frame-menu");
            }
        }
    }
    frameMenu(view.menu_frame, in, events);
}

}  // namespace

StripLayout layoutStrip(ImVec2 avail, bool open, int steps, float line, float one_line) {
    StripLayout l;
    l.open = open;
    if (!open) {
        l.height = line;
        return l;
    }
    l.controls_lines = avail.x >= one_line ? 1 : 2;
    const float controls = l.controls_lines * line;
    const int n = std::clamp(steps, StripState::kMinSteps, StripState::kMaxSteps);
    const float fit_width = (avail.x - (n - 1) * StripLayout::kGap) / n;
    const float fit_height = avail.y * StripLayout::kFramesShare - controls;
    l.tile = std::floor(std::max(StripLayout::kMinTile, std::min(fit_width, fit_height)));
    l.height = controls + l.tile;
    return l;
}

float stripOneLineWidth() {
    const ImGuiStyle& style = ImGui::GetStyle();
    const auto text = [](const char* s) { return ImGui::CalcTextSize(s).x; };
    const float em = ImGui::GetFontSize(), frame = ImGui::GetFrameHeight();
    return frame + text("Interpolation strip") + text("From") + text("To") + 2 * kComboEm * em + text("steps") +
           kStepsEm * em + 2 * (frame + text("w")) + text("Export...") + 2 * style.FramePadding.x + text("rendering...") +
           3 * em + 12 * style.ItemSpacing.x;
}

StripViewEvents drawStripView(StripState& state, StripViewState& view, const StripViewInput& in, CanvasFrame& canvases) {
    StripViewEvents events;
    ImGui::PushID("strip");
    header(state);
    if (!in.facts || !in.grid || in.grid->rows.empty() || in.grid->cols.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled(in.facts ? "(no sources)" : "(no model)");
        ImGui::PopID();
        return events;
    }
    if (!state.open) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s to %s: open it, or right-click a source tile: \"Interpolate from here\"",
                            stripEndLabel(state.from, *in.grid).c_str(), stripEndLabel(state.to, *in.grid).c_str());
        ImGui::PopID();
        return events;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    endCombo("From", state.from, *in.grid);
    endCombo("To", state.to, *in.grid);
    const float one_line = stripOneLineWidth();
    settings(state, view, in, avail.x < one_line, events);
    // The frames fill what the controls leave (the tab sized the strip by layoutStrip), within the width.
    const int n = std::clamp(state.steps, StripState::kMinSteps, StripState::kMaxSteps);
    const float fit_width = (avail.x - (n - 1) * StripLayout::kGap) / n;
    const float tile = std::floor(std::max(StripLayout::kMinTile, std::min(ImGui::GetContentRegionAvail().y, fit_width)));
    frames(view, in, n, tile, canvases, events);
    ImGui::PopID();
    return events;
}

}  // namespace stylemix::gui
