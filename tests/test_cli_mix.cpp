// `stylemix mix`: the grid and its files against NVIDIA's style_mixing.py, the
// file layout, and the paper's Fig. 3 preset.
#include "tests/cli_test_util.h"
#include "model/io/image_io.h"
#include "tests/image_compare.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>

using namespace stylemix;
using namespace stylemix::testing;
using namespace stylemix::cli_test;

TEST_F(CliVsNvidia, MixMatchesStyleMixingPy) {
    const std::string d = scratchDir("cli_mix_ref") + "/out";   // created by the CLI
    const CliRun r = runCli("mix --rows 0-2 --cols 3-6 --styles 0-3 --device cpu --no-recipe --outdir " + quote(d));
    ASSERT_EQ(r.code, 0) << describe(r);
    const std::string ref = referenceDir() + "/mix_rows0-2_cols3-6_styles0-3";
    std::set<std::string> expected;
    for (const auto& e : fs::directory_iterator(ref)) expected.insert(e.path().filename().string());
    EXPECT_EQ(filesIn(d), expected);
    ImageDiff total;
    for (const auto& name : expected) {
        Image im;
        ASSERT_NO_THROW(im = readPng(d + "/" + name)) << name;
        EXPECT_EQ(im.channels, 3) << name;
        EXPECT_TRUE(matchesPng(im, ref + "/" + name, 0.999, 1, &total)) << name;
    }
    std::cout << "[ info ] CLI mix files vs NVIDIA PNGs (" << expected.size() << " files): " << total.describe() << "\n";
    const Image grid = readPng(d + "/grid.png");
    EXPECT_EQ(grid.width, 320);
    EXPECT_EQ(grid.height, 256);
}

TEST_F(Cli, MixGridLayoutAndFileNames) {
    const std::string d = scratchDir("cli_mix_layout");
    const CliRun r = runCli("mix --rows 0-4 --cols 5-8 --styles 0-3 --device cpu --outdir " + quote(d));
    ASSERT_EQ(r.code, 0) << describe(r);
    std::set<std::string> expected = {"grid.png", "grid.json"};   // the recipe beside the grid
    for (int s = 0; s <= 8; ++s) expected.insert(std::to_string(s) + "-" + std::to_string(s) + ".png");
    for (int row = 0; row <= 4; ++row)
        for (int col = 5; col <= 8; ++col) expected.insert(std::to_string(row) + "-" + std::to_string(col) + ".png");
    EXPECT_EQ(filesIn(d), expected);
    const Image grid = readPng(d + "/grid.png");
    EXPECT_EQ(grid.width, 64 * (4 + 1));
    EXPECT_EQ(grid.height, 64 * (5 + 1));
    // Every file is the tile the grid shows at its place.
    auto tile = [&](int x, int y) {
        Image t = makeImage(64, 64, 3);
        for (int row = 0; row < 64; ++row)
            std::copy_n(&grid.pixels[(static_cast<size_t>(y + row) * grid.width + x) * 3], 64 * 3,
                        &t.pixels[static_cast<size_t>(row) * 64 * 3]);
        return t;
    };
    for (int i = 0; i <= 4; ++i) {
        EXPECT_EQ(readPng(d + "/" + std::to_string(i) + "-" + std::to_string(i) + ".png"), tile(0, 64 * (i + 1))) << "row " << i;
        for (int j = 0; j < 4; ++j)
            EXPECT_EQ(readPng(d + "/" + std::to_string(i) + "-" + std::to_string(5 + j) + ".png"), tile(64 * (j + 1), 64 * (i + 1)))
                << "cell " << i << "-" << 5 + j;
    }
    for (int j = 0; j < 4; ++j)
        EXPECT_EQ(readPng(d + "/" + std::to_string(5 + j) + "-" + std::to_string(5 + j) + ".png"), tile(64 * (j + 1), 0))
            << "column " << 5 + j;
    EXPECT_EQ(tile(0, 0), makeImage(64, 64, 3, 0));
}

// The paper's Fig. 3 preset: its 6 x 5 seeds, 3 coarse / 2 middle / 1 fine rows; the same grid as
// spelling it out with --rows/--cols/--row-styles, and exclusive with them.
TEST_F(Cli, PaperFig3PresetIsThePapersSeedsAndBands) {
    const std::string d = scratchDir("cli_paper_fig3");
    CliRun r = runCli("mix --paper-fig3 --device cpu --outdir " + quote(d + "/preset"));
    ASSERT_EQ(r.code, 0) << describe(r);
    const Image grid = readPng(d + "/preset/grid.png");
    EXPECT_EQ(grid.width, 64 * (5 + 1));
    EXPECT_EQ(grid.height, 64 * (6 + 1));
    EXPECT_TRUE(fs::exists(d + "/preset/888-639.png") && fs::exists(d + "/preset/845-2268.png"));
    r = runCli("mix --rows 888,829,1898,1733,1614,845 --cols 639,701,687,615,2268 "
               "--row-styles '0-3;0-3;0-3;4-7;4-7;8-9' --device cpu --outdir " + quote(d + "/spelled"));
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_TRUE(readPng(d + "/preset/grid.png") == readPng(d + "/spelled/grid.png"));
    r = runCli("mix --paper-fig3 --rows 1 --device cpu --outdir " + quote(d + "/both"));
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(contains(r.err, "--paper-fig3") || contains(r.err, "--rows")) << describe(r);
    r = runCli("mix --cols 1 --device cpu --outdir " + quote(d + "/none"));
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(contains(r.err, "--rows")) << describe(r);
    EXPECT_TRUE(emptyOrAbsent(d + "/both") && emptyOrAbsent(d + "/none"));
}
