// The Engine facade against NVIDIA's reference outputs (tests/data/reference/avatars64,
// see its README): style_mixing.py's grid and float images, gen_images.py's PNGs.
#include "tests/engine_test_util.h"
#include "model/core/figures.h"
#include "tests/image_compare.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>

using namespace stylemix;
using namespace stylemix::testing;
using namespace stylemix::engine_test;

namespace {

class EngineVsNvidia : public ::testing::Test {
protected:
    void SetUp() override {
        if (!haveReference()) FAIL() << "reference data missing: " << referenceDir() << "/cases.safetensors (the repository carries it)";
    }
};

}  // namespace

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
