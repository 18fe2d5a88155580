// Influence maps (issue 24, part 2): the maps' numbers on hand-made images,
// the colour map, the shared scale of a figure, the band presets and the
// "influence" recipe's JSON and checks. Torch-free.
#include "model/core/influence_figure.h"
#include "model/core/influence_map.h"
#include "model/core/influence_request.h"
#include "model/core/recipe.h"
#include "model/core/recipe_check.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <limits>
#include <stdexcept>

namespace stylemix {
namespace {

Image rgb(int w, int h, std::vector<std::uint8_t> pixels) { return Image{w, h, 3, std::move(pixels)}; }

Image flat(int w, int h, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    Image im = makeImage(w, h, 3);
    for (std::size_t i = 0; i < im.pixels.size(); i += 3) {
        im.pixels[i] = r;
        im.pixels[i + 1] = g;
        im.pixels[i + 2] = b;
    }
    return im;
}

std::array<std::uint8_t, 3> colour(float t) {
    std::array<std::uint8_t, 3> c{};
    influenceColour(t, c.data());
    return c;
}

// Whether `tile` appears in `figure` with its top-left corner anywhere.
bool containsTile(const Image& figure, const Image& tile) {
    for (int y = 0; y + tile.height <= figure.height; ++y)
        for (int x = 0; x + tile.width <= figure.width; ++x) {
            bool same = true;
            for (int ty = 0; ty < tile.height && same; ++ty)
                same = std::equal(&tile.pixels[static_cast<std::size_t>(ty) * tile.width * 3],
                                  &tile.pixels[static_cast<std::size_t>(ty + 1) * tile.width * 3],
                                  &figure.pixels[(static_cast<std::size_t>(y + ty) * figure.width + x) * 3]);
            if (same) return true;
        }
    return false;
}

Image magnified(const Image& im, int mag) { return cropAndZoom(im, CropRect{0, 0, im.width, im.height}, mag); }

TEST(InfluenceMap, LevelIsTheLargestChannelDifference) {
    const Image a = rgb(2, 2, {10, 10, 10, 0, 0, 0, 200, 100, 50, 255, 255, 255});
    const Image m = rgb(2, 2, {10, 10, 10, 0, 9, 3, 190, 140, 50, 0, 255, 250});
    const InfluenceMap map = influenceMap(a, m);
    EXPECT_EQ(map.width, 2);
    EXPECT_EQ(map.height, 2);
    EXPECT_EQ(map.levels, (std::vector<std::uint8_t>{0, 9, 40, 255}));   // not the mean (0, 4, 16.7, 86.7)
    EXPECT_EQ(map.peak, 255);
    EXPECT_EQ(influenceMap(m, a).levels, map.levels);                      // |mix - A| = |A - mix|
}

TEST(InfluenceMap, MovedFractionCountsPixelsAboveTheThreshold) {
    const Image a = rgb(2, 2, {10, 10, 10, 0, 0, 0, 200, 100, 50, 255, 255, 255});
    const Image m = rgb(2, 2, {10, 10, 10, 0, 9, 3, 190, 140, 50, 0, 255, 250});
    const InfluenceMap map = influenceMap(a, m);
    EXPECT_DOUBLE_EQ(movedFraction(map, 8), 0.75);    // 9, 40 and 255 are > 8
    EXPECT_DOUBLE_EQ(movedFraction(map, 9), 0.5);     // "more than": 9 is not > 9
    EXPECT_DOUBLE_EQ(movedFraction(map, 0), 0.75);
    EXPECT_DOUBLE_EQ(movedFraction(map, 254), 0.25);
    EXPECT_DOUBLE_EQ(movedFraction(InfluenceMap{}, 8), 0.0);
    EXPECT_EQ(movedText(8, 0.372), "moved > 8: 37.2%");
    EXPECT_EQ(movedText(0, 1.0), "moved > 0: 100.0%");
}

TEST(InfluenceMap, GreyImagesAndMismatchedSizes) {
    const Image a{3, 1, 1, {0, 100, 200}}, b{3, 1, 1, {5, 100, 0}};
    EXPECT_EQ(influenceMap(a, b).levels, (std::vector<std::uint8_t>{5, 0, 200}));
    try {
        influenceMap(flat(4, 4, 0, 0, 0), flat(4, 3, 0, 0, 0));
        FAIL() << "sizes differ";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("4x4x3 and 4x3x3"), std::string::npos) << e.what();
    }
    EXPECT_THROW(influenceMap(a, flat(3, 1, 0, 0, 0)), std::invalid_argument);   // 1 channel against 3
}

TEST(InfluenceMap, ColourMapIsInferno) {
    // matplotlib's inferno, entries 0, 128 and 255, as bytes.
    EXPECT_EQ(colour(0.f), (std::array<std::uint8_t, 3>{0, 0, 4}));
    EXPECT_EQ(colour(128.f / 255.f), (std::array<std::uint8_t, 3>{188, 55, 84}));
    EXPECT_EQ(colour(1.f), (std::array<std::uint8_t, 3>{252, 255, 164}));
    EXPECT_EQ(colour(-3.f), colour(0.f));
    EXPECT_EQ(colour(7.f), colour(1.f));
    EXPECT_EQ(colour(std::numeric_limits<float>::quiet_NaN()), colour(0.f));
    // Monotonic in lightness (sum of channels) along the map.
    int last = -1;
    for (int i = 0; i <= 64; ++i) {
        const auto c = colour(i / 64.f);
        const int sum = c[0] + c[1] + c[2];
        EXPECT_GE(sum, last) << i;
        last = sum;
    }
}

TEST(InfluenceMap, HeatImageUsesTheGivenTop) {
    InfluenceMap map{3, 1, {0, 50, 200}, 200};
    const Image at100 = influenceHeatImage(map, 100);
    const auto px = [](const Image& im, int x) { return std::array<std::uint8_t, 3>{im.pixels[x * 3], im.pixels[x * 3 + 1], im.pixels[x * 3 + 2]}; };
    EXPECT_EQ(px(at100, 0), colour(0.f));
    EXPECT_EQ(px(at100, 1), colour(0.5f));
    EXPECT_EQ(px(at100, 2), colour(1.f));   // above the top: saturated
    EXPECT_EQ(px(influenceHeatImage(map, 200), 1), colour(0.25f));
    InfluenceMap other{1, 1, {30}, 30};
    EXPECT_EQ(sharedInfluenceTop({&map, &other}), 200);
    EXPECT_EQ(sharedInfluenceTop({}), kMinInfluenceTop);
    InfluenceMap faint{1, 1, {2}, 2};
    EXPECT_EQ(sharedInfluenceTop({&faint}), kMinInfluenceTop) << "two levels of rounding do not fill the colour map";
    EXPECT_EQ(influenceTicks(200, 5), (std::vector<int>{0, 50, 100, 150, 200}));
    EXPECT_EQ(influenceTicks(2, 5), (std::vector<int>{0, 1, 2}));   // no repeats
}

TEST(InfluenceRequest, BandsFromTheModelsPresets) {
    ModelDescription d;
    d.num_ws = 12;
    d.coarse = {0, 4};
    d.middle = {4, 8};
    d.fine = {8, 12};
    const InfluenceSpec spec = bandInfluenceSpec(Source::fromSeed(1), Source::fromSeed(2), d);
    EXPECT_EQ(spec.band_labels, (std::vector<std::string>{"coarse", "middle", "fine"}));
    EXPECT_EQ(spec.bands[1], (std::vector<int>{4, 5, 6, 7}));
    EXPECT_EQ(influenceBandTitle(spec, 0), "coarse: ws 0-3 from B");
    const MixRequest req = influenceMixRequest(spec);
    EXPECT_EQ(req.rows, (std::vector<Source>(3, Source::fromSeed(1))));
    EXPECT_EQ(req.cols, (std::vector<Source>{Source::fromSeed(2)}));
    EXPECT_EQ(req.row_styles, spec.bands);
    d.fine = {12, 12};   // an empty preset is left out
    EXPECT_EQ(bandInfluenceSpec(Source::fromSeed(1), Source::fromSeed(2), d).bands.size(), 2u);
    InfluenceSpec one = spec;
    one.bands = {{0, 1, 2, 3}};
    one.band_labels = {"0-3"};   // labelled by its SPEC: the ws once
    EXPECT_EQ(influenceBandTitle(one, 0), "ws 0-3 from B");
}

// A, B and two bands' mixes: band 0 moves a quarter of the pixels by 100
// levels, band 1 half of them by 200.
struct FakeFigure {
    Image a = flat(64, 64, 50, 50, 50), b = flat(64, 64, 250, 250, 250), m0 = a, m1 = a;
    FakeFigure() {
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x) {
                const std::size_t i = (static_cast<std::size_t>(y) * 64 + x) * 3;
                if (y < 16) m0.pixels[i] = 150;
                if (y < 32) m1.pixels[i + 1] = 250;
            }
    }
    InfluenceTiles tiles() const {
        InfluenceTiles t;
        t.a = &a;
        t.b = &b;
        t.a_label = "A: seed 1";
        t.b_label = "B: seed 2";
        t.band_titles = {"coarse: ws 0-3 from B", "fine: ws 8-11 from B"};
        t.mixes = {&m0, &m1};
        return t;
    }
};

