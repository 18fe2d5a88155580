#include "gui/views/layers/layers_view.h"

#include "gui/views/layers/layers_request.h"
#include "gui/views/layers/layers_slots.h"
#include "gui/widgets/disabled_reason.h"
#include "gui/widgets/labels.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <functional>

namespace stylemix::gui {

float layersListWidth(float width, float em) {
    if (width < kLayerListMinViewEm * em) return 0.f;   // narrow: a combo above the panels instead
    return std::floor(std::clamp(width * 0.28f, 10 * em, 18 * em));
}

LayerPanelGrid fitLayerPanels(ImVec2 area, int panels, float aspect, float title) {
    const int n = std::max(panels, 1);
    aspect = aspect > 0 ? aspect : 1.f;
    LayerPanelGrid best;
    best.per_row = n;
    for (int per_row = n; per_row >= 1; --per_row) {   // more per row first: a tie keeps one row
        const int rows = (n + per_row - 1) / per_row;
        const float by_width = (area.x - (per_row - 1) * LayerPanelGrid::kGap) / per_row;
        const float by_height = ((area.y - (rows - 1) * LayerPanelGrid::kGap) / rows - title) * aspect;
        const float width = std::floor(std::min(by_width, by_height));
        if (width > best.width) best = LayerPanelGrid{per_row, rows, width, 0};
    }
    best.width = std::max(best.width, LayerPanelGrid::kMinWidth);
    best.height = std::floor(best.width / aspect);
    return best;
}

int layerControlColumns(float width, float em) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    return std::clamp(static_cast<int>((width + spacing) / (kLayerControlGroupEm * em + spacing)), 1, 4);
}

namespace {

const ImVec4 kErrorColour(1.f, 0.45f, 0.4f, 1.f);

// A slider filling the cell with a Reset button after it (enabled while off the default).
template <class Slider>
void withReset(const char* id, bool enabled, float reset_w, Slider slider, const std::function<void()>& reset) {
    ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x - reset_w - ImGui::GetStyle().ItemSpacing.x, 1.f));
    slider();
    ImGui::SameLine();
    ImGui::PushID(id);
    ImGui::BeginDisabled(!enabled);
    if (ImGui::Button("Reset", ImVec2(reset_w, 0))) reset();
    ImGui::EndDisabled();
    ImGui::PopID();
}

float resetWidth() { return ImGui::CalcTextSize("Reset").x + ImGui::GetStyle().FramePadding.x * 2; }

// What the list shows beside each name, the same for every row: the full
// shape where the widest name and shape fit, else the resolution, else nothing.
enum class ShapeText { Full, Resolution, None };
ShapeText shapeTextFor(const std::vector<ActivationInfo>& layers, float width) {
    float name = 0, full = 0, resolution = 0;
    for (const ActivationInfo& l : layers) {
        name = std::max(name, ImGui::CalcTextSize(l.name.c_str()).x);
        full = std::max(full, ImGui::CalcTextSize(layerShapeText(l).c_str()).x);
        resolution = std::max(resolution, ImGui::CalcTextSize(layerResolutionText(l).c_str()).x);
    }
    const float gap = ImGui::GetFontSize();
    return name + gap + full <= width ? ShapeText::Full : name + gap + resolution <= width ? ShapeText::Resolution : ShapeText::None;
}

std::string shapeText(const ActivationInfo& layer, ShapeText kind) {
    return kind == ShapeText::Full ? layerShapeText(layer) : kind == ShapeText::Resolution ? layerResolutionText(layer) : "";
}

void layerTooltip(const ActivationInfo& layer) {
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s\n[C, H, W] = [%d, %d, %d]", layer.name.c_str(), layer.channels, layer.height, layer.width);
}

