// Noise by layer (Engine::noiseByLayer, `stylemix noise --by-layer`): each
// layer's map is the std-dev over realisations of that layer's noise alone,
// the others fixed; partial results, cancel, the families, the CLI and its
// recipe re-rendered byte for byte.
#include "tests/cli_test_util.h"
#include "tests/engine_test_util.h"
#include "tests/image_compare.h"

#include "model/core/noise_by_layer_figure.h"
#include "model/core/recipe.h"
#include "model/io/image_io.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <numeric>

using namespace stylemix;
using namespace stylemix::engine_test;
namespace cli = stylemix::cli_test;

namespace {

NoiseByLayerRequest byLayerRequest(int samples, NoiseMode others = NoiseMode::Const) {
    NoiseByLayerRequest req;
    req.subject.source = {85, -1};
    req.noise.mode = others;
    req.noise.seed = 5;
    req.samples = samples;
    return req;
}

// The population std-dev of the RGB mean of `images`, per pixel, in levels.
std::vector<double> stddevOf(const std::vector<Image>& images) {
    const std::size_t n = static_cast<std::size_t>(images[0].width) * images[0].height;
    std::vector<double> out(n);
    for (std::size_t p = 0; p < n; ++p) {
        double sum = 0, sum_sq = 0;
        for (const Image& im : images) {
            const double g = (im.pixels[p * 3] + im.pixels[p * 3 + 1] + im.pixels[p * 3 + 2]) / 3.0;
            sum += g;
            sum_sq += g * g;
        }
        const double k = static_cast<double>(images.size()), mean = sum / k;
        out[p] = std::sqrt(std::max(0.0, sum_sq / k - mean * mean));
    }
    return out;
}

double meanSquare(const std::vector<float>& v) {
    double s = 0;
    for (float x : v) s += double(x) * x;
    return s / static_cast<double>(v.size());
}

std::string fixture(const std::string& relative) { return std::string(STYLEMIX_SOURCE_DIR) + "/" + relative; }

}  // namespace

TEST(NoiseByLayer, EachMapIsTheStdDevOfThatLayersNoiseAlone) {
    const NoiseByLayerRequest req = byLayerRequest(6);
    const NoiseByLayerResult result = engine().noiseByLayer(req);
    const auto& layers = engine().facts().noise_layers;
    ASSERT_EQ(result.layers.size(), layers.size());
    EXPECT_EQ(result.total_layers, static_cast<int>(layers.size()));
    EXPECT_EQ(result.samples, 6);
    for (int layer : {0, 4, static_cast<int>(layers.size()) - 1}) {
        const NoiseLayerStddev& map = result.layers[static_cast<std::size_t>(layer)];
        EXPECT_EQ(map.label, noiseLayerLabel(layers[static_cast<std::size_t>(layer)]));
        ASSERT_EQ(map.width, 64);
        ASSERT_EQ(map.stddev_levels.size(), 64u * 64u);
        // Rendered one by one: realisation r of layer `layer`, every other layer its stored (const) noise.
        std::vector<Image> images;
        for (std::int64_t r = 0; r < 6; ++r) {
            NoiseSpec n = req.noise;
            n.mode = NoiseMode::Random;
            n.only_layer = layer;
            n.others = NoiseMode::Const;
            n.realisations = {r};
            images.push_back(engine().renderSubject(req.subject, n));
        }
        const std::vector<double> direct = stddevOf(images);
        double worst = 0, peak = 0;
        int off = 0;
        for (std::size_t p = 0; p < direct.size(); ++p) {
            const double d = std::abs(direct[p] - map.stddev_levels[p]);
            worst = std::max(worst, d);
            off += d > 1e-4;
            peak = std::max(peak, direct[p]);
        }
        std::cout << "[ info ] layer " << map.label << ": peak " << map.peak << ", max |batched - direct| " << worst
                  << ", pixels off " << off << "\n";
        // A batched render may differ from a single one by a level in a rare pixel (as the lab's do).
        EXPECT_LE(off, 8) << map.label;
        EXPECT_LT(worst, 0.5) << map.label;
        EXPECT_NEAR(map.peak, *std::max_element(map.stddev_levels.begin(), map.stddev_levels.end()), 0);
        EXPECT_NEAR(map.peak, peak, 0.5) << map.label;
        EXPECT_GT(map.peak, 0.f) << map.label;
    }
}

