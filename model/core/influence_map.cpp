#include "model/core/influence_map.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace stylemix {
namespace {

// matplotlib's inferno (_cm_listed.py), entries 0, 16, ..., 240 and 255 of 256:
// {position in the map, r, g, b}.
constexpr float kInferno[17][4] = {
    {0.f / 255, 0.001462f, 0.000466f, 0.013866f},   {16.f / 255, 0.042253f, 0.028139f, 0.141141f},
    {32.f / 255, 0.129285f, 0.047293f, 0.290788f},  {48.f / 255, 0.238273f, 0.036621f, 0.396353f},
    {64.f / 255, 0.341500f, 0.062325f, 0.429425f},  {80.f / 255, 0.441207f, 0.099338f, 0.431594f},
    {96.f / 255, 0.540920f, 0.134729f, 0.415123f},  {112.f / 255, 0.640135f, 0.171438f, 0.381065f},
    {128.f / 255, 0.735683f, 0.215906f, 0.330245f}, {144.f / 255, 0.822386f, 0.275197f, 0.266085f},
    {160.f / 255, 0.894305f, 0.353399f, 0.193584f}, {176.f / 255, 0.946965f, 0.449191f, 0.115272f},
    {192.f / 255, 0.978422f, 0.557937f, 0.034931f}, {208.f / 255, 0.987874f, 0.675267f, 0.065257f},
    {224.f / 255, 0.974638f, 0.797692f, 0.206332f}, {240.f / 255, 0.947594f, 0.917399f, 0.410665f},
    {255.f / 255, 0.988362f, 0.998364f, 0.644924f},
};

std::string sizeText(const Image& im) {
    return std::to_string(im.width) + "x" + std::to_string(im.height) + "x" + std::to_string(im.channels);
}

}  // namespace

InfluenceMap influenceMap(const Image& from, const Image& to) {
    const std::size_t pixels = static_cast<std::size_t>(std::max(from.width, 0)) * static_cast<std::size_t>(std::max(from.height, 0));
    if (from.width != to.width || from.height != to.height || from.channels != to.channels || from.channels < 1 ||
        from.pixels.size() != pixels * from.channels || to.pixels.size() != from.pixels.size())
        throw std::invalid_argument("influence map: the images differ in size (" + sizeText(from) + " and " + sizeText(to) + ")");
    InfluenceMap map;
    map.width = from.width;
    map.height = from.height;
    map.levels.assign(pixels, 0);
    const int ch = from.channels;
    for (std::size_t i = 0; i < pixels; ++i) {
        int level = 0;
        for (int c = 0; c < ch; ++c)
            level = std::max(level, std::abs(int(to.pixels[i * ch + c]) - int(from.pixels[i * ch + c])));
        map.levels[i] = static_cast<std::uint8_t>(level);
        map.peak = std::max(map.peak, level);
    }
    return map;
}

double movedFraction(const InfluenceMap& map, int threshold) {
    if (map.levels.empty()) return 0.0;
    const auto moved = std::count_if(map.levels.begin(), map.levels.end(), [threshold](std::uint8_t l) { return l > threshold; });
    return static_cast<double>(moved) / static_cast<double>(map.levels.size());
}

std::string movedText(int threshold, double fraction) {
    char text[64];
    std::snprintf(text, sizeof text, "moved > %d: %.1f%%", threshold, fraction * 100.0);
    return text;
}

void influenceColour(float t, std::uint8_t rgb[3]) {
    const float x = std::clamp(std::isfinite(t) ? t : 0.f, 0.f, 1.f);
    int i = 0;
    while (i < 15 && x > kInferno[i + 1][0]) ++i;
    const float f = (x - kInferno[i][0]) / (kInferno[i + 1][0] - kInferno[i][0]);
    for (int c = 0; c < 3; ++c) {
        const float v = kInferno[i][c + 1] * (1.f - f) + kInferno[i + 1][c + 1] * f;
        rgb[c] = static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.f, 1.f) * 255.f));
    }
}

Image influenceHeatImage(const InfluenceMap& map, int top) {
    top = std::max(top, 1);
    Image out{map.width, map.height, 3, std::vector<std::uint8_t>(map.levels.size() * 3)};
    // One colour per level: the map has at most 256 distinct values.
    std::uint8_t table[256][3];
    for (int level = 0; level < 256; ++level) influenceColour(static_cast<float>(level) / static_cast<float>(top), table[level]);
    for (std::size_t i = 0; i < map.levels.size(); ++i) std::copy(table[map.levels[i]], table[map.levels[i]] + 3, &out.pixels[i * 3]);
    return out;
}

int sharedInfluenceTop(const std::vector<const InfluenceMap*>& maps) {
    int top = kMinInfluenceTop;
    for (const InfluenceMap* m : maps)
        if (m) top = std::max(top, m->peak);
    return top;
}

Image influenceRamp(int width, int height) {
    width = std::max(width, 1);
    height = std::max(height, 1);
    Image out{width, height, 3, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 3)};
    for (int y = 0; y < height; ++y) {
        std::uint8_t rgb[3];
        influenceColour(height > 1 ? static_cast<float>(height - 1 - y) / static_cast<float>(height - 1) : 1.f, rgb);
        for (int x = 0; x < width; ++x) std::copy(rgb, rgb + 3, &out.pixels[(static_cast<std::size_t>(y) * width + x) * 3]);
    }
    return out;
}

std::vector<int> influenceTicks(int top, int count) {
    top = std::max(top, 1);
    count = std::max(count, 2);
    std::vector<int> ticks;
    for (int i = 0; i < count; ++i) {
        const int level = static_cast<int>(std::lround(static_cast<double>(top) * i / (count - 1)));
        if (ticks.empty() || level != ticks.back()) ticks.push_back(level);
    }
    return ticks;
}

}  // namespace stylemix