TEST(InfluenceFigure, StatsAndOneSharedScale) {
    const FakeFigure f;
    const InfluenceFigure fig = composeInfluenceFigure(f.tiles());
    ASSERT_EQ(fig.bands.size(), 2u);
    EXPECT_DOUBLE_EQ(fig.bands[0].moved_from_a, 0.25);
    EXPECT_EQ(fig.bands[0].peak_from_a, 100);
    EXPECT_DOUBLE_EQ(fig.bands[1].moved_from_a, 0.5);
    EXPECT_EQ(fig.bands[1].peak_from_a, 200);
    EXPECT_DOUBLE_EQ(fig.bands[0].moved_from_b, 1.0);   // every pixel is > 8 levels from B
    EXPECT_EQ(fig.top, 200);
    const FigureSize size = influenceFigureSize(2, 64, 64);
    EXPECT_EQ(fig.image.width, size.width);
    EXPECT_EQ(fig.image.height, size.height);
    // Band 0's |mix - A| on the figure's scale (top 200, not its own peak 100), magnified 2x.
    const Image shared = magnified(influenceHeatImage(influenceMap(f.a, f.m0), 200), 2);
    const Image own = magnified(influenceHeatImage(influenceMap(f.a, f.m0), 100), 2);
    EXPECT_TRUE(containsTile(fig.image, shared));
    EXPECT_FALSE(containsTile(fig.image, own));
    EXPECT_TRUE(containsTile(fig.image, magnified(f.m1, 2)));   // the mixes' pixels, untouched
    EXPECT_EQ(composeInfluenceFigure(f.tiles()).image, fig.image);   // deterministic
}

