#include "model/core/layer_figure.h"

#include <algorithm>
#include <stdexcept>

namespace stylemix {

namespace {
constexpr int kFigurePanelHeight = 256;
}

int layerFigureZoom(int height) { return std::max(1, kFigurePanelHeight / std::max(1, height)); }

Image composeLayerFigure(const LayerResult& result) {
    if (result.panels.empty()) throw std::invalid_argument("layer figure: nothing rendered");
    const Image& first = result.panels.front().image;
    const int zoom = layerFigureZoom(first.height);
    checkFigureSize({std::int64_t(first.width) * zoom * std::int64_t(result.panels.size()), std::int64_t(first.height) * zoom + 64, 3},
                    "the layer figure");
    NoiseLayersResult row;   // images side by side, labels underneath (figures.h)
    for (const LayerPanel& p : result.panels) {
        row.images.push_back(cropAndZoom(p.image, CropRect{0, 0, p.image.width, p.image.height}, zoom));
        row.labels.push_back(p.label + "  " + result.layer);
    }
    return composeNoiseLayersFigure(row);
}

}  // namespace stylemix