// Noise in every layer at once moves pixels about as much as the layers do
// one at a time: the mean variance of the lab's map is within a factor 2 of
// the per-layer variances summed (not equal: the synthesis is not linear in
// the noise, and uint8 rounding adds its own part to each).
TEST(NoiseByLayer, PerLayerVariancesAddUpToAboutTheWhole) {
    const NoiseByLayerResult by_layer = engine().noiseByLayer(byLayerRequest(32, NoiseMode::Random));
    NoiseLabRequest lab;
    lab.subject = byLayerRequest(2).subject;
    lab.noise = randomNoiseSpec(5);
    lab.samples = 32;
    lab.keep_images = 1;
    const double whole = meanSquare(engine().noiseLab(lab).stddev_levels);
    double parts = 0, largest = 0;
    for (const NoiseLayerStddev& m : by_layer.layers) {
        parts += meanSquare(m.stddev_levels);
        largest = std::max(largest, meanSquare(m.stddev_levels));
    }
    std::cout << "[ info ] mean variance: all layers " << whole << ", per-layer sum " << parts << ", largest layer "
              << largest << "\n";
    EXPECT_GT(parts, 0.5 * whole);
    EXPECT_LT(parts, 2.0 * whole);
    EXPECT_LT(largest, whole);   // no single layer moves more than all of them together
}

TEST(NoiseByLayer, ALayerTurnedOffHasAnAllZeroMap) {
    NoiseByLayerRequest req = byLayerRequest(4);
    req.noise.multipliers.assign(engine().facts().noise_layers.size(), 1.f);
    req.noise.multipliers[7] = 0.f;
    const NoiseByLayerResult result = engine().noiseByLayer(req);
    const NoiseLayerStddev& off = result.layers.at(7);
    EXPECT_EQ(off.peak, 0.f);
    EXPECT_EQ(off.stddev_levels, std::vector<float>(64 * 64, 0.f));
    EXPECT_GT(result.layers.at(6).peak, 0.f);
    EXPECT_GT(result.layers.at(8).peak, 0.f);
}

TEST(NoiseByLayer, PartialResultsGrowLayerByLayer) {
    std::vector<NoiseByLayerResult> parts;
    std::vector<float> progress;
    ProgressHooks hooks;
    hooks.progress = [&](float f) { progress.push_back(f); };
    const NoiseByLayerResult result =
        engine().noiseByLayer(byLayerRequest(3), hooks, [&](const NoiseByLayerResult& p) { parts.push_back(p); });
    const std::size_t n = result.layers.size();
    ASSERT_EQ(parts.size(), n - 1);   // after each layer but the last (the final result holds that)
    for (std::size_t i = 0; i < parts.size(); ++i) {
        ASSERT_EQ(parts[i].layers.size(), i + 1);
        EXPECT_EQ(parts[i].total_layers, static_cast<int>(n));
        for (std::size_t l = 0; l <= i; ++l) EXPECT_EQ(parts[i].layers[l].stddev_levels, result.layers[l].stddev_levels);
    }
    ASSERT_FALSE(progress.empty());
    EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
    EXPECT_FLOAT_EQ(progress.back(), 1.f);
}

TEST(NoiseByLayer, CancelStopsBetweenBatches) {
    int reports = 0;
    ProgressHooks hooks;
    hooks.progress = [&](float) { ++reports; };
    hooks.cancelled = [&] { return reports >= 2; };
    EXPECT_THROW(engine().noiseByLayer(byLayerRequest(4), hooks), Cancelled);
    EXPECT_LT(reports, 4);
    EXPECT_EQ(engine().noiseByLayer(byLayerRequest(2)).layers.size(), engine().facts().noise_layers.size());
}

TEST(NoiseByLayer, BadRequestsAreRefusedByName) {
    EXPECT_TRUE(contains(errorOf([] { engine().noiseByLayer(byLayerRequest(1)); }), "samples must be between 2 and"));
    NoiseByLayerRequest req = byLayerRequest(2);
    req.noise.only_layer = 1;
    EXPECT_TRUE(contains(errorOf([&] { engine().noiseByLayer(req); }), "only_layer"));
    req = byLayerRequest(2);
    req.noise.multipliers = {1.f};
    EXPECT_TRUE(contains(errorOf([&] { engine().noiseByLayer(req); }), "noise layers"));
}

TEST(NoiseByLayer, StyleGan3HasNoNoiseInputs) {
    auto sg3 = Engine::load(fixture("tests/data/sg3/sg3t_16.pkl"), DeviceChoice::CPU);
    const std::string e = errorOf([&] { sg3->noiseByLayer(byLayerRequest(2)); });
    EXPECT_TRUE(contains(e, "noise by layer: this model")) << e;
    EXPECT_TRUE(contains(e, "has no noise inputs")) << e;
}

