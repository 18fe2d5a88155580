#include "gui/views/influence/influence_view.h"

#include "gui/views/influence/influence_slots.h"
#include "gui/widgets/disabled_reason.h"
#include "gui/widgets/labels.h"
#include "model/core/influence_request.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace stylemix::gui {
namespace {

const ImVec4 kErrorColour(1.f, 0.45f, 0.4f, 1.f);
constexpr float kGapEm = 0.4f, kGroupGapEm = 1.2f, kBarEm = 3.6f, kMinTile = 40.f;

// Draws placed with canvases.image: each tile its own canvas, numbered in draw order.
struct TilePainter {
    CanvasFrame& canvases;
    float dim = 0.f;
    int next = 0;

    // One tile `side` x `side`: `key`'s image (a dark square until it is uploaded).
    void tile(const ImageKey& key, float side) {
        CanvasJob& job = canvases.image(InfluenceSlot::canvas(next++), ImVec2(side, side));
        job.clear = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
        CanvasDraw d{PassKind::Tile, key, {}, ImVec2(0, 0), ImVec2(side, side)};
        d.nearest = true;   // the maps' pixels stay sharp
        d.dim = dim;
        if (!canvases.has(key)) {
            d.pass = PassKind::Fill;
            d.color = ImVec4(0.17f, 0.17f, 0.2f, 1.f);
        }
        job.draws.push_back(d);
    }
};

// A caption no wider than `width`, the full text in a tooltip when it was cut.
void fittedText(const std::string& text, float width, bool disabled = false) {
    const std::string shown = fitText(text, width);
    if (disabled) ImGui::TextDisabled("%s", shown.c_str());
    else ImGui::TextUnformatted(shown.c_str());
    if (shown != text && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
}

// Under the hovered map: the level at the pixel under the mouse.
void mapTooltip(const InfluenceMap& map, const char* what, int threshold) {
    if (!ImGui::IsItemHovered() || map.width <= 0) return;
    const ImVec2 p0 = ImGui::GetItemRectMin(), size = ImGui::GetItemRectSize(), mouse = ImGui::GetMousePos();
    const int x = std::clamp(static_cast<int>((mouse.x - p0.x) / size.x * map.width), 0, map.width - 1);
    const int y = std::clamp(static_cast<int>((mouse.y - p0.y) / size.y * map.height), 0, map.height - 1);
    const int level = map.levels[static_cast<std::size_t>(y) * map.width + x];
    ImGui::SetTooltip("%s at (%d, %d): %d levels%s\npeak %d levels; %s of the pixels", what, x, y, level,
                      level > threshold ? " (moved)" : "", map.peak, movedText(threshold, movedFraction(map, threshold)).c_str());
}

// One image with its title above and a caption line under it.
void captionedTile(TilePainter& painter, const ImageKey& key, float side, const std::string& title, const std::string& caption,
                   const InfluenceMap* map = nullptr, const char* what = "", int threshold = 0) {
    ImGui::BeginGroup();
    fittedText(title, side);
    painter.tile(key, side);
    if (map) mapTooltip(*map, what, threshold);
    fittedText(caption.empty() ? std::string(" ") : caption, side, true);
    ImGui::EndGroup();
}

// "37.2% moved", or "37.2%" where that does not fit `width`.
std::string fractionText(const std::optional<InfluenceMap>& map, int threshold, float width) {
    if (!map) return "";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", 100.0 * movedFraction(*map, threshold));
    const std::string longer = std::string(text) + " moved";
    return ImGui::CalcTextSize(longer.c_str()).x <= width ? longer : text;
}

// The ramp and its tick labels (in levels), `side` tall, at the cursor.
void colourBar(TilePainter& painter, float side, int top) {
    const float em = ImGui::GetFontSize();
    ImGui::BeginGroup();
    ImGui::NewLine();   // level with the tiles: under the group title...
    ImGui::TextDisabled("levels");   // ...and the tiles' titles
    const ImVec2 at = ImGui::GetCursorScreenPos();
    CanvasJob& job = painter.canvases.image(InfluenceSlot::canvas(painter.next++), ImVec2(0.8f * em, side));
    job.draws.push_back(CanvasDraw{PassKind::Tile, ImageKey{InfluenceSlot::Ramp, 0, 0}, {}, ImVec2(0, 0), ImVec2(0.8f * em, side)});
    job.draws.back().nearest = false;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    for (int level : influenceTicks(top, side >= 6 * em ? 5 : 3)) {
        const float y = at.y + side - side * static_cast<float>(level) / static_cast<float>(top);
        draw->AddLine(ImVec2(at.x + 0.8f * em, y), ImVec2(at.x + 1.1f * em, y), text);
        const std::string label = std::to_string(level);
        draw->AddText(ImVec2(at.x + 1.3f * em, std::clamp(y - em * 0.5f, at.y - em * 0.2f, at.y + side - em * 0.8f)), text,
                      label.c_str());
    }
    ImGui::EndGroup();
}

// A band's mix and its two maps; `title` spans the group.
void bandGroup(TilePainter& painter, const InfluenceViewInput& in, int band, float side, const std::string& title, int threshold,
               bool first_in_row) {
    const float gap = kGapEm * ImGui::GetFontSize();
    const InfluenceDisplay& d = *in.display;
    const std::optional<InfluenceMap>* from_a = band < static_cast<int>(d.from_a.size()) ? &d.from_a[band] : nullptr;
    const std::optional<InfluenceMap>* from_b = band < static_cast<int>(d.from_b.size()) ? &d.from_b[band] : nullptr;
    if (!first_in_row) ImGui::SameLine(0, kGroupGapEm * ImGui::GetFontSize());
    ImGui::BeginGroup();
    fittedText(title, 3 * side + 2 * gap);
    captionedTile(painter, {InfluenceSlot::Mix, band, 0}, side, "mix", "");
    ImGui::SameLine(0, gap);
    captionedTile(painter, {InfluenceSlot::FromA, band, 0}, side, "|mix - A|", from_a ? fractionText(*from_a, threshold, side) : "",
                  from_a && *from_a ? &**from_a : nullptr, "|mix - A|", threshold);
    ImGui::SameLine(0, gap);
    captionedTile(painter, {InfluenceSlot::FromB, band, 0}, side, "|mix - B|", from_b ? fractionText(*from_b, threshold, side) : "",
                  from_b && *from_b ? &**from_b : nullptr, "|mix - B|", threshold);
    ImGui::EndGroup();
}

void controls(InfluenceViewState& state, const InfluenceViewInput& in, InfluenceViewEvents& events) {
    const float em = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(10 * em);
    ImGui::SliderInt("##threshold", &state.threshold, 0, 64, "moved > %d levels", ImGuiSliderFlags_AlwaysClamp);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("A pixel counts as moved when one of its channels changed by more than this many levels (of 255).\n"
                          "Changes only the fractions, not the maps.");
    ImGui::SameLine();
    ImGui::Checkbox("coarse / middle / fine row", &state.bands);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Under the cell: the same A and B mixed with the model's coarse, middle and fine bands\n"
                          "(paper Fig. 3's rows), on the same colour scale.");
    ImGui::SameLine();
    ImGui::BeginDisabled(!in.export_blocked.empty());
    if (ImGui::Button("Export...")) events.export_clicked = true;
    ImGui::EndDisabled();
    if (!disabledReason(!in.export_blocked.empty(), in.export_blocked.c_str()) && ImGui::IsItemHovered())
        ImGui::SetTooltip("This figure as PNG + recipe; `stylemix render` re-renders it.");
    if (!in.error.empty()) {
        ImGui::PushTextWrapPos(0.f);
        ImGui::TextColored(kErrorColour, "failed: %s", in.error.c_str());
        ImGui::PopTextWrapPos();
    } else if (in.rendering) {
        ImGui::SameLine();
        ImGui::TextDisabled("rendering...");
    }
}

// Why there is nothing to show (no model, no cell); true when it said so.
bool emptyState(const InfluenceViewInput& in, InfluenceViewEvents& events) {
    if (!in.facts) {
        ImGui::TextDisabled("Load a model first.");
        return true;
    }
    if (in.has_cell) return false;
    ImGui::TextWrapped("Pick a cell of the grid: right-click it and choose \"Show its influence\" (or click it to open it in "
                       "the noise lab). The cell's mix is compared with its A and its B pixel by pixel, and the same A and "
                       "B are mixed with the coarse, middle and fine bands, so you see where each band acts.");
    if (ImGui::Button("Show the first cell")) events.pick_first_cell = true;
    return true;
}

void figure(const InfluenceViewInput& in, int threshold, TilePainter& painter) {
    const InfluenceSpec& spec = *in.spec;
    const float em = ImGui::GetFontSize(), gap = kGapEm * em;
    const int bands = static_cast<int>(spec.bands.size());
    InfluenceGeometryInput gi;
    gi.avail = ImGui::GetContentRegionAvail();
    gi.bands = bands - 1;
    gi.em = em;
    gi.line = ImGui::GetTextLineHeightWithSpacing();
    gi.max_tile = std::max(4.f * (in.facts ? in.facts->img_resolution : 128), 96.f);
    const InfluenceGeometry g = influenceGeometry(gi);
    const float t = g.cell_tile;
    ImGui::BeginGroup();   // a group title line like the cell's, so every tile of the row starts level
    fittedText("the cell's sources", 2 * t + gap, true);
    captionedTile(painter, {InfluenceSlot::Source, 0, 0}, t, sourceLabel("A", spec.a), "");
    ImGui::SameLine(0, gap);
    captionedTile(painter, {InfluenceSlot::Source, 0, 1}, t, sourceLabel("B", spec.b), "");
    ImGui::EndGroup();
    ImGui::SameLine(0, kGroupGapEm * em);
    bandGroup(painter, in, 0, t, influenceBandTitle(spec, 0), threshold, true);
    ImGui::SameLine(0, gap);
    colourBar(painter, t, in.display->top);
    if (bands <= 1) return;
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextDisabled("The same A and B with each band of B's styles, on the same colour scale:");
    ImGui::PopTextWrapPos();
    for (int i = 1; i < bands; ++i) bandGroup(painter, in, i, g.band_tile, influenceBandTitle(spec, i), threshold, (i - 1) % g.groups_per_row == 0);
}

}  // namespace