// The side list: a filter, then every matching layer with its shape; a click picks it.
void layerList(LayersState& state, LayersViewMemory& memory, const ModelFacts& facts, const ActivationInfo& chosen) {
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputTextWithHint("##filter", "filter: name or 16x16", &state.filter);
    ImGui::BeginChild("layer-list", ImVec2(0, 0), true);
    const std::vector<int> shown = matchingLayers(facts.activations, state.filter);
    const float right = ImGui::GetContentRegionAvail().x;
    const ShapeText kind = shapeTextFor(facts.activations, right);
    for (int i : shown) {
        const ActivationInfo& layer = facts.activations[i];
        const bool selected = layer.name == chosen.name;
        ImGui::PushID(i);
        const std::string text = fitText(layer.name, right) + "###layer";   // one ID however elided
        if (ImGui::Selectable(text.c_str(), selected)) state.layer = layer.name;
        layerTooltip(layer);
        if (kind != ShapeText::None) {
            const std::string shape = shapeText(layer, kind);
            ImGui::SameLine(right - ImGui::CalcTextSize(shape.c_str()).x);
            ImGui::TextDisabled("%s", shape.c_str());
        }
        if (selected && memory.scrolled_to != layer.name) {   // a choice made elsewhere (start-up, a model) comes into view once
            ImGui::SetScrollHereY(0.5f);
            memory.scrolled_to = layer.name;
        }
        ImGui::PopID();
    }
    if (shown.empty()) ImGui::TextDisabled("no layer matches");
    ImGui::EndChild();
}

// A narrow view's picker: the filter and a combo of the matching layers on one line.
void layerCombo(LayersState& state, const ModelFacts& facts, const ActivationInfo& chosen) {
    const float em = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(std::min(8 * em, ImGui::GetContentRegionAvail().x * 0.35f));
    ImGui::InputTextWithHint("##filter", "filter", &state.filter);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    const std::string preview = chosen.name + "  " + layerShapeText(chosen);
    if (!ImGui::BeginCombo("##layer", preview.c_str(), ImGuiComboFlags_HeightLarge)) return;
    const std::vector<int> shown = matchingLayers(facts.activations, state.filter);
    const ShapeText kind = shapeTextFor(facts.activations, ImGui::GetContentRegionAvail().x);
    for (int i : shown) {
        const ActivationInfo& layer = facts.activations[i];
        ImGui::PushID(i);
        if (ImGui::Selectable((layer.name + "###layer").c_str(), layer.name == chosen.name)) state.layer = layer.name;
        if (layer.name == chosen.name) ImGui::SetItemDefaultFocus();
        layerTooltip(layer);
        if (kind != ShapeText::None) {
            const std::string shape = shapeText(layer, kind);
            ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(shape.c_str()).x);
            ImGui::TextDisabled("%s", shape.c_str());
        }
        ImGui::PopID();
    }
    if (shown.empty()) ImGui::TextDisabled("no layer matches");
    ImGui::EndCombo();
}

