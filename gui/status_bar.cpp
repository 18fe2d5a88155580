#include "gui/status_bar.h"

#include <imgui.h>

#include <cstdio>

namespace stylemix::gui {

std::string cellsPerSecond(const StageTimings& t) {
    const double ms = t.cells_ms > 0 ? t.cells_ms : t.total_ms;
    if (t.cells_rendered <= 0 || ms <= 0) return {};
    char text[48];
    std::snprintf(text, sizeof text, "%.1f cells/s", t.cells_rendered * 1000.0 / ms);
    return text;
}

namespace {

void separator() {
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
}

}  // namespace

void drawStatusBar(const StatusInfo& info) {
    // Device and worker.
    const bool busy = info.worker == WorkerState::Loading || info.worker == WorkerState::Rendering;
    const ImVec4 dot = busy ? ImVec4(1.f, 0.75f, 0.2f, 1.f) : ImVec4(0.35f, 0.85f, 0.45f, 1.f);
    ImGui::TextColored(dot, busy ? "\xE2\x97\x8F" : "\xE2\x97\x8B");
    ImGui::SameLine();
    if (info.facts) ImGui::Text("%s  %s", info.facts->device.c_str(), info.facts->precision.c_str());
    else ImGui::TextDisabled("no model");
    separator();
    if (busy) ImGui::Text("worker %s %3.0f%%", workerStateName(info.worker), info.progress * 100.f);
    else ImGui::Text("worker %s", workerStateName(info.worker));

    // Last grid: time per stage and throughput.
    if (info.grid) {
        const StageTimings& t = *info.grid;
        separator();
        ImGui::Text("grid %.0f ms (mapping %.0f, sources %.0f, cells %.0f)", t.total_ms, t.mapping_ms, t.sources_ms,
                    t.cells_ms);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%d synthesis passes, %d cells computed; %.0f ms wall clock including hand-over",
                              t.forward_passes, t.cells_rendered, info.grid_wall_ms);
        const std::string rate = cellsPerSecond(t);
        if (!rate.empty()) {
            separator();
            ImGui::TextUnformatted(rate.c_str());
        }
    }
    if (info.lab_ms) {
        separator();
        ImGui::Text("lab %.0f ms (K=%d)", *info.lab_ms, info.lab_samples);
    }
    if (info.split_ms) {
        separator();
        ImGui::Text("split %.0f ms", *info.split_ms);
    }
    if (info.ui_frames.frames > 0) {
        separator();
        ImGui::Text("UI %.1f ms", info.ui_frames.median_ms);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("The explorer's own frame time over the last %zu frames (the renders run on another thread):\n"
                              "median %.1f ms, 95th percentile %.1f ms, max %.1f ms",
                              info.ui_frames.frames, info.ui_frames.median_ms, info.ui_frames.p95_ms,
                              info.ui_frames.max_ms);
    }
    if (!info.message.empty()) {
        separator();
        if (info.message_is_error) ImGui::TextColored(ImVec4(1.f, 0.45f, 0.4f, 1.f), "%s", info.message.c_str());
        else ImGui::TextUnformatted(info.message.c_str());
    }
}

}  // namespace stylemix::gui
