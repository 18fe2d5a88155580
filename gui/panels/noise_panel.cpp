#include "gui/panels/noise_panel.h"

#include "gui/widgets/disabled_reason.h"

#include "gui/widgets/knob.h"
#include "gui/widgets/labels.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace stylemix::gui {

void NoiseState::fitTo(int noise_layers) { gains.resize(static_cast<std::size_t>(std::max(noise_layers, 0)), 1.f); }

void NoiseState::resample() {
    ++seed;
    if (mode == NoiseMode::Const) mode = NoiseMode::Random;
}

void NoiseState::applyPreset(const std::vector<NoiseLayerInfo>& layers, NoisePreset preset) {
    gains = noisePresetGains(layers, preset);
}

std::optional<NoisePreset> activeNoisePreset(const NoiseState& state, const std::vector<NoiseLayerInfo>& layers) {
    if (state.master != 1.f) return std::nullopt;
    for (NoisePreset p : {NoisePreset::All, NoisePreset::None, NoisePreset::FineOnly, NoisePreset::CoarseOnly})
        if (state.gains == noisePresetGains(layers, p)) return p;
    return std::nullopt;
}

NoiseSpec toNoiseSpec(const NoiseState& state) {
    NoiseSpec spec;
    spec.mode = state.mode;
    spec.seed = state.mode == NoiseMode::Random ? state.seed : 0;
    const bool all_one = state.master == 1.f && std::all_of(state.gains.begin(), state.gains.end(),
                                                            [](float g) { return g == 1.f; });
    if (!all_one)
        for (float g : state.gains) spec.multipliers.push_back(g * state.master);
    return spec;
}

std::string knobCaption(const std::string& layer_name) {
    // The group frame already names the resolution: "b16.conv0" -> "conv0", "16x16/Conv0_up" -> "Conv0_up".
    const std::size_t cut = layer_name.find_last_of("./");
    return cut == std::string::npos ? layer_name : layer_name.substr(cut + 1);
}

