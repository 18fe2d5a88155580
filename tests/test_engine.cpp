// The Engine facade against NVIDIA's reference outputs (tests/data/reference/avatars64,
// see its README) and against from-scratch synthesis with the Generator:
// style-mixing grids, generate(), prefix reuse, progress and cancellation,
// random noise, the noise lab (Fig. 4), noise layers (Fig. 5), layer facts and
// request validation.
#include "model/engine/engine.h"
#include "model/core/figures.h"
#include "model/core/numpy_random.h"
#include "model/io/weights_file.h"
#include "model/kernels/random_noise.h"
#include "tests/image_compare.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <iostream>
#include <set>

using namespace stylemix;
using namespace stylemix::testing;

namespace {

Engine& engine() {
    static std::unique_ptr<Engine> e = Engine::load(defaultModelPath(), DeviceChoice::CPU);
    return *e;
}

std::vector<Source> sources(const std::vector<std::uint64_t>& seeds) {
    std::vector<Source> out;
    for (auto s : seeds) out.push_back({s, -1});
    return out;
}

torch::Tensor latents(const std::vector<std::uint64_t>& seeds, int z_dim = 512) {
    torch::Tensor z = torch::empty({static_cast<int64_t>(seeds.size()), z_dim}, torch::kFloat64);
    for (size_t i = 0; i < seeds.size(); ++i) {
        const auto v = latentForSeed(seeds[i], z_dim);
        std::memcpy(z[static_cast<int64_t>(i)].data_ptr<double>(), v.data(), v.size() * sizeof(double));
    }
    return z;
}

// gen_images.py's conversion of one NCHW image (batch of 1) or CHW image, written independently of the engine.
Image toImage(torch::Tensor img) {
    if (img.dim() == 4) img = img[0];
    const torch::Tensor u8 = (img.permute({1, 2, 0}) * 127.5 + 128).clamp(0, 255).to(torch::kUInt8).contiguous();
    Image im = makeImage(static_cast<int>(u8.size(1)), static_cast<int>(u8.size(0)), static_cast<int>(u8.size(2)));
    std::memcpy(im.pixels.data(), u8.data_ptr<uint8_t>(), im.pixels.size());
    return im;
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

template <class F>
std::string errorOf(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "<no exception>";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<int> range(int begin, int end) {
    std::vector<int> v;
    for (int i = begin; i < end; ++i) v.push_back(i);
    return v;
}

NoiseSpec randomNoiseSpec(std::uint64_t seed) {
    NoiseSpec n;
    n.mode = NoiseMode::Random;
    n.seed = seed;
    return n;
}

class EngineVsNvidia : public ::testing::Test {
protected:
    void SetUp() override {
        if (!haveReference()) FAIL() << "reference data missing: " << referenceDir() << "/cases.safetensors (the repository carries it)";
    }
};

}  // namespace

// ---------------------------------------------------------------------------
// Against NVIDIA's style_mixing.py / gen_images.py outputs.

TEST_F(EngineVsNvidia, MixGridMatchesStyleMixingPy) {
    MixRequest req;
    req.rows = sources({0, 1, 2});
    req.cols = sources({3, 4, 5, 6});
    req.styles = {0, 1, 2, 3};
    const MixResult res = engine().mix(req);
    ASSERT_EQ(res.row_images.size(), 3u);
    ASSERT_EQ(res.col_images.size(), 4u);
    ASSERT_EQ(res.cells.size(), 3u);
    const std::string dir = referenceDir() + "/mix_rows0-2_cols3-6_styles0-3/";
    ImageDiff cells, srcs;
    for (size_t i = 0; i < 3; ++i) {
        ASSERT_EQ(res.cells[i].size(), 4u);
        for (size_t j = 0; j < 4; ++j) {
            const std::string name = std::to_string(req.rows[i].seed) + "-" + std::to_string(req.cols[j].seed) + ".png";
            EXPECT_TRUE(matchesPng(res.cells[i][j], dir + name, 0.999, 1, &cells));
        }
    }
    for (size_t i = 0; i < 3; ++i) {
        const std::string s = std::to_string(req.rows[i].seed);
        EXPECT_TRUE(matchesPng(res.row_images[i], dir + s + "-" + s + ".png", 0.999, 1, &srcs));
    }
    for (size_t j = 0; j < 4; ++j) {
        const std::string s = std::to_string(req.cols[j].seed);
        EXPECT_TRUE(matchesPng(res.col_images[j], dir + s + "-" + s + ".png", 0.999, 1, &srcs));
    }
    std::cout << "[ info ] engine mix cells vs NVIDIA PNGs: " << cells.describe() << "\n"
              << "[ info ] engine mix sources vs NVIDIA PNGs: " << srcs.describe() << "\n";
    EXPECT_EQ(cells.images, 12);
    EXPECT_EQ(srcs.images, 7);

    const Image grid = composeMixGrid(res, req);
    EXPECT_EQ(grid.width, 320);
    EXPECT_EQ(grid.height, 256);
    EXPECT_EQ(grid.channels, 3);
    ImageDiff g;
    EXPECT_TRUE(matchesPng(grid, dir + "grid.png", 0.999, 1, &g));
    std::cout << "[ info ] grid.png: " << g.describe() << "\n";
    // The top-left square stays black; tiles sit where style_mixing.py puts them.
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x)
            for (int c = 0; c < 3; ++c) ASSERT_EQ(grid.pixels[(static_cast<size_t>(y) * 320 + x) * 3 + c], 0);
    Image tile = makeImage(64, 64, 3);
    for (int y = 0; y < 64; ++y)
        std::memcpy(&tile.pixels[static_cast<size_t>(y) * 64 * 3],
                    &grid.pixels[(static_cast<size_t>(64 * 3 + y) * 320 + 64 * 2) * 3], 64 * 3);
    EXPECT_EQ(tile, *res.cells[2][1]) << "cell (row 2, col 4) must sit at x = 128, y = 192";
}

TEST_F(EngineVsNvidia, MixFloatImagesMatchWithGenerator) {
    const Generator& g = defaultGenerator();
    // style_mixing.py: one mapping batch of the 7 unique seeds, then w_avg + (w - w_avg) * psi on every w.
    const torch::Tensor ws = g.truncateAll(g.mapping(latents({0, 1, 2, 3, 4, 5, 6}), {}, 1.0), 1.0);
    const torch::Tensor ref = referenceTensor("mix_img");
    ASSERT_EQ(ref.sizes().vec(), (std::vector<int64_t>{3, 4, 3, 64, 64}));
    const std::vector<int64_t> rows = {0, 1, 2}, cols = {3, 4, 5, 6};
    double worst = 0;
    for (size_t i = 0; i < rows.size(); ++i)
        for (size_t j = 0; j < cols.size(); ++j) {
            torch::Tensor w = ws[rows[i]].clone();
            w.slice(0, 0, 4).copy_(ws[cols[j]].slice(0, 0, 4));
            const torch::Tensor img = g.synthesis(w.unsqueeze(0), NoiseSpec{});
            const double d = maxAbsDiff(img[0], ref[static_cast<int64_t>(i)][static_cast<int64_t>(j)]);
            EXPECT_LT(d, 1e-4) << "cell " << rows[i] << "-" << cols[j];
            worst = std::max(worst, d);
        }
    std::cout << "[ info ] mix_img max |diff| = " << worst << "\n";
}

TEST_F(EngineVsNvidia, GenerateMatchesGenImagesPy) {
    GenerateRequest req;
    req.sources = sources({0, 1, 2, 3, 4, 5, 6, 7});
    const std::vector<Image> images = engine().generate(req);
    ASSERT_EQ(images.size(), 8u);
    ImageDiff total;
    for (size_t i = 0; i < images.size(); ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "seed%04zu.png", i);
        EXPECT_TRUE(matchesPng(images[i], referenceDir() + "/generate_psi1_const/" + name, 0.999, 1, &total));
    }
    std::cout << "[ info ] generate seeds 0-7 vs NVIDIA PNGs: " << total.describe() << "\n";
}

