#include "gui/labels.h"

namespace stylemix::gui {

std::string resolutionLabel(int resolution) { return std::to_string(resolution) + "\xC2\xB2"; }

std::vector<std::string> wsLabels(const ModelFacts* facts, int num_ws) {
    std::vector<std::string> labels;
    for (int i = 0; i < num_ws; ++i) {
        if (facts && i < static_cast<int>(facts->ws_info.size()) && facts->ws_info[i].resolution > 0)
            labels.push_back(resolutionLabel(facts->ws_info[i].resolution));
        else
            labels.push_back(std::to_string(i));
    }
    return labels;
}

std::string wsRangeText(const ModelFacts* facts, int begin, int end) {
    if (end <= begin) return "none";
    std::string text = end - begin == 1 ? "ws " + std::to_string(begin)
                                        : "ws " + std::to_string(begin) + "-" + std::to_string(end - 1);
    if (facts && end <= static_cast<int>(facts->ws_info.size())) {
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
    for (std::size_t i = 0; i < styles.size(); ++i) text += (i ? "," : "") + std::to_string(styles[i]);
    return text;
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

WsRange bandRange(Band band, int num_ws) {
    switch (band) {
    case Band::Coarse: return coarseRange(num_ws);
    case Band::Middle: return middleRange(num_ws);
    case Band::Fine: return fineRange(num_ws);
    case Band::All: return WsRange{0, num_ws};
    case Band::Custom: break;
    }
    return WsRange{0, 0};
}

Band bandOf(int begin, int end, int num_ws) {
    for (Band b : {Band::Coarse, Band::Middle, Band::Fine, Band::All})
        if (bandRange(b, num_ws) == WsRange{begin, end} && end > begin) return b;
    return Band::Custom;
}

}  // namespace stylemix::gui
