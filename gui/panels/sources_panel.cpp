#include "gui/panels/sources_panel.h"

#include "gui/widgets/disabled_reason.h"
#include "gui/widgets/labels.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace stylemix::gui {

namespace {

// An error or notice in full: wrapped at the panel's edge, never clipped.
void wrappedText(const std::string& text, const ImVec4& color) {
    if (text.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

const ImVec4 kErrorColor(1.f, 0.45f, 0.4f, 1.f);
const ImVec4 kNoticeColor(1.f, 0.8f, 0.35f, 1.f);

// A committed edit: Enter, or focus leaving the field after a change.
bool committed() { return ImGui::IsItemDeactivatedAfterEdit(); }

// The title with Randomise, then the SPEC field (a draft until committed).
void drawSpecField(const char* title, SeedList& list, std::mt19937_64& rng, const ModelFacts* facts) {
    const float right_edge = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
    ImGui::TextUnformatted(title);
    ImGui::SameLine(right_edge - ImGui::CalcTextSize("Randomise").x - ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::SmallButton("Randomise")) randomiseSeeds(list, rng);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("New random seeds for this list's seeds and positions (classes kept; W files stay)");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##spec", "SPEC, e.g. 1,5-8,12.25:0.5,face.npy", &list.spec);
    if (committed()) setSpec(list, std::string(list.spec), facts);   // a copy: setSpec rewrites list.spec
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Seeds (85), ranges (5-8), latent positions x:y (12.25:0.5) and W files\n"
                          "(face.npy; face.npz[2] for one of its ws), comma-separated.\n"
                          "Enter or click away to apply; an invalid SPEC changes nothing");
    wrappedText(list.error, kErrorColor);
}

// A small square to drag: returns how far the mouse moved over it this frame
// (0 when not dragged). Drawn as a crosshair; brighter while hovered or held.
ImVec2 positionPad(float size) {
    ImGui::InvisibleButton("pad", ImVec2(size, size));
    const bool active = ImGui::IsItemActive(), hovered = ImGui::IsItemHovered();
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 frame = ImGui::GetColorU32(active ? ImGuiCol_FrameBgActive : hovered ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg);
    const ImU32 line = ImGui::GetColorU32(active || hovered ? ImGuiCol_Text : ImGuiCol_TextDisabled);
    const ImVec2 c((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
    draw->AddRectFilled(a, b, frame, 2.f);
    draw->AddLine(ImVec2(c.x, a.y + 3), ImVec2(c.x, b.y - 3), line);
    draw->AddLine(ImVec2(a.x + 3, c.y), ImVec2(b.x - 3, c.y), line);
    if (hovered || active)
        ImGui::SetTooltip("Drag to move this source on the latent plane (right: x, down: y; 100 px per unit).\n"
                          "A seed N becomes the position N:0. In the grid: drag its tile, or hover it\n"
                          "and press the arrow keys (0.01; Shift: 0.1).");
    return active ? ImGui::GetIO().MouseDelta : ImVec2(0, 0);
}

// The source column of one row: a seed's number, a position's x and y, a W file's name.
void drawSourceField(SeedList& list, int i) {
    Source& s = list.items[i];
    ImGui::SetNextItemWidth(-1);
    if (s.kind == Source::Kind::Seed) {
        std::uint64_t seed = s.seed;
        if (ImGui::InputScalar("##seed", ImGuiDataType_U64, &seed, nullptr, nullptr, "%llu")) {
            s.seed = std::min<std::uint64_t>(seed, 4294967295ull);
            list.syncSpec();
        }
    } else if (s.kind == Source::Kind::Position) {
        double xy[2] = {s.x, s.y};
        if (ImGui::DragScalarN("##xy", ImGuiDataType_Double, xy, 2, 0.01f, nullptr, nullptr, "%.2f"))
            moveSourceTo(list, i, xy[0], xy[1]);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Latent position %s (x, y): drag, or Ctrl+click to type", sourceShortText(s).c_str());
    } else {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(fitText(sourceShortText(s), ImGui::GetContentRegionAvail().x).c_str());
        if (ImGui::IsItemHovered()) {
            const WArray& w = *s.ws_array;
            ImGui::SetTooltip("W array %s\nfrom %s%s\n[%d, %d], used as it is (never truncated)", sourceShortText(s).c_str(),
                              w.origin.path.empty() ? "memory" : w.origin.path.c_str(),
                              w.origin.count > 1 ? (" (w " + std::to_string(w.origin.index) + " of " +
                                                    std::to_string(w.origin.count) + ")").c_str()
                                                 : "",
                              w.num_ws, w.w_dim);
        }
    }
}

// The reorder and remove buttons of row i of n; sets move_from/to or remove.
void drawRowActions(int i, int n, int& move_from, int& move_to, int& remove) {
    ImGui::BeginDisabled(i == 0);
    if (ImGui::ArrowButton("up", ImGuiDir_Up)) move_from = i, move_to = i - 1;
    ImGui::EndDisabled();
    disabledReason(i == 0, "Already the first source.");
    ImGui::SameLine(0, 2);
    ImGui::BeginDisabled(i == n - 1);
    if (ImGui::ArrowButton("down", ImGuiDir_Down)) move_from = i, move_to = i + 1;
    ImGui::EndDisabled();
    disabledReason(i == n - 1, "Already the last source.");
    ImGui::SameLine(0, 2);
    ImGui::BeginDisabled(n <= 1);
    if (ImGui::Button("x")) remove = i;
    ImGui::EndDisabled();
    disabledReason(n <= 1, "A list keeps at least one source: add another before removing this one.");
}

// A row per source: index, source, position pad, class (conditional models), reorder, remove.
void drawSeedTable(SeedList& list, int c_dim) {
    const ImGuiTableFlags flags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg;
    if (!ImGui::BeginTable("seeds", c_dim > 0 ? 5 : 4, flags)) return;
    ImGui::TableSetupColumn("#");
    ImGui::TableSetupColumn("source", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("pad");
    if (c_dim > 0) ImGui::TableSetupColumn("class");
    ImGui::TableSetupColumn("actions");
    int move_from = -1, move_to = -1, remove = -1;
    const int n = static_cast<int>(list.items.size());
    for (int i = 0; i < n; ++i) {
        ImGui::PushID(i);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%d", i);
        ImGui::TableNextColumn();
        drawSourceField(list, i);
        ImGui::TableNextColumn();
        if (sourcePosition(list.items[i])) {
            const ImVec2 d = positionPad(ImGui::GetFrameHeight());
            if (d.x != 0 || d.y != 0) nudgeSource(list, i, d.x / kPixelsPerUnit, d.y / kPixelsPerUnit);
        } else {
            ImGui::Dummy(ImVec2(ImGui::GetFrameHeight(), ImGui::GetFrameHeight()));
        }
        if (c_dim > 0) {
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
            if (list.items[i].kind == Source::Kind::Ws) {
                ImGui::AlignTextToFramePadding();
                ImGui::TextDisabled("-");
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("A W array has no class: its ws are used as they are.");
            } else {
                int cls = effectiveClass(list.items[i], c_dim);   // what requests carry
                if (ImGui::InputInt("##class", &cls, 0)) setClass(list, i, cls, c_dim);
            }
        }
        ImGui::TableNextColumn();
        drawRowActions(i, n, move_from, move_to, remove);
        ImGui::PopID();
    }
    ImGui::EndTable();
    if (move_from >= 0) moveSeed(list, move_from, move_to);
    if (remove >= 0) removeSeed(list, remove);
}

// Add: sources by SPEC, committed like the SPEC field or by the button; and
// "Add W file..." (the app's file browser, .npy / .npz).
void drawAddField(SeedList& list, const ModelFacts* facts, bool& browse_w_file) {
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Add").x -
                            ImGui::GetStyle().FramePadding.x * 2 - ImGui::GetStyle().ItemSpacing.x);
    ImGui::InputTextWithHint("##add", "add sources (SPEC)", &list.add_text);
    const bool commit = committed();
    ImGui::SameLine();
    const bool full = static_cast<int>(list.items.size()) >= SourcesState::kMaxSources;
    ImGui::BeginDisabled(list.add_text.empty() || full);
    const bool add = ImGui::Button("Add");
    ImGui::EndDisabled();
    disabledReason(full, "This list is full (16 sources at most): remove one to add another.") ||
        disabledReason(list.add_text.empty(), "Type sources to add first, e.g. 12, 3,5-7, 2.5:1 or face.npy.");
    if (commit || add) commitAdd(list, facts);
    const bool no_model = !facts || facts->num_ws <= 0;
    ImGui::BeginDisabled(full || no_model);
    if (ImGui::SmallButton("Add W file...")) browse_w_file = true;
    ImGui::EndDisabled();
    if (!disabledReason(no_model, "Load a model first: a W file's ws must fit the model's.") &&
        !disabledReason(full, "This list is full (16 sources at most): remove one to add another.") &&
        ImGui::IsItemHovered())
        ImGui::SetTooltip("Add the ws of a .npy or .npz file (e.g. a projection) as sources of this list;\n"
                          "or drop the file onto the window (on the grid's top row: a column source).");
    wrappedText(list.add_error, kErrorColor);
}

void drawSeedList(SourceSide side, const char* title, SourcesState& state, const ModelFacts* facts) {
    SeedList& list = state.list(side);
    ImGui::PushID(side == SourceSide::Rows ? "rows" : "cols");
    drawSpecField(title, list, state.rng, facts);
    drawSeedTable(list, facts ? facts->c_dim : 0);
    wrappedText(list.class_error, kErrorColor);
    bool browse = false;
    drawAddField(list, facts, browse);
    if (browse) state.add_w_file_requested = side;
    ImGui::PopID();
}

// What the last model switch changed, until dismissed.
void drawNotice(std::string& notice) {
    if (notice.empty()) return;
    wrappedText(notice, kNoticeColor);
    if (ImGui::SmallButton("OK##notice")) notice.clear();
    ImGui::Spacing();
}

// Translate x/y and rotate the input of every tile (StyleGAN3), with a reset.
void drawTransformControl(InputTransform& t) {
    ImGui::Spacing();
    ImGui::TextUnformatted("Input transform");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Moves and turns the Fourier-feature input of every tile, as NVIDIA's visualizer\n"
                          "does: an equivariant model moves the picture with it. Recorded in recipes.");
    const float width = ImGui::GetContentRegionAvail().x * 0.6f;
    const double t_min = -2.0, t_max = 2.0, r_min = -180.0, r_max = 180.0;
    ImGui::SetNextItemWidth(width);
    ImGui::SliderScalar("translate x", ImGuiDataType_Double, &t.translate_x, &t_min, &t_max, "%.3f");
    ImGui::SetNextItemWidth(width);
    ImGui::SliderScalar("translate y", ImGuiDataType_Double, &t.translate_y, &t_min, &t_max, "%.3f");
    ImGui::SetNextItemWidth(width);
    ImGui::SliderScalar("rotate \xC2\xB0", ImGuiDataType_Double, &t.rotate_deg, &r_min, &r_max, "%.1f");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Degrees; Ctrl+click a slider to type any value");
    t.translate_x = std::clamp(t.translate_x, -kMaxTranslate, kMaxTranslate);
    t.translate_y = std::clamp(t.translate_y, -kMaxTranslate, kMaxTranslate);
    t.rotate_deg = std::clamp(t.rotate_deg, -kMaxRotateDeg, kMaxRotateDeg);
    ImGui::BeginDisabled(t == InputTransform{});
    if (ImGui::Button("Reset transform")) t = InputTransform{};
    ImGui::EndDisabled();
    disabledReason(t == InputTransform{}, "The transform is already the identity (the model's own stored pose).");
}

}  // namespace

OptionalTransform requestTransform(const SourcesState& state, const ModelFacts& facts) {
    if (!facts.has_input_transform || state.transform == InputTransform{}) return std::nullopt;
    return state.transform;
}

void drawSourcesPanel(SourcesState& state, const ModelFacts* facts) {
    ImGui::PushID("sources");
    const int num_ws = facts ? facts->num_ws : 0;
    drawNotice(state.notice);
    drawSeedList(SourceSide::Rows, "Rows (A)", state, facts);
    ImGui::Spacing();
    drawSeedList(SourceSide::Cols, "Columns (B, give the styles)", state, facts);
    ImGui::Spacing();

    // Truncation: psi in steps of 0.01 so recipes hold short decimals.
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    const double psi_min = -1.0, psi_max = 2.0;
    if (ImGui::SliderScalar("truncation \xCF\x88", ImGuiDataType_Double, &state.psi, &psi_min, &psi_max, "%.2f"))
        state.psi = std::round(state.psi * 100.0) / 100.0;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("1 = no truncation; smaller pulls every w toward the average face");
    ImGui::BeginDisabled(num_ws == 0);
    ImGui::Checkbox("cutoff", &state.use_cutoff);
    disabledReason(num_ws == 0, "Load a model first: the cutoff counts its ws.");
    ImGui::SameLine();
    ImGui::BeginDisabled(!state.use_cutoff);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::SliderInt("##cutoff", &state.cutoff, 1, std::max(num_ws, 1), "first %d ws"))
        state.cutoff = std::clamp(state.cutoff, 1, std::max(num_ws, 1));
    ImGui::EndDisabled();
    disabledReason(num_ws > 0 && !state.use_cutoff,
                   "Tick 'cutoff' to truncate only the first N ws (StyleGAN's truncation cutoff); "
                   "off, psi applies to every ws.");
    ImGui::EndDisabled();
    if (facts && facts->has_input_transform) drawTransformControl(state.transform);
    ImGui::PopID();
}

}  // namespace stylemix::gui