// ---------------------------------------------------------------------------
// Prefix reuse: every image the engine returns equals a from-scratch synthesis.

namespace {

// Renders `req` with the engine and checks every source and cell against a
// batch-of-one synthesis of the same ws computed here.
void checkMixAgainstScratch(const MixRequest& req, const std::string& what, ImageDiff& total) {
    SCOPED_TRACE(what);
    const MixResult res = engine().mix(req);
    const Generator& g = defaultGenerator();
    ASSERT_EQ(res.row_images.size(), req.rows.size());
    ASSERT_EQ(res.col_images.size(), req.cols.size());
    ASSERT_EQ(res.cells.size(), req.rows.size());

    // The engine maps the unique sources (rows, then columns, first appearance) as one batch.
    std::vector<std::uint64_t> unique;
    auto indexOf = [&](const Source& s) {
        for (size_t i = 0; i < unique.size(); ++i)
            if (unique[i] == s.seed) return static_cast<int64_t>(i);
        unique.push_back(s.seed);
        return static_cast<int64_t>(unique.size() - 1);
    };
    std::vector<int64_t> ri, ci;
    for (const auto& s : req.rows) ri.push_back(indexOf(s));
    for (const auto& s : req.cols) ci.push_back(indexOf(s));
    const torch::Tensor ws = g.truncateAll(g.mapping(latents(unique), {}, 1.0), req.truncation.psi);
    NoiseSpec noise = req.noise;
    if (noise.mode == NoiseMode::Random) noise.realisations = {0};
    auto scratch = [&](const torch::Tensor& w) { return toImage(g.synthesis(w.unsqueeze(0), noise)); };

    std::vector<Image> source_images;
    for (size_t u = 0; u < unique.size(); ++u) source_images.push_back(scratch(ws[static_cast<int64_t>(u)]));
    for (size_t r = 0; r < req.rows.size(); ++r)
        EXPECT_TRUE(imagesClose(res.row_images[r], source_images[static_cast<size_t>(ri[r])], 0.999, 1, &total))
            << "row source " << r;
    for (size_t c = 0; c < req.cols.size(); ++c)
        EXPECT_TRUE(imagesClose(res.col_images[c], source_images[static_cast<size_t>(ci[c])], 0.999, 1, &total))
            << "column source " << c;
    for (size_t r = 0; r < req.rows.size(); ++r) {
        ASSERT_EQ(res.cells[r].size(), req.cols.size());
        const std::vector<int>& styles = req.stylesForRow(r);
        const std::set<int> style_set(styles.begin(), styles.end());
        for (size_t c = 0; c < req.cols.size(); ++c) {
            torch::Tensor w = ws[ri[r]].clone();
            for (int idx : styles) w[idx].copy_(ws[ci[c]][idx]);
            // A cell whose ws are all one source's is that source's image (no synthesis needed here).
            const bool all_col = torch::equal(w, ws[ci[c]]), all_row = torch::equal(w, ws[ri[r]]);
            const Image expected = all_col   ? source_images[static_cast<size_t>(ci[c])]
                                   : all_row ? source_images[static_cast<size_t>(ri[r])]
                                             : scratch(w);
            EXPECT_TRUE(imagesClose(res.cells[r][c], expected, 0.999, 1, &total)) << "cell " << r << "," << c;
            if (static_cast<int>(style_set.size()) == g.numWs())
                EXPECT_EQ(*res.cells[r][c], *res.col_images[c]) << "all ws from the column: cell " << r << "," << c;
            if (styles.empty())
                EXPECT_EQ(*res.cells[r][c], *res.row_images[r]) << "no ws from the column: cell " << r << "," << c;
        }
    }
}

}  // namespace

