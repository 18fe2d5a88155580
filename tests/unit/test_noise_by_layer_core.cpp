// Noise by layer, torch-free parts: NoiseSpec::forLayer (what each layer
// receives), the strip figure (one colour scale, sizes known before rendering,
// labels and peaks under the maps) and the "noise-by-layer" recipe.
#include "model/core/lab_figures.h"
#include "model/core/noise_by_layer_figure.h"
#include "model/core/recipe.h"
#include "model/core/recipe_check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

using namespace stylemix;

namespace {

NoiseSpec onlyLayer(int layer, NoiseMode others) {
    NoiseSpec n;
    n.mode = NoiseMode::Random;
    n.seed = 7;
    n.realisations = {3, 4, 5};
    n.multipliers = {1.f, 0.5f, 2.f};
    n.only_layer = layer;
    n.others = others;
    return n;
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "<no exception>";
}

// A complete result of `layers` maps of res x res, map i constant at `levels[i]` but for one
// pixel at twice that (its peak).
NoiseByLayerResult syntheticResult(int res, const std::vector<float>& levels, int samples = 8) {
    NoiseByLayerResult r;
    r.samples = samples;
    r.total_layers = static_cast<int>(levels.size());
    for (std::size_t i = 0; i < levels.size(); ++i) {
        NoiseLayerStddev m;
        m.label = "b" + std::to_string(4 << i) + ".conv1 " + std::to_string(4 << i) + "x" + std::to_string(4 << i);
        m.width = m.height = res;
        m.stddev_levels.assign(static_cast<std::size_t>(res) * res, levels[i]);
        m.stddev_levels[0] = 2 * levels[i];
        m.peak = 2 * levels[i];
        r.layers.push_back(m);
    }
    return r;
}

}  // namespace

TEST(NoiseSpecForLayer, TheStudiedLayerKeepsTheSpec) {
    const NoiseSpec n = onlyLayer(1, NoiseMode::Const);
    EXPECT_EQ(n.forLayer(1), n);
}

TEST(NoiseSpecForLayer, OtherLayersTakeTheOthersModeAtRealisationZero) {
    for (NoiseMode others : {NoiseMode::Const, NoiseMode::None, NoiseMode::Random}) {
        const NoiseSpec n = onlyLayer(1, others);
        for (int layer : {0, 2}) {
            const NoiseSpec f = n.forLayer(layer);
            EXPECT_EQ(f.mode, others) << noiseModeName(others);
            EXPECT_EQ(f.only_layer, -1);
            EXPECT_EQ(f.seed, n.seed);                                     // random others: one fixed draw of the seed
            EXPECT_EQ(f.realisations, (std::vector<std::int64_t>{0, 0, 0}));   // every batch item the same
            EXPECT_EQ(f.multipliers, n.multipliers);                       // strengths still apply
        }
    }
}

TEST(NoiseSpecForLayer, WithoutAStudiedLayerEveryLayerGetsTheSpec) {
    NoiseSpec n = onlyLayer(-1, NoiseMode::None);
    EXPECT_EQ(n.forLayer(0), n);
    EXPECT_EQ(n.forLayer(2), n);
    // only_layer means nothing outside random mode.
    n = onlyLayer(1, NoiseMode::None);
    n.mode = NoiseMode::Const;
    EXPECT_EQ(n.forLayer(0), n);
}

TEST(NoiseSpecForLayer, SlicesKeepTheStudiedLayer) {
    const NoiseSpec n = onlyLayer(2, NoiseMode::Const);
    const NoiseSpec s = n.slice(1, 2);
    EXPECT_EQ(s.only_layer, 2);
    EXPECT_EQ(s.others, NoiseMode::Const);
    EXPECT_EQ(s.realisations, (std::vector<std::int64_t>{4, 5}));
    EXPECT_EQ(s.forLayer(0).realisations, (std::vector<std::int64_t>{0, 0}));
}

