// The `stylemix` CLI as a user runs it: outputs against NVIDIA's reference
// PNGs, file layout, error reporting (exit code, one-line message, nothing
// written), recipes re-rendered byte for byte, and pickle conversion.
#include "model/engine/engine.h"
#include "model/core/figures.h"
#include "model/core/lab_figures.h"
#include "model/core/recipe.h"
#include "model/engine/recipe_render.h"
#include "model/io/safetensors.h"
#include "tests/image_compare.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

using namespace stylemix;
using namespace stylemix::testing;
namespace fs = std::filesystem;

namespace {

struct CliRun {
    int code = -1;
    std::string out, err;
    std::string command;
};

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Runs `stylemix ARGS` (ARGS already shell-quoted) and captures its exit code, stdout and stderr.
CliRun runCli(const std::string& args) {
    static int counter = 0;
    // One capture folder per process: ctest runs each test in its own process, in parallel.
    static const std::string io = scratchDir("cli_io_" + std::to_string(::getpid()));
    const std::string out = io + "/" + std::to_string(counter) + ".out";
    const std::string err = io + "/" + std::to_string(counter++) + ".err";
    CliRun r;
    r.command = std::string("stylemix ") + args;
    const std::string cmd = quote(STYLEMIX_CLI_PATH) + " " + args + " >" + quote(out) + " 2>" + quote(err);
    const int status = std::system(cmd.c_str());
    r.code = (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

std::string describe(const CliRun& r) {
    return r.command + "\n  exit " + std::to_string(r.code) + "\n  stdout: " + r.out + "\n  stderr: " + r.err;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::set<std::string> filesIn(const std::string& dir) {
    std::set<std::string> out;
    if (!fs::exists(dir)) return out;
    for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
    return out;
}

bool emptyOrAbsent(const std::string& dir) { return !fs::exists(dir) || fs::is_empty(dir); }

Engine& engine() {
    static std::unique_ptr<Engine> e = Engine::load(defaultModelPath(), DeviceChoice::CPU);
    return *e;
}

std::string pickleFixture() { return std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/pickle/sg2_tiny_p4.pkl"; }

// A user error must end the run with a non-zero status and one line on stderr.
void expectCleanFailure(const CliRun& r, const std::string& must_mention) {
    EXPECT_NE(r.code, 0) << describe(r);
    EXPECT_TRUE(contains(r.err, "stylemix: error: ")) << describe(r);
    EXPECT_EQ(r.err.rfind("stylemix: error: ", 0), 0u) << "message must start the output: " << describe(r);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line expected: " << describe(r);
    EXPECT_TRUE(contains(r.err, must_mention)) << "should mention '" << must_mention << "': " << describe(r);
}

class Cli : public ::testing::Test {
protected:
    void SetUp() override {
        if (!fs::exists(STYLEMIX_CLI_PATH)) FAIL() << "stylemix binary not built at " << STYLEMIX_CLI_PATH;
    }
};

class CliVsNvidia : public Cli {
protected:
    void SetUp() override {
        Cli::SetUp();
        if (!haveReference()) FAIL() << "reference data missing: " << referenceDir() << "/cases.safetensors (the repository carries it)";
    }
};

}  // namespace

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

TEST_F(CliVsNvidia, GenerateMatchesGenImagesPy) {
    const std::string d = scratchDir("cli_generate") + "/out";
    const CliRun r = runCli("generate --seeds 0-7 --device cpu --no-recipe --outdir " + quote(d));
    ASSERT_EQ(r.code, 0) << describe(r);
    std::set<std::string> expected;
    for (int s = 0; s < 8; ++s) expected.insert("seed000" + std::to_string(s) + ".png");
    EXPECT_EQ(filesIn(d), expected);
    ImageDiff total;
    for (const auto& name : expected)
        EXPECT_TRUE(matchesPng(readPng(d + "/" + name), referenceDir() + "/generate_psi1_const/" + name, 0.999, 1, &total))
            << name;
    std::cout << "[ info ] CLI generate seeds 0-7 vs NVIDIA PNGs: " << total.describe() << "\n";
}

TEST_F(Cli, SeedOutOfRangeFailsBeforeWriting) {
    const std::string d = scratchDir("cli_seed_range") + "/out";
    const CliRun r = runCli("generate --seeds 4294967296 --outdir " + quote(d));
    expectCleanFailure(r, "4294967296");
    EXPECT_FALSE(fs::exists(d)) << describe(r);
}

TEST_F(Cli, ErrorsAreOneLineAndWriteNothing) {
    const std::string base = scratchDir("cli_errors");
    // A truncated copy of the default model.
    const std::string truncated = base + "/truncated.safetensors";
    {
        const std::vector<std::uint8_t> bytes = readFileBytes(defaultModelPath());
        ASSERT_FALSE(bytes.empty());
        std::ofstream(truncated, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                         static_cast<std::streamsize>(bytes.size() / 3));
    }
    struct Case {
        std::string args, mention;
    };
    const std::vector<Case> cases = {
        {"mix --rows 0-2 --cols 3-6 --styles 0-12", "--styles"},
        {"generate --seeds 0-1 --model /nonexistent.safetensors", "/nonexistent.safetensors"},
        {"mix --rows 0-2 --cols 3-6 --model " + quote(truncated), truncated},
        {"mix --rows 5-2 --cols 3-6", "--rows"},
        {"mix --rows 0-2 --cols 3-6 --row-styles '0-3;4-7'", "row"},
        {"generate --seeds 0-1 --trunc-cutoff 99", "99"},
        {"generate --seeds 0-1 --noise-strength 1,1,1", "--noise-strength"},
        {"noise --seed 3 --samples 4 --crop 60,60,10,10", "--crop"},
    };
    int i = 0;
    for (const Case& c : cases) {
        const std::string d = base + "/out" + std::to_string(i++);
        const CliRun r = runCli(c.args + " --device cpu --outdir " + quote(d));
        expectCleanFailure(r, c.mention);
        EXPECT_TRUE(emptyOrAbsent(d)) << describe(r);
    }
    // Malformed flags are usage errors: exit status 2, the same one line, nothing written.
    for (const std::string args : {"mix --rows 0 --cols 1 --bogus-flag", "generate --seeds 0 --trunc abc"}) {
        const std::string d = base + "/out" + std::to_string(i++);
        const CliRun r = runCli(args + " --outdir " + quote(d));
        EXPECT_EQ(r.code, 2) << describe(r);
        expectCleanFailure(r, args.find("bogus") != std::string::npos ? "--bogus-flag" : "--trunc");
        EXPECT_TRUE(emptyOrAbsent(d)) << describe(r);
    }
}

TEST_F(Cli, NoiseFigures) {
    const std::string d = scratchDir("cli_noise") + "/out";
    CliRun r = runCli("noise --seed 3 --samples 8 --device cpu --outdir " + quote(d));
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_EQ(filesIn(d), (std::set<std::string>{"noise-seed0003.png", "noise-seed0003.json", "stddev-seed0003.png",
                                                 "stddev-seed0003.json"}));
    const Image stddev = readPng(d + "/stddev-seed0003.png");
    EXPECT_GT(stddev.width, 64);     // the colour-mapped map and its colour bar, like the explorer's export
    EXPECT_EQ(stddev.height, 64);
    EXPECT_EQ(stddev.channels, 3);
    // The same map computed in-process (random noise, seed 0, K = 8, gain 4).
    NoiseLabRequest req;
    req.subject.source = {3, -1};
    req.noise.mode = NoiseMode::Random;
    req.samples = 8;
    req.keep_images = 8;
    const NoiseLabResult lab = engine().noiseLab(req);
    ImageDiff sd;
    EXPECT_TRUE(imagesClose(stddev, composeStdDevFigure(lab, 4.f, 1), 0.99, 1, &sd));
    std::cout << "[ info ] CLI std-dev map vs in-process: " << sd.describe() << "\n";
    EXPECT_GT(*std::max_element(stddev.pixels.begin(), stddev.pixels.end()), 0);
    const Image fig = readPng(d + "/noise-seed0003.png");
    LabFigureOptions fig_options;
    fig_options.crop = defaultCrop(64);
    EXPECT_EQ(fig, composeNoiseLabFigure(lab, fig_options));

    const std::string d2 = scratchDir("cli_noise_layers") + "/out";
    r = runCli("noise --seed 3 --samples 8 --layers-figure --device cpu --outdir " + quote(d2));
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_EQ(filesIn(d2), (std::set<std::string>{"noise-seed0003.png", "noise-seed0003.json", "stddev-seed0003.png",
                                                  "stddev-seed0003.json", "noise-layers-seed0003.png",
                                                  "noise-layers-seed0003.json"}));
    const Image layers = readPng(d2 + "/noise-layers-seed0003.png");
    EXPECT_GE(layers.width, 4 * 64);
    EXPECT_GE(layers.height, 64);
}

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

TEST_F(Cli, ConvertPickleAndInfo) {
    const std::string pkl = pickleFixture();
    if (!fs::exists(pkl)) FAIL() << "NVIDIA-structured test pickle missing: " << pkl;
    const std::string d = scratchDir("cli_convert");
    const std::string st = d + "/out.safetensors";
    CliRun r = runCli("convert " + quote(pkl) + " " + quote(st));
    ASSERT_EQ(r.code, 0) << describe(r);
    // The converted file holds the same tensors as the fixture's own safetensors twin.
    const std::string twin_path = std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/pickle/sg2_tiny_p4.safetensors";
    if (fs::exists(twin_path)) {
        const RawWeights out = readSafetensors(st), twin = readSafetensors(twin_path);
        ASSERT_EQ(out.tensors.size(), twin.tensors.size());
        for (const auto& [name, t] : twin.tensors) {
            ASSERT_TRUE(out.tensors.count(name)) << name;
            EXPECT_EQ(out.tensors.at(name).shape, t.shape) << name;
            EXPECT_TRUE(out.tensors.at(name).bytes == t.bytes) << name;
        }
        EXPECT_EQ(out.class_name, "training.networks_stylegan2.Generator");
    }

    r = runCli("generate --model " + quote(st) + " --seeds 0-1 --device cpu --no-recipe --outdir " + quote(d + "/a"));
    ASSERT_EQ(r.code, 0) << describe(r);
    r = runCli("generate --model " + quote(pkl) + " --seeds 0-1 --device cpu --no-recipe --outdir " + quote(d + "/b"));
    ASSERT_EQ(r.code, 0) << describe(r);
    for (const char* name : {"seed0000.png", "seed0001.png"}) {
        const auto a = readFileBytes(d + "/a/" + name), b = readFileBytes(d + "/b/" + name);
        EXPECT_FALSE(a.empty()) << name;
        EXPECT_TRUE(a == b) << name << " differs between the .safetensors and the .pkl";
        const Image im = readPng(d + "/a/" + name);
        EXPECT_EQ(im.width, 16) << name;
        EXPECT_EQ(im.height, 16) << name;
    }

    r = runCli("info --device cpu --model " + quote(st));
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_TRUE(contains(r.out, "num_ws 6")) << describe(r);   // 16x16: blocks 4, 8, 16
    r = runCli("info --device cpu");
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_TRUE(contains(r.out, "num_ws 10")) << describe(r);
    EXPECT_TRUE(contains(r.out, "b4.torgb b8.conv0")) << describe(r);
    EXPECT_TRUE(contains(r.out, engine().facts().sha256)) << describe(r);

    // Converting into a missing directory or from a missing file fails cleanly.
    r = runCli("convert " + quote(d + "/nope.pkl") + " " + quote(d + "/nope.safetensors"));
    expectCleanFailure(r, d + "/nope.pkl");
    EXPECT_FALSE(fs::exists(d + "/nope.safetensors"));
}

namespace {

// The reference's float images [N, 3, R, R] as the uint8 HWC picture of item `i`:
// clip(x * 127.5 + 128, 0, 255) truncated, as NVIDIA's scripts write PNGs.
Image referencePicture(const RawWeights& ref, const std::string& name, int i) {
    const RawTensor& t = ref.tensors.at(name);
    const int c = static_cast<int>(t.shape[1]), h = static_cast<int>(t.shape[2]), w = static_cast<int>(t.shape[3]);
    Image im;
    im.width = w;
    im.height = h;
    im.channels = c;
    im.pixels.resize(static_cast<std::size_t>(w * h * c));
    for (int ch = 0; ch < c; ++ch)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                float v;
                std::memcpy(&v, t.bytes.data() + 4 * ((static_cast<std::size_t>(i) * c + ch) * h * w + y * w + x), 4);
                const double p = std::min(255.0, std::max(0.0, v * 127.5 + 128.0));
                im.pixels[static_cast<std::size_t>((y * w + x) * c + ch)] = static_cast<std::uint8_t>(p);
            }
    return im;
}

}  // namespace

// Both kinds of TF-era pickle work everywhere a model opens: generate, mix,
// noise, info and convert, and the converted file renders the same PNGs.
TEST_F(Cli, TensorFlowPicklesGenerateMixNoiseInfoConvert) {
    const std::string tf = std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/tf/";
    struct Kind { const char* pkl; const char* ref; const char* family; const char* num_ws; };
    for (const Kind& k : {Kind{"sg1_64.pkl", "sg1_64_ref.safetensors", "StyleGAN1", "num_ws 10"},
                          Kind{"sg2_32.pkl", "sg2_32_ref.safetensors", "StyleGAN2", "num_ws 8"}}) {
        SCOPED_TRACE(k.pkl);
        const std::string pkl = tf + k.pkl;
        const std::string d = scratchDir(std::string("cli_tf_") + k.family);
        const RawWeights ref = readSafetensors(tf + k.ref);

        CliRun r = runCli("generate --model " + quote(pkl) + " --seeds 0-1 --trunc 1 --noise-mode const --device cpu --outdir " +
                          quote(d + "/gen"));
        ASSERT_EQ(r.code, 0) << describe(r);
        for (int s = 0; s < 2; ++s) {
            const std::string png = d + "/gen/seed000" + std::to_string(s) + ".png";
            EXPECT_TRUE(imagesClose(readPng(png), referencePicture(ref, "img_psi1_const", s), 0.99)) << png;
        }

        r = runCli("mix --model " + quote(pkl) + " --rows 0-1 --cols 2-3 --styles 0-3 --device cpu --outdir " + quote(d + "/mix"));
        ASSERT_EQ(r.code, 0) << describe(r);
        EXPECT_TRUE(fs::exists(d + "/mix/grid.png")) << describe(r);
        // Cell (row 0, col 2) is mix_img[0][0] of the reference: ws 0-3 from seed 2, the rest from seed 0.
        RawWeights cell = ref;
        RawTensor& mix = cell.tensors.at("mix_img");
        const std::int64_t per = mix.shape[2] * mix.shape[3] * mix.shape[4];
        mix.shape = {1, mix.shape[2], mix.shape[3], mix.shape[4]};
        mix.bytes.resize(static_cast<std::size_t>(per) * 4);
        EXPECT_TRUE(imagesClose(readPng(d + "/mix/0-2.png"), referencePicture(cell, "mix_img", 0), 0.99));

        r = runCli("noise --model " + quote(pkl) + " --seed 3 --samples 4 --device cpu --outdir " + quote(d + "/noise"));
        ASSERT_EQ(r.code, 0) << describe(r);
        EXPECT_FALSE(emptyOrAbsent(d + "/noise")) << describe(r);

        r = runCli("info --device cpu --model " + quote(pkl));
        ASSERT_EQ(r.code, 0) << describe(r);
        EXPECT_TRUE(contains(r.out, k.family)) << describe(r);
        EXPECT_TRUE(contains(r.out, k.num_ws)) << describe(r);

        const std::string st = d + "/converted.safetensors";
        r = runCli("convert " + quote(pkl) + " " + quote(st));
        ASSERT_EQ(r.code, 0) << describe(r);
        r = runCli("generate --model " + quote(st) + " --seeds 0-1 --trunc 1 --noise-mode const --device cpu --outdir " +
                   quote(d + "/gen_st"));
        ASSERT_EQ(r.code, 0) << describe(r);
        // Same pixels (the files differ in their embedded recipes, which name each model file).
        for (const char* name : {"seed0000.png", "seed0001.png"})
            EXPECT_TRUE(readPng(d + "/gen/" + name) == readPng(d + "/gen_st/" + name)) << name;
        r = runCli("info --device cpu --model " + quote(st));
        EXPECT_TRUE(contains(r.out, k.family)) << describe(r);
    }
}

TEST_F(Cli, UnsupportedTensorFlowPickleFailsCleanly) {
    const std::string d = scratchDir("cli_tf_revised");
    const CliRun r = runCli("generate --model " + quote(std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/tf/sg2_revised_16.pkl") +
                            " --seeds 0 --device cpu --outdir " + quote(d));
    expectCleanFailure(r, "G_synthesis_stylegan_revised");
    EXPECT_TRUE(emptyOrAbsent(d));
}
