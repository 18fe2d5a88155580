#include "model/core/lab_figures.h"

#include "model/core/stddev_colour_bar.h"
#include "model/io/image_convert.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace stylemix {

// Keep equal to shaders/heatmap.frag's `stops` (a test compares them).
const float kStdDevColourStops[5][3] = {
    {0.00f, 0.00f, 0.02f}, {0.23f, 0.06f, 0.44f}, {0.73f, 0.21f, 0.47f}, {0.98f, 0.55f, 0.04f}, {0.99f, 1.00f, 0.75f}};

void stddevColour(float t, std::uint8_t rgb[3]) {
    const float x = std::clamp(std::isfinite(t) ? t : 0.f, 0.f, 1.f) * 4.f;
    const int i = std::min(static_cast<int>(std::floor(x)), 3);
    const float f = x - static_cast<float>(i);
    for (int c = 0; c < 3; ++c) {
        const float v = kStdDevColourStops[i][c] * (1.f - f) + kStdDevColourStops[i + 1][c] * f;   // GLSL mix()
        rgb[c] = static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.f, 1.f) * 255.f));
    }
}

Image stddevColourImage(const std::vector<float>& levels, int width, int height, float gain) {
    Image out = makeImage(width, height, 3);
    const std::size_t n = std::min(static_cast<std::size_t>(width) * height, levels.size());
    for (std::size_t i = 0; i < n; ++i) stddevColour(stddevMapPosition(levels[i], gain), &out.pixels[i * 3]);
    return out;
}

