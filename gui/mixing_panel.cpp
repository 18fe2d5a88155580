#include "gui/mixing_panel.h"

#include "gui/range_bar.h"

#include <imgui.h>

#include <algorithm>
#include <numeric>

namespace stylemix::gui {

namespace {

WsRange clampRange(WsRange r, int num_ws) {
    if (num_ws <= 0) return r;
    r.begin = std::clamp(r.begin, 0, num_ws - 1);
    r.end = std::clamp(r.end, r.begin + 1, num_ws);
    return r;
}

}  // namespace

void applyPreset(MixingState& state, Band band, int num_ws) {
    const WsRange r = bandRange(band, num_ws);
    if (r.end > r.begin) state.range = r;
}

void applyPaperLayout(MixingState& state, SourcesState& sources, int num_ws) {
    static constexpr Band kLayout[6] = {Band::Coarse, Band::Coarse, Band::Coarse, Band::Middle, Band::Middle, Band::Fine};
    // Seeds for the rows the paper has and we lack, continuing the list.
    std::uniform_int_distribution<std::uint64_t> dist(0, SourcesState::kRandomSeedLimit - 1);
    while (sources.rows.items.size() < 6) {
        const int cls = sources.rows.items.empty() ? -1 : sources.rows.items.back().class_index;
        sources.rows.items.push_back(Source{dist(sources.rng), cls});
    }
    sources.rows.syncSpec();
    state.per_row = true;
    state.row_ranges.resize(sources.rows.items.size());
    for (std::size_t r = 0; r < state.row_ranges.size(); ++r) {
        const WsRange band = bandRange(kLayout[std::min<std::size_t>(r, 5)], num_ws);
        state.row_ranges[r] = band.end > band.begin ? band : WsRange{0, num_ws};
    }
}

void fitMixingToModel(MixingState& state, int num_ws, int rows) {
    state.range = clampRange(state.range, num_ws);
    const WsRange fill = state.row_ranges.empty() ? state.range : state.row_ranges.back();
    state.row_ranges.resize(static_cast<std::size_t>(std::max(rows, 0)), fill);
    for (WsRange& r : state.row_ranges) r = clampRange(r, num_ws);
}

std::vector<int> stylesFor(const MixingState& state, int row) {
    const WsRange r = state.per_row && row >= 0 && row < static_cast<int>(state.row_ranges.size())
                          ? state.row_ranges[row]
                          : state.range;
    std::vector<int> styles(static_cast<std::size_t>(std::max(r.end - r.begin, 0)));
    std::iota(styles.begin(), styles.end(), r.begin);
    return styles;
}

namespace {

// Coarse / Middle / Fine / All buttons for one range; the matching one lit.
bool presetButtons(WsRange& range, int num_ws) {
    bool changed = false;
    const Band current = bandOf(range.begin, range.end, num_ws);
    const float w = (ImGui::GetContentRegionAvail().x - 3 * ImGui::GetStyle().ItemSpacing.x) / 4;
    for (Band b : {Band::Coarse, Band::Middle, Band::Fine, Band::All}) {
        if (b != Band::Coarse) ImGui::SameLine();
        const WsRange r = bandRange(b, num_ws);
        ImGui::BeginDisabled(r.end <= r.begin);
        const bool lit = b == current;
        if (lit) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(bandName(b), ImVec2(w, 0))) {
            range = r;
            changed = true;
        }
        if (lit) ImGui::PopStyleColor();
        ImGui::EndDisabled();
    }
    return changed;
}

}  // namespace

void drawMixingPanel(MixingState& state, SourcesState& sources, const ModelFacts* facts) {
    ImGui::PushID("mixing");
    const int num_ws = facts ? facts->num_ws : 0;
    if (num_ws == 0) {
        ImGui::TextDisabled("Load a model to choose layers.");
        ImGui::PopID();
        return;
    }
    fitMixingToModel(state, num_ws, static_cast<int>(sources.rows.items.size()));
    const std::vector<std::string> labels = wsLabels(facts, num_ws);

    ImGui::TextWrapped("Cells take these ws from the column source (B), the rest from the row source (A).");
    ImGui::BeginDisabled(state.per_row);
    int b = state.range.begin, e = state.range.end;
    if (RangeBar("crossover", &b, &e, labels)) state.range = WsRange{b, e};
    presetButtons(state.range, num_ws);
    ImGui::TextDisabled("from B: %s", wsRangeText(facts, state.range.begin, state.range.end).c_str());
    ImGui::EndDisabled();

    ImGui::Spacing();
    ImGui::Checkbox("Per-row bands", &state.per_row);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Give each row its own crossover range, as in the paper's Fig. 3");
    ImGui::SameLine();
    if (ImGui::Button("Paper layout")) applyPaperLayout(state, sources, num_ws);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The paper's Fig. 3: 3 rows coarse, 2 rows middle, 1 row fine (adds rows up to 6)");

    if (state.per_row) {
        for (std::size_t r = 0; r < state.row_ranges.size(); ++r) {
            ImGui::PushID(static_cast<int>(r));
            WsRange& range = state.row_ranges[r];
            ImGui::AlignTextToFramePadding();
            ImGui::Text("Row %zu  seed %llu", r, static_cast<unsigned long long>(sources.rows.items[r].seed));
            ImGui::SameLine();
            const Band band = bandOf(range.begin, range.end, num_ws);
            ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
            if (ImGui::BeginCombo("##band", bandName(band))) {
                for (Band candidate : {Band::Coarse, Band::Middle, Band::Fine, Band::All}) {
                    const WsRange cr = bandRange(candidate, num_ws);
                    if (cr.end > cr.begin && ImGui::Selectable(bandName(candidate), candidate == band)) range = cr;
                }
                ImGui::EndCombo();
            }
            int rb = range.begin, re = range.end;
            if (RangeBar("row", &rb, &re, labels, true)) range = WsRange{rb, re};
            ImGui::PopID();
        }
    }
    ImGui::PopID();
}

}  // namespace stylemix::gui
