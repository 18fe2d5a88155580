#include "gui/panels/mixing_panel.h"

#include "gui/widgets/disabled_reason.h"

#include "gui/widgets/range_bar.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace stylemix::gui {

namespace {

// Sorted, unique, inside [0, num_ws); empty -> the coarse preset (or ws 0).
std::vector<int> fitStyles(std::vector<int> s, const ModelDescription& model) {
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
    s.erase(std::remove_if(s.begin(), s.end(), [&](int i) { return i < 0 || i >= model.num_ws; }), s.end());
    if (s.empty() && model.num_ws > 0) {
        s = rangeStyles(model.coarse);
        if (s.empty()) s = {0};
    }
    return s;
}

// Keeps the next button `label` on this line when it fits the panel, else wraps.
void sameLineIfFits(const char* label) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float needed = ImGui::CalcTextSize(label).x + 2 * style.FramePadding.x + style.ItemSpacing.x;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + needed <= right) ImGui::SameLine();
}

}  // namespace

void applyPreset(MixingState& state, Band band, const ModelDescription& model) {
    const WsRange r = bandRange(band, model);
    if (!r.empty()) state.styles = rangeStyles(r);
}

void setPerRow(MixingState& state, bool on, int rows) {
    if (on && !state.per_row) state.row_styles.assign(static_cast<std::size_t>(std::max(rows, 0)), state.styles);
    state.per_row = on;
}

std::string applyPaperLayout(MixingState& state, int rows, const ModelDescription& model) {
    if (rows <= 0) return "no rows to lay out";
    // Fig. 3 has 3 coarse, 2 middle, 1 fine rows; keep those proportions, at
    // least one fine row, and one middle row from three rows up.
    const int fine = std::max(1, static_cast<int>(std::lround(rows / 6.0)));
    const int middle = rows >= 3 ? std::max(1, static_cast<int>(std::lround(rows / 3.0))) : 0;
    const int coarse = std::max(rows - fine - middle, 0);
    const int fine_rows = rows - coarse - middle;
    state.per_row = true;
    state.row_styles.assign(static_cast<std::size_t>(rows), {});
    for (int r = 0; r < rows; ++r) {
        const Band band = r < coarse ? Band::Coarse : r < coarse + middle ? Band::Middle : Band::Fine;
        const WsRange range = bandRange(band, model);
        state.row_styles[r] = range.empty() ? rangeStyles({0, model.num_ws}) : rangeStyles(range);
    }
    return "Per-row bands on your " + std::to_string(rows) + " rows: " + std::to_string(coarse) + " coarse, " +
           std::to_string(middle) + " middle, " + std::to_string(fine_rows) + " fine (seeds unchanged)";
}

void fitMixingToModel(MixingState& state, const ModelDescription& model, int rows) {
    state.styles = fitStyles(state.styles, model);
    const std::vector<int> fill = state.row_styles.empty() ? state.styles : state.row_styles.back();
    state.row_styles.resize(static_cast<std::size_t>(std::max(rows, 0)), fill);
    for (auto& s : state.row_styles) s = fitStyles(s, model);
}

std::vector<int> stylesFor(const MixingState& state, int row) {
    if (state.per_row && row >= 0 && row < static_cast<int>(state.row_styles.size())) return state.row_styles[row];
    return gridStyles(state);
}

namespace {

constexpr const char* kPerRowReason =
    "Per-row bands are on: each row's own bar below sets its ws. Turn 'Per-row bands' off to set one "
    "crossover for the whole grid.";

}  // namespace

std::string presetTooltip(Band band, const ModelDescription& model, bool locked) {
    if (locked) return kPerRowReason;
    const WsRange r = bandRange(band, model);
    if (!r.empty()) return std::string(bandName(band)) + ": ws " + std::to_string(r.begin) + "-" + std::to_string(r.end - 1);
    std::string bands;
    for (Band b : {Band::Coarse, Band::Middle, Band::Fine}) {
        const WsRange other = bandRange(b, model);
        if (other.empty()) continue;
        bands += std::string(bands.empty() ? "" : ", ") + bandName(b) + " ws " + std::to_string(other.begin) +
                 (other.end - other.begin > 1 ? "-" + std::to_string(other.end - 1) : "");
    }
    return std::string("No ") + bandName(band) + " band on this model: its " + std::to_string(model.num_ws) +
           " ws divide into " + (bands.empty() ? "no bands" : bands) +
           ". Choose ws on the bar above for any other set.";
}

