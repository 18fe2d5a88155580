#include "gui/panels/status_bar.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace stylemix::gui {

std::string cellsPerSecond(const StageTimings& t) {
    const double ms = t.cells_ms > 0 ? t.cells_ms : t.total_ms;
    if (t.cells_rendered <= 0 || ms <= 0) return {};
    char text[48];
    std::snprintf(text, sizeof text, "%.1f cells/s", t.cells_rendered * 1000.0 / ms);
    return text;
}

std::string gridTimingText(const StageTimings& t) {
    if (t.forward_passes == 0 && t.cells_rendered == 0) return "grid from cache";
    char text[96];
    std::snprintf(text, sizeof text, "grid %.0f ms (mapping %.0f, sources %.0f, cells %.0f)", t.total_ms, t.mapping_ms,
                  t.sources_ms, t.cells_ms);
    return text;
}

namespace {

// The bar's items as text, in order (the same list lays out and draws).
struct Item {
    std::string text;
    enum class Style { Plain, Dot, Busy, Dim, Error } style = Style::Plain;
    std::string tooltip;
};

std::vector<Item> statusItems(const StatusInfo& info) {
    std::vector<Item> items;
    const bool busy = info.worker == WorkerState::Loading || info.worker == WorkerState::Rendering;
    items.push_back({busy ? "\xE2\x97\x8F" : "\xE2\x97\x8B", busy ? Item::Style::Busy : Item::Style::Dot, {}});
    if (info.facts) items.push_back({info.facts->device + "  " + info.facts->precision, Item::Style::Plain, {}});
    else items.push_back({"no model", Item::Style::Dim, {}});
    char text[160];
    if (busy) std::snprintf(text, sizeof text, "worker %s %3.0f%%", workerStateName(info.worker), info.progress * 100.f);
    else std::snprintf(text, sizeof text, "worker %s", workerStateName(info.worker));
    items.push_back({text, Item::Style::Plain, {}});
    if (info.grid) {
        const StageTimings& t = *info.grid;
        std::snprintf(text, sizeof text, "%d synthesis passes, %d cells computed; %.0f ms wall clock including hand-over",
                      t.forward_passes, t.cells_rendered, info.grid_wall_ms);
        items.push_back({gridTimingText(t), Item::Style::Plain, text});
        const std::string rate = cellsPerSecond(t);
        if (!rate.empty()) items.push_back({rate, Item::Style::Plain, {}});
    }
    if (info.lab_ms) {
        std::snprintf(text, sizeof text, "lab %.0f ms (K=%d)", *info.lab_ms, info.lab_samples);
        items.push_back({text, Item::Style::Plain, {}});
    }
    if (info.split_ms) {
        std::snprintf(text, sizeof text, "split %.0f ms", *info.split_ms);
        items.push_back({text, Item::Style::Plain, {}});
    }
    if (info.ui_frames.frames > 0) {
        // Whole ms: a tenth would change the status bar, and so redraw the window, every frame.
        std::snprintf(text, sizeof text, "UI %.0f ms", info.ui_frames.median_ms);
        char tip[320];
        std::snprintf(tip, sizeof tip,
                      "The explorer's own frame time over the last %zu frames it drew (frames equal to the one on screen are not drawn; the renders run on another thread):\n"
                      "median %.1f ms, 95th percentile %.1f ms, max %.1f ms",
                      info.ui_frames.frames, info.ui_frames.median_ms, info.ui_frames.p95_ms, info.ui_frames.max_ms);
        items.push_back({text, Item::Style::Plain, tip});
    }
    if (!info.message.empty())
        items.push_back({info.message, info.message_is_error ? Item::Style::Error : Item::Style::Plain, info.message});
    return items;
}

// Lines of item indices: items flow left to right and wrap at `width`.
std::vector<std::vector<std::size_t>> flow(const std::vector<Item>& items, float width) {
    const float sep = ImGui::CalcTextSize("|").x + 2 * ImGui::GetStyle().ItemSpacing.x;
    std::vector<std::vector<std::size_t>> lines(1);
    float x = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const float w = ImGui::CalcTextSize(items[i].text.c_str()).x;
        if (!lines.back().empty() && x + sep + w > width) {
            lines.emplace_back();
            x = 0;
        }
        x += (lines.back().empty() || i < 2 ? 0 : sep) + w;
        lines.back().push_back(i);
    }
    return lines;
}

}  // namespace

float statusBarHeight(const StatusInfo& info, float width) {
    const std::vector<Item> items = statusItems(info);
    float h = 0;
    for (const auto& line : flow(items, width)) {   // a line holding one long item wraps it
        const float wrapped = ImGui::CalcTextSize(items[line.front()].text.c_str(), nullptr, false, width).y;
        h += (line.size() == 1 ? std::max(wrapped, ImGui::GetTextLineHeight()) : ImGui::GetTextLineHeight()) +
             ImGui::GetStyle().ItemSpacing.y;
    }
    return h;
}

void drawStatusBar(const StatusInfo& info) {
    const std::vector<Item> items = statusItems(info);
    for (const auto& line : flow(items, ImGui::GetContentRegionAvail().x)) {
        if (line.size() == 1) ImGui::PushTextWrapPos(0.f);   // a long message wraps instead of running off
        for (std::size_t k = 0; k < line.size(); ++k) {
            const std::size_t i = line[k];
            const Item& item = items[i];
            if (k > 0) {
                ImGui::SameLine();
                if (i >= 2) {   // the dot and the device go side by side, the rest with separators
                    ImGui::TextDisabled("|");
                    ImGui::SameLine();
                }
            }
            switch (item.style) {
            case Item::Style::Dot: ImGui::TextColored(ImVec4(0.35f, 0.85f, 0.45f, 1.f), "%s", item.text.c_str()); break;
            case Item::Style::Busy: ImGui::TextColored(ImVec4(1.f, 0.75f, 0.2f, 1.f), "%s", item.text.c_str()); break;
            case Item::Style::Dim: ImGui::TextDisabled("%s", item.text.c_str()); break;
            case Item::Style::Error: ImGui::TextColored(ImVec4(1.f, 0.45f, 0.4f, 1.f), "%s", item.text.c_str()); break;
            case Item::Style::Plain: ImGui::TextUnformatted(item.text.c_str()); break;
            }
            if (!item.tooltip.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", item.tooltip.c_str());
        }
        if (line.size() == 1) ImGui::PopTextWrapPos();
    }
}

}  // namespace stylemix::gui