TEST(InfluenceFigure, RefusesMissingAndMismatchedImages) {
    FakeFigure f;
    InfluenceTiles t = f.tiles();
    t.mixes[1] = nullptr;
    EXPECT_THROW(composeInfluenceFigure(t), std::invalid_argument);
    t = f.tiles();
    t.mixes.clear();
    EXPECT_THROW(composeInfluenceFigure(t), std::invalid_argument);
    const Image small = flat(32, 32, 0, 0, 0);
    t = f.tiles();
    t.mixes[0] = &small;
    EXPECT_THROW(composeInfluenceFigure(t), std::invalid_argument);
    // A label of 200 bytes is clipped into its caption, not a wider figure.
    t = f.tiles();
    t.band_titles[0] = std::string(200, 'W');
    t.a_label = std::string(200, 'W');
    const Image clipped = composeInfluenceFigure(t).image;
    EXPECT_EQ(clipped.width, influenceFigureSize(2, 64, 64).width);
}

TEST(InfluenceFigure, FromAMixResult) {
    const FakeFigure f;
    InfluenceSpec spec;
    spec.a = Source::fromSeed(1);
    spec.b = Source::fromSeed(2);
    spec.bands = {{0, 1, 2, 3}, {8, 9, 10, 11}};
    spec.band_labels = {"coarse", "fine"};
    MixResult r;
    r.row_images = {shareImage(f.a), shareImage(f.a)};
    r.col_images = {shareImage(f.b)};
    r.cells = {{shareImage(f.m0)}, {shareImage(f.m1)}};
    EXPECT_EQ(composeInfluenceFigure(r, spec).image, composeInfluenceFigure(f.tiles()).image);
    r.cells.pop_back();
    EXPECT_THROW(composeInfluenceFigure(r, spec), std::invalid_argument);
}

