// The layer view's numbers: the visualizer's display rules on known inputs
// (channel clamping, normalise, gain, mean |x|, the FFT's peak), the engine's
// layerView (panels, ordering by magnitude, where the mix departs from A, the
// capture cache) and the "layer" recipe (JSON round trip, checks, re-render).
#include "model/core/layer_figure.h"
#include "model/core/recipe.h"
#include "model/core/recipe_check.h"
#include "model/core/viridis.h"
#include "model/engine/engine.h"
#include "model/engine/layer_display.h"
#include "model/engine/recipe_render.h"
#include "tests/layers/layer_test_util.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

namespace stylemix {
namespace {

using namespace layer_test;

// [C, H, W] with channel c holding (c + 1) * 0.1 * (x - 3) / 4 along x (x in 0..7).
torch::Tensor ramps(int channels) {
    const torch::Tensor x = (torch::arange(8, torch::kFloat32) - 3) / 4;
    std::vector<torch::Tensor> planes;
    for (int c = 0; c < channels; ++c) planes.push_back(((c + 1) * 0.1f * x).expand({8, 8}));
    return torch::stack(planes);
}

std::uint8_t pixel(const Image& im, int x, int y, int c = 0) {
    return im.pixels[(static_cast<std::size_t>(y) * im.width + x) * im.channels + c];
}

// (x * 127.5 + 128) clamped and truncated, as the visualizer converts.
std::uint8_t level(float x) { return static_cast<std::uint8_t>(std::clamp(x * 127.5f + 128.0f, 0.0f, 255.0f)); }

TEST(LayerDisplay, ChannelSelectionClampsAsTheVisualizer) {
    const torch::Tensor act = ramps(5);
    LayerViewSettings v;
    v.sel_channels = 3;
    v.base_channel = 4;   // past C - 3: clamped to base 2
    LayerPanel p = displayActivation(act, v);
    ASSERT_EQ(p.image.channels, 3);
    for (int c = 0; c < 3; ++c) EXPECT_EQ(pixel(p.image, 7, 0, c), level((c + 3) * 0.1f * 1.0f)) << c;
    v.base_channel = -7;   // clamped to 0
    EXPECT_EQ(pixel(displayActivation(act, v).image, 7, 0, 0), level(0.1f));
    // Three asked of two channels: one, grey.
    v.base_channel = 1;
    p = displayActivation(ramps(2), v);
    ASSERT_EQ(p.image.channels, 1);
    EXPECT_EQ(pixel(p.image, 7, 0), level(0.2f));
    EXPECT_FLOAT_EQ(p.max_sel, 0.2f);
    EXPECT_FLOAT_EQ(p.max_all, 0.2f);
}

TEST(LayerDisplay, NormaliseGainAndStats) {
    const torch::Tensor act = ramps(3);
    LayerViewSettings v;
    v.sel_channels = 1;
    v.base_channel = 1;   // values 0.2 * (x - 3) / 4: max |x| 0.2 at x = 7
    v.normalize = true;
    LayerPanel p = displayActivation(act, v);
    EXPECT_EQ(pixel(p.image, 7, 0), 255);                  // 1 * 127.5 + 128, clamped
    EXPECT_EQ(pixel(p.image, 0, 0), level(-0.75f));        // -0.15 / 0.2
    EXPECT_EQ(pixel(p.image, 3, 5), 128);
    v.normalize = false;
    v.gain_db = 20;                                         // x 10
    p = displayActivation(act, v);
    EXPECT_EQ(pixel(p.image, 5, 2), level(0.2f * 0.5f * 10.0f));
    EXPECT_EQ(pixel(p.image, 0, 0), level(-0.15f * 10.0f));
    EXPECT_NEAR(p.mean_sel, 0.2 * 0.125, 1e-7);   // mean of (x - 3) / 4 over x = 0..7 is 0.125
    EXPECT_NEAR(p.mean_all, (0.1 + 0.2 + 0.3) / 3 * 0.125, 1e-7);
    EXPECT_NEAR(p.std_sel, act[1].std().item<float>(), 1e-7);
    EXPECT_NEAR(p.max_all, 0.3, 1e-7);
}

TEST(LayerDisplay, MeanAbsIsOneGreyChannel) {
    LayerViewSettings v;
    v.display = LayerDisplay::MeanAbs;
    const LayerPanel p = displayActivation(ramps(3), v);
    ASSERT_EQ(p.image.channels, 1);
    // mean over channels of |(c + 1) * 0.1 * (x - 3) / 4| = 0.2 * |x - 3| / 4
    EXPECT_EQ(pixel(p.image, 7, 3), level(0.2f));
    EXPECT_EQ(pixel(p.image, 0, 3), level(0.15f));
    EXPECT_NEAR(p.max_sel, 0.2, 1e-7);
}

// The sample index of an FFT pixel's colour (viridis is one-to-one on its 256 entries).
int colourRank(const Image& im, int x, int y) {
    static const std::map<std::array<std::uint8_t, 3>, int> rank = [] {
        std::map<std::array<std::uint8_t, 3>, int> m;
        for (int i = kViridisSamples - 1; i >= 0; --i) m[viridisSample(i)] = i;
        return m;
    }();
    return rank.at({pixel(im, x, y, 0), pixel(im, x, y, 1), pixel(im, x, y, 2)});
}

// A cosine of 5 cycles along x: the centred spectrum peaks 5 bins either side of the centre.
TEST(LayerDisplay, FftPeaksAtTheSignalsFrequency) {
    const int n = 32, k = 5;
    const torch::Tensor x = torch::arange(n, torch::kFloat64);
    const torch::Tensor wave = torch::cos(x * (2 * M_PI * k / n)).to(torch::kFloat32).expand({n, n});
    const torch::Tensor act = torch::stack({wave, 0.5 * wave});
    LayerViewSettings v;
    v.fft = true;
    const LayerPanel p = displayActivation(act, v);
    ASSERT_EQ(p.image.width, 2 * n);
    ASSERT_EQ(p.image.channels, 3);
    int best = -1, bx = -1, by = -1;
    for (int y = 0; y < n; ++y)
        for (int xx = 0; xx < n; ++xx)
            if (colourRank(p.image, n + xx, y) > best) best = colourRank(p.image, n + xx, y), bx = xx, by = y;
    EXPECT_EQ(by, n / 2);
    EXPECT_EQ(std::abs(bx - n / 2), k);
    EXPECT_EQ(colourRank(p.image, n + n / 2 - k, n / 2), colourRank(p.image, n + n / 2 + k, n / 2));
    // The image half is the plain selection (grey here: the first channel, as RGB).
    EXPECT_EQ(pixel(p.image, 0, 0, 0), level(1.0f));
    // A constant activation has no spectrum to speak of: drawn, not a crash.
    EXPECT_NO_THROW(displayActivation(torch::ones({1, 4, 4}), v));
}

Engine& avatars() {
    static std::unique_ptr<Engine> e = Engine::load(sourceDir() + "/assets/avatars64.safetensors", DeviceChoice::CPU);
    return *e;
}

LabSubject cell(std::uint64_t a, std::uint64_t b, std::vector<int> styles) {
    LabSubject s;
    s.source = Source{a, -1};
    s.mix_with = Source{b, -1};
    s.styles = std::move(styles);
    s.truncation.psi = 0.7;
    return s;
}

TEST(LayerView, APlainSourceIsOnePanel) {
    LayerRequest r;
    r.subject.source = Source{3, -1};
    r.layer = "b8.conv1";
    const LayerResult out = avatars().layerView(r);
    ASSERT_EQ(out.panels.size(), 1u);
    EXPECT_EQ(out.panels[0].label, "A");
    EXPECT_EQ((std::vector<int>{out.channels, out.height, out.width}), (std::vector<int>{256, 8, 8}));
    EXPECT_EQ(out.max_diff_from_a, 0.0f);
    EXPECT_EQ(out.fraction_differing, 0.0f);
}

TEST(LayerView, ACellShowsABAndTheMixAndWhereTheyDepart) {
    LayerRequest r;
    r.subject = cell(3, 7, {8, 9});   // fine styles only: nothing changes before b64
    r.layer = "b16.conv0";
    LayerResult out = avatars().layerView(r);
    ASSERT_EQ(out.panels.size(), 3u);
    EXPECT_EQ(out.panels[1].label, "B");
    EXPECT_EQ(out.panels[2].label, "mix");
    EXPECT_EQ(out.max_diff_from_a, 0.0f);
    EXPECT_EQ(out.panels[2].image, out.panels[0].image);
    EXPECT_NE(out.panels[1].image, out.panels[0].image);

    r.subject.styles = {0};   // the first conv's style: every value moves
    out = avatars().layerView(r);
    EXPECT_GT(out.max_diff_from_a, 0.0f);
    EXPECT_GT(out.fraction_differing, 0.9f);
    EXPECT_LE(out.fraction_differing, 1.0f);

    // Channels by mean |x| over the three panels, largest first: a permutation of all.
    ASSERT_EQ(out.channels_by_magnitude.size(), 256u);
    std::vector<int> sorted = out.channels_by_magnitude;
    std::sort(sorted.begin(), sorted.end());
    for (int i = 0; i < 256; ++i) ASSERT_EQ(sorted[static_cast<std::size_t>(i)], i);
    // The order is that of the channels' mean |x| over A, B and the mix.
    torch::Tensor mag = torch::zeros({256}, torch::kFloat64);
    for (const LabSubject& who : {LabSubject{r.subject.source, {}, {}, r.subject.truncation, {}},
                                  LabSubject{*r.subject.mix_with, {}, {}, r.subject.truncation, {}}, r.subject}) {
        const torch::Tensor act = torch::tensor(avatars().captureActivation(who, {}, r.layer)).reshape({256, 16, 16});
        mag += act.abs().mean({1, 2}).to(torch::kFloat64);
    }
    for (int i = 1; i < 256; ++i)
        EXPECT_GE(mag[out.channels_by_magnitude[i - 1]].item<double>() + 1e-6, mag[out.channels_by_magnitude[i]].item<double>()) << i;
}

// Up to the first layer that reads one of B's styles the mix is A, bit for bit, at every layer (as in the
// grid, whose cells resume from A's activations); from that layer on it departs.
TEST(LayerView, TheMixEqualsAExactlyBeforeTheCrossover) {
    const ModelDescription& d = avatars().facts();
    LayerRequest r;
    r.subject = cell(3, 7, {8, 9});
    int first_b = -1;
    for (std::size_t li = 0; li < d.layers.size() && first_b < 0; ++li)
        if (d.layers[li].ws_index >= 8) first_b = static_cast<int>(li);
    ASSERT_GT(first_b, 0);
    for (const ActivationInfo& a : d.activations) {
        r.layer = a.name;
        const LayerResult out = avatars().layerView(r);
        if (a.after_layer < first_b) {
            EXPECT_EQ(out.max_diff_from_a, 0.0f) << a.name;
            EXPECT_EQ(out.fraction_differing, 0.0f) << a.name;
        } else {
            EXPECT_GT(out.max_diff_from_a, 0.0f) << a.name;
        }
    }
}

// The kept capture is counted in the cache's bytes, and kept only within a quarter of the budget:
// past it a display change captures again (same images) instead of holding the activations.
TEST(LayerView, TheKeptCaptureIsBoundedByTheCacheBudget) {
    auto e = Engine::load(sourceDir() + "/assets/avatars64.safetensors", DeviceChoice::CPU);
    LayerRequest r;
    r.subject = cell(3, 7, {0, 1});
    r.layer = "b64.conv1";   // [128, 64, 64] per panel here: 3 panels = 6 MiB
    const std::size_t capture_bytes = 3u * 128 * 64 * 64 * 4;
    e->clearCache();
    const LayerResult kept = e->layerView(r);
    const std::size_t with_capture = e->cacheStats().bytes;   // the capture plus the ws memo
    e->setCacheBudget(4 * capture_bytes - 4);
    e->clearCache();
    e->layerView(r);
    EXPECT_EQ(with_capture - e->cacheStats().bytes, capture_bytes);
    r.view.gain_db = 0;   // the same request again: captured anew, the same images
    const LayerResult again = e->layerView(r);
    ASSERT_EQ(again.panels.size(), kept.panels.size());
    for (std::size_t i = 0; i < kept.panels.size(); ++i) EXPECT_EQ(again.panels[i].image, kept.panels[i].image);
}

// A display-only change reuses the capture; any change of subject, noise or layer captures anew:
// each result equals a fresh engine's.
TEST(LayerView, TheCaptureCacheNeverServesAStaleActivation) {
    auto fresh = [](const LayerRequest& r) {
        auto e = Engine::load(sourceDir() + "/assets/avatars64.safetensors", DeviceChoice::CPU);
        return e->layerView(r);
    };
    Engine& e = avatars();
    LayerRequest r;
    r.subject = cell(3, 7, {0, 1, 2, 3});
    r.layer = "b16.conv1";
    e.layerView(r);
    std::vector<LayerRequest> steps;
    r.view.gain_db = 6;
    r.view.fft = true;
    steps.push_back(r);                      // display only
    r.subject.styles = {4, 5};
    steps.push_back(r);                      // another cell
    r.layer = "b16:1";
    steps.push_back(r);                      // another layer
    r.noise.mode = NoiseMode::Random;
    r.noise.seed = 5;
    steps.push_back(r);                      // another noise
    for (const LayerRequest& step : steps) {
        const LayerResult a = e.layerView(step), b = fresh(step);
        ASSERT_EQ(a.panels.size(), b.panels.size());
        for (std::size_t i = 0; i < a.panels.size(); ++i) EXPECT_EQ(a.panels[i].image, b.panels[i].image) << step.layer << " " << i;
        EXPECT_EQ(a.max_diff_from_a, b.max_diff_from_a);
    }
}

TEST(LayerView, AnUnknownLayerIsRefusedByName) {
    LayerRequest r;
    r.subject.source = Source{3, -1};
    r.layer = "b9.conv7";
    try {
        avatars().layerView(r);
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("'b9.conv7'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("25 layers"), std::string::npos) << e.what();
    }
    EXPECT_THROW(avatars().captureActivation(r.subject, {}, "nope"), std::invalid_argument);
}

// StyleGAN2 has no input transform: untransform changes nothing, as in the visualizer.
TEST(LayerView, UntransformIsIgnoredWithoutAnInputTransform) {
    LayerRequest r;
    r.subject.source = Source{3, -1};
    r.layer = "b8:0";
    const LayerResult plain = avatars().layerView(r);
    r.view.untransform = true;
    EXPECT_EQ(avatars().layerView(r).panels[0].image, plain.panels[0].image);
}

Recipe layerRecipe(const Engine& e, const LayerRequest& r) {
    Recipe recipe;
    recipe.kind = RecipeKind::Layer;
    recipe.model_family = e.facts().family;
    recipe.model_path = e.facts().path;
    recipe.model_sha256 = e.facts().sha256;
    recipe.learned_strengths = e.facts().noise_strengths;
    recipe.layer = r;
    return recipe;
}

TEST(LayerRecipe, RoundTripsAndReRendersByteForByte) {
    LayerRequest r;
    r.subject = cell(3, 7, {0, 1, 2, 3});
    r.noise.mode = NoiseMode::Random;
    r.noise.seed = 11;
    r.layer = "b32:1";
    r.view.display = LayerDisplay::Channels;
    r.view.base_channel = 1;
    r.view.sel_channels = 1;
    r.view.normalize = true;
    r.view.gain_db = -3.7f;
    r.view.fft = true;
    r.view.fft_all = false;
    r.view.fft_range_db = 33.3f;
    r.view.fft_beta = 5.5f;
    const Recipe recipe = layerRecipe(avatars(), r);
    const Recipe back = recipeFromJson(recipeToJson(recipe), "test");
    ASSERT_TRUE(back.layer.has_value());
    EXPECT_EQ(back.kind, RecipeKind::Layer);
    EXPECT_TRUE(*back.layer == r);
    EXPECT_NO_THROW(checkRecipeForModel(back, avatars().facts()));

    const Image exported = composeLayerFigure(avatars().layerView(r));
    auto other = Engine::load(sourceDir() + "/assets/avatars64.safetensors", DeviceChoice::CPU);
    EXPECT_EQ(renderRecipe(*other, back), exported);
    EXPECT_GE(exported.height, 32 * layerFigureZoom(32));   // three panels of 32x64 (image and FFT), magnified
    EXPECT_GE(exported.width, 3 * 64 * layerFigureZoom(32));
}

TEST(LayerRecipe, BadFieldsAreNamed) {
    LayerRequest r;
    r.subject.source = Source{3, -1};
    r.layer = "b8.conv1";
    const std::string good = recipeToJson(layerRecipe(avatars(), r));
    auto error = [&](const std::string& from, const std::string& to) {
        std::string text = good;
        const auto at = text.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        text.replace(at, from.size(), to);
        try {
            checkRecipeForModel(recipeFromJson(text, "r.json"), avatars().facts());
        } catch (const std::exception& e) {
            return std::string(e.what());
        }
        return std::string("<no exception>");
    };
    EXPECT_NE(error("\"sel_channels\": 3", "\"sel_channels\": 2").find("'layer.view.sel_channels'"), std::string::npos);
    EXPECT_NE(error("\"fft_range_db\": 50.0", "\"fft_range_db\": 0").find("'layer.view.fft_range_db'"), std::string::npos);
    EXPECT_NE(error("\"display\": \"channels\"", "\"display\": \"rgb\"").find("'layer.view.display'"), std::string::npos);
    EXPECT_NE(error("\"layer\": \"b8.conv1\"", "\"layer\": \"b8.conv9\"").find("'layer.layer'"), std::string::npos);
    EXPECT_NE(error("\"untransform\": false", "\"untransform\": true").find("'layer.view.untransform'"), std::string::npos);
}

}  // namespace
}  // namespace stylemix