TEST(EnginePrefixReuse, CellsEqualFromScratchSynthesis) {
    const std::vector<std::pair<std::string, std::vector<int>>> sets = {
        {"coarse 0-3", range(0, 4)}, {"middle 4-7", range(4, 8)}, {"fine 8-9", range(8, 10)},
        {"all 0-9", range(0, 10)},   {"none", {}},                {"non-contiguous 1,5,9", {1, 5, 9}},
        {"unsorted with duplicates 9,0,0,4", {9, 0, 0, 4}}};
    ImageDiff total;
    for (const auto& [name, styles] : sets) {
        MixRequest req;
        req.rows = sources({0, 2});          // seed 2 is also a column: shared source
        req.cols = sources({2, 3});
        req.styles = styles;
        checkMixAgainstScratch(req, "const noise, styles " + name, total);
    }
    {
        MixRequest req;
        req.rows = sources({0, 1, 2});
        req.cols = sources({3, 4});
        req.row_styles = {range(0, 4), range(4, 8), range(8, 10)};
        req.styles = {5};   // ignored when row_styles is given
        checkMixAgainstScratch(req, "row_styles coarse/middle/fine", total);
    }
    for (const auto& styles : {std::vector<int>{1, 5, 9}, range(0, 10), std::vector<int>{}}) {
        MixRequest req;
        req.rows = sources({5, 6});
        req.cols = sources({7, 6});
        req.styles = styles;
        req.noise = randomNoiseSpec(7);
        checkMixAgainstScratch(req, "random noise seed 7, styles " + describeStyles(styles), total);
    }
    {
        // Sources and cells split over several forward passes.
        const int old = engine().maxBatch();
        engine().setMaxBatch(2);
        MixRequest req;
        req.rows = sources({0, 1, 2});
        req.cols = sources({3, 4});
        req.row_styles = {range(4, 8), {1, 5, 9}, range(4, 8)};
        req.truncation.psi = 0.7;
        checkMixAgainstScratch(req, "max batch 2, psi 0.7", total);
        engine().setMaxBatch(old);
    }
    std::cout << "[ info ] engine vs from-scratch synthesis: " << total.describe() << "\n";
}

