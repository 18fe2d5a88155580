// `stylemix render`: recipes exported in-process render again byte for byte,
// grid tiles render the grid's pixels, and another model's recipe is refused.
#include "tests/cli_test_util.h"
#include "model/core/recipe.h"
#include "model/engine/recipe_render.h"
#include "model/io/image_io.h"
#include "tests/image_compare.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

using namespace stylemix;
using namespace stylemix::testing;
using namespace stylemix::cli_test;

namespace {

// Renders `recipe` in-process, exports it, re-renders it with the CLI and compares the bytes.
void roundTrip(const Recipe& recipe, const std::string& dir) {
    SCOPED_TRACE(recipeKindName(recipe.kind));
    const Image image = renderRecipe(engine(), recipe);
    exportFigure(dir + "/fig.png", image, recipe);
    ASSERT_TRUE(fs::exists(dir + "/fig.json"));
    const CliRun r = runCli("render " + quote(dir + "/fig.json") + " -o " + quote(dir + "/again.png"));
    ASSERT_EQ(r.code, 0) << describe(r);
    const auto a = readFileBytes(dir + "/fig.png"), b = readFileBytes(dir + "/again.png");
    EXPECT_FALSE(a.empty());
    EXPECT_TRUE(a == b) << "again.png differs from fig.png (" << a.size() << " vs " << b.size() << " bytes)";
    EXPECT_EQ(readPng(dir + "/again.png"), image);
    EXPECT_EQ(readPngText(dir + "/again.png").at(kRecipeTextKey), recipeToJson(recipe));
}

}  // namespace

// A tile saved from the explorer's grid (image.from = "grid") comes back
// exactly as the grid rendered it: every cell and source of an 8 x 6 grid.
// (A single render of the same w can differ by a level in a few pixels.)
TEST_F(Cli, GridTileRecipesRenderTheGridsPixels) {
    MixRequest req;
    for (std::uint64_t r = 0; r < 8; ++r) req.rows.push_back({r, -1});
    for (std::uint64_t c = 100; c < 106; ++c) req.cols.push_back({c, -1});
    req.styles = {0, 1, 2, 3};
    req.noise.mode = NoiseMode::Const;
    const MixResult grid = engine().mix(req);
    Recipe tile;
    tile.kind = RecipeKind::Image;
    tile.model_path = defaultModelPath();
    tile.model_sha256 = engine().facts().sha256;
    tile.grid_tile = true;
    NoiseLabRequest image;
    image.noise = req.noise;
    int differing_cells = 0;
    for (std::size_t r = 0; r < req.rows.size(); ++r) {
        for (std::size_t c = 0; c < req.cols.size(); ++c) {
            image.subject = LabSubject{req.rows[r], req.cols[c], req.styles, req.truncation, {}};
            tile.lab = image;
            differing_cells += !(renderRecipe(engine(), tile) == *grid.cells[r][c]);
        }
        image.subject = LabSubject{req.rows[r], std::nullopt, {}, req.truncation, {}};
        tile.lab = image;
        EXPECT_EQ(renderRecipe(engine(), tile), *grid.row_images[r]) << "row source " << r;
    }
    EXPECT_EQ(differing_cells, 0) << "of 48 cells";
    image.subject = LabSubject{req.cols[5], std::nullopt, {}, req.truncation, {}};
    tile.lab = image;
    EXPECT_EQ(renderRecipe(engine(), tile), *grid.col_images[5]) << "a column source";
    // The field survives JSON (anything but "grid" is refused, naming it), and the CLI renders it to the same bytes.
    EXPECT_TRUE(recipeFromJson(recipeToJson(tile), "test").grid_tile);
    std::string bad = recipeToJson(tile);
    bad.replace(bad.find("\"grid\""), 6, "\"gird\"");
    try {
        recipeFromJson(bad, "t.json");
        ADD_FAILURE() << "image.from = gird was accepted";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("image.from"), std::string::npos) << e.what();
    }
    EXPECT_NE(recipeToJson(tile).find("\"from\": \"grid\""), std::string::npos);
    image.subject = LabSubject{req.rows[2], req.cols[4], req.styles, req.truncation, {}};
    tile.lab = image;
    roundTrip(tile, scratchDir("cli_recipe_grid_tile"));
}

TEST_F(Cli, RecipesRenderAgainByteForByte) {
    Recipe mix;
    mix.kind = RecipeKind::MixGrid;
    mix.model_path = defaultModelPath();
    mix.model_sha256 = engine().facts().sha256;
    mix.learned_strengths = engine().facts().noise_strengths;
    MixRequest req;
    req.rows = {{0, -1}, {1, -1}};
    req.cols = {{2, -1}, {3, -1}, {4, -1}};
    req.styles = {0, 1, 2, 3};
    req.truncation = {0.7, -1};
    req.noise.mode = NoiseMode::Random;
    req.noise.seed = 5;
    mix.mix = req;
    mix.labels = true;
    // Everything a recipe holds survives its JSON (the CLI re-embeds what it read).
    const Recipe parsed = recipeFromJson(recipeToJson(mix), "test");
    EXPECT_EQ(parsed.learned_strengths, mix.learned_strengths) << "learned_noise_strengths is written but not read back";
    EXPECT_EQ(recipeToJson(parsed), recipeToJson(mix));
    roundTrip(mix, scratchDir("cli_recipe_mix"));

    Recipe lab;
    lab.kind = RecipeKind::NoiseLab;
    lab.model_path = defaultModelPath();
    lab.model_sha256 = engine().facts().sha256;
    NoiseLabRequest l;
    l.subject.source = {3, -1};
    l.subject.mix_with = Source{5, -1};
    l.subject.styles = {4, 5, 6, 7};
    l.subject.truncation = {0.8, 4};
    l.noise.mode = NoiseMode::Random;
    l.noise.seed = 2;
    l.noise.multipliers = {1, 1, 0.5f, 1, 2, 1, 1, 1, 0.25f};
    l.samples = 6;
    l.keep_images = 4;
    l.stddev_gain = 3.5f;
    lab.lab = l;
    lab.crop = CropRect{10, 12, 20, 16};
    lab.zoom = 3;
    lab.difference_gain = 16;
    roundTrip(lab, scratchDir("cli_recipe_lab"));
    // The std-dev export: colour map, gain, x3, colour bar.
    Recipe stddev = lab;
    stddev.kind = RecipeKind::StdDev;
    stddev.crop.reset();
    stddev.stddev_scale = 3;
    roundTrip(stddev, scratchDir("cli_recipe_stddev"));


    // Another model's recipe is refused, naming the SHA-256 mismatch.
    const std::string d = scratchDir("cli_recipe_sha");
    Recipe wrong = mix;
    wrong.model_sha256 = std::string(64, '0');
    exportFigure(d + "/fig.png", makeImage(8, 8, 3), wrong);
    const CliRun r = runCli("render " + quote(d + "/fig.json") + " -o " + quote(d + "/again.png"));
    expectCleanFailure(r, "SHA-256");
    EXPECT_FALSE(fs::exists(d + "/again.png"));
}