InfluenceGeometry influenceGeometry(const InfluenceGeometryInput& in) {
    const float gap = kGapEm * in.em, group_gap = kGroupGapEm * in.em, bar = kBarEm * in.em;
    const float width = std::max(in.avail.x, 1.f);
    InfluenceGeometry g;
    g.cell_tile = (width - 4 * gap - group_gap - bar) / 5;
    if (in.bands > 0) {
        const float group_min = 3 * kMinTile + 2 * gap;
        g.groups_per_row = std::clamp(static_cast<int>((width + group_gap) / (group_min + group_gap)), 1, in.bands);
        g.band_rows = (in.bands + g.groups_per_row - 1) / g.groups_per_row;
        g.band_tile = (width - g.groups_per_row * 2 * gap - (g.groups_per_row - 1) * group_gap) / (3 * g.groups_per_row);
    }
    g.cell_tile = std::clamp(g.cell_tile, 1.f, in.max_tile);
    g.band_tile = in.bands > 0 ? std::clamp(g.band_tile, 1.f, std::min(in.max_tile, g.cell_tile)) : 0.f;
    // Heights: the controls (2 lines); the cell row's band title, tile titles and captions (3 lines); per band row
    // the same 3 lines, and the band row's heading.
    const float fixed = in.line * (2 + 3 + (in.bands > 0 ? 1 + 3 * g.band_rows : 0)) + in.em;
    const float tiles = g.cell_tile + g.band_rows * g.band_tile;
    if (tiles > 0 && fixed + tiles > in.avail.y) {
        const float f = std::max(in.avail.y - fixed, 2 * kMinTile) / tiles;
        if (f < 1) {
            g.cell_tile *= f;
            g.band_tile *= f;
        }
    }
    g.cell_tile = std::floor(std::max(g.cell_tile, 1.f));
    g.band_tile = std::floor(std::max(g.band_tile, 0.f));
    return g;
}

InfluenceViewEvents drawInfluenceView(InfluenceViewState& state, const InfluenceViewInput& in, CanvasFrame& canvases) {
    InfluenceViewEvents events;
    ImGui::PushID("influence");
    // The vertical scrollbar's space is always reserved, so the layout never depends on it.
    ImGui::BeginChild("influence-main", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysVerticalScrollbar | ImGuiWindowFlags_NoBackground);
    if (!emptyState(in, events)) {
        fittedText(in.subject, ImGui::GetContentRegionAvail().x);
        controls(state, in, events);
        TilePainter painter{canvases, in.dim};
        if (in.spec && in.shown && in.display) figure(in, state.threshold, painter);
        else if (in.error.empty()) ImGui::TextDisabled("rendering the maps...");
    }
    ImGui::EndChild();
    ImGui::PopID();
    return events;
}

}  // namespace stylemix::gui