TEST(EnginePrefixReuse, StagedSynthesisResumesBitExactly) {
    // What the engine relies on: layers before the first one whose w differs
    // see identical inputs, so resuming a source's state is exact.
    const Generator& g = defaultGenerator();
    const torch::Tensor ws = g.mapping(latents({10, 11, 12, 13}), {}, 1.0);
    const auto& layers = g.layers();
    for (const NoiseSpec& noise : {NoiseSpec{}, randomNoiseSpec(3)}) {
        for (const auto& styles : {range(0, 4), range(4, 8), range(8, 10), std::vector<int>{1, 5, 9}}) {
            const std::set<int> s(styles.begin(), styles.end());
            int prefix = 0;
            while (prefix < g.numLayers() && !s.count(layers[static_cast<size_t>(prefix)].ws_index)) ++prefix;
            for (int64_t n : {1, 2}) {
                const torch::Tensor src = ws.slice(0, 0, n);
                torch::Tensor cell = src.clone();
                for (int idx : styles) cell.select(1, idx).copy_(ws.slice(0, 2, 2 + n).select(1, idx));
                NoiseSpec nz = noise;
                if (nz.mode == NoiseMode::Random) nz.realisations.assign(static_cast<size_t>(n), 0);
                SynthesisState state = g.initialState(n);
                g.runLayers(state, src, prefix, nz);
                EXPECT_EQ(state.next_layer, prefix);
                g.runLayers(state, cell, g.numLayers(), nz);
                EXPECT_TRUE(torch::equal(state.img, g.synthesis(cell, nz)))
                    << "styles " << describeStyles(styles) << ", batch " << n << ", noise " << noiseModeName(noise.mode)
                    << ": max |diff| " << maxAbsDiff(state.img, g.synthesis(cell, nz));
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Progress and cancellation.

TEST(EngineProgress, MixReportsEverySourceAndCellOnce) {
    MixRequest req;
    req.rows = sources({0, 1, 1});   // a repeated row is still its own row
    req.cols = sources({2, 0});
    req.styles = range(0, 4);
    std::vector<MixProgress> seen;
    std::vector<float> fractions;
    ProgressHooks hooks;
    hooks.progress = [&](float f) { fractions.push_back(f); };
    const MixResult res = engine().mix(req, hooks, [&](const MixProgress& p) {
        ASSERT_NE(p.image, nullptr);
        EXPECT_EQ(p.image->width, 64);
        EXPECT_EQ(p.image->height, 64);
        MixProgress copy = p;
        copy.image = nullptr;
        seen.push_back(copy);
    });
    const int total = 3 + 2 + 3 * 2;
    ASSERT_EQ(static_cast<int>(seen.size()), total);
    std::set<std::pair<int, int>> row_src, col_src, cells;
    for (size_t i = 0; i < seen.size(); ++i) {
        EXPECT_EQ(seen[i].done, static_cast<int>(i) + 1) << "call " << i;
        EXPECT_EQ(seen[i].total, total);
        switch (seen[i].kind) {
            case MixProgress::Kind::RowSource: EXPECT_TRUE(row_src.insert({seen[i].row, seen[i].col}).second); break;
            case MixProgress::Kind::ColSource: EXPECT_TRUE(col_src.insert({seen[i].row, seen[i].col}).second); break;
            case MixProgress::Kind::Cell: EXPECT_TRUE(cells.insert({seen[i].row, seen[i].col}).second); break;
        }
    }
    EXPECT_EQ(row_src, (std::set<std::pair<int, int>>{{0, -1}, {1, -1}, {2, -1}}));
    EXPECT_EQ(col_src, (std::set<std::pair<int, int>>{{-1, 0}, {-1, 1}}));
    EXPECT_EQ(cells.size(), 6u);
    EXPECT_EQ(seen.back().done, total);
    ASSERT_FALSE(fractions.empty());
    for (size_t i = 1; i < fractions.size(); ++i) EXPECT_GE(fractions[i], fractions[i - 1]);
    EXPECT_FLOAT_EQ(fractions.back(), 1.0f);
    EXPECT_TRUE(imagesClose(res.cells[0][1], res.row_images[0])) << "seed 0 mixed with itself";
}

TEST(EngineProgress, CancellationThrowsCancelled) {
    for (int allowed : {0, 1, 2}) {
        int calls = 0;
        ProgressHooks hooks;
        hooks.cancelled = [&] { return ++calls > allowed; };
        const int old = engine().maxBatch();
        engine().setMaxBatch(2);
        engine().clearCache();   // a grid the engine still holds needs no work, so nothing to cancel
        MixRequest req;
        req.rows = sources({0, 1, 2});
        req.cols = sources({3, 4});
        req.styles = range(0, 4);
        int cells_done = 0;
        EXPECT_THROW(engine().mix(req, hooks, [&](const MixProgress& p) { cells_done = p.done; }), Cancelled)
            << "cancel after " << allowed << " checks";
        EXPECT_LT(cells_done, 3 + 2 + 6);
        engine().setMaxBatch(old);
    }
    {
        int calls = 0;
        ProgressHooks hooks;
        hooks.cancelled = [&] { return ++calls > 1; };
        const int old = engine().maxBatch();
        engine().setMaxBatch(2);
        GenerateRequest gen;
        gen.sources = sources({0, 1, 2, 3, 4});
        EXPECT_THROW(engine().generate(gen, hooks), Cancelled);
        NoiseLabRequest lab;
        lab.subject.source = {1, -1};
        lab.samples = 8;
        calls = 0;
        EXPECT_THROW(engine().noiseLab(lab, hooks), Cancelled);
        engine().setMaxBatch(old);
    }
}

// ---------------------------------------------------------------------------
// Random noise and noise multipliers.

TEST(EngineNoise, RandomNoiseIsBatchIndependentAndStandardNormal) {
    for (int layer : {0, 3, 8}) {
        const int res = layer == 8 ? 64 : 16;
        const torch::Tensor batch = randomNoise(42, {0, 1, 2, 3}, layer, res, torch::kCPU);
        ASSERT_EQ(batch.sizes().vec(), (std::vector<int64_t>{4, 1, res, res}));
        EXPECT_EQ(batch.scalar_type(), torch::kFloat32);
        std::vector<torch::Tensor> alone;
        for (int64_t r : {0, 1, 2, 3}) alone.push_back(randomNoise(42, {r}, layer, res, torch::kCPU));
        EXPECT_TRUE(torch::equal(batch, torch::cat(alone, 0))) << "layer " << layer;
        // Order and repetition do not matter either.
        const torch::Tensor shuffled = randomNoise(42, {3, 1, 3}, layer, res, torch::kCPU);
        EXPECT_TRUE(torch::equal(shuffled[0], batch[3]));
        EXPECT_TRUE(torch::equal(shuffled[1], batch[1]));
        EXPECT_TRUE(torch::equal(shuffled[2], batch[3]));
    }
    const torch::Tensor a = randomNoise(1, {0}, 2, 32, torch::kCPU);
    EXPECT_TRUE(torch::equal(a, randomNoise(1, {0}, 2, 32, torch::kCPU)));
    EXPECT_FALSE(torch::equal(a, randomNoise(2, {0}, 2, 32, torch::kCPU))) << "seed";
    EXPECT_FALSE(torch::equal(a, randomNoise(1, {1}, 2, 32, torch::kCPU))) << "realisation";
    EXPECT_FALSE(torch::equal(a, randomNoise(1, {0}, 3, 32, torch::kCPU))) << "layer";
    // Neighbouring layers of the same resolution are not shifted copies of each other.
    const double corr = (a * randomNoise(1, {0}, 3, 32, torch::kCPU)).mean().item<double>();
    EXPECT_LT(std::abs(corr), 0.1);

    const torch::Tensor big = randomNoise(12345, {0}, 5, 256, torch::kCPU).to(torch::kFloat64);
    const double mean = big.mean().item<double>();
    const double std = big.std(/*unbiased=*/false).item<double>();
    std::cout << "[ info ] 256x256 random noise: mean " << mean << ", std " << std << "\n";
    EXPECT_LT(std::abs(mean), 0.02);
    EXPECT_NEAR(std, 1.0, 0.02);
    EXPECT_TRUE(torch::isfinite(big).all().item<bool>());
}

TEST(EngineNoise, MultipliersZeroOneAndFine) {
    const Generator& g = defaultGenerator();
    const torch::Tensor ws = g.mapping(latents({3}), {}, 1.0);
    const size_t L = g.noiseLayers().size();
    ASSERT_EQ(L, 9u);
    for (NoiseMode mode : {NoiseMode::Const, NoiseMode::Random}) {
        SCOPED_TRACE(noiseModeName(mode));
        NoiseSpec base;
        base.mode = mode;
        base.seed = 5;
        NoiseSpec none = base;
        none.mode = NoiseMode::None;
        NoiseSpec zero = base;
        zero.multipliers.assign(L, 0.0f);
        NoiseSpec ones = base;
        ones.multipliers.assign(L, 1.0f);
        NoiseSpec fine_off = base;
        fine_off.multipliers.assign(L, 1.0f);
        for (size_t i = 0; i < L; ++i)
            if (g.noiseLayers()[i].resolution >= 64) fine_off.multipliers[i] = 0.0f;

        const torch::Tensor img = g.synthesis(ws, base);
        EXPECT_TRUE(torch::equal(g.synthesis(ws, zero), g.synthesis(ws, none))) << "all-zero multipliers vs mode none";
        EXPECT_TRUE(torch::equal(g.synthesis(ws, ones), img)) << "all-one multipliers vs default";
        const double d_fine = (g.synthesis(ws, fine_off) - img).abs().mean().item<double>();
        const double d_zero = (g.synthesis(ws, zero) - img).abs().mean().item<double>();
        std::cout << "[ info ] " << noiseModeName(mode) << " noise: mean |diff| fine layers off " << d_fine
                  << ", all off " << d_zero << "\n";
        EXPECT_GT(d_fine, 0.0);
        EXPECT_LT(d_fine, d_zero);

        // The engine passes the multipliers through unchanged.
        GenerateRequest a, b;
        a.sources = b.sources = sources({3});
        a.noise = zero;
        b.noise = none;
        EXPECT_EQ(engine().generate(a), engine().generate(b));
        a.noise = ones;
        b.noise = base;
        EXPECT_EQ(engine().generate(a), engine().generate(b));
        a.noise = fine_off;
        EXPECT_NE(engine().generate(a), engine().generate(b));
    }
}

// ---------------------------------------------------------------------------
// Noise lab (Fig. 4) and noise layers (Fig. 5).

TEST(EngineNoiseLab, StddevIsPopulationStdOfRgbMean) {
    NoiseLabRequest req;
    req.subject.source = {3, -1};
    req.noise = randomNoiseSpec(11);
    req.samples = 6;
    req.keep_images = 6;
    req.stddev_gain = 4.0f;
    const NoiseLabResult lab = engine().noiseLab(req);
    ASSERT_EQ(lab.realisations.size(), 6u);
    const int W = 64, H = 64;
    ASSERT_EQ(lab.stddev_levels.size(), static_cast<size_t>(W * H));
    ASSERT_EQ(lab.stddev.width, W);
    ASSERT_EQ(lab.stddev.height, H);
    ASSERT_EQ(lab.stddev.channels, 1);
    for (const auto& im : lab.realisations) ASSERT_EQ(im->pixels.size(), static_cast<size_t>(W * H * 3));

    double worst = 0, max_std = 0;
    int image_off = 0;
    for (int p = 0; p < W * H; ++p) {
        double grey[6], mean = 0;
        for (int k = 0; k < 6; ++k) {
            const auto* px = &lab.realisations[static_cast<size_t>(k)]->pixels[static_cast<size_t>(p) * 3];
            grey[k] = (px[0] + px[1] + px[2]) / 3.0;
            mean += grey[k] / 6.0;
        }
        double var = 0;
        for (double v : grey) var += (v - mean) * (v - mean) / 6.0;
        const double sd = std::sqrt(var);
        max_std = std::max(max_std, sd);
        worst = std::max(worst, std::abs(sd - lab.stddev_levels[static_cast<size_t>(p)]));
        const float level = lab.stddev_levels[static_cast<size_t>(p)];
        EXPECT_EQ(lab.stddev.pixels[static_cast<size_t>(p)],
                  static_cast<std::uint8_t>(std::lround(std::clamp(level * 4.0f, 0.0f, 255.0f))))
            << "pixel " << p;
        image_off += std::abs(static_cast<int>(lab.stddev.pixels[static_cast<size_t>(p)]) -
                              static_cast<int>(std::lround(std::min(sd * 4.0, 255.0)))) > 1;
    }
    std::cout << "[ info ] noise lab std-dev vs recomputed: max |diff| " << worst << " levels, max std-dev "
              << lab.max_stddev << "\n";
    EXPECT_LT(worst, 1e-4);
    EXPECT_EQ(image_off, 0);
    EXPECT_NEAR(lab.max_stddev, max_std, 1e-4);
    EXPECT_GT(lab.max_stddev, 0.0f);

    // Realisation k is the subject rendered alone with realisation k of the noise.
    ImageDiff single;
    for (int64_t k : {0, 5}) {
        NoiseSpec n = req.noise;
        n.realisations = {k};
        EXPECT_TRUE(imagesClose(lab.realisations[static_cast<size_t>(k)], engine().renderSubject(req.subject, n), 0.999, 1, &single))
            << "realisation " << k;
    }
    EXPECT_NE(*lab.realisations[0], *lab.realisations[1]);

    // Deterministic.
    const NoiseLabResult again = engine().noiseLab(req);
    EXPECT_EQ(again.stddev_levels, lab.stddev_levels);
    EXPECT_EQ(again.stddev, lab.stddev);
    for (size_t k = 0; k < 6; ++k) EXPECT_EQ(*again.realisations[k], *lab.realisations[k]);

    // keep_images < samples returns only the first images, std-dev still over all K.
    NoiseLabRequest fewer = req;
    fewer.keep_images = 2;
    const NoiseLabResult f = engine().noiseLab(fewer);
    ASSERT_EQ(f.realisations.size(), 2u);
    EXPECT_EQ(*f.realisations[1], *lab.realisations[1]);
    EXPECT_EQ(f.stddev_levels, lab.stddev_levels);

    // No noise anywhere: no variation.
    NoiseLabRequest silent = req;
    silent.noise.multipliers.assign(9, 0.0f);
    const NoiseLabResult s = engine().noiseLab(silent);
    EXPECT_EQ(std::count(s.stddev.pixels.begin(), s.stddev.pixels.end(), 0), 64 * 64) << "std-dev image";
    // Six identical images have a std-dev of exactly zero, not a rounding residue.
    EXPECT_EQ(std::count(s.stddev_levels.begin(), s.stddev_levels.end(), 0.0f), 64 * 64)
        << "std-dev levels; max_stddev = " << s.max_stddev;
    EXPECT_EQ(s.max_stddev, 0.0f);
}

// Issue 22: the lab fills in progressively. Partial results come first with
// realisation 0, then with more realisations done; each partial's std-dev is
// exactly the std-dev over the realisations it counts; the final result is
// the one a run without watching gives.
TEST(EngineNoiseLab, PartialResultsRefineAndTheFinalOneIsUnchanged) {
    NoiseLabRequest req;
    req.subject.source = {3, -1};
    req.noise = randomNoiseSpec(11);
    req.samples = 48;
    req.keep_images = 4;
    std::vector<NoiseLabResult> partials;
    const NoiseLabResult watched =
        engine().noiseLab(req, {}, [&](const NoiseLabResult& p) { partials.push_back(p); });
    ASSERT_FALSE(partials.empty()) << "no partial result for K = 48";
    EXPECT_FALSE(partials.front().realisations.empty()) << "the first partial lacks realisation 0";
    int last = 0;
    for (const NoiseLabResult& p : partials) {
        EXPECT_GT(p.samples, last);
        EXPECT_LT(p.samples, req.samples);
        last = p.samples;
        EXPECT_EQ(p.stddev_levels.size(), 64u * 64u);
        for (std::size_t i = 0; i < p.realisations.size(); ++i) EXPECT_EQ(*p.realisations[i], *watched.realisations[i]);
    }
    for (const NoiseLabResult& p : partials) {   // a whole map over the samples so far
        EXPECT_EQ(p.max_stddev, *std::max_element(p.stddev_levels.begin(), p.stddev_levels.end()));
        if (p.samples == 1) EXPECT_EQ(p.max_stddev, 0.f) << "one realisation has no spread";
        EXPECT_EQ(p.stddev.width, 64);
    }
    if (partials.back().samples >= 6) EXPECT_GT(partials.back().max_stddev, 0.f);
    const NoiseLabResult plain = engine().noiseLab(req);
    EXPECT_EQ(watched.samples, req.samples);
    EXPECT_EQ(watched.stddev_levels, plain.stddev_levels);
    EXPECT_EQ(watched.stddev, plain.stddev);
    ASSERT_EQ(watched.realisations.size(), plain.realisations.size());
    for (std::size_t i = 0; i < plain.realisations.size(); ++i) EXPECT_EQ(*watched.realisations[i], *plain.realisations[i]);
}

TEST(EngineNoiseLab, NoiseLayersFigure) {
    LabSubject subject;
    subject.source = {4, -1};
    subject.mix_with = Source{5, -1};
    subject.styles = range(0, 4);
    const NoiseSpec noise = randomNoiseSpec(9);
    const NoiseLayersResult r = engine().noiseLayers(subject, noise);
    ASSERT_EQ(r.images.size(), 4u);
    ASSERT_EQ(r.labels.size(), 4u);
    NoiseSpec none;
    none.mode = NoiseMode::None;
    EXPECT_EQ(r.images[1], engine().renderSubject(subject, none)) << r.labels[1];
    EXPECT_EQ(r.images[0], engine().renderSubject(subject, noise)) << r.labels[0];
    EXPECT_NE(r.images[0], r.images[1]);
    EXPECT_NE(r.images[2], r.images[1]);
    EXPECT_NE(r.images[3], r.images[1]);
    EXPECT_NE(r.images[2], r.images[3]);
    std::set<std::string> labels(r.labels.begin(), r.labels.end());
    EXPECT_EQ(labels.size(), 4u);
    const Image fig = composeNoiseLayersFigure(r);
    EXPECT_GE(fig.width, 4 * 64);
    EXPECT_GT(fig.height, 64);
}

// ---------------------------------------------------------------------------
// Layer facts for the default model.

TEST(EngineFacts, DefaultModelLayerMap) {
    const ModelFacts& f = engine().facts();
    EXPECT_EQ(f.num_ws, 10);
    EXPECT_EQ(f.device, "cpu");
    EXPECT_EQ(f.sha256.size(), 64u);
    ASSERT_EQ(f.ws_info.size(), 10u);
    EXPECT_EQ(f.ws_info[0].layers, (std::vector<std::string>{"b4.conv1"}));
    EXPECT_EQ(f.ws_info[1].layers, (std::vector<std::string>{"b4.torgb", "b8.conv0"}));
    EXPECT_EQ(f.ws_info[2].layers, (std::vector<std::string>{"b8.conv1"}));
    EXPECT_EQ(f.ws_info[7].layers, (std::vector<std::string>{"b32.torgb", "b64.conv0"}));
    EXPECT_EQ(f.ws_info[9].layers, (std::vector<std::string>{"b64.torgb"}));
    // Each ws's resolution is that of the first layer it feeds.
    const std::vector<int> ws_res = {4, 4, 8, 8, 16, 16, 32, 32, 64, 64};
    for (int i = 0; i < 10; ++i) EXPECT_EQ(f.ws_info[static_cast<size_t>(i)].resolution, ws_res[static_cast<size_t>(i)]) << "ws " << i;

    ASSERT_EQ(f.noise_layers.size(), 9u);
    const std::vector<int> res = {4, 8, 8, 16, 16, 32, 32, 64, 64};
    for (size_t i = 0; i < 9; ++i) EXPECT_EQ(f.noise_layers[i].resolution, res[i]) << "noise layer " << i;
    EXPECT_EQ(f.noise_layers[0].name, "b4.conv1");
    EXPECT_EQ(f.noise_layers[8].name, "b64.conv1");
    ASSERT_EQ(f.noise_strengths.size(), 9u);
    // The learned strengths as stored in the file, read without the generator.
    const RawWeights raw = readWeightsFile(defaultModelPath());
    for (size_t i = 0; i < 9; ++i) {
        const RawTensor& t = raw.tensors.at("synthesis." + f.noise_layers[i].name + ".noise_strength");
        ASSERT_EQ(t.dtype, DType::F32);
        float stored = 0;
        std::memcpy(&stored, t.bytes.data(), sizeof stored);
        EXPECT_EQ(f.noise_strengths[i], stored) << "noise layer " << i;
    }

    EXPECT_EQ(coarseRange(10), (WsRange{0, 4}));
    EXPECT_EQ(middleRange(10), (WsRange{4, 8}));
    EXPECT_EQ(fineRange(10), (WsRange{8, 10}));
    EXPECT_EQ(noisePresetFine(f.noise_layers), (std::vector<float>{0, 0, 0, 0, 0, 0, 0, 1, 1}));
    EXPECT_EQ(noisePresetCoarse(f.noise_layers), (std::vector<float>{1, 1, 1, 1, 1, 1, 1, 0, 0}));
    EXPECT_EQ(noisePresetAll(f.noise_layers), std::vector<float>(9, 1.0f));
    EXPECT_EQ(noisePresetNone(f.noise_layers), std::vector<float>(9, 0.0f));
}

// ---------------------------------------------------------------------------
// Bad requests.

TEST(EngineErrors, BadRequestsThrowNamingTheProblem) {
    Engine& e = engine();
    MixRequest ok;
    ok.rows = sources({0});
    ok.cols = sources({1});
    ok.styles = {0};

    MixRequest r = ok;
    r.styles = {10};
    std::string m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "style index 10") && contains(m, "10 ws")) << m;
    r.styles = {-1};
    m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "style index -1")) << m;
    r = ok;
    r.row_styles = {{0, 10}};
    m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "style index 10")) << m;
    r.row_styles = {{0}, {1}};
    m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "per-row")) << m;

    r = ok;
    r.rows.clear();
    m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "row")) << m;
    r = ok;
    r.cols.clear();
    m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "column")) << m;

    r = ok;
    r.rows.assign(200, Source{});
    r.cols.assign(200, Source{});
    m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "200 x 200") && contains(m, "too large")) << m;

    r = ok;
    r.truncation.cutoff = 11;
    m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "cutoff 11")) << m;

    // Noise multipliers: one per noise layer (9 here), each >= 0.
    for (size_t count : {3u, 8u, 10u, 12u}) {
        GenerateRequest g;
        g.sources = sources({0});
        g.noise.multipliers.assign(count, 1.0f);
        m = errorOf([&] { e.generate(g); });
        EXPECT_TRUE(contains(m, std::to_string(count)) && contains(m, "9 noise layers"))
            << count << " multipliers: " << m;
        r = ok;
        r.noise.multipliers.assign(count, 1.0f);
        m = errorOf([&] { e.mix(r); });
        EXPECT_TRUE(contains(m, "9 noise layers")) << "mix, " << count << " multipliers: " << m;
    }
    {
        GenerateRequest g;
        g.sources = sources({0});
        g.noise.multipliers.assign(9, 1.0f);
        g.noise.multipliers[4] = -0.5f;
        m = errorOf([&] { e.generate(g); });
        EXPECT_TRUE(contains(m, "multiplier")) << m;
        g.noise.multipliers[4] = std::nanf("");
        m = errorOf([&] { e.generate(g); });
        EXPECT_TRUE(contains(m, "multiplier")) << m;
    }

    NoiseLabRequest lab;
    lab.subject.source = {0, -1};
    lab.samples = 0;
    m = errorOf([&] { e.noiseLab(lab); });
    EXPECT_TRUE(contains(m, "samples")) << m;
    lab.samples = -3;
    m = errorOf([&] { e.noiseLab(lab); });
    EXPECT_TRUE(contains(m, "samples")) << m;
    lab.samples = 4;
    lab.subject.mix_with = Source{1, -1};
    lab.subject.styles = {12};
    m = errorOf([&] { e.noiseLab(lab); });
    EXPECT_TRUE(contains(m, "style index 12")) << m;
}