namespace {

std::vector<Image> differenceFromMeanOf(const std::vector<const Image*>& images, float gain) {
    std::vector<Image> out;
    if (images.empty()) return out;
    const Image& first = *images.front();
    for (const Image* im : images)
        if (im->width != first.width || im->height != first.height || im->channels != first.channels ||
            im->pixels.size() != first.pixels.size())
            throw std::invalid_argument("differenceFromMean: the realisations differ in size");
    std::vector<float> mean(first.pixels.size(), 0.f);
    for (const Image* im : images)
        for (std::size_t i = 0; i < mean.size(); ++i) mean[i] += im->pixels[i];
    for (float& m : mean) m /= static_cast<float>(images.size());
    for (const Image* p : images) {
        const Image& im = *p;
        Image d = makeImage(im.width, im.height, im.channels);
        for (std::size_t i = 0; i < mean.size(); ++i)
            d.pixels[i] = static_cast<std::uint8_t>(std::min(std::lround(std::fabs(im.pixels[i] - mean[i]) * gain), 255L));
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace

std::vector<Image> differenceFromMean(const std::vector<Image>& images, float gain) {
    std::vector<const Image*> ptrs;
    for (const Image& im : images) ptrs.push_back(&im);
    return differenceFromMeanOf(ptrs, gain);
}

std::vector<Image> differenceFromMean(const std::vector<ImagePtr>& images, float gain) {
    std::vector<const Image*> ptrs;
    for (const ImagePtr& im : images) ptrs.push_back(im.get());
    return differenceFromMeanOf(ptrs, gain);
}

namespace {

const std::uint8_t kWhite[3] = {255, 255, 255};
const std::uint8_t kRed[3] = {255, 48, 48};
constexpr int kGap = 4;
constexpr int kGlyphHeight = 8;   // stb_easy_font digits, in font units (with a row of margin)

void fillRect(Image& img, int x0, int y0, int x1, int y1, const std::uint8_t rgb[3]) {
    x0 = std::max(x0, 0);
    y0 = std::max(y0, 0);
    x1 = std::min(x1, img.width);
    y1 = std::min(y1, img.height);
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
            std::copy(rgb, rgb + 3, &img.pixels[(static_cast<std::size_t>(y) * img.width + x) * 3]);
}

Image magnify(const Image& image, int factor) {
    return factor <= 1 ? image : cropAndZoom(image, CropRect{0, 0, image.width, image.height}, factor);
}

// --- The colour bar: a vertical ramp (0 at the bottom), ticks and level labels on its right.

struct BarStyle {
    int text = 1;   // pixels per font unit
    int bar = 6;    // ramp width at its narrowest
};

BarStyle barStyle(int height, int text_scale = 0) {
    BarStyle s;
    s.text = text_scale > 0 ? text_scale : std::clamp(height / 128, 1, 8);
    s.bar = 6 * s.text;
    return s;
}

// Labels at 0, 1/4 ... 1 of the top level (255 / gain), fewer when the bar is short.
std::vector<std::string> barLabels(float gain, int height, const BarStyle& s) {
    const int count = height >= 5 * 12 * s.text ? 5 : height >= 3 * 12 * s.text ? 3 : 2;
    const float top = 255.f / gain;
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i) {
        const float v = top * static_cast<float>(i) / static_cast<float>(count - 1);
        char text[32];
        std::snprintf(text, sizeof text, top >= 20.f ? "%.0f" : top >= 2.f ? "%.1f" : "%.2f", v);
        out.push_back(i == 0 ? std::string("0") : text);
    }
    return out;
}

}  // namespace

// The bar's narrowest width: ramp, tick, gap, widest label, margin.
int stddevColourBarMinWidth(float gain, int height, int text_scale) {
    const BarStyle s = barStyle(height, text_scale);
    int label = 0;
    for (const std::string& l : barLabels(gain, height, s)) label = std::max(label, textWidth(l, s.text));
    return s.bar + 3 * s.text + label + s.text;
}

// Draws the bar in (x, y, width, height): the ramp takes whatever the labels
// leave; the labels are right-aligned, so no column right of them stays empty.
void drawStdDevColourBar(Image& canvas, int x, int y, int width, int height, float gain, int text_scale) {
    const BarStyle s = barStyle(height, text_scale);
    const std::vector<std::string> labels = barLabels(gain, height, s);
    const int ramp = s.bar + (width - stddevColourBarMinWidth(gain, height, text_scale));
    for (int row = 0; row < height; ++row) {
        std::uint8_t rgb[3];
        stddevColour(height > 1 ? static_cast<float>(height - 1 - row) / static_cast<float>(height - 1) : 0.f, rgb);
        fillRect(canvas, x, y + row, x + ramp, y + row + 1, rgb);
    }
    const int n = static_cast<int>(labels.size()), glyph = kGlyphHeight * s.text;
    for (int i = 0; i < n; ++i) {
        const int ty = y + (height - 1) - (height - 1) * i / (n - 1);   // the tick's row
        fillRect(canvas, x + ramp, ty - (s.text - 1) / 2, x + ramp + 2 * s.text, ty + s.text / 2 + 1, kWhite);
        const int label_y = std::clamp(ty - glyph / 2, y, y + height - glyph);
        drawText(canvas, x + width - s.text - textWidth(labels[i], s.text), label_y, labels[i], s.text, kWhite);
    }
}

// --- The std-dev export.

FigureSize stdDevFigureSize(int resolution, float gain, int scale) {
    const std::int64_t side = std::int64_t(resolution) * std::clamp(scale, 1, 8);
    const int bar = stddevColourBarMinWidth(gain, static_cast<int>(std::min<std::int64_t>(side, kMaxFigureSide)));
    return {side + kGap + bar, side, 3};
}

Image composeStdDevFigure(const NoiseLabResult& result, float gain, int scale) {
    const int W = result.stddev.width, H = result.stddev.height;
    if (W <= 0 || H <= 0 || result.stddev_levels.size() < static_cast<std::size_t>(W) * H)
        throw std::invalid_argument("std-dev figure: no std-dev map rendered");
    scale = std::clamp(scale, 1, 8);
    const FigureSize size = stdDevFigureSize(W, gain, scale);
    checkFigureSize({size.width, std::int64_t(H) * scale, 3}, "the std-dev map");
    Image canvas = makeImage(static_cast<int>(size.width), H * scale, 3);
    pasteImage(canvas, magnify(stddevColourImage(result.stddev_levels, W, H, gain), scale), 0, 0);
    const int x = W * scale + kGap;
    drawStdDevColourBar(canvas, x, 0, canvas.width - x, canvas.height, gain);
    return canvas;
}

// --- The Fig. 4 figure.

namespace {

// Where everything of the lab figure goes. Top band: realisation 0 and the
// std-dev map, each `top` x `top` (the image magnified `mag` times), and the
// colour bar. Under them two sections of crop tiles (the realisations, then their
// differences), `per_row` a row. Spare width is spread over the margins and
// gaps of the narrower rows, so no empty column is wider than `longest_run`.
struct LabFigureLayout {
    int mag = 1, top = 0;
    int image_x = 0, stddev_x = 0, bar_x = 0, bar_w = 0, bar_h = 0;
    int tile_w = 0, tile_h = 0, per_row = 1, rows = 0, strip_x = 0, tile_gap = kGap;
    int width = 0, height = 0;
    int longest_run = 0;   // widest black column run inside a band
    double waste = 0;      // black area beyond the 4 px gaps
    int sectionY(int section) const { return top + kGap + section * (rows * (tile_h + kGap)); }
};

// `spare` px over `slots` places: each place's share (the first ones get the remainder).
int share(int spare, int slots) { return slots > 0 ? (spare + slots - 1) / slots : spare; }

LabFigureLayout tryLayout(int W, int kept, int tile_w, int tile_h, float gain, int mag, int per_row) {
    LabFigureLayout l;
    l.mag = mag;
    l.top = W * mag;
    l.tile_w = tile_w;
    l.tile_h = tile_h;
    l.per_row = per_row;
    l.rows = (kept + per_row - 1) / per_row;
    l.height = l.sectionY(2) - kGap;
    l.bar_h = l.top;
    const int bar_min = stddevColourBarMinWidth(gain, l.bar_h);
    const int images = 2 * l.top + 2 * kGap + bar_min;
    const int strip = per_row * tile_w + (per_row - 1) * kGap;
    const int main = std::max(images, strip);
    // The top band's spare width: the bar widens (up to the image's side), the rest
    // goes to the margins and the gap between the two images.
    const int top_spare = main - images;
    const int bar_extra = std::min(top_spare, l.top);
    const int top_black = top_spare - bar_extra, top_slot = top_black / 3;
    l.image_x = top_slot;
    l.stddev_x = l.image_x + l.top + kGap + top_slot;
    l.bar_w = bar_min + bar_extra;
    l.bar_x = l.stddev_x + l.top + kGap;
    l.width = main;
    // The strips' spare width: the margins and the gaps.
    const int strip_spare = main - strip, slots = per_row + 1;
    l.tile_gap = kGap + strip_spare / slots;
    l.strip_x = (strip_spare - (l.tile_gap - kGap) * (per_row - 1)) / 2;
    const int empty_slots = l.rows * per_row - kept;
    l.longest_run = std::max({top_black > 0 ? share(top_black, 3) + kGap : 0, strip_spare > 0 ? l.tile_gap : 0,
                              l.strip_x, empty_slots > 0 ? empty_slots * (tile_w + kGap) : 0});
    l.waste = double(top_black) * l.top + double(strip_spare) * 2.0 * l.rows * tile_h +
              2.0 * empty_slots * tile_w * tile_h + 0.5 * bar_extra * l.top;
    return l;
}

LabFigureLayout labFigureLayout(int W, int kept, const CropRect& crop, int zoom, float gain) {
    // The crop clipped to the image, magnified.
    const int x0 = std::clamp(crop.x, 0, W), y0 = std::clamp(crop.y, 0, W);
    const int x1 = static_cast<int>(std::clamp<std::int64_t>(std::int64_t(crop.x) + crop.width, 0, W));
    const int y1 = static_cast<int>(std::clamp<std::int64_t>(std::int64_t(crop.y) + crop.height, 0, W));
    const int cw = std::max(0, x1 - x0) * zoom, chh = std::max(0, y1 - y0) * zoom;
    kept = std::max(kept, 1);
    LabFigureLayout best;
    double best_score = -1;
    for (int mag = 1; mag <= 8; ++mag)
        for (int extra = 1; extra <= 4; ++extra)
            for (int per_row = 1; per_row <= kept; ++per_row) {
                    // Magnify only figures that stay moderate.
                    if ((mag > 1 || extra > 1) && std::int64_t(W) * mag * 2 + std::int64_t(cw) * extra * per_row > 6144)
                        continue;
                    const LabFigureLayout l = tryLayout(W, kept, cw * extra, chh * extra, gain, mag, per_row);
                    // Empty columns of at most 8 px first, then the least black, then the smaller figure.
                    const double score = (l.longest_run > 8 ? 1e12 * l.longest_run : 0.0) + l.waste * 8 +
                                         double(l.width) * l.height;
                    if (best_score < 0 || score < best_score) {
                        best = l;
                        best_score = score;
                    }
                }
    return best;
}

}  // namespace

FigureSize noiseLabFigureSize(int resolution, int kept, const LabFigureOptions& o) {
    const LabFigureLayout l = labFigureLayout(resolution, kept, o.crop, o.zoom, o.stddev_gain);
    return {l.width, l.height, 3};
}

Image composeNoiseLabFigure(const NoiseLabResult& result, const LabFigureOptions& o) {
    if (result.realisations.empty()) throw std::invalid_argument("noise lab figure: no realisations rendered");
    const Image base = asRgb(*result.realisations[0]);
    const int W = base.width, kept = static_cast<int>(result.realisations.size());
    const LabFigureLayout l = labFigureLayout(W, kept, o.crop, o.zoom, o.stddev_gain);
    checkFigureSize({l.width, l.height, 3}, "the noise figure");
    Image canvas = makeImage(l.width, l.height, 3);
    Image marked = base;
    const CropRect& c = o.crop;   // the outline, 1 px around the crop
    fillRect(marked, c.x - 1, c.y - 1, c.x + c.width + 1, c.y, kRed);
    fillRect(marked, c.x - 1, c.y + c.height, c.x + c.width + 1, c.y + c.height + 1, kRed);
    fillRect(marked, c.x - 1, c.y, c.x, c.y + c.height, kRed);
    fillRect(marked, c.x + c.width, c.y, c.x + c.width + 1, c.y + c.height, kRed);
    pasteImage(canvas, magnify(marked, l.mag), l.image_x, 0);
    pasteImage(canvas, magnify(stddevColourImage(result.stddev_levels, W, W, o.stddev_gain), l.mag), l.stddev_x, 0);
    drawStdDevColourBar(canvas, l.bar_x, 0, l.bar_w, l.bar_h, o.stddev_gain);
    std::vector<Image> rgb;
    for (const ImagePtr& r : result.realisations) rgb.push_back(asRgb(*r));
    const std::vector<Image> diffs = differenceFromMean(rgb, static_cast<float>(o.difference_gain));
    for (int section = 0; section < 2; ++section)
        for (int i = 0; i < kept; ++i) {
            const Image& src = section == 0 ? rgb[i] : diffs[i];
            const Image tile = cropAndZoom(src, o.crop, o.zoom);
            const int x = l.strip_x + (i % l.per_row) * (l.tile_w + l.tile_gap);
            const int y = l.sectionY(section) + (i / l.per_row) * (l.tile_h + kGap);
            pasteImage(canvas, magnify(tile, l.tile_w / std::max(tile.width, 1)), x, y);
        }
    return canvas;
}

LabFigureOptions labFigureOptions(const Recipe& recipe, int resolution) {
    LabFigureOptions o;
    o.crop = recipe.crop.value_or(defaultCrop(resolution));
    o.zoom = recipe.zoom;
    o.stddev_gain = recipe.lab ? recipe.lab->stddev_gain : 4.f;
    o.difference_gain = recipe.difference_gain;
    return o;
}

Image composeLabRecipeFigure(const NoiseLabResult& result, const Recipe& recipe, int resolution) {
    if (recipe.kind == RecipeKind::StdDev)
        return composeStdDevFigure(result, recipe.lab ? recipe.lab->stddev_gain : 4.f, recipe.stddev_scale);
    if (recipe.kind != RecipeKind::NoiseLab) throw std::invalid_argument("not a noise-lab or std-dev recipe");
    return composeNoiseLabFigure(result, labFigureOptions(recipe, resolution));
}

FigureSize labRecipeFigureSize(const Recipe& recipe, int resolution) {
    const float gain = recipe.lab ? recipe.lab->stddev_gain : 4.f;
    if (recipe.kind == RecipeKind::StdDev) return stdDevFigureSize(resolution, gain, recipe.stddev_scale);
    const int kept = recipe.lab ? std::min(recipe.lab->keep_images, recipe.lab->samples) : 1;
    return noiseLabFigureSize(resolution, kept, labFigureOptions(recipe, resolution));
}

}  // namespace stylemix
