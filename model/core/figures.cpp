#include "model/core/figures.h"

#include "model/core/seed_spec.h"
#include "model/io/image_convert.h"

// stb_easy_font is header-only with static functions we do not all use.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include <stb_easy_font.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace stylemix {
namespace {

const std::uint8_t kWhite[3] = {255, 255, 255};

void fillRect(Image& img, int x0, int y0, int x1, int y1, const std::uint8_t rgb[3]) {
    x0 = std::max(x0, 0); y0 = std::max(y0, 0);
    x1 = std::min(x1, img.width); y1 = std::min(y1, img.height);
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
            for (int c = 0; c < std::min(img.channels, 3); ++c)
                img.pixels[(static_cast<size_t>(y) * img.width + x) * img.channels + c] = rgb[c];
}

int labelScale(int tile) { return std::max(1, tile / 64); }

}  // namespace

std::string describeStyles(const std::vector<int>& styles) {
    if (styles.empty()) return "none";
    std::vector<std::uint64_t> v;
    for (int s : styles) v.push_back(static_cast<std::uint64_t>(s));
    std::sort(v.begin(), v.end());
    return formatSpec(v);
}

int textWidth(const std::string& text, int scale) {
    std::string copy = text;
    return stb_easy_font_width(copy.data()) * scale;
}

void drawText(Image& image, int x, int y, const std::string& text, int scale, const std::uint8_t rgb[3]) {
    std::string copy = text;
    std::vector<float> buffer(std::max<size_t>(text.size(), 1) * 300);
    const int quads = stb_easy_font_print(0, 0, copy.data(), nullptr, buffer.data(),
                                          static_cast<int>(buffer.size() * sizeof(float)));
    // Each vertex: x, y, z (floats) + 4 colour bytes = 4 floats; 4 vertices per quad.
    for (int q = 0; q < quads; ++q) {
        const float* v = &buffer[static_cast<size_t>(q) * 16];
        const int qx0 = static_cast<int>(v[0]), qy0 = static_cast<int>(v[1]);
        const int qx1 = static_cast<int>(v[8]), qy1 = static_cast<int>(v[9]);
        fillRect(image, x + qx0 * scale, y + qy0 * scale, x + qx1 * scale, y + qy1 * scale, rgb);
    }
}

Image cropAndZoom(const Image& image, const CropRect& crop, int zoom) {
    const int x0 = std::clamp(crop.x, 0, image.width), y0 = std::clamp(crop.y, 0, image.height);
    const int x1 = std::clamp(crop.x + crop.width, 0, image.width), y1 = std::clamp(crop.y + crop.height, 0, image.height);
    if (x1 <= x0 || y1 <= y0 || zoom < 1)
        throw std::invalid_argument("crop " + std::to_string(crop.x) + "," + std::to_string(crop.y) + "," +
                                    std::to_string(crop.width) + "," + std::to_string(crop.height) +
                                    " does not overlap the " + std::to_string(image.width) + "x" +
                                    std::to_string(image.height) + " image");
    Image out = makeImage((x1 - x0) * zoom, (y1 - y0) * zoom, image.channels);
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x)
            for (int c = 0; c < image.channels; ++c)
                out.pixels[(static_cast<size_t>(y) * out.width + x) * out.channels + c] =
                    image.pixels[(static_cast<size_t>(y0 + y / zoom) * image.width + (x0 + x / zoom)) * image.channels + c];
    return out;
}

CropRect defaultCrop(int resolution) {
    const int size = std::max(4, resolution / 4);
    return {(resolution - size) / 2, (resolution - size) / 2, size, size};
}

Image stddevImage(const std::vector<float>& levels, int width, int height, float gain) {
    Image out = makeImage(width, height, 1);
    const std::size_t n = std::min(out.pixels.size(), levels.size());
    for (std::size_t i = 0; i < n; ++i)
        out.pixels[i] = static_cast<std::uint8_t>(std::lround(std::clamp(levels[i] * gain, 0.0f, 255.0f)));
    return out;
}

namespace {

// Margins of the labelled grid: a band above, a band left as wide as the longest label.
struct MixMargins {
    int top = 0, left = 0;
};

MixMargins mixMargins(const MixRequest& request, int tile_width, bool labels) {
    MixMargins m;
    if (!labels) return m;
    const int s = labelScale(tile_width);
    m.top = 12 * s;
    for (std::size_t r = 0; r < request.rows.size(); ++r) {
        m.left = std::max(m.left, textWidth(request.rows[r].label(), s));
        m.left = std::max(m.left, textWidth("B: ws " + describeStyles(request.stylesForRow(r)), s));
    }
    m.left += 8 * s;
    return m;
}

std::string bytesText(std::uint64_t bytes) {
    char buf[64];
    if (bytes >= (1ull << 30)) std::snprintf(buf, sizeof buf, "%.1f GiB", double(bytes) / double(1ull << 30));
    else std::snprintf(buf, sizeof buf, "%.1f MiB", double(bytes) / double(1ull << 20));
    return buf;
}

}  // namespace