namespace {

// Coarse / Middle / Fine / All buttons for one set; the active one lit.
// `locked`: the whole-grid set is not in use (per-row bands), say so on hover.
void presetButtons(std::vector<int>& styles, const ModelDescription& model, bool locked) {
    const Band current = bandOf(styles, model);
    const float w = (ImGui::GetContentRegionAvail().x - 3 * ImGui::GetStyle().ItemSpacing.x) / 4;
    for (Band b : {Band::Coarse, Band::Middle, Band::Fine, Band::All}) {
        if (b != Band::Coarse) ImGui::SameLine();
        const WsRange r = bandRange(b, model);
        ImGui::BeginDisabled(r.empty());
        const bool lit = b == current;
        if (lit) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(bandName(b), ImVec2(w, 0))) styles = rangeStyles(r);
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            disabledReason(true, presetTooltip(b, model, locked).c_str());
        if (lit) ImGui::PopStyleColor();
        ImGui::EndDisabled();
    }
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
    const int rows = static_cast<int>(sources.rows.items.size());
    fitMixingToModel(state, *facts, rows);
    const std::vector<std::string> labels = wsLabels(facts, num_ws);

    ImGui::TextWrapped("Cells take these ws from the column source (B), the rest from the row source (A).");
    ImGui::BeginDisabled(state.per_row);
    RangeBar("crossover", &state.styles, labels);
    disabledReason(state.per_row, kPerRowReason);
    presetButtons(state.styles, *facts, state.per_row);
    ImGui::TextDisabled("from B: %s  -  preset: %s", stylesText(facts, state.styles).c_str(),
                        bandName(bandOf(state.styles, *facts)));
    ImGui::EndDisabled();

    ImGui::Spacing();
    bool per_row = state.per_row;
    if (ImGui::Checkbox("Per-row bands", &per_row)) setPerRow(state, per_row, rows);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Give each row its own crossover set, as in the paper's Fig. 3 (each row starts from the set above)");
    sameLineIfFits("Paper layout");
    if (ImGui::Button("Paper layout")) state.paper_note = applyPaperLayout(state, rows, *facts);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The paper's Fig. 3 proportions over your rows, top to bottom: half coarse, a third middle,\n"
                          "the rest fine (6 rows: 3, 2, 1). Adds no rows and keeps the seeds.");
    sameLineIfFits("Paper's Fig. 3");
    if (ImGui::Button("Paper's Fig. 3")) state.paper_fig3_requested = true;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The paper's own Fig. 3: its seeds (rows 888, 829, 1898, 1733, 1614, 845; columns 639, 701,\n"
                          "687, 615, 2268), 3 coarse / 2 middle / 1 fine rows, psi 1, const noise. With the FFHQ\n"
                          "StyleGAN1 model this is the paper's figure. Replaces your seeds.");
    if (!state.per_row) state.paper_note.clear();
    if (!state.paper_note.empty()) ImGui::TextWrapped("%s", state.paper_note.c_str());

    if (state.per_row) {
        for (std::size_t r = 0; r < state.row_styles.size(); ++r) {
            ImGui::PushID(static_cast<int>(r));
            std::vector<int>& styles = state.row_styles[r];
            ImGui::AlignTextToFramePadding();
            ImGui::Text("Row %zu  %s", r, sources.rows.items[r].label().c_str());
            ImGui::SameLine();
            const Band band = bandOf(styles, *facts);
            ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
            const std::string preview = band == Band::Custom ? stylesText(nullptr, styles) : bandName(band);
            if (ImGui::BeginCombo("##band", preview.c_str())) {
                for (Band candidate : {Band::Coarse, Band::Middle, Band::Fine, Band::All}) {
                    const WsRange cr = bandRange(candidate, *facts);
                    if (!cr.empty() && ImGui::Selectable(bandName(candidate), candidate == band)) styles = rangeStyles(cr);
                }
                ImGui::EndCombo();
            }
            RangeBar("row", &styles, labels, true);
            ImGui::PopID();
        }
    }
    ImGui::PopID();
}

}  // namespace stylemix::gui