namespace stylemix {
namespace {

// The explorer reads the file while LibTorch loads and hands the content to
// Engine::load (app/worker_client/plugin_worker.h): the same engine as from the path.
TEST(EngineLoad, FromContentReadAheadEqualsFromThePath) {
    const auto content = std::make_shared<const RawWeights>(readWeightsFile(defaultModelPath()));
    auto from_content = Engine::load(defaultModelPath(), DeviceChoice::CPU, PrecisionChoice::FP32, {}, content);
    auto from_path = Engine::load(defaultModelPath(), DeviceChoice::CPU);
    EXPECT_EQ(from_content->facts().sha256, from_path->facts().sha256);
    EXPECT_EQ(from_content->facts().num_ws, from_path->facts().num_ws);
    GenerateRequest request;
    request.sources = {Source{7, -1}, Source{8, -1}};
    const std::vector<Image> a = from_content->generate(request), b = from_path->generate(request);
    ASSERT_EQ(a.size(), 2u);
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(a[0].pixels, b[0].pixels);
    EXPECT_EQ(a[1].pixels, b[1].pixels);
}

}  // namespace
}  // namespace stylemix

// A load stops at the next check once cancelled (a newer load supersedes it in
// the render worker), for every family, early or partway through the tensors,
// and leaves nothing behind; the same file then loads normally.
TEST(EngineLoad, CancelledLoadThrowsCancelledForEveryFamily) {
    const std::string data = std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/";
    for (const std::string& path : {defaultModelPath(), data + "tf/sg1_64.pkl", data + "sg3/sg3t_16.pkl"}) {
        SCOPED_TRACE(path);
        for (int allowed : {0, 5}) {
            int calls = 0, progress_reports = 0;
            ProgressHooks hooks;
            hooks.cancelled = [&] { return ++calls > allowed; };
            hooks.progress = [&](float) { ++progress_reports; };
            EXPECT_THROW(Engine::load(path, DeviceChoice::CPU, PrecisionChoice::FP32, hooks), Cancelled)
                << "cancelled after " << allowed << " checks";
            EXPECT_EQ(calls, allowed + 1) << "the load went on checking after it was cancelled";
            EXPECT_LE(progress_reports, allowed);
        }
        EXPECT_NO_THROW(Engine::load(path, DeviceChoice::CPU));
    }
}