// RGB / one channel / mean |x|, and normalise.
void displayGroup(LayersState& state, const ActivationInfo& layer) {
    const bool rgb_possible = layer.channels >= 3;
    ImGui::BeginDisabled(!rgb_possible);
    if (ImGui::RadioButton("RGB", state.show == LayerShow::Rgb)) state.show = LayerShow::Rgb;
    ImGui::EndDisabled();
    if (!disabledReason(!rgb_possible, "This layer has fewer than 3 channels.") && ImGui::IsItemHovered())
        ImGui::SetTooltip("Three channels from the base channel as red, green and blue.");
    ImGui::SameLine();
    if (ImGui::RadioButton("1 channel", state.show == LayerShow::Channel)) state.show = LayerShow::Channel;
    ImGui::SameLine();
    if (ImGui::RadioButton("mean |x|", state.show == LayerShow::MeanAbs)) state.show = LayerShow::MeanAbs;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The mean absolute value over all %d channels, grey.", layer.channels);
    ImGui::Checkbox("Normalise", &state.normalize);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Divide each shown channel by its largest |x| (as the visualizer's Normalize).");
}

// The base channel (a drag with - and +) and the strongest channels of the result on screen.
void channelGroup(LayersState& state, const ActivationInfo& layer, const LayersViewInput& in) {
    const int max_base = baseChannelMax(state.show, layer);
    const bool off = state.show == LayerShow::MeanAbs || max_base == 0;
    state.base_channel = std::clamp(state.base_channel, 0, max_base);
    const float narrow = ImGui::GetFrameHeight(), gap = ImGui::GetStyle().ItemInnerSpacing.x;
    ImGui::BeginDisabled(off);
    ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x - 2 * (narrow + gap), 1.f));
    char format[48];
    std::snprintf(format, sizeof format, "channel %%d/%d", layer.channels);
    ImGui::DragInt("##channel", &state.base_channel, 0.05f, 0, max_base, format, ImGuiSliderFlags_AlwaysClamp);
    ImGui::SameLine(0, gap);
    if (ImGui::Button("-##channel", ImVec2(narrow, 0))) state.base_channel = std::max(state.base_channel - 1, 0);
    ImGui::SameLine(0, gap);
    if (ImGui::Button("+##channel", ImVec2(narrow, 0))) state.base_channel = std::min(state.base_channel + 1, max_base);
    ImGui::EndDisabled();
    disabledReason(off, state.show == LayerShow::MeanAbs ? "Mean |x| shows every channel." : "This layer has no other channels to pick.");
    const bool sorted = in.result && in.result->layer == layer.name && !in.result->channels_by_magnitude.empty();
    ImGui::BeginDisabled(off || !sorted);
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo("##strongest", "strongest channels", ImGuiComboFlags_HeightLarge)) {
        const std::vector<int>& order = in.result->channels_by_magnitude;
        for (int rank = 0; rank < static_cast<int>(order.size()); ++rank) {
            char text[48];
            std::snprintf(text, sizeof text, "#%d  channel %d", rank + 1, order[rank]);
            if (ImGui::Selectable(text, order[rank] == state.base_channel))
                state.base_channel = baseChannelFor(order[rank], state.show, layer);
        }
        ImGui::EndCombo();
    }
    ImGui::EndDisabled();
    if (!disabledReason(!off && !sorted, "The channels by mean |x| come with this layer's result.") && !off &&
        ImGui::IsItemHovered())
        ImGui::SetTooltip("The channels by mean |x| over the panels, largest first: picking one makes it the base channel.");
}

// Gain in dB; FFT on/off and of all channels.
void gainGroup(LayersState& state, const ActivationInfo& layer) {
    withReset("gain", state.gain_db != 0, resetWidth(), [&] {
        ImGui::SliderFloat("##gain", &state.gain_db, LayersState::kMinGainDb, LayersState::kMaxGainDb, "gain %+.1f dB",
                           ImGuiSliderFlags_AlwaysClamp);
    }, [&] { state.gain_db = 0; });
    ImGui::Checkbox("FFT", &state.fft);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The power spectrum beside each image (Kaiser window, dB), as the visualizer's FFT.");
    ImGui::SameLine();
    const bool all_off = !state.fft || state.show == LayerShow::MeanAbs || baseChannelMax(state.show, layer) == 0;
    ImGui::BeginDisabled(all_off);
    ImGui::Checkbox("all channels", &state.fft_all);
    ImGui::EndDisabled();
    disabledReason(all_off, !state.fft ? "Turn the FFT on first." : "The selection is every channel already.");
}

// The FFT's dB range and Kaiser beta (greyed while the FFT is off).
void fftGroup(LayersState& state) {
    ImGui::BeginDisabled(!state.fft);
    withReset("range", state.fft_range_db != 50, resetWidth(), [&] {
        ImGui::SliderFloat("##fft_range", &state.fft_range_db, LayersState::kMinFftRangeDb, LayersState::kMaxFftRangeDb,
                           "range \xc2\xb1%.1f dB", ImGuiSliderFlags_AlwaysClamp);
    }, [&] { state.fft_range_db = 50; });
    withReset("beta", state.fft_beta != 8, resetWidth(), [&] {
        ImGui::SliderFloat("##fft_beta", &state.fft_beta, 0, LayersState::kMaxFftBeta, "Kaiser \xce\xb2 %.2f",
                           ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic);
    }, [&] { state.fft_beta = 8; });
    ImGui::EndDisabled();
}

