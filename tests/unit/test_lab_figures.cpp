// The noise lab's exported figures: the std-dev map as the explorer shows it
// (colour map, gain, scale, colour bar) and a Fig. 4 without empty areas.
#include "model/core/lab_figures.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

namespace stylemix {
namespace {

bool black(const Image& im, int x, int y) {
    const std::uint8_t* p = &im.pixels[(static_cast<std::size_t>(y) * im.width + x) * 3];
    return p[0] == 0 && p[1] == 0 && p[2] == 0;
}

std::array<std::uint8_t, 3> at(const Image& im, int x, int y) {
    const std::uint8_t* p = &im.pixels[(static_cast<std::size_t>(y) * im.width + x) * 3];
    return {p[0], p[1], p[2]};
}

std::array<std::uint8_t, 3> colour(float t) {
    std::array<std::uint8_t, 3> c{};
    stddevColour(t, c.data());
    return c;
}

// A lab result of `kept` W x W realisations that differ everywhere, and a std-dev ramp.
NoiseLabResult fakeLab(int W, int kept) {
    NoiseLabResult r;
    for (int k = 0; k < kept; ++k) {
        Image im = makeImage(W, W, 3);
        for (std::size_t i = 0; i < im.pixels.size(); ++i) im.pixels[i] = static_cast<std::uint8_t>(60 + (i * 7 + k * 31) % 150);
        r.realisations.push_back(shareImage(im));
    }
    r.stddev = makeImage(W, W, 1);
    for (int y = 0; y < W; ++y)
        for (int x = 0; x < W; ++x) r.stddev_levels.push_back(0.5f + 4.f * static_cast<float>(x + y) / (2 * W));
    r.max_stddev = 4.5f;
    return r;
}

// The longest run of columns that are black from top to bottom inside any
// band of the figure (a band: rows between all-black separator rows).
int longestBlackColumnRun(const Image& im) {
    int longest = 0, y = 0;
    while (y < im.height) {
        auto rowBlack = [&](int row) {
            for (int x = 0; x < im.width; ++x)
                if (!black(im, x, row)) return false;
            return true;
        };
        if (rowBlack(y)) {
            ++y;
            continue;
        }
        int y1 = y;
        while (y1 < im.height && !rowBlack(y1)) ++y1;
        int run = 0;
        for (int x = 0; x < im.width; ++x) {
            bool all = true;
            for (int row = y; row < y1 && all; ++row) all = black(im, x, row);
            run = all ? run + 1 : 0;
            longest = std::max(longest, run);
        }
        y = y1;
    }
    return longest;
}

}  // namespace

TEST(LabFigures, ColourMapIsTheShaders) {
    std::ifstream in(std::string(STYLEMIX_SOURCE_DIR) + "/shaders/heatmap.frag");
    std::stringstream text;
    text << in.rdbuf();
    const std::string src = text.str();
    const std::regex stop(R"(vec3\(([0-9.]+), ([0-9.]+), ([0-9.]+)\))");
    int i = 0;
    for (auto it = std::sregex_iterator(src.begin(), src.end(), stop); it != std::sregex_iterator() && i < 5; ++it, ++i)
        for (int c = 0; c < 3; ++c) EXPECT_FLOAT_EQ(std::stof((*it)[c + 1]), kStdDevColourStops[i][c]) << "stop " << i;
    EXPECT_EQ(i, 5);
    EXPECT_EQ(colour(0.f), (std::array<std::uint8_t, 3>{0, 0, 5}));
    EXPECT_EQ(colour(1.f), (std::array<std::uint8_t, 3>{252, 255, 191}));
    EXPECT_EQ(colour(7.f), colour(1.f));
    EXPECT_EQ(colour(0.5f), (std::array<std::uint8_t, 3>{186, 54, 120}));   // the middle stop
}

TEST(LabFigures, StdDevExportIsTheColourMapScaledWithABar) {
    const NoiseLabResult lab = fakeLab(64, 2);
    const float gain = 50.f;
    const int scale = 3;
    const Image fig = composeStdDevFigure(lab, gain, scale);
    const FigureSize size = stdDevFigureSize(64, gain, scale);
    EXPECT_EQ(fig.width, size.width);
    EXPECT_EQ(fig.height, 64 * scale);
    EXPECT_EQ(fig.channels, 3);
    // Every map pixel is the colour map of its std-dev at the gain, nearest neighbour.
    int mismatches = 0;
    for (int y = 0; y < 64 * scale; ++y)
        for (int x = 0; x < 64 * scale; ++x)
            mismatches += at(fig, x, y) != colour(lab.stddev_levels[(y / scale) * 64 + x / scale] * gain / 255.f);
    EXPECT_EQ(mismatches, 0);
    // The colour bar right of it: the map's top colour at the top, its bottom at the bottom...
    const int bar_x = 64 * scale + 4 + 1;
    EXPECT_EQ(at(fig, bar_x, 0), colour(1.f));
    EXPECT_EQ(at(fig, bar_x, fig.height - 1), colour(0.f));
    EXPECT_EQ(at(fig, bar_x, fig.height / 2), colour(static_cast<float>(fig.height - 1 - fig.height / 2) / (fig.height - 1)));
    // ...and white level labels right of the ramp.
    int white = 0;
    for (int y = 0; y < fig.height; ++y)
        for (int x = bar_x + 6; x < fig.width; ++x) white += at(fig, x, y) == (std::array<std::uint8_t, 3>{255, 255, 255});
    EXPECT_GT(white, 40);
    EXPECT_GT(fig.width - 64 * scale, 20);   // room for "5.1"
    EXPECT_THROW(composeStdDevFigure(NoiseLabResult{}, gain, 1), std::invalid_argument);
}

// The user's 404x132 figure had 272 empty columns beside its top row.
TEST(LabFigures, Fig4HasNoEmptyBands) {
    struct Case {
        int W, kept, zoom;
        CropRect crop;
    };
    const std::vector<Case> cases = {
        {64, 6, 4, {24, 24, 16, 16}},   // the explorer's default
        {64, 8, 4, {24, 24, 16, 16}},   // `stylemix noise`'s default
        {64, 4, 3, {10, 12, 20, 16}},   {64, 12, 2, {0, 0, 32, 32}}, {64, 3, 4, {24, 24, 16, 16}},
        {128, 6, 4, {48, 48, 32, 32}},  {256, 6, 4, {96, 96, 64, 64}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE("W " + std::to_string(c.W) + " kept " + std::to_string(c.kept) + " zoom " + std::to_string(c.zoom));
        LabFigureOptions o;
        o.crop = c.crop;
        o.zoom = c.zoom;
        o.stddev_gain = 40.f;
        o.difference_gain = 8;
        const NoiseLabResult lab = fakeLab(c.W, c.kept);
        const Image fig = composeNoiseLabFigure(lab, o);
        const FigureSize size = noiseLabFigureSize(c.W, c.kept, o);
        if (const char* dump = std::getenv("STYLEMIX_DUMP_FIGURES"))   // to look at them
            writePng(std::string(dump) + "/fig4-" + std::to_string(c.W) + "-" + std::to_string(c.kept) + "-" +
                         std::to_string(c.zoom) + ".png", fig);
        EXPECT_EQ(fig.width, size.width);
        EXPECT_EQ(fig.height, size.height);
        EXPECT_LE(longestBlackColumnRun(fig), 8) << fig.width << "x" << fig.height;   // the 4 px gaps, 4 px spread
        // The std-dev in the top row is colour-mapped at the gain.
        const int top = fig.height > 0 ? [&] {
            int x = 0;
            while (x < fig.width && !black(fig, x, 0)) ++x;   // realisation 0 ends at the first gap
            return x;
        }() : 0;
        EXPECT_EQ(at(fig, top + 4, 0), colour(lab.stddev_levels[0] * o.stddev_gain / 255.f));
    }
}

TEST(LabFigures, Fig4HoldsTheDifferencesFromTheMean) {
    const NoiseLabResult lab = fakeLab(64, 6);
    LabFigureOptions o;
    o.crop = {24, 24, 16, 16};
    o.zoom = 4;
    o.difference_gain = 3;
    const Image fig = composeNoiseLabFigure(lab, o);
    // The last tile of the figure (bottom right) is the last realisation's difference, magnified.
    const std::vector<Image> diffs = differenceFromMean(lab.realisations, 3.f);
    const Image tile = cropAndZoom(diffs.back(), o.crop, o.zoom);
    int found = 0;
    for (int y = 0; y + tile.height <= fig.height && !found; ++y)
        for (int x = 0; x + tile.width <= fig.width && !found; ++x) {
            bool same = true;
            for (int ty = 0; ty < tile.height && same; ty += 7)
                for (int tx = 0; tx < tile.width && same; tx += 5)
                    same = at(fig, x + tx, y + ty) == at(tile, tx, ty);
            found = same;
        }
    EXPECT_TRUE(found) << "the difference tile is not in the figure";
}

TEST(LabFigures, RecipesCarryTheDifferenceGainAndTheScale) {
    Recipe r;
    r.kind = RecipeKind::NoiseLab;
    r.lab = NoiseLabRequest{};
    r.difference_gain = 13;
    Recipe back = recipeFromJson(recipeToJson(r), "test");
    EXPECT_EQ(back.difference_gain, 13);
    r.kind = RecipeKind::StdDev;
    r.stddev_scale = 5;
    back = recipeFromJson(recipeToJson(r), "test");
    EXPECT_EQ(back.stddev_scale, 5);
    EXPECT_EQ(labRecipeFigureSize(back, 64).height, 64 * 5);
    EXPECT_THROW(recipeFromJson(std::regex_replace(recipeToJson(r), std::regex("\"scale\": 5"), "\"scale\": 9"), "test"),
                 std::runtime_error);
}

}  // namespace stylemix
