#include "gui/views/strip/strip_view.h"

#include "gui/views/strip/strip_slots.h"
#include "gui/widgets/disabled_reason.h"
#include "gui/widgets/labels.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace stylemix::gui {
namespace {

constexpr float kComboEm = 9.f, kMinComboEm = 5.f, kStepsEm = 7.f;

// The arrow that opens and closes the strip, and its title.
void header(StripState& state) {
    if (ImGui::ArrowButton("##open", state.open ? ImGuiDir_Down : ImGuiDir_Right)) state.open = !state.open;
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Interpolation strip");
    if (ImGui::IsItemClicked()) state.open = !state.open;
}

// "From" / "To": any of the grid's sources, by label.
void endCombo(const char* label, StripEnd& end, const MixRequest& grid, float width) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(width);
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

// Starts the next group on this line (`below` false) or the next.
void place(bool below, float spacing) {
    if (!below) ImGui::SameLine(0, spacing);
}

// Steps, the space (z greyed with the reason when an end has no single z), Export, the job's state.
void settings(StripState& state, StripViewState& view, const StripViewInput& in, StripViewEvents& events) {
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
    if (!in.error.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(1.f, 0.45f, 0.4f, 1.f), "failed: %s", in.error.c_str());
    } else if (in.rendering) {
        ImGui::SameLine();
        ImGui::TextDisabled("rendering...");
    }
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

// The frames in rows, centred, with hover tooltips and right-click menus.
void frames(StripViewState& view, const StripViewInput& in, int n, const StripFrameGrid& grid, CanvasFrame& canvases,
            StripViewEvents& events) {
    const float t = grid.tile, gap = StripLayout::kGap;
    const ImVec2 size = grid.size();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.f, std::floor((ImGui::GetContentRegionAvail().x - size.x) / 2)));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    CanvasJob& job = canvases.image(StripSlot::Canvas, size);
    job.clear = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
    const auto at = [&](int i) { return ImVec2((i % grid.columns) * (t + gap), (i / grid.columns) * (t + gap)); };
    for (int i = 0; i < n; ++i) {
        const ImVec2 p0 = at(i), p1(p0.x + t, p0.y + t);
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
        const ImVec2 m(ImGui::GetIO().MousePos.x - origin.x, ImGui::GetIO().MousePos.y - origin.y);
        const int col = static_cast<int>(m.x / (t + gap)), row = static_cast<int>(m.y / (t + gap));
        const int i = col < grid.columns ? row * grid.columns + col : -1;
        if (i >= 0 && i < n) {
            const ImVec2 a(origin.x + at(i).x, origin.y + at(i).y);
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

StripControlWidths stripControlWidths() {
    const ImGuiStyle& style = ImGui::GetStyle();
    const auto text = [](const char* s) { return ImGui::CalcTextSize(s).x; };
    const float em = ImGui::GetFontSize(), frame = ImGui::GetFrameHeight(), gap = style.ItemSpacing.x;
    StripControlWidths w;
    w.header = frame + gap + text("Interpolation strip");
    w.ends = text("From") + text("To") + 2 * kMinComboEm * em + 3 * gap + em;
    w.settings = text("steps") + kStepsEm * em + 2 * (frame + style.ItemInnerSpacing.x) + text("w") + text("z") +
                 text("Export...") + 2 * style.FramePadding.x + 3 * gap + 2 * em;
    w.spacing = em;
    return w;
}

StripControlFlow flowStripControls(float width, const StripControlWidths& w) {
    StripControlFlow f;
    float used = w.header;
    f.ends_below = used + w.spacing + w.ends > width;
    used = f.ends_below ? w.ends : used + w.spacing + w.ends;
    f.settings_below = used + w.spacing + w.settings > width;
    f.lines = 1 + f.ends_below + f.settings_below;
    return f;
}

StripLayout layoutStrip(ImVec2 avail, bool open, int steps, float line, int controls_lines) {
    StripLayout l;
    l.open = open;
    if (!open) {
        l.height = line;
        return l;
    }
    l.controls_lines = controls_lines;
    const float controls = l.controls_lines * line;
    const int n = std::clamp(steps, StripState::kMinSteps, StripState::kMaxSteps);
    l.frames = fitStripFrames(ImVec2(avail.x, avail.y * StripLayout::kFramesShare - controls), n);
    l.height = controls + l.frames.size().y;
    return l;
}

ImVec2 StripFrameGrid::size() const {
    return ImVec2(columns * tile + (columns - 1) * StripLayout::kGap, rows * tile + (rows - 1) * StripLayout::kGap);
}

StripFrameGrid fitStripFrames(ImVec2 area, int frames) {
    StripFrameGrid best;
    best.columns = std::max(frames, 1);
    for (int rows = 1; rows <= std::max(frames, 1); ++rows) {   // rows as full as they can be
        const int columns = (frames + rows - 1) / rows;
        const float by_width = (area.x - (columns - 1) * StripLayout::kGap) / columns;
        const float by_height = (area.y - (rows - 1) * StripLayout::kGap) / rows;
        const float tile = std::floor(std::min(by_width, by_height));
        if (tile > best.tile) best = StripFrameGrid{columns, rows, tile};
    }
    best.tile = std::max(best.tile, StripLayout::kMinTile);
    return best;
}

StripViewEvents drawStripView(StripState& state, StripViewState& view, const StripViewInput& in, CanvasFrame& canvases) {
    StripViewEvents events;
    ImGui::PushID("strip");
    {   // A hairline above the strip parts it from the grid (it takes no room).
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, p.y), ImVec2(p.x + ImGui::GetContentRegionAvail().x, p.y),
                                            ImGui::GetColorU32(ImGuiCol_Separator));
    }
    header(state);
    if (!in.facts || !in.grid || in.grid->rows.empty() || in.grid->cols.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled(in.facts ? "(no sources)" : "(no model)");
        ImGui::PopID();
        return events;
    }
    if (!state.open) {
        ImGui::SameLine();
        const std::string hint = stripEndLabel(state.from, *in.grid) + " to " + stripEndLabel(state.to, *in.grid) +
                                 " (a source tile's right-click menu picks the ends)";
        const std::string shown = fitText(hint, ImGui::GetContentRegionAvail().x);
        ImGui::TextDisabled("%s", shown.c_str());
        if (shown != hint && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", hint.c_str());
        ImGui::PopID();
        return events;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const StripControlWidths widths = stripControlWidths();
    const StripControlFlow flow = flowStripControls(avail.x, widths);
    place(flow.ends_below, widths.spacing);
    // The combos share what the line has left, up to kComboEm each.
    const float em = ImGui::GetFontSize();
    const float narrowest = 2 * kMinComboEm * em;
    const float room = ImGui::GetContentRegionAvail().x - (widths.ends - narrowest) -
                       (flow.settings_below ? 0.f : widths.spacing + widths.settings);
    const float combo = std::floor(std::clamp(room / 2, kMinComboEm * em, kComboEm * em));
    endCombo("From", state.from, *in.grid, combo);
    ImGui::SameLine();
    endCombo("To", state.to, *in.grid, combo);
    place(flow.settings_below, widths.spacing);
    settings(state, view, in, events);
    // The frames fill what the controls leave (the tab sized the strip by layoutStrip), within the width.
    const int n = std::clamp(state.steps, StripState::kMinSteps, StripState::kMaxSteps);
    frames(view, in, n, fitStripFrames(ImVec2(avail.x, ImGui::GetContentRegionAvail().y), n), canvases, events);
    ImGui::PopID();
    return events;
}

}  // namespace stylemix::gui