// Untransform (models with an input transform), Export, and the job's state.
void actionGroup(LayersState& state, const LayersViewInput& in, LayersViewEvents& events) {
    if (in.facts->has_input_transform) {
        ImGui::Checkbox("Untransform", &state.untransform);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Undo the input's translation and rotation first, so the layer lines up with the\n"
                              "untransformed image (as the visualizer's Untransform).");
    }
    ImGui::BeginDisabled(!in.export_blocked.empty());
    if (ImGui::Button("Export...")) events.export_clicked = true;
    ImGui::EndDisabled();
    if (!disabledReason(!in.export_blocked.empty(), in.export_blocked.c_str()) && ImGui::IsItemHovered())
        ImGui::SetTooltip("These panels as PNG + recipe; `stylemix render` re-renders them.");
    if (!in.error.empty()) {
        ImGui::PushTextWrapPos(0.f);
        ImGui::TextColored(kErrorColour, "failed: %s", in.error.c_str());
        ImGui::PopTextWrapPos();
    } else if (in.rendering) {
        ImGui::TextDisabled("rendering...");
    }
}

void controls(LayersState& state, const ActivationInfo& layer, const LayersViewInput& in, LayersViewEvents& events) {
    const int columns = layerControlColumns(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize());
    if (!ImGui::BeginTable("controls", columns, ImGuiTableFlags_SizingStretchSame)) return;
    ImGui::TableNextColumn();
    displayGroup(state, layer);
    ImGui::TableNextColumn();
    channelGroup(state, layer, in);
    ImGui::TableNextColumn();
    gainGroup(state, layer);
    ImGui::TableNextColumn();
    fftGroup(state);
    ImGui::TableNextColumn();
    actionGroup(state, in, events);
    ImGui::EndTable();
}

// "mix vs A": how much of this layer the B ws have changed.
void differsLine(const LayerResult& r) {
    if (r.panels.size() < 3) return;
    if (r.fraction_differing <= 0.f) {
        ImGui::TextDisabled("mix = A at this layer: the ws taken from B act only after it.");
        return;
    }
    ImGui::Text("mix differs from A: %.1f%% of values, max |\xce\x94| %.4g", 100.0 * r.fraction_differing, r.max_diff_from_a);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Over the raw activation (every channel): the share of values where mix != A,\n"
                          "and the largest |mix - A|. Step through the layers to see where the mix starts to differ.");
}

// The panels' images, each under its title, dimmed while stale.
void panelImages(const LayersViewInput& in, CanvasFrame& canvases, float stats_height) {
    const LayerResult& r = *in.result;
    const int n = static_cast<int>(r.panels.size());
    const ImVec2 first = canvases.sizeOf(ImageKey{LayersSlot::Panel, 0, 0});
    const float aspect = first.x > 0 && first.y > 0 ? first.x / first.y : 1.f;
    const float title = ImGui::GetTextLineHeightWithSpacing();
    // What is left above the statistics, but at least half the view: a short
    // view scrolls to its statistics rather than shrink the panels.
    ImVec2 area = ImGui::GetContentRegionAvail();
    area.y = std::max(area.y - stats_height, 0.5f * ImGui::GetWindowHeight());
    const LayerPanelGrid grid = fitLayerPanels(area, n, aspect, title);
    for (int i = 0; i < n; ++i) {
        if (i % grid.per_row != 0) ImGui::SameLine(0, LayerPanelGrid::kGap);
        ImGui::BeginGroup();
        const std::string& full = i < static_cast<int>(in.titles.size()) ? in.titles[i] : r.panels[i].label;
        const std::string shown = fitText(full, grid.width);
        ImGui::TextUnformatted(shown.c_str());
        if (shown != full && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", full.c_str());
        CanvasJob& job = canvases.image(LayersSlot::canvas(i), ImVec2(grid.width, grid.height));
        job.clear = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
        CanvasDraw d{PassKind::Tile, ImageKey{LayersSlot::Panel, i, 0}, {}, ImVec2(0, 0), ImVec2(grid.width, grid.height)};
        d.nearest = true;   // activations are small: their pixels stay sharp
        d.dim = in.dim;
        if (!canvases.has(d.image)) {
            d.pass = PassKind::Fill;
            d.color = ImVec4(0.17f, 0.17f, 0.2f, 1.f);
        }
        job.draws.push_back(d);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s\n%s at %s\n%s", full.c_str(), r.layer.c_str(), layerShapeText({"", r.channels, r.height, r.width}).c_str(),
                              in.shown_selection.c_str());
        ImGui::EndGroup();
    }
}

