#include "model/core/influence_figure.h"

#include "model/core/influence_request.h"
#include "model/io/image_convert.h"

#include <algorithm>
#include <stdexcept>

namespace stylemix {
namespace {

const std::uint8_t kWhite[3] = {255, 255, 255};
const std::uint8_t kGrey[3] = {190, 190, 190};

// Where everything goes. Left to right: a margin, the sources' group (A, B),
// per band a group (mix, |mix - A|, |mix - B|), the colour bar. Top to
// bottom: the groups' titles, the tiles, two caption lines.
struct Layout {
    int mag = 1, tw = 0, th = 0, s = 1;       // magnification, tile size, text scale
    int margin = 0, gap = 0, group_gap = 0;
    int title_h = 0, line_h = 0, caption_h = 0;
    int bar_x = 0, ramp_w = 0, bar_w = 0;
    std::int64_t width = 0, height = 0;

    int sourcesX() const { return margin; }
    int groupX(int band) const { return margin + 2 * tw + gap + group_gap + band * (3 * tw + 2 * gap + group_gap); }
    int tileX(int group_x, int i) const { return group_x + i * (tw + gap); }
    int tilesY() const { return title_h; }
    int captionY(int line) const { return title_h + th + 3 * s + line * line_h; }
};

Layout layoutFor(int bands, int W, int H) {
    Layout l;
    l.mag = std::clamp(128 / std::max(W, 1), 1, 8);   // small models' tiles at least ~128 px, room for captions
    l.tw = W * l.mag;
    l.th = H * l.mag;
    l.s = std::clamp(l.tw / 128, 1, 8);
    l.margin = 4 * l.s;
    l.gap = 2 * l.s;
    l.group_gap = 12 * l.s;
    l.title_h = 14 * l.s;
    l.line_h = 11 * l.s;
    l.caption_h = 3 * l.s + 2 * l.line_h;
    l.ramp_w = 8 * l.s;
    const int labels = textWidth("255", l.s);   // the widest tick label
    l.bar_w = std::max(l.ramp_w + 5 * l.s + labels, textWidth("levels", l.s)) + l.margin;
    l.bar_x = l.groupX(bands);   // where another group would start: a group gap after the last
    l.width = std::int64_t(l.bar_x) + l.bar_w;
    l.height = std::int64_t(l.title_h) + l.th + l.caption_h;
    return l;
}

Image magnified(const Image& image, int mag) {
    const Image rgb = asRgb(image);
    return mag <= 1 ? rgb : cropAndZoom(rgb, CropRect{0, 0, rgb.width, rgb.height}, mag);
}

// `text` shortened with ".." until it fits `width` pixels at scale `s`.
std::string fitted(std::string text, int width, int s) {
    // Every glyph is at least one font unit wide: more than width / s of them never fit.
    const std::size_t cap = static_cast<std::size_t>(std::max(width / s, 0));
    if (text.size() <= cap && textWidth(text, s) <= width) return text;
    text.resize(std::min(text.size(), cap));
    while (!text.empty() && textWidth(text + "..", s) > width) text.pop_back();
    return text.empty() ? text : text + "..";
}

void caption(Image& canvas, const Layout& l, int x, int line, const std::string& text, const std::uint8_t rgb[3]) {
    drawText(canvas, x + l.s, l.captionY(line), fitted(text, l.tw - l.s, l.s), l.s, rgb);
}

// The ramp beside the tiles, its ticks and labels (right-aligned), "levels" above it.
void drawColourBar(Image& canvas, const Layout& l, int top) {
    pasteImage(canvas, influenceRamp(l.ramp_w, l.th), l.bar_x, l.tilesY());
    drawText(canvas, l.bar_x, 3 * l.s, "levels", l.s, kGrey);
    const int glyph = 7 * l.s, count = l.th >= 5 * 12 * l.s ? 5 : l.th >= 3 * 12 * l.s ? 3 : 2;
    for (int level : influenceTicks(top, count)) {
        const int y = l.tilesY() + (l.th - 1) - static_cast<int>(std::int64_t(l.th - 1) * level / top);
        const Image tick = makeImage(2 * l.s, l.s, 3, 255);
        pasteImage(canvas, tick, l.bar_x + l.ramp_w, std::clamp(y - l.s / 2, l.tilesY(), l.tilesY() + l.th - l.s));
        const std::string text = std::to_string(level);
        const int label_y = std::clamp(y - glyph / 2, l.tilesY(), l.tilesY() + l.th - glyph);
        drawText(canvas, l.bar_x + l.bar_w - l.margin - textWidth(text, l.s), label_y, text, l.s, kWhite);
    }
}

void checkTiles(const InfluenceTiles& t) {
    if (!t.a || !t.b) throw std::invalid_argument("influence figure: A or B is missing");
    if (t.mixes.empty()) throw std::invalid_argument("influence figure: no bands");
    for (const Image* m : t.mixes)
        if (!m) throw std::invalid_argument("influence figure: a band's mix is missing");
}

}  // namespace

FigureSize influenceFigureSize(int bands, int width, int height) {
    const Layout l = layoutFor(bands, width, height);
    return {l.width, l.height, 3};
}

InfluenceTiles influenceTiles(const MixResult& result, const InfluenceSpec& spec) {
    const std::size_t bands = spec.bands.size();
    if (result.row_images.size() != bands || result.col_images.size() != 1 || result.cells.size() != bands)
        throw std::invalid_argument("influence figure: the rendered grid is not " + std::to_string(bands) + " x 1");
    InfluenceTiles t;
    t.a = result.row_images.front().get();
    t.b = result.col_images.front().get();
    t.a_label = "A: " + spec.a.label();
    t.b_label = "B: " + spec.b.label();
    for (std::size_t i = 0; i < bands; ++i) {
        t.band_titles.push_back(influenceBandTitle(spec, i));
        t.mixes.push_back(result.cells[i].empty() ? nullptr : result.cells[i][0].get());
    }
    t.threshold = spec.threshold;
    return t;
}

InfluenceFigure composeInfluenceFigure(const InfluenceTiles& t) {
    checkTiles(t);
    InfluenceFigure fig;
    std::vector<InfluenceMap> maps;   // per band: from A, from B
    for (const Image* mix : t.mixes) {
        maps.push_back(influenceMap(*t.a, *mix));
        maps.push_back(influenceMap(*t.b, *mix));
    }
    std::vector<const InfluenceMap*> all;
    for (const InfluenceMap& m : maps) all.push_back(&m);
    fig.top = sharedInfluenceTop(all);
    const int bands = static_cast<int>(t.mixes.size());
    const Layout l = layoutFor(bands, t.a->width, t.a->height);
    checkFigureSize({l.width, l.height, 3}, "the influence figure");
    fig.image = makeImage(static_cast<int>(l.width), static_cast<int>(l.height), 3);
    Image& canvas = fig.image;
    pasteImage(canvas, magnified(*t.a, l.mag), l.tileX(l.sourcesX(), 0), l.tilesY());
    pasteImage(canvas, magnified(*t.b, l.mag), l.tileX(l.sourcesX(), 1), l.tilesY());
    caption(canvas, l, l.tileX(l.sourcesX(), 0), 0, t.a_label, kWhite);
    caption(canvas, l, l.tileX(l.sourcesX(), 1), 0, t.b_label, kWhite);
    for (int i = 0; i < bands; ++i) {
        const InfluenceMap& from_a = maps[2 * i];
        const InfluenceMap& from_b = maps[2 * i + 1];
        InfluenceBandStats st{movedFraction(from_a, t.threshold), movedFraction(from_b, t.threshold), from_a.peak, from_b.peak};
        fig.bands.push_back(st);
        const int x = l.groupX(i);
        const std::string title = i < static_cast<int>(t.band_titles.size()) ? t.band_titles[i] : std::string();
        drawText(canvas, x + l.s, 3 * l.s, fitted(title, 3 * l.tw + 2 * l.gap - l.s, l.s), l.s, kWhite);
        pasteImage(canvas, magnified(*t.mixes[i], l.mag), l.tileX(x, 0), l.tilesY());
        pasteImage(canvas, magnified(influenceHeatImage(from_a, fig.top), l.mag), l.tileX(x, 1), l.tilesY());
        pasteImage(canvas, magnified(influenceHeatImage(from_b, fig.top), l.mag), l.tileX(x, 2), l.tilesY());
        caption(canvas, l, l.tileX(x, 0), 0, "mix", kWhite);
        caption(canvas, l, l.tileX(x, 1), 0, "|mix - A|", kWhite);
        caption(canvas, l, l.tileX(x, 2), 0, "|mix - B|", kWhite);
        caption(canvas, l, l.tileX(x, 1), 1, movedText(t.threshold, st.moved_from_a), kGrey);
        caption(canvas, l, l.tileX(x, 2), 1, movedText(t.threshold, st.moved_from_b), kGrey);
    }
    drawColourBar(canvas, l, fig.top);
    return fig;
}

InfluenceFigure composeInfluenceFigure(const MixResult& result, const InfluenceSpec& spec) {
    return composeInfluenceFigure(influenceTiles(result, spec));
}

}  // namespace stylemix