void drawNoisePanel(NoiseState& state, const ModelFacts* facts) {
    ImGui::PushID("noise");
    const std::vector<NoiseLayerInfo> no_layers;
    const auto& layers = facts ? facts->noise_layers : no_layers;
    state.fitTo(static_cast<int>(layers.size()));
    if (facts && !facts->hasNoise()) {
        ImGui::TextWrapped("This model (%s) has no noise inputs: its images depend on w alone, so there are no noise "
                           "knobs, and the noise lab is off.", facts->family_label.c_str());
        ImGui::PopID();
        return;
    }

    // Mode and seed.
    int mode = static_cast<int>(state.mode);
    ImGui::TextUnformatted("Mode");
    ImGui::SameLine();
    ImGui::RadioButton("const", &mode, static_cast<int>(NoiseMode::Const));
    ImGui::SameLine();
    ImGui::RadioButton("random", &mode, static_cast<int>(NoiseMode::Random));
    ImGui::SameLine();
    ImGui::RadioButton("none", &mode, static_cast<int>(NoiseMode::None));
    state.mode = static_cast<NoiseMode>(mode);
    ImGui::BeginDisabled(state.mode != NoiseMode::Random);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    const std::uint64_t step = 1;
    ImGui::InputScalar("seed", ImGuiDataType_U64, &state.seed, &step, nullptr, "%llu");
    ImGui::EndDisabled();
    disabledReason(state.mode != NoiseMode::Random,
                   "The seed picks random noise: choose 'random' to set it (const noise is the one fixed "
                   "realisation stored in the model; 'none' adds no noise). Resample switches to random.");
    ImGui::SameLine();
    if (ImGui::Button("Resample (R)")) state.resample();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("New noise, same faces: every w stays fixed");

    if (layers.empty()) {
        ImGui::TextDisabled(facts ? "This model has no noise inputs." : "Load a model to see its noise layers.");
        ImGui::PopID();
        return;
    }
    if (state.mode == NoiseMode::None) {
        ImGui::PushTextWrapPos(0.f);
        ImGui::TextDisabled("Noise is off ('none'): choose const or random to use the presets and knobs.");
        ImGui::PopTextWrapPos();
    }
    ImGui::BeginDisabled(state.mode == NoiseMode::None);

    // Presets (paper Fig. 5), the active one lit, and the master gain.
    const auto active = activeNoisePreset(state, layers);
    for (NoisePreset p : {NoisePreset::All, NoisePreset::None, NoisePreset::FineOnly, NoisePreset::CoarseOnly}) {
        if (p != NoisePreset::All) ImGui::SameLine();
        const bool lit = active == p;
        if (lit) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::SmallButton(noisePresetName(p))) state.applyPreset(layers, p);
        if (lit) ImGui::PopStyleColor();
    }
    // Beside the presets when it fits, else on its own line (never cut at the panel's edge).
    const std::string fig = std::string("Fig. 5: ") + (active ? noisePresetName(*active) : "custom");
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(fig.c_str()).x) ImGui::NewLine();
    ImGui::TextDisabled("%s", fig.c_str());
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    ImGui::SliderFloat("master gain", &state.master, 0.f, NoiseState::kMaxGain, "x%.2f",
                       ImGuiSliderFlags_Logarithmic);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Multiplies every layer's knob; double-click a knob to reset it");

    // Knobs grouped by resolution; the groups flow left to right and wrap.
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextDisabled("Per layer: x learned strength (shown below each knob)");
    ImGui::PopTextWrapPos();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float knob_w = knobWidth(), avail = ImGui::GetContentRegionAvail().x;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float x = 0;
    for (std::size_t i = 0; i < layers.size();) {
        std::size_t j = i;
        while (j < layers.size() && layers[j].resolution == layers[i].resolution) ++j;
        const float group_w = (j - i) * knob_w + (j - i - 1) * style.ItemSpacing.x + 2 * style.FramePadding.x;
        if (i > 0 && x + style.ItemSpacing.x + group_w <= avail) {
            ImGui::SameLine();
            x += style.ItemSpacing.x;
        } else {
            x = 0;
        }
        x += group_w;
        ImGui::PushID(static_cast<int>(i));
        ImGui::BeginGroup();
        const ImVec2 top = ImGui::GetCursorScreenPos();
        ImGui::SetCursorScreenPos(ImVec2(top.x + style.FramePadding.x, top.y + style.FramePadding.y));
        ImGui::TextUnformatted(resolutionLabel(layers[i].resolution).c_str());
        ImGui::SetCursorScreenPos(ImVec2(top.x + style.FramePadding.x, ImGui::GetCursorScreenPos().y));
        for (std::size_t k = i; k < j; ++k) {
            const std::string& name = layers[k].name;
            const std::string caption = knobCaption(name);
            const float learned = k < facts->noise_strengths.size() ? facts->noise_strengths[k] : 0.f;
            char note[32], tooltip[320];
            std::snprintf(note, sizeof note, "%.2g", learned);
            std::snprintf(tooltip, sizeof tooltip,
                          "%s: learned strength %.4g\nnow %.4g (x%.2f incl. master)\n%s", name.c_str(), learned,
                          learned * state.gains[k] * state.master, state.gains[k] * state.master, kKnobWheelHint);
            if (k > i) ImGui::SameLine();
            ImGui::PushID(static_cast<int>(k));
            Knob("gain", &state.gains[k], NoiseState::kMaxGain, 1.f, caption.c_str(), note, tooltip);
            ImGui::PopID();
        }
        // Span the group's full width and leave room for the frame's bottom edge.
        ImGui::SetCursorScreenPos(ImVec2(top.x, ImGui::GetCursorScreenPos().y));
        ImGui::Dummy(ImVec2(group_w, style.FramePadding.y));
        ImGui::EndGroup();
        draw->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), ImGui::GetColorU32(ImGuiCol_Border),
                      style.FrameRounding);
        ImGui::PopID();
        i = j;
    }
    ImGui::EndDisabled();
    ImGui::PopID();
}

}  // namespace stylemix::gui