TEST(NoiseByLayerFigure, EveryMapOnTheStripsOneScale) {
    const int res = 16, mag = noiseByLayerMagnification(res);
    ASSERT_EQ(mag, 8);   // 16 px maps grow to 128 px... capped at x8
    const NoiseByLayerResult r = syntheticResult(res, {1.f, 3.f, 0.5f});
    const Image fig = composeNoiseByLayerFigure(r);
    std::vector<std::string> labels;
    for (const auto& m : r.layers) labels.push_back(m.label);
    const FigureSize size = noiseByLayerFigureSize(res, labels, r.samples);
    EXPECT_EQ(fig.width, size.width);
    EXPECT_EQ(fig.height, size.height);
    EXPECT_EQ(fig.channels, 3);
    EXPECT_FLOAT_EQ(noiseByLayerPeak(r), 6.f);
    // The maps' top edge: the first row in map 0's middle column with map 0's body colour.
    const int tile = res * mag;
    const float gain = noiseByLayerGain(6.f);
    std::uint8_t body0[3];
    stddevColour(stddevMapPosition(1.f, gain), body0);
    int top = -1;
    for (int y = 0; y < fig.height && top < 0; ++y) {
        const std::uint8_t* p = &fig.pixels[(static_cast<std::size_t>(y) * fig.width + tile / 2) * 3];
        if (std::equal(p, p + 3, body0)) top = y;
    }
    ASSERT_GT(top, 0);   // under the caption
    for (int i = 0; i < 3; ++i) {
        const int x0 = i * (tile + 4);
        std::uint8_t expect_body[3], expect_peak[3];
        stddevColour(stddevMapPosition(r.layers[i].stddev_levels[1], gain), expect_body);
        stddevColour(stddevMapPosition(r.layers[i].peak, gain), expect_peak);
        const std::uint8_t* body = &fig.pixels[(static_cast<std::size_t>(top + tile / 2) * fig.width + x0 + tile / 2) * 3];
        const std::uint8_t* peak = &fig.pixels[(static_cast<std::size_t>(top) * fig.width + x0) * 3];   // pixel 0, magnified
        EXPECT_TRUE(std::equal(body, body + 3, expect_body)) << "map " << i;
        EXPECT_TRUE(std::equal(peak, peak + 3, expect_peak)) << "map " << i;
    }
    // The strip's peak (map 1's pixel 0) tops the colour map; map 0's own peak does not.
    std::uint8_t top_colour[3];
    stddevColour(1.f, top_colour);
    const std::uint8_t* p1 = &fig.pixels[(static_cast<std::size_t>(top) * fig.width + tile + 4) * 3];
    const std::uint8_t* p0 = &fig.pixels[(static_cast<std::size_t>(top) * fig.width) * 3];
    EXPECT_TRUE(std::equal(p1, p1 + 3, top_colour));
    EXPECT_FALSE(std::equal(p0, p0 + 3, top_colour));
    // Something (the label and the peak) is written under each map.
    for (int i = 0; i < 3; ++i) {
        int lit = 0;
        for (int y = top + tile + 4; y < fig.height; ++y)
            for (int x = i * (tile + 4); x < i * (tile + 4) + tile; ++x) lit += fig.pixels[(static_cast<std::size_t>(y) * fig.width + x) * 3] > 100;
        EXPECT_GT(lit, 50) << "map " << i;
    }
}

TEST(NoiseByLayerFigure, RefusesIncompleteOrMisshapenResults) {
    NoiseByLayerResult r = syntheticResult(8, {1.f, 2.f});
    r.total_layers = 3;   // a partial result
    EXPECT_NE(errorOf([&] { composeNoiseByLayerFigure(r); }).find("only 2 of 3 layers"), std::string::npos);
    r = syntheticResult(8, {1.f, 2.f});
    r.layers[1].stddev_levels.pop_back();
    EXPECT_NE(errorOf([&] { composeNoiseByLayerFigure(r); }).find("misshapen"), std::string::npos);
    EXPECT_NE(errorOf([&] { composeNoiseByLayerFigure(NoiseByLayerResult{}); }).find("no std-dev maps"), std::string::npos);
}