TEST(NoiseByLayer, StyleGan1AndAStyleGan2Pickle) {
    for (const char* path : {"tests/data/tf/sg1_16.pkl", "tests/data/pickle/sg2_tiny_p4.pkl"}) {
        SCOPED_TRACE(path);
        auto e = Engine::load(fixture(path), DeviceChoice::CPU);
        NoiseByLayerRequest req = byLayerRequest(4, NoiseMode::None);
        if (e->facts().c_dim > 0) req.subject.source.class_index = 0;
        const NoiseByLayerResult result = e->noiseByLayer(req);
        ASSERT_EQ(result.layers.size(), e->facts().noise_layers.size());
        ASSERT_FALSE(result.layers.empty());
        int moved = 0;
        for (const NoiseLayerStddev& m : result.layers) {
            EXPECT_EQ(m.width, e->facts().img_resolution);
            moved += m.peak > 0.f;
        }
        EXPECT_GT(moved, 0);
        EXPECT_NO_THROW(composeNoiseByLayerFigure(result));
    }
}

class NoiseByLayerCli : public cli::Cli {};

TEST_F(NoiseByLayerCli, StripReRendersByteForByteFromItsRecipe) {
    const std::string dir = stylemix::testing::scratchDir("noise_by_layer_cli");
    const cli::CliRun r = cli::runCli("noise --by-layer --seed 85 --samples 3 --noise-mode none --noise-seed 9 -o " +
                                      cli::quote(dir + "/strip.png"));
    ASSERT_EQ(r.code, 0) << cli::describe(r);
    for (const NoiseLayerInfo& l : engine().facts().noise_layers)
        EXPECT_TRUE(contains(r.out, noiseLayerLabel(l) + ": peak std-dev ")) << r.out;
    const Recipe recipe = readRecipeFile(dir + "/strip.json");
    ASSERT_EQ(recipe.kind, RecipeKind::NoiseByLayer);
    ASSERT_TRUE(recipe.noise_by_layer.has_value());
    EXPECT_EQ(recipe.noise_by_layer->samples, 3);
    EXPECT_EQ(recipe.noise_by_layer->noise.mode, NoiseMode::None);
    EXPECT_EQ(recipe.noise_by_layer->noise.seed, 9u);
    const cli::CliRun again = cli::runCli("render " + cli::quote(dir + "/strip.png") + " -o " + cli::quote(dir + "/again.png"));
    ASSERT_EQ(again.code, 0) << cli::describe(again);
    const auto a = stylemix::testing::readFileBytes(dir + "/strip.png"), b = stylemix::testing::readFileBytes(dir + "/again.png");
    EXPECT_FALSE(a.empty());
    EXPECT_TRUE(a == b) << "again.png differs from strip.png (" << a.size() << " vs " << b.size() << " bytes)";
    // And the same pixels as the engine's strip for that request.
    EXPECT_EQ(readPng(dir + "/strip.png"), composeNoiseByLayerFigure(engine().noiseByLayer(*recipe.noise_by_layer)));
}

TEST_F(NoiseByLayerCli, RefusesModelsWithoutNoiseAndLabOnlyFlags) {
    const std::string dir = stylemix::testing::scratchDir("noise_by_layer_cli_errors");
    cli::expectCleanFailure(cli::runCli("noise --by-layer --model " + cli::quote(fixture("tests/data/sg3/sg3t_16.pkl")) +
                                        " --seed 1 --samples 2 -o " + cli::quote(dir + "/s.png")),
                            "has no noise inputs");
    EXPECT_TRUE(cli::emptyOrAbsent(dir));
    const cli::CliRun crop = cli::runCli("noise --by-layer --seed 1 --crop 0,0,8,8 -o " + cli::quote(dir + "/s.png"));
    EXPECT_EQ(crop.code, 2) << cli::describe(crop);
    EXPECT_TRUE(contains(crop.err, "--crop excludes --by-layer")) << cli::describe(crop);
    const cli::CliRun one = cli::runCli("noise --by-layer --seed 1 --samples 1 -o " + cli::quote(dir + "/s.png"));
    cli::expectCleanFailure(one, "--samples 1 is out of range for --by-layer");
    const cli::CliRun no_out = cli::runCli("noise --by-layer --seed 1 --outdir " + cli::quote(dir));
    EXPECT_EQ(no_out.code, 2) << cli::describe(no_out);
    EXPECT_TRUE(cli::emptyOrAbsent(dir));
}
