#include "gui/noise_panel.h"

#include "gui/knob.h"
#include "gui/labels.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace stylemix::gui {

const char* noisePresetName(NoisePreset preset) {
    switch (preset) {
    case NoisePreset::All: return "All";
    case NoisePreset::None: return "None";
    case NoisePreset::FineOnly: return "Fine only";
    case NoisePreset::CoarseOnly: return "Coarse only";
    }
    return "?";
}

std::vector<float> noisePresetGains(const std::vector<NoiseLayerInfo>& layers, NoisePreset preset) {
    std::vector<float> gains;
    for (const NoiseLayerInfo& layer : layers) {
        bool on = true;
        if (preset == NoisePreset::None) on = false;
        if (preset == NoisePreset::FineOnly) on = layer.resolution >= 64;
        if (preset == NoisePreset::CoarseOnly) on = layer.resolution <= 32;
        gains.push_back(on ? 1.f : 0.f);
    }
    return gains;
}

void NoiseState::fitTo(int noise_layers) { gains.resize(static_cast<std::size_t>(std::max(noise_layers, 0)), 1.f); }

void NoiseState::resample() {
    ++seed;
    if (mode == NoiseMode::Const) mode = NoiseMode::Random;
}

void NoiseState::applyPreset(const std::vector<NoiseLayerInfo>& layers, NoisePreset preset) {
    gains = noisePresetGains(layers, preset);
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

void drawNoisePanel(NoiseState& state, const ModelFacts* facts) {
    ImGui::PushID("noise");
    const std::vector<NoiseLayerInfo> no_layers;
    const auto& layers = facts ? facts->noise_layers : no_layers;
    state.fitTo(static_cast<int>(layers.size()));

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
    ImGui::SameLine();
    if (ImGui::Button("Resample (R)")) state.resample();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("New noise, same faces: every w stays fixed");

    if (layers.empty()) {
        ImGui::TextDisabled(facts ? "This model has no noise inputs." : "Load a model to see its noise layers.");
        ImGui::PopID();
        return;
    }
    ImGui::BeginDisabled(state.mode == NoiseMode::None);

    // Presets (paper Fig. 5) and the master gain.
    for (NoisePreset p : {NoisePreset::All, NoisePreset::None, NoisePreset::FineOnly, NoisePreset::CoarseOnly}) {
        if (p != NoisePreset::All) ImGui::SameLine();
        if (ImGui::SmallButton(noisePresetName(p))) state.applyPreset(layers, p);
    }
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    ImGui::SliderFloat("master gain", &state.master, 0.f, NoiseState::kMaxGain, "x%.2f",
                       ImGuiSliderFlags_Logarithmic);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Multiplies every layer's knob; double-click a knob to reset it");

    // Knobs grouped by resolution, wrapping to the panel width.
    const float avail = ImGui::GetContentRegionAvail().x;
    for (std::size_t i = 0; i < layers.size();) {
        std::size_t j = i;
        while (j < layers.size() && layers[j].resolution == layers[i].resolution) ++j;
        ImGui::PushID(static_cast<int>(i));
        ImGui::Separator();
        ImGui::TextDisabled("%s", resolutionLabel(layers[i].resolution).c_str());
        float x = 0;
        for (std::size_t k = i; k < j; ++k) {
            const std::string& name = layers[k].name;
            const std::string caption = name.substr(name.find('.') == std::string::npos ? 0 : name.find('.') + 1);
            char tooltip[160];
            const float learned = k < facts->noise_strengths.size() ? facts->noise_strengths[k] : 0.f;
            std::snprintf(tooltip, sizeof tooltip, "%s: learned strength %.4g\nnow %.4g (x%.2f)", name.c_str(),
                          learned, learned * state.gains[k] * state.master, state.gains[k] * state.master);
            ImGui::PushID(static_cast<int>(k));
            const float w = ImGui::GetFontSize() * 4;
            if (k > i && x + w < avail) ImGui::SameLine();
            else x = 0;
            x += w + ImGui::GetStyle().ItemSpacing.x;
            ImGui::BeginGroup();
            Knob("gain", &state.gains[k], NoiseState::kMaxGain, 1.f, caption.c_str(), tooltip);
            ImGui::TextDisabled("%.3g", learned);
            ImGui::EndGroup();
            ImGui::PopID();
        }
        ImGui::PopID();
        i = j;
    }
    ImGui::EndDisabled();
    ImGui::PopID();
}

}  // namespace stylemix::gui
