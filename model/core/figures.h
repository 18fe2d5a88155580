// Composes rendered images into the figures we export (torch-free). Tile
// pixels are copied untouched; labels only ever go into added margins.
#pragma once

#include "model/io/image_io.h"
#include "model/core/render_types.h"

#include <cstdint>
#include <string>

namespace stylemix {

// A figure's size before anything is rendered, so an impossible request is
// refused at once instead of after minutes of work.
struct FigureSize {
    std::int64_t width = 0, height = 0;
    int channels = 3;
    std::uint64_t bytes() const;
};
constexpr std::int64_t kMaxFigureSide = 65535;           // PNG viewers' common limit
constexpr std::uint64_t kMaxFigureBytes = 1ull << 30;   // figures must stay below this (the PNG encoder's limit)

// `scale`: the nearest-neighbour magnification the grid is exported at (a recipe's mix.scale).
FigureSize mixGridSize(const MixRequest& request, int resolution, int channels, bool labels, int scale = 1);
// Throws std::invalid_argument "<what> would be WxH pixels (N GiB in memory); the limit is ...".
void checkFigureSize(const FigureSize& size, const std::string& what);

// style_mixing.py's grid: black canvas, top-left empty, column sources across
// the top, row sources down the left, cell (r, c) at ((c+1)·W, (r+1)·H).
// With `labels`, a band above and a band left of that grid name the seeds and
// the style ranges taken from the column source.
Image composeMixGrid(const MixResult& result, const MixRequest& request, bool labels = false);
// The grid as exported: composeMixGrid magnified by `scale` (1-8, nearest neighbour).
Image composeScaledMixGrid(const MixResult& result, const MixRequest& request, bool labels, int scale);

// Paper Fig. 4 and the std-dev map: model/core/lab_figures.h.

// Paper Fig. 5: the images side by side with their labels underneath.
Image composeNoiseLayersFigure(const NoiseLayersResult& result);

// Default crop for the noise lab: the centre quarter of the image.
CropRect defaultCrop(int resolution);

// The std-dev map at a display gain: round(clamp(level * gain, 0, 255)), grey.
Image stddevImage(const std::vector<float>& levels, int width, int height, float gain);

// Crop of `image` (clipped to its bounds; throws on an empty crop), magnified.
Image cropAndZoom(const Image& image, const CropRect& crop, int zoom);

// Draws `text` with stb_easy_font at (x, y), `scale` pixels per font unit.
void drawText(Image& image, int x, int y, const std::string& text, int scale, const std::uint8_t rgb[3]);
int textWidth(const std::string& text, int scale);

// "0-3,8" style compact text for a list of ws indices.
std::string describeStyles(const std::vector<int>& styles);

}  // namespace stylemix
