#include "gui/widgets/range_bar.h"

#include "gui/widgets/labels.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdint>

namespace stylemix::gui {

std::vector<int> shiftStyles(const std::vector<int>& styles, int delta, int n) {
    if (styles.empty()) return styles;
    delta = std::clamp(delta, -styles.front(), n - 1 - styles.back());
    std::vector<int> out = styles;
    for (int& s : out) s += delta;
    return out;
}

std::vector<int> toggleStyle(const std::vector<int>& styles, int i) {
    std::vector<int> out = styles;
    const auto it = std::lower_bound(out.begin(), out.end(), i);
    if (it != out.end() && *it == i) {
        if (out.size() > 1) out.erase(it);
    } else {
        out.insert(it, i);
    }
    return out;
}

std::vector<int> resizeStyles(const std::vector<int>& styles, int delta, int n) {
    std::vector<int> out = styles;
    if (out.empty()) return out;
    if (delta > 0 && out.back() + 1 < n) out.push_back(out.back() + 1);
    if (delta < 0 && out.size() > 1) out.pop_back();
    return out;
}

namespace {

std::vector<int> runOf(int a, int b) {
    std::vector<int> out;
    for (int i = std::min(a, b); i <= std::max(a, b); ++i) out.push_back(i);
    return out;
}

bool contiguous(const std::vector<int>& s) { return !s.empty() && s.back() - s.front() + 1 == static_cast<int>(s.size()); }

// The selection at press time, as a bit mask (a move shifts this original).
std::uint64_t maskOf(const std::vector<int>& s) {
    std::uint64_t m = 0;
    for (int i : s)
        if (i >= 0 && i < 64) m |= std::uint64_t{1} << i;
    return m;
}
std::vector<int> fromMask(std::uint64_t m) {
    std::vector<int> out;
    for (int i = 0; i < 64; ++i)
        if (m >> i & 1) out.push_back(i);
    return out;
}

enum Mode { kNone = 0, kSelect = 1, kMove = 2, kToggled = 3 };

// What groups ws under the bar: a label up to " / " ("36 px / fc 4.3" -> "36 px").
std::string groupLabel(const std::string& label) { return label.substr(0, label.find(" / ")); }

// `label`, or a shorter form of it ("36 px" -> "36", "input (pose)" -> "input") that fits `width`,
// elided with "\u2026" when even that is too wide (the full label is in the hover tooltip).
std::string fittingLabel(const std::string& label, float width) {
    if (ImGui::CalcTextSize(label.c_str()).x <= width) return label;
    return fitText(label.substr(0, label.find(' ')), width);
}

// Segments (selected ones in the accent colour, the hovered one highlighted),
// a focus frame, and the label groups underneath unless `compact`.
void drawBar(ImVec2 origin, float width, float bar_h, const std::vector<int>& sel, const std::vector<std::string>& labels,
             int n, int hovered_seg, bool focused, bool compact) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float line = ImGui::GetTextLineHeight();
    const float seg_w = n > 0 ? width / n : width;
    auto selected = [&](int i) { return std::binary_search(sel.begin(), sel.end(), i); };
    // Segments: selected ones in the accent colour, the hovered one highlighted.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 col_on = ImGui::GetColorU32(ImGuiCol_ButtonActive);
    const ImU32 col_off = ImGui::GetColorU32(ImGuiCol_FrameBg);
    const ImU32 col_hover = ImGui::GetColorU32(ImGuiCol_FrameBgHovered);
    const ImU32 col_text = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 col_dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    for (int i = 0; i < n; ++i) {
        const ImVec2 a(origin.x + i * seg_w + 1, origin.y), b(origin.x + (i + 1) * seg_w - 1, origin.y + bar_h);
        const bool on = selected(i);
        draw->AddRectFilled(a, b, on ? col_on : (i == hovered_seg ? col_hover : col_off), style.FrameRounding);
        const std::string index = std::to_string(i);
        const ImVec2 ts = ImGui::CalcTextSize(index.c_str());
        draw->AddText(ImVec2((a.x + b.x - ts.x) * 0.5f, (a.y + b.y - ts.y) * 0.5f), on ? col_text : col_dim,
                      index.c_str());
    }
    if (focused)
        draw->AddRect(ImVec2(origin.x, origin.y - 1), ImVec2(origin.x + width, origin.y + bar_h + 1),
                      ImGui::GetColorU32(ImGuiCol_NavHighlight), style.FrameRounding);
    // Groups underneath: a bracket and one label per run of equal group labels
    // (the full label is in the hover tooltip).
    const float group_y = origin.y + bar_h + 2;
    for (int i = 0; i < n && !compact;) {
        const std::string group = groupLabel(labels[i]);
        int j = i;
        while (j + 1 < n && groupLabel(labels[j + 1]) == group) ++j;
        const float x0 = origin.x + i * seg_w + 3, x1 = origin.x + (j + 1) * seg_w - 3;
        const std::string text = fittingLabel(group, x1 - x0 + 4);
        const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
        draw->AddLine(ImVec2(x0, group_y), ImVec2(x1, group_y), col_dim);
        const ImVec4 clip(x0 - 2, group_y, x1 + 2, group_y + line + 2);
        draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(std::max((x0 + x1 - ts.x) * 0.5f, x0 - 2), group_y + 1),
                      col_dim, text.c_str(), nullptr, 0.f, &clip);
        i = j + 1;
    }

}

}  // namespace