std::uint64_t FigureSize::bytes() const {
    return static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(height) * static_cast<std::uint64_t>(channels);
}

FigureSize mixGridSize(const MixRequest& request, int resolution, int channels, bool labels, int scale) {
    const MixMargins m = mixMargins(request, resolution, labels);
    const std::int64_t s = std::max(scale, 1);
    return {s * (m.left + std::int64_t(resolution) * std::int64_t(request.cols.size() + 1)),
            s * (m.top + std::int64_t(resolution) * std::int64_t(request.rows.size() + 1)), channels};
}

void checkFigureSize(const FigureSize& size, const std::string& what) {
    if (size.width <= kMaxFigureSide && size.height <= kMaxFigureSide && size.bytes() < kMaxFigureBytes) return;
    throw std::invalid_argument(what + " would be " + std::to_string(size.width) + "x" + std::to_string(size.height) +
                                " pixels (" + bytesText(size.bytes()) + " in memory); the limit is " +
                                std::to_string(kMaxFigureSide) + " pixels a side and less than " + bytesText(kMaxFigureBytes));
}

Image composeMixGrid(const MixResult& result, const MixRequest& request, bool labels) {
    if (result.row_images.empty() || result.col_images.empty())
        throw std::invalid_argument("mix grid: nothing rendered");
    for (const auto* tiles : {&result.row_images, &result.col_images})
        for (const ImagePtr& t : *tiles)
            if (!t) throw std::invalid_argument("mix grid: a source image is missing");
    const int W = result.col_images[0]->width, H = result.col_images[0]->height, ch = result.col_images[0]->channels;
    const int R = static_cast<int>(result.row_images.size()), C = static_cast<int>(result.col_images.size());
    const int s = labelScale(W);
    const auto [top, left] = mixMargins(request, W, labels);
    checkFigureSize({left + std::int64_t(W) * (C + 1), top + std::int64_t(H) * (R + 1), ch}, "the mixing grid");
    Image canvas = makeImage(left + W * (C + 1), top + H * (R + 1), ch);
    for (int c = 0; c < C; ++c) pasteImage(canvas, *result.col_images[c], left + W * (c + 1), top);
    for (int r = 0; r < R; ++r) {
        pasteImage(canvas, *result.row_images[r], left, top + H * (r + 1));
        for (int c = 0; c < C; ++c)
            if (result.cells[r][c]) pasteImage(canvas, *result.cells[r][c], left + W * (c + 1), top + H * (r + 1));
    }
    if (labels && ch >= 3) {
        for (int c = 0; c < C; ++c)
            drawText(canvas, left + W * (c + 1) + 2 * s, 2 * s, request.cols[c].label(), s, kWhite);
        for (int r = 0; r < R; ++r) {
            drawText(canvas, 2 * s, top + H * (r + 1) + 2 * s, request.rows[r].label(), s, kWhite);
            drawText(canvas, 2 * s, top + H * (r + 1) + 12 * s, "B: ws " + describeStyles(request.stylesForRow(r)), s, kWhite);
        }
        drawText(canvas, 2 * s, 2 * s, "A \\ B", s, kWhite);
    }
    return canvas;
}

Image composeNoiseLayersFigure(const NoiseLayersResult& result) {
    if (result.images.empty()) throw std::invalid_argument("noise layers figure: nothing rendered");
    const int W = result.images[0].width, H = result.images[0].height, gap = 4;
    const int s = std::max(1, W / 128);
    int cell = W;
    for (const auto& l : result.labels) cell = std::max(cell, textWidth(l, s) + 4);
    const int n = static_cast<int>(result.images.size());
    Image canvas = makeImage(n * (cell + gap) - gap, H + 14 * s, 3);
    for (int i = 0; i < n; ++i) {
        pasteImage(canvas, asRgb(result.images[i]), i * (cell + gap) + (cell - W) / 2, 0);
        drawText(canvas, i * (cell + gap) + 2, H + 3 * s, result.labels[i], s, kWhite);
    }
    return canvas;
}

Image composeScaledMixGrid(const MixResult& result, const MixRequest& request, bool labels, int scale) {
    const Image grid = composeMixGrid(result, request, labels);
    if (scale <= 1) return grid;
    // The magnified size, before it is allocated (callers check it before rendering too).
    checkFigureSize({std::int64_t(grid.width) * scale, std::int64_t(grid.height) * scale, grid.channels}, "the scaled mixing grid");
    return cropAndZoom(grid, CropRect{0, 0, grid.width, grid.height}, scale);
}

}  // namespace stylemix