// The visualizer's statistics: mean, std and max |x| of all channels and of the selection, per panel.
void statsTable(const LayerResult& r) {
    const int n = static_cast<int>(r.panels.size());
    if (!ImGui::BeginTable("stats", n + 1, ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_RowBg)) return;
    ImGui::TableSetupColumn("##what", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("max |x| sel").x);
    for (const LayerPanel& p : r.panels) ImGui::TableSetupColumn(p.label.c_str());
    ImGui::TableHeadersRow();
    struct Row {
        const char* name;
        float LayerPanel::*value;
    };
    static constexpr Row kRows[] = {{"mean all", &LayerPanel::mean_all}, {"mean sel", &LayerPanel::mean_sel},
                                    {"std all", &LayerPanel::std_all},   {"std sel", &LayerPanel::std_sel},
                                    {"max |x| all", &LayerPanel::max_all}, {"max |x| sel", &LayerPanel::max_sel}};
    for (const Row& row : kRows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", row.name);
        for (const LayerPanel& p : r.panels) {
            ImGui::TableNextColumn();
            ImGui::Text("%.3g", p.*row.value);
        }
    }
    ImGui::EndTable();
}

// Why there is nothing to show (no model, no layers, no tile); true when it said so.
bool emptyState(const LayersViewInput& in, LayersViewEvents& events) {
    if (!in.facts) {
        ImGui::TextDisabled("Load a model first.");
        return true;
    }
    if (in.facts->activations.empty()) {
        ImGui::TextWrapped("%s lists no layers to show.", in.facts->family_label.empty() ? "This model" : in.facts->family_label.c_str());
        return true;
    }
    if (in.has_subject) return false;
    ImGui::TextWrapped("Pick a face: right-click a tile of the grid and choose \"Show its layers\". A cell shows its A, "
                       "its B and their mix side by side, so you see at which layer the mix starts to differ.");
    if (ImGui::Button("Show the first cell")) events.pick_first_cell = true;
    return true;
}

}  // namespace

LayersViewEvents drawLayersView(LayersState& state, LayersViewMemory& memory, const LayersViewInput& in,
                                CanvasFrame& canvases) {
    LayersViewEvents events;
    ImGui::PushID("layers");
    const ActivationInfo* layer = in.facts ? chosenLayer(state, *in.facts) : nullptr;
    const float em = ImGui::GetFontSize();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float list_width = layersListWidth(avail.x, em);
    if (layer && in.has_subject && list_width > 0) {
        ImGui::BeginChild("list-side", ImVec2(list_width, 0), false, ImGuiWindowFlags_NoBackground);
        layerList(state, memory, *in.facts, *layer);
        ImGui::EndChild();
        ImGui::SameLine();
    }
    // The vertical scrollbar's space is always reserved, so the layout never depends on it.
    ImGui::BeginChild("layers-main", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysVerticalScrollbar | ImGuiWindowFlags_NoBackground);
    if (!emptyState(in, events)) {
        if (list_width <= 0) layerCombo(state, *in.facts, *layer);
        // The layer first (the combo shows it already): a narrow view elides the subject, not what is shown.
        const std::string head = list_width <= 0 ? in.subject : layer->name + " " + layerShapeText(*layer) + "  \xc2\xb7  " + in.subject;
        const std::string shown = fitText(head, ImGui::GetContentRegionAvail().x);
        ImGui::TextUnformatted(shown.c_str());
        if (shown != head && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", head.c_str());
        if (!in.note.empty()) ImGui::TextColored(kErrorColour, "%s", in.note.c_str());
        controls(state, *layer, in, events);
        if (in.result && !in.result->panels.empty()) {
            const float line = ImGui::GetTextLineHeightWithSpacing();
            const float stats_height = line * 8 + ImGui::GetStyle().ItemSpacing.y * 2;   // "differs", header and six rows
            panelImages(in, canvases, stats_height);
            differsLine(*in.result);
            statsTable(*in.result);
        } else if (in.error.empty()) {
            ImGui::TextDisabled("rendering this layer...");
        }
    }
    ImGui::EndChild();
    ImGui::PopID();
    return events;
}

}  // namespace stylemix::gui
