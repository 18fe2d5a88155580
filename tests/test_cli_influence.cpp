// `stylemix influence` (issue 24, part 2): the figure and its recipe re-render
// byte for byte with `stylemix render` on every family, the coarse band moves
// more of the image than the fine band on the bundled model, the fractions it
// prints are the figure's, and bad flags end in one clear line.
#include "tests/cli_test_util.h"
#include "tests/image_compare.h"

#include "model/core/influence_figure.h"
#include "model/core/influence_request.h"
#include "model/core/recipe.h"
#include "model/engine/influence_render.h"
#include "model/io/image_io.h"

#include <cstdio>

using namespace stylemix;
using namespace stylemix::cli_test;
using namespace stylemix::testing;

namespace {

constexpr int kUsage = 2;   // a command line that does not parse

// Writes `stylemix influence ARGS -o DIR/NAME.png`, renders its recipe again, and expects the same bytes.
void expectReRendersByteForByte(const std::string& args, const std::string& dir, const std::string& name) {
    const std::string png = dir + "/" + name + ".png";
    CliRun r = runCli("influence " + args + " -o " + quote(png));
    ASSERT_EQ(r.code, 0) << describe(r);
    ASSERT_TRUE(fs::exists(dir + "/" + name + ".json")) << "the recipe beside it";
    r = runCli("render " + quote(dir + "/" + name + ".json") + " -o " + quote(dir + "/" + name + "_again.png"));
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_EQ(readFileBytes(dir + "/" + name + "_again.png"), readFileBytes(png)) << args;
    r = runCli("render " + quote(png) + " -o " + quote(dir + "/" + name + "_from_png.png"));   // the recipe inside the PNG
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_EQ(readFileBytes(dir + "/" + name + "_from_png.png"), readFileBytes(png));
}

}  // namespace

TEST_F(Cli, InfluenceBandsReRenderByteForByteAndPrintTheFigureFractions) {
    const std::string d = scratchDir("cli_influence_bands");
    expectReRendersByteForByte("--row 85 --col 821 --trunc 0.7 --noise-mode random --noise-seed 3", d, "bands");
    const Recipe recipe = readRecipeFile(d + "/bands.json");
    ASSERT_EQ(recipe.kind, RecipeKind::Influence);
    ASSERT_TRUE(recipe.influence);
    const InfluenceSpec& spec = *recipe.influence;
    EXPECT_EQ(spec.band_labels, (std::vector<std::string>{"coarse", "middle", "fine"})) << "--bands is the default";
    EXPECT_EQ(spec.a, Source::fromSeed(85));
    EXPECT_EQ(spec.threshold, kDefaultInfluenceThreshold);
    EXPECT_EQ(spec.noise.mode, NoiseMode::Random);
    // What it printed is the figure's numbers: the same spec rendered here gives them.
    const InfluenceFigure fig = renderInfluence(engine(), spec);
    EXPECT_EQ(readPng(d + "/bands.png"), fig.image);
    const CliRun r = runCli("influence --row 85 --col 821 --trunc 0.7 --noise-mode random --noise-seed 3 --bands -o " +
                            quote(d + "/again.png"));
    ASSERT_EQ(r.code, 0) << describe(r);
    for (std::size_t i = 0; i < fig.bands.size(); ++i) {
        char line[200];
        std::snprintf(line, sizeof line, "%s: pixels moved > 8 levels: %.1f%% from A (peak %d), %.1f%% from B (peak %d)",
                      influenceBandTitle(spec, i).c_str(), 100.0 * fig.bands[i].moved_from_a, fig.bands[i].peak_from_a,
                      100.0 * fig.bands[i].moved_from_b, fig.bands[i].peak_from_b);
        EXPECT_TRUE(contains(r.out, line)) << line << "\n" << r.out;
    }
}

TEST_F(Cli, InfluenceWithoutARecipeWritesOnlyThePng) {
    const std::string d = scratchDir("cli_influence_no_recipe");
    const CliRun r = runCli("influence --row 1 --col 2 --styles 0-3 --no-recipe -o " + quote(d + "/fig.png"));
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_EQ(filesIn(d), (std::set<std::string>{"fig.png"}));
    EXPECT_EQ(readPngText(d + "/fig.png").count(kRecipeTextKey), 0u);
}

