#include "gui/widgets/labels.h"

#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace stylemix::gui {

std::string resolutionLabel(int resolution) { return std::to_string(resolution) + "\xC2\xB2"; }

std::vector<std::string> wsLabels(const ModelFacts* facts, int num_ws) {
    std::vector<std::string> labels;
    for (int i = 0; i < num_ws; ++i) {
        const WsInfo* info = facts && i < static_cast<int>(facts->ws_info.size()) ? &facts->ws_info[i] : nullptr;
        if (info && !info->label.empty()) labels.push_back(info->label);
        else if (info && info->resolution > 0) labels.push_back(resolutionLabel(info->resolution));
        else labels.push_back(std::to_string(i));
    }
    return labels;
}

std::string wsRangeText(const ModelFacts* facts, int begin, int end) {
    if (end <= begin) return "none";
    std::string text = end - begin == 1 ? "ws " + std::to_string(begin)
                                        : "ws " + std::to_string(begin) + "-" + std::to_string(end - 1);
    if (facts && begin >= 0 && end <= static_cast<int>(facts->ws_info.size())) {
        const std::string lo = resolutionLabel(facts->ws_info[begin].resolution);
        const std::string hi = resolutionLabel(facts->ws_info[end - 1].resolution);
        text += " (" + (lo == hi ? lo : lo + "-" + hi) + ")";
    }
    return text;
}

std::string stylesText(const ModelFacts* facts, const std::vector<int>& styles) {
    if (styles.empty()) return "none";
    bool contiguous = true;
    for (std::size_t i = 1; i < styles.size(); ++i) contiguous = contiguous && styles[i] == styles[i - 1] + 1;
    if (contiguous) return wsRangeText(facts, styles.front(), styles.back() + 1);
    std::string text = "ws ";
    for (std::size_t i = 0; i < styles.size();) {   // one "a-b" per run of consecutive indices
        std::size_t j = i;
        while (j + 1 < styles.size() && styles[j + 1] == styles[j] + 1) ++j;
        text += (i ? "," : "") + std::to_string(styles[i]);
        if (j > i) text += (j == i + 1 ? "," : "-") + std::to_string(styles[j]);
        i = j + 1;
    }
    return text;
}

std::string shortNumber(double v) {
    char text[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(text, sizeof text, "%.*g", precision, v);
        if (std::strtod(text, nullptr) == v) break;
    }
    return text;
}

std::string sourceShortText(const Source& s) {
    switch (s.kind) {
    case Source::Kind::Seed: return std::to_string(s.seed);
    case Source::Kind::Position: return shortNumber(s.x) + ":" + shortNumber(s.y);
    case Source::Kind::Ws: {
        if (!s.ws_array) return "ws";
        const WOrigin& o = s.ws_array->origin;
        std::string name = o.path.empty() ? s.ws_array->name : std::filesystem::path(o.path).filename().string();
        if (o.count > 1) name += "[" + std::to_string(o.index) + "]";
        return name;
    }
    }
    return "?";
}

std::string sourceLabel(const char* side, const Source& source) {
    std::string label = std::string(side) + " " + sourceShortText(source);
    if (source.class_index >= 0) label += " \xC2\xB7 c" + std::to_string(source.class_index);
    return label;
}

std::string fitText(const std::string& text, float max_width) {
    auto width = [](const std::string& s) { return ImGui::CalcTextSize(s.c_str()).x; };
    if (width(text) <= max_width) return text;
    static constexpr const char* kEllipsis = "\xE2\x80\xA6";   // U+2026, in the font's ranges (fonts.cpp)
    std::size_t keep = text.size();
    while (keep > 0) {
        --keep;
        while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;   // a character's start
        std::string candidate = text.substr(0, keep);
        while (!candidate.empty() && candidate.back() == ' ') candidate.pop_back();
        candidate += kEllipsis;
        if (width(candidate) <= max_width) return candidate;
    }
    return "";
}

std::string columnLabel(const Source& source, float width) {
    const std::string full = sourceLabel("B", source);
    if (ImGui::CalcTextSize(full.c_str()).x <= width) return full;
    return fitText(full.substr(2), width);   // the header row already says these are the B sources
}

std::vector<int> rangeStyles(WsRange range) {
    std::vector<int> styles;
    for (int i = range.begin; i < range.end; ++i) styles.push_back(i);
    return styles;
}

const char* bandName(Band band) {
    switch (band) {
    case Band::Coarse: return "Coarse";
    case Band::Middle: return "Middle";
    case Band::Fine: return "Fine";
    case Band::All: return "All";
    case Band::Custom: break;
    }
    return "Custom";
}

WsRange bandRange(Band band, const ModelDescription& model) {
    switch (band) {
    case Band::Coarse: return model.coarse;
    case Band::Middle: return model.middle;
    case Band::Fine: return model.fine;
    case Band::All: return WsRange{0, model.num_ws};
    case Band::Custom: break;
    }
    return WsRange{0, 0};
}

Band bandOf(const std::vector<int>& styles, const ModelDescription& model) {
    if (styles.empty()) return Band::Custom;
    for (Band b : {Band::Coarse, Band::Middle, Band::Fine, Band::All}) {
        const WsRange r = bandRange(b, model);
        if (!r.empty() && styles == rangeStyles(r)) return b;
    }
    return Band::Custom;
}

}  // namespace stylemix::gui