bool RangeBar(const char* id, std::vector<int>* styles, const std::vector<std::string>& labels, bool compact) {
    const int n = std::min(static_cast<int>(labels.size()), 64);
    ImGui::PushID(id);
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImGuiIO& io = ImGui::GetIO();
    const float line = ImGui::GetTextLineHeight();
    const float width = std::max(ImGui::GetContentRegionAvail().x, 40.f);
    const float bar_h = line + style.FramePadding.y * 2;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##bar", ImVec2(width, compact ? bar_h : bar_h + line + 4));
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    const float seg_w = n > 0 ? width / n : width;
    auto segmentAt = [&](float x) { return std::clamp(static_cast<int>((x - origin.x) / seg_w), 0, std::max(n - 1, 0)); };
    auto fraction = [&](float x, int seg) { return (x - origin.x - seg * seg_w) / seg_w; };
    std::vector<int> sel = *styles;
    auto selected = [&](int i) { return std::binary_search(sel.begin(), sel.end(), i); };
    // Which part of the bar the pointer would grab: 1 = resize handle, 2 = move.
    auto grabKind = [&](float x) {
        const int seg = segmentAt(x);
        if (!selected(seg)) return 0;
        if (contiguous(sel) && ((seg == sel.front() && fraction(x, seg) < 0.3f) ||
                                (seg == sel.back() && fraction(x, seg) > 0.7f)))
            return 1;
        return 2;
    };

    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID mode_id = ImGui::GetID("mode"), anchor_id = ImGui::GetID("anchor"), grab_id = ImGui::GetID("grab");
    const ImGuiID lo_id = ImGui::GetID("mask-lo"), hi_id = ImGui::GetID("mask-hi"), focus_id = ImGui::GetID("focus");
    if (n > 0 && ImGui::IsItemActivated()) {
        const float x = io.MousePos.x;
        const int seg = segmentAt(x);
        int mode = kSelect, anchor = seg;
        if (io.KeyCtrl) {
            sel = toggleStyle(sel, seg);
            mode = kToggled;
        } else if (io.KeyShift && !sel.empty()) {
            anchor = seg >= sel.front() ? sel.front() : sel.back();
            sel = runOf(anchor, seg);
        } else if (const int kind = grabKind(x); kind == 1) {
            anchor = seg == sel.front() && fraction(x, seg) < 0.3f ? sel.back() : sel.front();
        } else if (kind == 2) {
            mode = kMove;
        } else {
            sel = {seg};
        }
        const std::uint64_t mask = maskOf(sel);
        storage->SetInt(mode_id, mode);
        storage->SetInt(anchor_id, anchor);
        storage->SetInt(grab_id, seg);
        storage->SetInt(lo_id, static_cast<int>(mask & 0xffffffffu));
        storage->SetInt(hi_id, static_cast<int>(mask >> 32));
        storage->SetBool(focus_id, true);
    }
    if (n > 0 && active) {
        const int seg = segmentAt(io.MousePos.x);
        const int mode = storage->GetInt(mode_id, kNone);
        if (mode == kSelect) {
            sel = runOf(std::clamp(storage->GetInt(anchor_id, 0), 0, n - 1), seg);
        } else if (mode == kMove) {
            const std::uint64_t mask = static_cast<std::uint32_t>(storage->GetInt(lo_id, 0)) |
                                       static_cast<std::uint64_t>(static_cast<std::uint32_t>(storage->GetInt(hi_id, 0))) << 32;
            sel = shiftStyles(fromMask(mask), seg - storage->GetInt(grab_id, seg), n);
        }
    }
    // Keys while the bar has focus: set on a press on it, lost on a press elsewhere.
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !hovered) storage->SetBool(focus_id, false);
    if (n > 0 && storage->GetBool(focus_id, false) && !io.WantTextInput && !sel.empty()) {
        const bool left = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow));
        const bool right = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow));
        if (left || right) {
            const int delta = right ? 1 : -1;
            sel = io.KeyShift ? resizeStyles(sel, delta, n) : shiftStyles(sel, delta, n);
        }
    }
    const bool changed = sel != *styles;
    *styles = sel;

    const int hovered_seg = hovered ? segmentAt(io.MousePos.x) : -1;
    drawBar(origin, width, bar_h, sel, labels, n, hovered_seg, storage->GetBool(focus_id, false), compact);

    // Cursor and tooltip; the tooltip is anchored above the bar.
    if (hovered || active) {
        const int kind = active ? (storage->GetInt(mode_id, kNone) == kMove ? 2 : 1) : grabKind(io.MousePos.x);
        if (kind == 1) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
        if (kind == 2) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
        // The pivot follows the pointer across the viewport (0 at its left
        // edge, 1 at its right), so a tooltip that fits the viewport stays inside it.
        const ImGuiViewport* viewport = ImGui::GetMainViewport();
        const float x = std::clamp(io.MousePos.x, origin.x, origin.x + width);
        const float pivot_x = std::clamp((x - viewport->Pos.x) / std::max(viewport->Size.x, 1.f), 0.f, 1.f);
        // Above the bar (the buttons below stay visible), unless last frame's
        // tooltip would not fit between the bar and the viewport's top: then below.
        const ImGuiID tip_h_id = ImGui::GetID("tooltip-height");
        const float tip_h = storage->GetFloat(tip_h_id, ImGui::GetTextLineHeightWithSpacing() * 4);
        const bool above = origin.y - style.ItemSpacing.y - tip_h >= viewport->Pos.y;
        const float y = above ? origin.y - style.ItemSpacing.y : ImGui::GetItemRectMax().y + style.ItemSpacing.y;
        ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_Always, ImVec2(pivot_x, above ? 1.f : 0.f));
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(std::max(viewport->Size.x - style.WindowPadding.x, ImGui::GetFontSize() * 8));
        if (active) {
            std::string text = "ws";
            for (std::size_t i = 0; i < sel.size(); ++i) text += (i ? "," : " ") + std::to_string(sel[i]);
            ImGui::TextUnformatted(text.c_str());
        } else if (hovered_seg >= 0) {
            ImGui::Text("ws %d (%s)", hovered_seg, labels[hovered_seg].c_str());
            ImGui::TextDisabled("drag: select a run; drag the band's middle: move it; its ends: resize\n"
                                "Shift+click: extend, Ctrl+click: toggle one ws\n"
                                "arrows: move, Shift+arrows: shrink/grow");
        }
        ImGui::PopTextWrapPos();
        storage->SetFloat(tip_h_id, ImGui::GetWindowHeight());
        ImGui::EndTooltip();
    }
    ImGui::PopID();
    return changed;
}

}  // namespace stylemix::gui
