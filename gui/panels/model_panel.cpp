#include "gui/panels/model_panel.h"

#include "gui/widgets/disabled_reason.h"

#include "model/core/text_escape.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <filesystem>

namespace stylemix::gui {

const char* deviceLabel(DeviceChoice device) {
    switch (device) {
    case DeviceChoice::Auto: return "device: auto";
    case DeviceChoice::CPU: return "device: CPU";
    case DeviceChoice::CUDA: return "device: CUDA";
    }
    return "?";
}

const char* precisionLabel(PrecisionChoice precision) {
    switch (precision) {
    case PrecisionChoice::FP32: return "precision: fp32";
    case PrecisionChoice::FP16Mixed: return "precision: fp16 mixed";
    case PrecisionChoice::BF16Mixed: return "precision: bf16 mixed";
    }
    return "?";
}

namespace {

void factRow(const char* name, const std::string& value) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", escapeControlChars(name).c_str());
    ImGui::TableNextColumn();
    // File-derived: control characters shown as \xNN; wrapped in the stretching column, never cut.
    ImGui::TextWrapped("%s", escapeControlChars(value).c_str());
}

}  // namespace

std::optional<LoadRequest> drawModelPanel(ModelPanelState& state, const ModelPanelView& view) {
    ImGui::PushID("model");
    std::optional<LoadRequest> request;
    auto ask = [&](const std::string& path) {
        if (!path.empty()) request = LoadRequest{path, state.device, state.precision};
    };

    // Path, browse, Load.
    const float pad = ImGui::GetStyle().FramePadding.x * 2, gap = ImGui::GetStyle().ItemSpacing.x;
    const float button_w = ImGui::CalcTextSize("Reload").x + pad;
    const float browse_w = ImGui::CalcTextSize("...").x + pad;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - button_w - browse_w - 2 * gap);
    if (ImGui::InputTextWithHint("##path", ".safetensors or .pkl (or drop a file)", &state.path,
                                 ImGuiInputTextFlags_EnterReturnsTrue))
        ask(state.path);
    // The field scrolls a long path; the tooltip shows all of it.
    if (ImGui::IsItemHovered() && !ImGui::IsItemActive())
        ImGui::SetTooltip(state.path.empty() ? "Model file; you can also drop one onto the window"
                                             : "%s\n\nModel file; you can also drop one onto the window",
                          state.path.c_str());
    ImGui::SameLine();
    if (ImGui::Button("...", ImVec2(browse_w, 0))) state.browse_requested = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Browse for a model file (Ctrl+O)");
    ImGui::SameLine();
    const bool same = view.facts && view.facts->path == state.path;
    ImGui::BeginDisabled(view.loading || state.path.empty());
    if (ImGui::Button(same ? "Reload" : "Load", ImVec2(button_w, 0))) ask(state.path);
    ImGui::EndDisabled();
    disabledReason(view.loading, "A model is loading; wait for it (or for its error).") ||
        disabledReason(state.path.empty(), "Type a model path, press ... to browse, or drop a file onto the window.");

    // Device and precision apply at the next load, side by side.
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    ImGui::SetNextItemWidth(half);
    if (ImGui::BeginCombo("##device", deviceLabel(state.device))) {
        for (DeviceChoice d : {DeviceChoice::Auto, DeviceChoice::CPU, DeviceChoice::CUDA})
            if (ImGui::Selectable(deviceLabel(d), d == state.device)) state.device = d;
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Device for the next Load / Reload");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(half);
    if (ImGui::BeginCombo("##precision", precisionLabel(state.precision))) {
        for (PrecisionChoice p : {PrecisionChoice::FP32, PrecisionChoice::FP16Mixed, PrecisionChoice::BF16Mixed})
            if (ImGui::Selectable(precisionLabel(p), p == state.precision)) state.precision = p;
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Precision for the next Load / Reload");

    if (view.loading) ImGui::ProgressBar(view.progress, ImVec2(-1, 0), "loading...");

    // Recent models.
    if (view.recent && !view.recent->empty() && ImGui::TreeNode("Recent models")) {
        for (const std::string& path : *view.recent) {
            const std::string name = std::filesystem::path(path).filename().string();
            ImGui::PushID(path.c_str());
            if (ImGui::Selectable(name.c_str(), view.facts && view.facts->path == path)) {
                state.path = path;
                ask(path);
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", path.c_str());
            ImGui::PopID();
        }
        ImGui::TreePop();
    }

    // Facts of the loaded model: a summary line, details on demand.
    if (view.facts) {
        const ModelFacts& f = *view.facts;
        // Wrapped to the panel: a narrow sidebar must not cut the line mid-word.
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s %dx%d, %d ws, %zu noise layers%s, on %s", escapeControlChars(f.family_label).c_str(),
                           f.img_resolution, f.img_resolution, f.num_ws, f.noise_layers.size(),
                           f.c_dim > 0 ? ", conditional" : "", f.device.empty() ? "?" : f.device.c_str());
        ImGui::PopStyleColor();
        if (ImGui::TreeNode("Model facts")) {
            if (ImGui::BeginTable("facts", 2, ImGuiTableFlags_SizingFixedFit)) {
                ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed);
                ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
                factRow("file", f.path);
                factRow("family", f.family_label);
                factRow("resolution", std::to_string(f.img_resolution) + " x " + std::to_string(f.img_resolution));
                factRow("ws", std::to_string(f.num_ws) + " x " + std::to_string(f.w_dim));
                factRow("z / c dim", std::to_string(f.z_dim) + " / " + std::to_string(f.c_dim) +
                                         (f.c_dim > 0 ? " (conditional)" : ""));
                for (const auto& [key, value] : f.details) factRow(key.c_str(), value);
                factRow("noise layers", std::to_string(f.noise_layers.size()));
                factRow("device", f.device.empty() ? "?" : f.device);
                factRow("precision", f.precision.empty() ? "?" : f.precision);
                if (!f.sha256.empty()) factRow("sha256", f.sha256.substr(0, 16) + "...");
                ImGui::EndTable();
            }
            ImGui::TreePop();
        }
    } else if (!view.loading) {
        ImGui::TextDisabled("No model loaded.");
    }
    ImGui::PopID();
    return request;
}

}  // namespace stylemix::gui