Recipe influenceRecipe() {
    Recipe r;
    r.kind = RecipeKind::Influence;
    r.model_family = "stylegan2";
    r.model_path = "m.safetensors";
    r.model_sha256 = "abc";
    InfluenceSpec spec;
    spec.a = Source::fromSeed(85);
    spec.b = Source::position(1.5, -2.25);
    spec.bands = {{0, 1, 2, 3}, {4, 5}};
    spec.band_labels = {"coarse", "4-5"};
    spec.truncation = {0.7, 8};
    spec.noise.mode = NoiseMode::Random;
    spec.noise.seed = 3;
    spec.threshold = 12;
    spec.transform = InputTransform{0.25, -0.5, 10.0};
    r.influence = spec;
    return r;
}

TEST(InfluenceRecipe, JsonRoundTrip) {
    const Recipe r = influenceRecipe();
    const std::string text = recipeToJson(r);
    const Recipe back = recipeFromJson(text, "t.json");
    EXPECT_EQ(back.kind, RecipeKind::Influence);
    ASSERT_TRUE(back.influence);
    EXPECT_EQ(*back.influence, *r.influence);
    EXPECT_EQ(recipeToJson(back), text);   // byte for byte again
    EXPECT_NE(text.find("\"threshold\": 12"), std::string::npos) << text;
}

TEST(InfluenceRecipe, BadFieldsAreNamed) {
    const std::string text = recipeToJson(influenceRecipe());
    const auto refuse = [&](const std::string& from, const std::string& to, const std::string& field) {
        std::string bad = text;
        const std::size_t at = bad.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        bad.replace(at, from.size(), to);
        try {
            recipeFromJson(bad, "bad.json");
            FAIL() << "accepted " << to;
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("bad.json: recipe field '" + field + "'"), std::string::npos) << e.what();
        }
    };
    refuse("\"threshold\": 12", "\"threshold\": 255", "influence.threshold");
    refuse("\"threshold\": 12", "\"threshold\": -1", "influence.threshold");
    refuse("\"threshold\": 12", "\"thresh\": 12", "influence.threshold");
    refuse("\"label\": \"coarse\"", "\"label\": 3", "influence.bands[0].label");
    refuse("\"label\": \"coarse\"", "\"label\": \"" + std::string(201, 'x') + "\"", "influence.bands[0].label");
    refuse("\"bands\": [", "\"bands\": 3, \"x\": [", "influence.bands");
    refuse("\"a\": {", "\"q\": {", "influence.a");
    nlohmann::json j = nlohmann::json::parse(text);
    j["influence"]["bands"] = nlohmann::json::array();
    EXPECT_THROW(recipeFromJson(j.dump(), "bad.json"), std::runtime_error);
    j["influence"]["bands"] = nlohmann::json::array({{{"label", "x"}, {"styles", {0, -1}}}});
    EXPECT_THROW(recipeFromJson(j.dump(), "bad.json"), std::runtime_error);
}

TEST(InfluenceRecipe, CheckedAgainstTheModel) {
    ModelFacts f;
    f.family_label = "StyleGAN2";
    f.num_ws = 12;
    f.w_dim = 8;
    f.img_resolution = 64;
    f.img_channels = 3;
    f.has_input_transform = true;
    Recipe r = influenceRecipe();
    EXPECT_NO_THROW(checkRecipeForModel(r, f));
    r.influence->bands[1] = {4, 12};
    try {
        checkRecipeForModel(r, f);
        FAIL() << "ws 12 of 12";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("'influence.bands[1].styles[1]'"), std::string::npos) << e.what();
    }
    r = influenceRecipe();
    f.has_input_transform = false;
    EXPECT_THROW(checkRecipeForModel(r, f), std::invalid_argument);
    r.influence.reset();
    EXPECT_THROW(checkRecipeForModel(r, f), std::invalid_argument);
}

}  // namespace
}  // namespace stylemix
