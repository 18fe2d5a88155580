#include "model/core/noise_by_layer_figure.h"

#include "model/core/lab_figures.h"
#include "model/core/stddev_colour_bar.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace stylemix {

std::string noiseLayerLabel(const NoiseLayerInfo& info) {
    const std::string res = std::to_string(info.resolution);
    return info.name + " " + res + "x" + res;
}

float noiseByLayerPeak(const NoiseByLayerResult& result) {
    float peak = 0;
    for (const NoiseLayerStddev& l : result.layers) peak = std::max(peak, l.peak);
    return peak;
}

float noiseByLayerGain(float peak) { return peak > 0.f ? 255.f / peak : 255.f; }

std::string noiseLayerPeakText(float peak) {
    char text[48];
    std::snprintf(text, sizeof text, "peak %.2f", static_cast<double>(peak));
    return text;
}

int noiseByLayerMagnification(int resolution) {
    return std::clamp((192 + std::max(resolution, 1) - 1) / std::max(resolution, 1), 1, 8);
}

namespace {

const std::uint8_t kWhite[3] = {255, 255, 255};
const std::uint8_t kGrey[3] = {170, 170, 170};
constexpr int kGap = 4;
constexpr int kLineUnits = 10;   // a text line in font units: the glyphs and a margin

// `text` in lines no wider than `width` at `scale`, broken at spaces (a longer word keeps a line of its own).
std::vector<std::string> wrapText(const std::string& text, int width, int scale) {
    std::vector<std::string> lines;
    std::istringstream words(text);
    std::string word, line;
    while (words >> word) {
        const std::string longer = line.empty() ? word : line + " " + word;
        if (!line.empty() && textWidth(longer, scale) > width) {
            lines.push_back(line);
            line = word;
        } else {
            line = longer;
        }
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

std::string caption(int samples) {
    return "Std-dev over K = " + std::to_string(samples) +
           " realisations of one noise layer at a time (the others fixed), in levels, one scale";
}

// Where everything goes: the caption on top, the maps (side `tile`) in a row
// with the colour bar on their right, each map's label lines and peak under it.
struct StripLayout {
    int tile = 0, text = 1, line = 10;
    int caption_y = 0, maps_y = 0, labels_y = 0;
    int bar_x = 0, bar_w = 0;
    int label_lines = 1;
    int width = 0, height = 0;
    std::vector<std::string> caption_lines;
};

// The bar's width whatever the peak turns out to be (its labels' widest form).
int barWidth(int height, int text_scale) {
    int w = 0;
    for (float top : {1.999f, 19.99f, 255.f}) w = std::max(w, stddevColourBarMinWidth(255.f / top, height, text_scale));
    return w;
}

StripLayout stripLayout(int resolution, const std::vector<std::string>& labels, int samples) {
    StripLayout l;
    l.tile = resolution * noiseByLayerMagnification(resolution);
    l.text = std::clamp(l.tile / 96, 1, 6);
    l.line = kLineUnits * l.text;
    const int n = std::max(static_cast<int>(labels.size()), 1);
    l.bar_x = n * (l.tile + kGap);
    l.bar_w = barWidth(l.tile, l.text);
    l.width = l.bar_x + l.bar_w;
    for (const std::string& label : labels)
        l.label_lines = std::max(l.label_lines, static_cast<int>(wrapText(label, l.tile, l.text).size()));
    l.caption_lines = wrapText(caption(samples), l.width - 2 * l.text, l.text);
    l.caption_y = l.text;
    l.maps_y = l.caption_y + static_cast<int>(l.caption_lines.size()) * l.line + kGap;
    l.labels_y = l.maps_y + l.tile + kGap;
    l.height = l.labels_y + (l.label_lines + 1) * l.line;
    return l;
}

void drawCentred(Image& canvas, int x, int width, int y, const std::string& text, int scale, const std::uint8_t rgb[3]) {
    drawText(canvas, x + std::max(0, (width - textWidth(text, scale)) / 2), y, text, scale, rgb);
}

void checkMaps(const NoiseByLayerResult& result) {
    if (result.layers.empty()) throw std::invalid_argument("noise-by-layer figure: no std-dev maps rendered");
    const NoiseLayerStddev& first = result.layers.front();
    for (const NoiseLayerStddev& l : result.layers)
        if (l.width != first.width || l.height != first.height || l.width <= 0 || l.width != l.height ||
            l.stddev_levels.size() != static_cast<std::size_t>(l.width) * l.height)
            throw std::invalid_argument("noise-by-layer figure: the std-dev map of " + l.label + " is misshapen");
    if (result.total_layers != 0 && static_cast<int>(result.layers.size()) != result.total_layers)
        throw std::invalid_argument("noise-by-layer figure: only " + std::to_string(result.layers.size()) + " of " +
                                    std::to_string(result.total_layers) + " layers rendered");
}

}  // namespace

FigureSize noiseByLayerFigureSize(int resolution, const std::vector<std::string>& labels, int samples) {
    const std::int64_t tile = std::int64_t(resolution) * noiseByLayerMagnification(resolution);
    if (tile > kMaxFigureSide) return {tile, tile, 3};   // too large whatever the rest (checkFigureSize says so)
    const StripLayout l = stripLayout(resolution, labels, samples);
    return {l.width, l.height, 3};
}

Image composeNoiseByLayerFigure(const NoiseByLayerResult& result) {
    checkMaps(result);
    const int res = result.layers.front().width;
    std::vector<std::string> labels;
    for (const NoiseLayerStddev& m : result.layers) labels.push_back(m.label);
    checkFigureSize(noiseByLayerFigureSize(res, labels, result.samples), "the noise-by-layer strip");
    const StripLayout l = stripLayout(res, labels, result.samples);
    const float gain = noiseByLayerGain(noiseByLayerPeak(result));
    const int mag = l.tile / res;
    Image canvas = makeImage(l.width, l.height, 3);
    for (std::size_t i = 0; i < l.caption_lines.size(); ++i)
        drawText(canvas, l.text, l.caption_y + static_cast<int>(i) * l.line, l.caption_lines[i], l.text, kGrey);
    for (std::size_t i = 0; i < result.layers.size(); ++i) {
        const NoiseLayerStddev& m = result.layers[i];
        const int x = static_cast<int>(i) * (l.tile + kGap);
        const Image map = stddevColourImage(m.stddev_levels, res, res, gain);
        pasteImage(canvas, mag > 1 ? cropAndZoom(map, CropRect{0, 0, res, res}, mag) : map, x, l.maps_y);
        const std::vector<std::string> lines = wrapText(m.label, l.tile, l.text);
        for (std::size_t k = 0; k < lines.size(); ++k)
            drawCentred(canvas, x, l.tile, l.labels_y + static_cast<int>(k) * l.line, lines[k], l.text, kWhite);
        drawCentred(canvas, x, l.tile, l.labels_y + l.label_lines * l.line, noiseLayerPeakText(m.peak), l.text, kGrey);
    }
    drawStdDevColourBar(canvas, l.bar_x, l.maps_y, l.bar_w, l.tile, gain, l.text);
    return canvas;
}

}  // namespace stylemix