TEST_F(Cli, InfluenceOfOneSpec) {
    const std::string d = scratchDir("cli_influence_one");
    expectReRendersByteForByte("--row 2.5:-1 --col 7 --styles 4-7 --threshold 20", d, "one");
    const Recipe recipe = readRecipeFile(d + "/one.json");
    ASSERT_TRUE(recipe.influence);
    EXPECT_EQ(recipe.influence->bands, (std::vector<std::vector<int>>{{4, 5, 6, 7}}));
    EXPECT_EQ(recipe.influence->threshold, 20);
    const Image png = readPng(d + "/one.png");
    const FigureSize size = influenceFigureSize(1, engine().facts().img_resolution, engine().facts().img_resolution);
    EXPECT_EQ(png.width, size.width);
    EXPECT_EQ(png.height, size.height);
}

// The paper's observation, as a behaviour: coarse styles (pose, shape) move more of the image
// than fine ones (colour, micro-structure), pair after pair.
TEST_F(Cli, OnTheBundledModelTheCoarseBandMovesMorePixelsThanTheFine) {
    const std::pair<int, int> pairs[] = {{85, 821}, {1, 2}, {888, 639}, {1733, 2268}, {10, 20}};
    int coarse_wins = 0;
    double coarse_sum = 0, fine_sum = 0;
    for (const auto& [a, b] : pairs) {
        const InfluenceSpec spec = bandInfluenceSpec(Source::fromSeed(a), Source::fromSeed(b), engine().facts());
        ASSERT_EQ(spec.band_labels.front(), "coarse");
        ASSERT_EQ(spec.band_labels.back(), "fine");
        const InfluenceFigure fig = renderInfluence(engine(), spec);
        const double coarse = fig.bands.front().moved_from_a, fine = fig.bands.back().moved_from_a;
        coarse_wins += coarse > fine;
        coarse_sum += coarse;
        fine_sum += fine;
    }
    EXPECT_EQ(coarse_wins, 5) << "coarse moved more pixels than fine for every pair";
    EXPECT_GT(coarse_sum, 2 * fine_sum);
}

TEST_F(Cli, InfluenceOnEveryFamilyReRendersByteForByte) {
    const std::string data = std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/";
    const std::pair<const char*, std::string> models[] = {{"sg2_pkl", data + "pickle/sg2_tiny_p4.pkl --bands"},
                                                          {"sg1_tf", data + "tf/sg1_16.pkl --styles 0-1"},
                                                          {"sg1_tf_conditional", data + "tf/sg1_128_cond.pkl --class 1"},
                                                          {"sg3_t", data + "sg3/sg3t_16.pkl --translate 0.1,0 --rotate 5"},
                                                          {"sg3_r", data + "sg3/sg3r_16.pkl --styles 2"}};
    for (const auto& [name, model] : models) {
        SCOPED_TRACE(name);
        const std::string d = scratchDir(std::string("cli_influence_") + name);
        expectReRendersByteForByte("--model " + model + " --device cpu --row 3 --col 4", d, "fig");
    }
}

TEST_F(Cli, InfluenceBadFlagsEndInOneLine) {
    const std::string d = scratchDir("cli_influence_bad");
    const std::string out = " -o " + quote(d + "/x.png");
    const struct {
        std::string args;
        int code;
        const char* mentions;
    } cases[] = {
        {"--row 1 --col 2 --styles 0-3 --bands" + out, kUsage, "--bands"},
        {"--row 1 --col 2 --threshold 255" + out, kUsage, "--threshold"},
        {"--row 1 --col 2 --threshold -1" + out, kUsage, "--threshold"},
        {"--col 2" + out, kUsage, "--row"},
        {"--row 1 --col 2", kUsage, "--output"},
        {"--row 1 --col 2 --styles 0-99" + out, 1, "--styles"},
        {"--row 1,2 --col 3" + out, 1, "--row"},
        {"--row x --col 3" + out, 1, "--row"},
        {"--row 1 --col 2 --trunc nan" + out, 1, "--trunc"},
        {"--row 1 --col 2 --rotate 5" + out, 1, "input transform"},
        {"--row 1 --col 2 -o /dev/null", 1, "/dev/null"},
        {"--row 1 --col 2 -o " + quote(d), 1, "cli_influence_bad"},   // a folder
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.args);
        const CliRun r = runCli("influence " + c.args);
        expectCleanFailure(r, c.mentions);
        EXPECT_EQ(r.code, c.code) << describe(r);
    }
    EXPECT_TRUE(emptyOrAbsent(d)) << "nothing written";
}