TEST(NoiseByLayerFigure, AllZeroMapsStayBlackWithAFiniteScale) {
    const NoiseByLayerResult r = syntheticResult(8, {0.f, 0.f});
    EXPECT_FLOAT_EQ(noiseByLayerGain(noiseByLayerPeak(r)), 255.f);
    const Image fig = composeNoiseByLayerFigure(r);
    EXPECT_GT(fig.width, 0);
}

TEST(NoiseByLayerFigure, SizeRefusedBeforeRendering) {
    std::vector<std::string> labels(100, "b1024.conv1 1024x1024");
    EXPECT_THROW(checkFigureSize(noiseByLayerFigureSize(1024, labels, 8), "strip"), std::invalid_argument);
    EXPECT_NO_THROW(checkFigureSize(noiseByLayerFigureSize(1024, {labels.begin(), labels.begin() + 18}, 8), "strip"));
}

TEST(NoiseByLayerRecipe, RoundTripsThroughJson) {
    Recipe r;
    r.kind = RecipeKind::NoiseByLayer;
    r.model_path = "m.pkl";
    NoiseByLayerRequest nb;
    nb.subject.source = Source{85, -1};
    nb.subject.mix_with = Source{55, -1};
    nb.subject.styles = {0, 1, 2};
    nb.subject.truncation.psi = 0.7;
    nb.noise.mode = NoiseMode::None;
    nb.noise.seed = 12;
    nb.noise.multipliers = {1.f, 0.f, 2.f};
    nb.samples = 24;
    r.noise_by_layer = nb;
    const std::string text = recipeToJson(r);
    EXPECT_NE(text.find("\"noise-by-layer\""), std::string::npos);
    const Recipe back = recipeFromJson(text, "r.json");
    EXPECT_EQ(back.kind, RecipeKind::NoiseByLayer);
    ASSERT_TRUE(back.noise_by_layer.has_value());
    EXPECT_EQ(*back.noise_by_layer, nb);
    EXPECT_FALSE(back.lab.has_value());
}

TEST(NoiseByLayerRecipe, BadFieldsAreNamed) {
    Recipe r;
    r.kind = RecipeKind::NoiseByLayer;
    r.noise_by_layer = NoiseByLayerRequest{};
    std::string text = recipeToJson(r);
    const auto replaced = [&](const std::string& from, const std::string& to) {
        std::string t = text;
        t.replace(t.find(from), from.size(), to);
        return t;
    };
    EXPECT_NE(errorOf([&] { recipeFromJson(replaced("\"samples\": 16", "\"samples\": 1"), "r.json"); })
                  .find("'noise_by_layer.samples' = 1 is out of range [2, 100000]"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { recipeFromJson(replaced("\"samples\": 16", "\"sample\": 16"), "r.json"); })
                  .find("'noise_by_layer.samples' is missing"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { recipeFromJson(replaced("\"noise_by_layer\"", "\"noise_by_layers\""), "r.json"); })
                  .find("'noise_by_layer' is missing"),
              std::string::npos);
}

TEST(NoiseByLayerRecipe, CheckedAgainstTheModel) {
    Recipe r;
    r.kind = RecipeKind::NoiseByLayer;
    r.noise_by_layer = NoiseByLayerRequest{};
    ModelFacts f;
    f.img_resolution = 64;
    f.num_ws = 8;
    f.w_dim = 16;
    f.family_label = "StyleGAN3-T";
    EXPECT_NE(errorOf([&] { checkRecipeForModel(r, f); }).find("has no noise inputs"), std::string::npos);
    f.noise_layers = {{"b4.conv1", 4}, {"b8.conv0", 8}};
    f.family_label = "StyleGAN2";
    EXPECT_EQ(errorOf([&] { checkRecipeForModel(r, f); }), "<no exception>");
    r.noise_by_layer->noise.multipliers = {1.f};
    EXPECT_NE(errorOf([&] { checkRecipeForModel(r, f); }).find("'noise_by_layer.noise.strengths'"), std::string::npos);
    r.noise_by_layer->noise.multipliers.clear();
    r.noise_by_layer->subject.styles = {9};
    EXPECT_NE(errorOf([&] { checkRecipeForModel(r, f); }).find("'noise_by_layer.subject.styles[0]'"), std::string::npos);
}
